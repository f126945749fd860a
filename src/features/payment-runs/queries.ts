// What the payment run pages read beyond the records layer: an area's runs, one run with who acted on it and when,
// the area a run belongs to (for refusing another area's officer), and the names of the people a run's items are for.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { areas, paymentRuns, people, users } from '../../db/schema.ts';

const listColumns = {
  id: paymentRuns.id,
  areaId: paymentRuns.areaId,
  periodStart: paymentRuns.periodStart,
  periodEnd: paymentRuns.periodEnd,
  lengthDays: paymentRuns.lengthDays,
  state: paymentRuns.state,
  preparedAt: paymentRuns.preparedAt,
  createdByUserId: paymentRuns.createdByUserId,
  reviewedByUserId: paymentRuns.reviewedByUserId,
  reviewedAt: paymentRuns.reviewedAt,
  releasedByUserId: paymentRuns.releasedByUserId,
  releasedAt: paymentRuns.releasedAt,
  cancelledAt: paymentRuns.cancelledAt,
  createdAt: paymentRuns.createdAt,
  payableCount: paymentRuns.payableCount,
  payablePence: paymentRuns.payablePence,
  exceptionCount: paymentRuns.exceptionCount,
};

export type RunRow = Awaited<ReturnType<typeof runsOf>>[number];

/** The area's runs, newest period first. */
export async function runsOf(db: Queryable, areaId: string) {
  return db.select(listColumns).from(paymentRuns).where(eq(paymentRuns.areaId, areaId)).orderBy(desc(paymentRuns.periodStart));
}

/** One run of one of these areas, or undefined. */
export async function runIn(db: Queryable, runId: string, areaIds: readonly string[]): Promise<RunRow | undefined> {
  if (areaIds.length === 0) return undefined;
  const [row] = await db
    .select(listColumns)
    .from(paymentRuns)
    .where(and(inArray(paymentRuns.areaId, [...areaIds]), eq(paymentRuns.id, runId)));
  return row;
}

/** The area of a run in any area, for the policy to refuse a reader from another (ADR 10). */
export async function areaOfRun(db: Queryable, runId: string) {
  const [row] = await db.select({ areaId: paymentRuns.areaId, regionId: areas.regionId }).from(paymentRuns).innerJoin(areas, eq(areas.id, paymentRuns.areaId)).where(eq(paymentRuns.id, runId)).limit(1);
  return row;
}

/** Display names of the users who acted on a run. */
export async function userNames(db: Queryable, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The names of people of the area, by id. */
export async function peopleNamed(db: Queryable, areaId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(people)
    .where(and(eq(people.areaId, areaId), inArray(people.id, [...new Set(ids)])));
  return new Map(rows.map((row) => [row.id, `${row.givenName} ${row.familyName}`]));
}
