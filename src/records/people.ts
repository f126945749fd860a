// Person records and who they are shared with, for every feature that shows a person. Callers authorise and audit
// (platform/person-access.ts does both); these only read.
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { consents, organisations, people } from '../db/schema.ts';

export type Person = typeof people.$inferSelect;

export async function findPerson(db: Queryable, personId: string): Promise<Person | undefined> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  return person;
}

/** The organisations this person currently agrees may see their record. */
export async function consentedOrganisations(db: Queryable, personId: string) {
  return db
    .select({ organisationId: consents.organisationId, name: organisations.name, kind: organisations.kind, givenAt: consents.givenAt })
    .from(consents)
    .innerJoin(organisations, eq(organisations.id, consents.organisationId))
    .where(and(eq(consents.personId, personId), isNull(consents.revokedAt)))
    .orderBy(asc(organisations.name));
}

export async function peopleSharedWith(db: Queryable, organisationId: string, areaId: string, limit: number, offset: number) {
  const where = and(eq(consents.organisationId, organisationId), isNull(consents.revokedAt), eq(people.areaId, areaId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: people.id, givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth })
      .from(people)
      .innerJoin(consents, eq(consents.personId, people.id))
      .where(where)
      .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
      .limit(limit)
      .offset(offset),
    db.select({ value: count() }).from(people).innerJoin(consents, eq(consents.personId, people.id)).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}
