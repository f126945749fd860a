// GET /api/v1/areas/:areaId/reports/actual-vs-indicative: the area's agreed budgets against their indicative amounts,
// by age band, stream and team; GET …/reports/plan-process: how long agreed plans took. Small numbers are hidden
// exactly as on the page, for directors and area administrators (the policy's `area.report`).
import { z } from 'zod';
import type { GroupFigures } from '../../domain/support-plan/actual-vs-indicative.ts';
import type { SuppressedCount } from '../../domain/suppression.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, loadArea, recordId } from '../../platform/api.ts';
import { authorise } from '../../platform/authorisation.ts';
import type { Services } from '../../services.ts';
import { areaAnalysis, areaProcessSummary } from './analysis-view.ts';
import { summarySentence } from './report.ts';

const countSchema = z.int().min(0).nullable().describe('How many; null when hidden because it is small (or would give a small one away)');
const tenths = (what: string) => z.int().min(0).max(1000).nullable().describe(`${what}, in tenths of a percent (45.5% is 455); null when hidden`);

export const actualVsIndicativeSchema = z
  .object({
    areaId: recordId(),
    threshold: z.int().describe('Groups of 1 up to one less than this many people are hidden'),
    summary: z.string().describe('The figures by age in one plain-English sentence'),
    groups: z.array(
      z.object({
        breakdown: z.enum(['all', 'age band', 'stream', 'team']),
        key: z.string().describe('The age band, stream code or team; "all" for everyone'),
        label: z.string(),
        people: countSchema,
        peopleText: z.string().describe('The count as shown: a number, "fewer than 10", or "withheld"'),
        suppression: z.enum(['none', 'small', 'secondary']).describe('small: fewer people than the threshold; secondary: hidden so that a small group cannot be worked out from the rest'),
        meanDifferencePence: z.int().nullable().describe('Mean of agreed − indicative, pence a year, rounded once to the penny, halves up; below 0 means agreed less'),
        medianDifferencePence: z.int().nullable().describe('Median of agreed − indicative, pence a year; for an even count the mean of the middle two, rounded the same way'),
        belowTenths: tenths('Share agreed less than the indicative budget'),
        equalTenths: tenths('Share agreed the same'),
        aboveTenths: tenths('Share agreed more'),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'ActualVsIndicative', description: 'Agreed (actual) budgets against indicative ones in an area, with small numbers hidden' });

export const planProcessSchema = z
  .object({
    areaId: recordId(),
    threshold: z.int(),
    agreedPlans: countSchema.describe('People whose plan has reached an agreed budget'),
    timedPlans: countSchema.describe('Of them, those whose first contact is recorded, so their days can be counted'),
    medianDaysToAgreedBudget: z.int().nullable().describe('Calendar days from first contact to the agreed budget: the median'),
    ninetiethPercentileDaysToAgreedBudget: z.int().nullable().describe('The same, 90th percentile (nearest rank)'),
    medianHandOffs: z.int().nullable().describe('Times the next step passed from one holder to another: the median'),
    ninetiethPercentileHandOffs: z.int().nullable(),
    askedOncePeople: countSchema.describe('People asked for their contact details and their plan only once each'),
    askedOnceTenths: tenths('Their share'),
    returnedParts: countSchema.describe('Parts of plans sent back to the person to change'),
    plansReturned: countSchema.describe('Plans sent back at least once'),
    plansReturnedTenths: tenths('Their share'),
  })
  .register(apiSchemaRegistry, { id: 'PlanProcessMeasures', description: 'How long plans took to reach an agreed budget in an area, with small numbers hidden' });

function count(value: SuppressedCount): number | null {
  return value.suppressed ? null : value.value;
}

function group(figures: GroupFigures, peopleText: string) {
  return {
    breakdown: figures.breakdown,
    key: figures.key,
    label: figures.label,
    people: count(figures.count),
    peopleText,
    suppression: figures.suppression,
    meanDifferencePence: figures.meanDifferencePence,
    medianDifferencePence: figures.medianDifferencePence,
    belowTenths: figures.belowTenths,
    equalTenths: figures.equalTenths,
    aboveTenths: figures.aboveTenths,
  };
}

export function budgetAnalysisApi(api: ApiScope, { db }: Services): void {
  const paths = api.paths.budgetAnalysis;

  api.get(
    paths.api.pattern,
    apiRoute({
      operationId: 'getActualVsIndicative',
      tags: ['Reports'],
      summary: 'Actual against indicative budgets in an area',
      description: 'Every current agreed budget against the indicative budget it started from: for everyone, by age band on the day it was agreed, by funding stream and by team. Counts, mean and median differences and the shares below, equal and above, with small groups hidden. Needs a director or area administrator of the area.',
      params: areaIdParams,
      ok: ['The analysis', actualVsIndicativeSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'area.report', { type: 'area', areaId, regionId: area.regionId });
      const analysis = await areaAnalysis(db, areaId);
      const text = (figures: GroupFigures) => (figures.suppression === 'secondary' ? 'withheld' : figures.count.suppressed ? `fewer than ${analysis.threshold}` : String(figures.count.value));
      return { areaId, threshold: analysis.threshold, summary: summarySentence(analysis), groups: analysis.groups.map((figures) => group(figures, text(figures))) };
    },
  );

  api.get(
    paths.processApi.pattern,
    apiRoute({
      operationId: 'getPlanProcessMeasures',
      tags: ['Reports'],
      summary: 'How long plans take in an area',
      description: 'For every person whose plan has reached an agreed budget: days from first contact to the agreed budget (median and 90th percentile), hand-offs, how many were asked for the same thing only once, and parts sent back. Small numbers hidden. Needs a director or area administrator of the area.',
      params: areaIdParams,
      ok: ['The measures', planProcessSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'area.report', { type: 'area', areaId, regionId: area.regionId });
      const summary = await areaProcessSummary(db, areaId);
      return {
        areaId,
        threshold: summary.threshold,
        agreedPlans: count(summary.agreedPlans),
        timedPlans: count(summary.timed),
        medianDaysToAgreedBudget: summary.medianDays,
        ninetiethPercentileDaysToAgreedBudget: summary.ninetiethPercentileDays,
        medianHandOffs: summary.medianHandOffs,
        ninetiethPercentileHandOffs: summary.ninetiethPercentileHandOffs,
        askedOncePeople: count(summary.askedOnce),
        askedOnceTenths: summary.askedOnceTenths,
        returnedParts: count(summary.returnedParts),
        plansReturned: count(summary.plansReturned),
        plansReturnedTenths: summary.plansReturnedTenths,
      };
    },
  );
}
