// Actual against indicative budgets for managers (directors and area administrators, the policy's `area.report`):
// by age band, funding stream and team, with a chart and the same figures as a table, how long plans take, and the
// table as a CSV file for a spreadsheet.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { analysisCsv, utf8Bom } from '../../domain/support-plan/actual-vs-indicative.ts';
import { authorise, permits } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { paramsOf } from '../../platform/route-input.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { areaAnalysis, areaProcessSummary, groupRow } from './analysis-view.ts';
import { budgetAnalysisPaths as paths } from './paths.ts';
import { areasByIds } from './queries.ts';
import { chartOf, countInWords, percentInWords, reportThreshold, summarySentence } from './report.ts';

const areaIdParams = z.object({ areaId: z.uuid() });

const breakdownTitles = { 'age band': 'By age', stream: 'By funding stream', team: 'By team' } as const;

export function budgetAnalysisRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The area the route names (404 if none), once the policy agrees this person reports on it. */
  async function reportedArea(request: FastifyRequest) {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    await authorise(db, request, 'area.report', { type: 'area', areaId: area.id, regionId: area.regionId });
    return area;
  }

  app.get(paths.chooseArea.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const assignments = request.principal?.assignments ?? [];
    const reported = [...new Set(assignments.filter((a) => a.areaId && permits(request, 'area.report', { type: 'area', areaId: a.areaId, regionId: a.regionId ?? '' })).map((a) => a.areaId!))];
    // Nobody to report on: refused, and the refusal audited, as for any area.
    if (reported.length === 0) await authorise(db, request, 'area.report', { type: 'system' });
    if (reported.length === 1) return reply.redirect(paths.report({ areaId: reported[0]! }), 303);
    return reply.render('budget-analysis/choose-area.njk', { pageTitle: 'Choose an area', areas: await areasByIds(db, reported) });
  });

  app.get(paths.report.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await reportedArea(request);
    const [analysis, process] = await Promise.all([areaAnalysis(db, area.id), areaProcessSummary(db, area.id)]);
    const everyone = analysis.groups.find((group) => group.breakdown === 'all')!;
    const tables = (['age band', 'stream', 'team'] as const).map((breakdown) => ({
      breakdown,
      title: breakdownTitles[breakdown],
      rows: analysis.groups.filter((group) => group.breakdown === breakdown).map(groupRow),
    }));
    const withheld = (tenths: number | null) => (tenths === null ? (process.agreedPlans.suppressed ? 'not shown' : 'withheld') : percentInWords(tenths));
    return reply.render('budget-analysis/report.njk', {
      pageTitle: 'Actual against indicative budgets',
      area,
      threshold: reportThreshold,
      summary: summarySentence(analysis),
      everyone: groupRow(everyone),
      anyone: !everyone.count.suppressed && everyone.count.value > 0,
      chart: chartOf(analysis),
      tables,
      process: {
        agreedPlans: countInWords(process.agreedPlans),
        timed: countInWords(process.timed),
        medianDays: process.medianDays,
        ninetiethPercentileDays: process.ninetiethPercentileDays,
        medianHandOffs: process.medianHandOffs,
        ninetiethPercentileHandOffs: process.ninetiethPercentileHandOffs,
        askedOnce: withheld(process.askedOnceTenths),
        returnedParts: countInWords(process.returnedParts),
        plansReturned: withheld(process.plansReturnedTenths),
      },
    });
  });

  app.get(paths.csv.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await reportedArea(request);
    const csv = analysisCsv(await areaAnalysis(db, area.id));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="actual-vs-indicative-${services.clock.today()}.csv"`)
      .send(`${utf8Bom}${csv}`);
  });
}
