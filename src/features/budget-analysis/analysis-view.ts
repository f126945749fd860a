// The report as the page, the CSV and the API read it: the area's agreed budgets analysed, and its agreed plans'
// steps summarised, both through the one suppression rule.
import type { Queryable } from '../../db/database.ts';
import { type Analysis, type GroupFigures, describeGroupCount } from '../../domain/support-plan/actual-vs-indicative.ts';
import type { PlanEvent } from '../../domain/support-plan/process-measures.ts';
import { agreedBudgetSums } from '../../records/plan-analysis.ts';
import { analysisFromSums } from './analysis-from-sums.ts';
import { agreedPlanEvents, noTeam, streamNames } from './queries.ts';
import { type ProcessSummary, differenceInWords, percentInWords, processSummary, reportThreshold } from './report.ts';

/** The area's analysis, added up in the database and finished by the analysis's own rules (analysis-from-sums.ts). */
export async function areaAnalysis(db: Queryable, areaId: string): Promise<Analysis> {
  const [sums, names] = await Promise.all([agreedBudgetSums(db, areaId, noTeam), streamNames(db, areaId)]);
  return analysisFromSums(sums, { threshold: reportThreshold, streamNames: names });
}

export async function areaProcessSummary(db: Queryable, areaId: string): Promise<ProcessSummary> {
  const byPerson = new Map<string, PlanEvent[]>();
  for (const event of await agreedPlanEvents(db, areaId)) {
    const events = byPerson.get(event.personId) ?? [];
    events.push({ kind: event.kind, occurredAt: event.occurredAt, ...(event.streamCode ? { streamCode: event.streamCode } : {}) });
    byPerson.set(event.personId, events);
  }
  return processSummary(byPerson, reportThreshold);
}

/** One row of a table on the page: every figure in words, hidden ones saying why. */
export function groupRow(group: GroupFigures) {
  const hiddenShare = group.count.suppressed ? 'not shown' : group.meanDifferencePence === null ? '' : 'withheld';
  const share = (tenths: number | null) => (tenths === null ? hiddenShare : percentInWords(tenths));
  const amount = (pence: number | null) => (pence === null ? (group.count.suppressed ? 'not shown' : '') : differenceInWords(pence));
  return {
    label: group.label,
    people: describeGroupCount(group),
    mean: amount(group.meanDifferencePence),
    median: amount(group.medianDifferencePence),
    below: share(group.belowTenths),
    equal: share(group.equalTenths),
    above: share(group.aboveTenths),
  };
}
