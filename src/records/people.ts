// Person records and who they are shared with, for every feature that shows a person. Callers authorise and audit
// (platform/person-access.ts does both); these only read.
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { consents, organisations, people } from '../db/schema.ts';

export type Person = typeof people.$inferSelect;

/** Enough to find anything about a person: their id and the area their record is in (every read names it, ADR 10). */
export interface PersonRef {
  id: string;
  areaId: string;
}

/**
 * The person, looked for only in the areas given (the areas the reader works in), so on a database sharded by area
 * the read reaches only those shards (ADR 10).
 */
export async function findPerson(db: Queryable, personId: string, areaIds: readonly string[]): Promise<Person | undefined> {
  if (areaIds.length === 0) return undefined;
  const [person] = await db
    .select()
    .from(people)
    .where(and(inArray(people.areaId, [...areaIds]), eq(people.id, personId)));
  return person;
}

/**
 * Which area a person's record is in, looked up across every area. A deliberate cross-area read (ADR 10), for two
 * things only: refusing (and auditing) a request for a person outside every area the reader works in, and making sure
 * an id a form proposes for a new record is not already someone's elsewhere.
 */
export async function areaOfPerson(db: Queryable, personId: string): Promise<string | undefined> {
  const [row] = await db.select({ areaId: people.areaId }).from(people).where(eq(people.id, personId)).limit(1);
  return row?.areaId;
}

/** The organisations this person currently agrees may see their record. */
export async function consentedOrganisations(db: Queryable, person: PersonRef) {
  return db
    .select({ organisationId: consents.organisationId, name: organisations.name, kind: organisations.kind, givenAt: consents.givenAt })
    .from(consents)
    .innerJoin(organisations, eq(organisations.id, consents.organisationId))
    .where(and(eq(consents.areaId, person.areaId), eq(consents.personId, person.id), isNull(consents.revokedAt)))
    .orderBy(asc(organisations.name));
}

export async function peopleSharedWith(db: Queryable, organisationId: string, areaId: string, limit: number, offset: number) {
  const where = and(eq(consents.organisationId, organisationId), isNull(consents.revokedAt), eq(people.areaId, areaId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth })
      .from(people)
      .innerJoin(consents, and(eq(consents.areaId, people.areaId), eq(consents.personId, people.id)))
      .where(where)
      .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
      .limit(limit)
      .offset(offset),
    db.select({ value: count() }).from(people).innerJoin(consents, and(eq(consents.areaId, people.areaId), eq(consents.personId, people.id))).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}
