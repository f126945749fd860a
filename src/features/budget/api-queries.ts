// Reads for the indicative budget API endpoint. Callers authorise and audit; these only read.
import { and, asc, count, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { fundingStreams, indicativeBudgets } from '../../db/schema.ts';
import type { PersonRef } from '../../records/people.ts';

/** The budgets not yet replaced, newest first, and how many earlier ones were. */
export async function currentIndicativeBudgets(db: Queryable, person: PersonRef) {
  const theirs = and(eq(indicativeBudgets.areaId, person.areaId), eq(indicativeBudgets.personId, person.id));
  const [current, [superseded]] = await Promise.all([
    db
      .select({ budget: indicativeBudgets, streamName: fundingStreams.name })
      .from(indicativeBudgets)
      .leftJoin(fundingStreams, and(eq(fundingStreams.areaId, indicativeBudgets.areaId), eq(fundingStreams.code, indicativeBudgets.streamCode)))
      .where(and(theirs, isNull(indicativeBudgets.supersededAt)))
      .orderBy(desc(indicativeBudgets.issuedAt), asc(indicativeBudgets.streamCode)),
    db.select({ value: count() }).from(indicativeBudgets).where(and(theirs, isNotNull(indicativeBudgets.supersededAt))),
  ]);
  return { current, historyCount: Number(superseded?.value ?? 0) };
}
