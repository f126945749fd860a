// What each role's home page shows, read from the database. Counts only where the role should not see names.
import { and, asc, count, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type AgeBand, ageBand } from '../../domain/age-bands.ts';
import { formatDay } from '../../domain/support-plan/days.ts';
import type { Queryable } from '../../db/database.ts';
import { areas, consents, fundingStreams, organisations, paymentRuns, people, supportPlans, users } from '../../db/schema.ts';

/** The people a personal role is held for, each found in the area the role names. */
export async function peopleByIds(db: Queryable, records: readonly { personId: string; areaId: string }[]) {
  if (records.length === 0) return [];
  const areaIds = [...new Set(records.map((record) => record.areaId))];
  return db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(people)
    .where(and(inArray(people.areaId, areaIds), inArray(people.id, records.map((record) => record.personId))))
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

/** Every age band in age order with the youngest age in it, read off the domain's `ageBand` so bands are defined once. */
const bandsFromYoungest: readonly { band: AgeBand; youngest: number }[] = (() => {
  const bands: { band: AgeBand; youngest: number }[] = [];
  for (let age = 0; age <= 150; age++) {
    const band = ageBand(age);
    if (bands.at(-1)?.band !== band) bands.push({ band, youngest: age });
  }
  return bands;
})();

/**
 * The latest date of birth of someone who is `age` or older on `day` (both YYYY-MM-DD), by `ageOn`'s rule: the same
 * day `age` years before, or 28 February for 29 February in a year without one.
 */
export function latestBirthDateAtAge(day: string, age: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const birthYear = year - age;
  const leapYear = (birthYear % 4 === 0 && birthYear % 100 !== 0) || birthYear % 400 === 0;
  const birthDate = month === 2 && date === 29 && !leapYear ? 28 : date;
  return `${String(birthYear).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(birthDate).padStart(2, '0')}`;
}

/**
 * Everyone with a record in an area, by age band on the given day (YYYY-MM-DD), under-18s included so the bands add
 * up to the area's total. Each band's limits are worked out here as dates of birth from the domain's bands, and the
 * database counts between them: ages match `ageOn` exactly, and only counts leave the database.
 */
export async function peopleByAgeBand(db: Queryable, areaId: string, today: string): Promise<{ band: AgeBand; people: number }[]> {
  const counts = bandsFromYoungest.map(({ youngest }, index) => {
    const older = bandsFromYoungest[index + 1];
    // The youngest band has no lower age (a date of birth after today is still "under 18"), the oldest no upper one.
    const oldEnough = index === 0 ? undefined : lte(people.dateOfBirth, latestBirthDateAtAge(today, youngest));
    const youngEnough = older ? gt(people.dateOfBirth, latestBirthDateAtAge(today, older.youngest)) : undefined;
    return sql<number>`count(*) filter (where ${and(oldEnough, youngEnough) ?? sql`true`})`.mapWith(Number);
  });
  const [row] = await db
    .select(Object.fromEntries(counts.map((value, index) => [`band${index}`, value])))
    .from(people)
    .where(eq(people.areaId, areaId));
  return bandsFromYoungest.map(({ band }, index) => ({ band, people: Number(row?.[`band${index}`] ?? 0) }));
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

/**
 * How many plans have a part waiting for this organisation's approval, of people who share their record with it: one
 * count, for an approver's home page (the list itself is on the plans-to-approve page).
 */
export async function countPlansToApprove(db: Queryable, organisation: { areaId: string; organisationId: string }): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(supportPlans)
    .where(
      and(
        eq(supportPlans.areaId, organisation.areaId),
        eq(supportPlans.state, 'submitted'),
        isNull(supportPlans.supersededAt),
        sql`exists (select 1 from jsonb_array_elements(${supportPlans.signOff} -> 'parts') part where part ->> 'owningOrganisationId' = ${organisation.organisationId} and part ->> 'state' in ('awaiting-approval', 'awaiting-second-approval'))`,
        sql`exists (select 1 from ${consents} where ${consents.areaId} = ${supportPlans.areaId} and ${consents.personId} = ${supportPlans.personId} and ${consents.organisationId} = ${organisation.organisationId} and ${consents.revokedAt} is null)`,
      ),
    );
  return row?.value ?? 0;
}

/**
 * What a finance officer's payment runs need from them, in words: how many runs wait for review and for release, or
 * else the state of the latest run.
 */
export async function paymentRunSummary(db: Queryable, areaId: string): Promise<string> {
  const rows = await db
    .select({ state: paymentRuns.state, periodStart: paymentRuns.periodStart, runs: count() })
    .from(paymentRuns)
    .where(eq(paymentRuns.areaId, areaId))
    .groupBy(paymentRuns.state, paymentRuns.periodStart)
    .orderBy(sql`${paymentRuns.periodStart} desc`);
  const runsIn = (state: string) => rows.filter((row) => row.state === state).reduce((total, row) => total + Number(row.runs), 0);
  const runs = (n: number) => (n === 1 ? '1 run' : `${n} runs`);
  const waiting = [runsIn('draft') > 0 ? `${runs(runsIn('draft'))} waiting for review` : '', runsIn('reviewed') > 0 ? `${runs(runsIn('reviewed'))} waiting for release` : ''].filter(Boolean);
  if (waiting.length > 0) return waiting.join(', ');
  const latest = rows[0];
  if (!latest) return 'no runs yet';
  return `the latest run, from ${formatDay(latest.periodStart)}, is ${latest.state}`;
}
