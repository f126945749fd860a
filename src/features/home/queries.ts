// What each role's home page shows, read from the database. Counts only where the role should not see names.
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { areas, fundingStreams, organisations, people, users } from '../../db/schema.ts';

export async function peopleByIds(db: Queryable, personIds: string[]) {
  if (personIds.length === 0) return [];
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(people)
    .where(inArray(people.id, personIds))
    .orderBy(asc(people.familyName));
}

export async function areaStreams(db: Queryable, areaId: string) {
  return db
    .select({ code: fundingStreams.code, name: fundingStreams.name, sector: fundingStreams.sector, owner: organisations.name, retiredOn: fundingStreams.retiredOn })
    .from(fundingStreams)
    .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(eq(fundingStreams.areaId, areaId))
    .orderBy(asc(fundingStreams.name));
}

export async function areaOrganisations(db: Queryable, areaId: string) {
  return db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.name));
}

/** People in an area by age band on the given day (YYYY-MM-DD), counted in the database. */
export async function peopleByAgeBand(db: Queryable, areaId: string, today: string) {
  const age = sql<number>`extract(year from age(${today}::date, ${people.dateOfBirth}))`;
  const band = sql<string>`case when ${age} < 18 then 'under 18' when ${age} <= 24 then '18 to 24' when ${age} <= 64 then '25 to 64' when ${age} <= 74 then '65 to 74' when ${age} <= 84 then '75 to 84' else '85 and over' end`;
  // Group by position: the day is a bound parameter, and Drizzle would number it afresh in GROUP BY, making the two
  // expressions differ in PostgreSQL's eyes.
  return db.select({ band, people: count() }).from(people).where(eq(people.areaId, areaId)).groupBy(sql`1`);
}

export async function regionAreas(db: Queryable, regionId: string) {
  const peopleCount = db.select({ areaId: people.areaId, total: count().as('total') }).from(people).groupBy(people.areaId).as('people_count');
  return db
    .select({ id: areas.id, name: areas.name, people: sql<number>`coalesce(${peopleCount.total}, 0)` })
    .from(areas)
    .leftJoin(peopleCount, eq(peopleCount.areaId, areas.id))
    .where(eq(areas.regionId, regionId))
    .orderBy(asc(areas.name));
}

export async function systemTotals(db: Queryable) {
  const [[userCount], [areaCount], [organisationCount]] = await Promise.all([
    db.select({ value: count() }).from(users),
    db.select({ value: count() }).from(areas),
    db.select({ value: count() }).from(organisations),
  ]);
  return { users: userCount?.value ?? 0, areas: areaCount?.value ?? 0, organisations: organisationCount?.value ?? 0 };
}
