// Reads for the managers' reports: the area's current agreed budgets beside their indicative amounts, the streams'
// names, and the dated steps of every plan that has reached an agreed budget.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { agreedBudgets, areas, fundingStreams, processEvents } from '../../db/schema.ts';
import type { AgeBand } from '../../domain/age-bands.ts';
import type { BudgetRow } from '../../domain/support-plan/actual-vs-indicative.ts';
import { type PlanEventKind, planEventKinds } from '../../domain/support-plan/process-measures.ts';

/** Shown for agreed budgets recorded without a team. */
export const noTeam = 'No team recorded';

/** Every current agreed budget in the area (one per stream per agreed plan), as the analysis reads them. */
export async function currentAgreedBudgets(db: Queryable, areaId: string): Promise<BudgetRow[]> {
  const rows = await db
    .select({ ageBand: agreedBudgets.ageBand, streamCode: agreedBudgets.streamCode, team: agreedBudgets.team, indicativeYearlyPence: agreedBudgets.indicativeYearlyPence, actualYearlyPence: agreedBudgets.actualYearlyPence })
    .from(agreedBudgets)
    .where(and(eq(agreedBudgets.areaId, areaId), isNull(agreedBudgets.supersededAt)));
  return rows.map((row) => ({ ...row, ageBand: row.ageBand as AgeBand, team: row.team ?? noTeam }));
}

/** The area's funding streams by code, retired ones too, so an old agreement still shows its stream's name. */
export async function streamNames(db: Queryable, areaId: string): Promise<Record<string, string>> {
  const rows = await db.select({ code: fundingStreams.code, name: fundingStreams.name }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId));
  return Object.fromEntries(rows.map((row) => [row.code, row.name]));
}

/** The areas with these ids, by name, for the page that offers a choice of them. */
export function areasByIds(db: Queryable, areaIds: readonly string[]) {
  if (areaIds.length === 0) return Promise.resolve([]);
  return db.select({ id: areas.id, name: areas.name }).from(areas).where(inArray(areas.id, [...areaIds])).orderBy(asc(areas.name));
}

export interface PersonPlanEvent {
  personId: string;
  kind: PlanEventKind;
  streamCode: string | null;
  occurredAt: Date;
}

/** The plan steps of everyone in the area whose budget has been agreed, person by person, earliest first. */
export async function agreedPlanEvents(db: Queryable, areaId: string): Promise<PersonPlanEvent[]> {
  const agreed = db
    .select({ personId: processEvents.personId })
    .from(processEvents)
    .where(and(eq(processEvents.areaId, areaId), eq(processEvents.kind, 'budget-agreed')));
  const rows = await db
    .select({ personId: processEvents.personId, kind: processEvents.kind, streamCode: processEvents.streamCode, occurredAt: processEvents.occurredAt })
    .from(processEvents)
    .where(and(eq(processEvents.areaId, areaId), inArray(processEvents.kind, [...planEventKinds]), sql`${processEvents.personId} in (${agreed})`))
    .orderBy(asc(processEvents.personId), asc(processEvents.occurredAt), asc(processEvents.id));
  return rows as PersonPlanEvent[];
}
