// Person records and who they are shared with, for every feature that shows a person. Callers authorise and audit
// (platform/person-access.ts does both); these only read.
import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { consents, organisations, people } from '../db/schema.ts';
import { nameWords, type PersonSearch, type PersonSort } from '../domain/people/person-search.ts';

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

/** An organisation the person agrees may see their record, and since when. */
export interface SharedOrganisation {
  organisationId: string;
  name: string;
  kind: string;
  givenAt: Date;
}

// The organisations the person shares with (as `consentedOrganisations` reads them), as one JSON array beside the row.
// Written out with its own table names: a select from one table leaves its columns unqualified, which a subquery cannot.
const sharingOf = sql<{ organisationId: string; name: string; kind: string; givenAt: string }[] | null>`(select json_agg(json_build_object('organisationId', c.organisation_id, 'name', o.name, 'kind', o.kind, 'givenAt', c.given_at) order by o.name) from consents c inner join organisations o on o.id = c.organisation_id where c.area_id = "people"."area_id" and c.person_id = "people"."id" and c.revoked_at is null)`;

/**
 * The person (looked for only in the areas given, like `findPerson`) with the organisations they share their record
 * with, in one statement: every page about a person needs both before anything else, to authorise the read.
 */
export async function findPersonAndSharing(db: Queryable, personId: string, areaIds: readonly string[]): Promise<{ person: Person; shared: SharedOrganisation[] } | undefined> {
  if (areaIds.length === 0) return undefined;
  const [row] = await db
    .select({ ...getTableColumns(people), sharedWith: sharingOf })
    .from(people)
    .where(and(inArray(people.areaId, [...areaIds]), eq(people.id, personId)));
  if (!row) return undefined;
  const { sharedWith, ...person } = row;
  return { person, shared: (sharedWith ?? []).map((organisation) => ({ ...organisation, givenAt: new Date(organisation.givenAt) })) };
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
export async function consentedOrganisations(db: Queryable, person: PersonRef): Promise<SharedOrganisation[]> {
  return db
    .select({ organisationId: consents.organisationId, name: organisations.name, kind: organisations.kind, givenAt: consents.givenAt })
    .from(consents)
    .innerJoin(organisations, eq(organisations.id, consents.organisationId))
    .where(and(eq(consents.areaId, person.areaId), eq(consents.personId, person.id), isNull(consents.revokedAt)))
    .orderBy(asc(organisations.name));
}

/** Which list of people: those in one area who agree to share their record with one organisation. */
export interface SharedWith {
  organisationId: string;
  areaId: string;
}

export interface PeoplePageRequest {
  search: PersonSearch;
  sort: PersonSort;
  limit: number;
  offset: number;
  /** Count at most this many (and say whether there are more), rather than every match. */
  countUpTo?: number;
}

/** `%`, `_` and `\` typed into a search are letters to find, not LIKE patterns. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function searchConditions(search: PersonSearch): SQL[] {
  const conditions: SQL[] = [];
  for (const word of nameWords(search.name ?? '')) {
    const pattern = `%${likeLiteral(word)}%`;
    conditions.push(or(ilike(people.givenName, pattern), ilike(people.familyName, pattern))!);
  }
  if (search.dateOfBirth) conditions.push(eq(people.dateOfBirth, search.dateOfBirth));
  if (search.nhsNumber) conditions.push(eq(people.nhsNumber, search.nhsNumber));
  if (search.postcode) conditions.push(like(sql`replace(upper(${people.postcode}), ' ', '')`, `${likeLiteral(search.postcode)}%`));
  return conditions;
}

function sortOrder(sort: PersonSort): SQL[] {
  const byName = [asc(sql`lower(${people.familyName})`), asc(sql`lower(${people.givenName})`)];
  switch (sort) {
    case 'name':
      return [...byName, asc(people.id)];
    case 'date-of-birth':
      return [asc(people.dateOfBirth), ...byName, asc(people.id)];
    case 'updated':
      return [desc(people.updatedAt), ...byName, asc(people.id)];
  }
}

/**
 * One page of the people in an area who agree to share their record with an organisation, searched and sorted in
 * the database, with how many match in all. The area is picked first, by value, so on a database sharded by area the
 * read reaches one shard (ADR 10). Callers authorise and audit the list (`authorisePersonList`).
 */
export async function peopleSharedWith(db: Queryable, list: SharedWith, request: PeoplePageRequest) {
  const searching = searchConditions(request.search);
  const searched = searching.length > 0;
  const where = and(eq(people.areaId, list.areaId), eq(consents.areaId, list.areaId), eq(consents.organisationId, list.organisationId), isNull(consents.revokedAt), ...searching);
  const sharing = and(eq(consents.areaId, people.areaId), eq(consents.personId, people.id));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: people.id,
        givenName: people.givenName,
        familyName: people.familyName,
        dateOfBirth: people.dateOfBirth,
        nhsNumber: people.nhsNumber,
        postcode: people.postcode,
        updatedAt: people.updatedAt,
      })
      .from(people)
      .innerJoin(consents, sharing)
      .where(where)
      .orderBy(...sortOrder(request.sort))
      .limit(request.limit)
      .offset(request.offset),
    countShared(db, list, searched ? where : undefined, request.countUpTo),
  ]);
  const counted = Number(total?.value ?? 0);
  const more = request.countUpTo !== undefined && counted > request.countUpTo;
  return { rows, total: more ? request.countUpTo! : counted, more };
}

/**
 * How many share with the organisation (or match `searched`), stopping one past `upTo` when given: a bounded count
 * reads at most that many index entries, where a full one walks every match in a county. With no search, the count
 * is of the consents alone: each names a person of the area (its foreign key), so joining people adds nothing.
 */
function countShared(db: Queryable, list: SharedWith, searched: SQL | undefined, upTo: number | undefined) {
  const sharing = and(eq(consents.areaId, people.areaId), eq(consents.personId, people.id));
  const current = and(eq(consents.areaId, list.areaId), eq(consents.organisationId, list.organisationId), isNull(consents.revokedAt));
  if (upTo === undefined) {
    return searched ? db.select({ value: count() }).from(people).innerJoin(consents, sharing).where(searched) : db.select({ value: count() }).from(consents).where(current);
  }
  const matches = searched
    ? db.select({ one: sql`1`.as('one') }).from(people).innerJoin(consents, sharing).where(searched).limit(upTo + 1)
    : db.select({ one: sql`1`.as('one') }).from(consents).where(current).limit(upTo + 1);
  return db.select({ value: count() }).from(matches.as('matches'));
}
