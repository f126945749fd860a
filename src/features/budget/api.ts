// GET /api/v1/people/:personId/indicative-budget: the person's current indicative budget for each stream, in whole
// pence, with the explanation that adds up to it, as the budget page shows it.
import { z } from 'zod';
import type { ExplanationLine } from '../../domain/budget/explanation.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, personIdParams, recordId } from '../../platform/api.ts';
import { loadPerson } from '../../platform/person-access.ts';
import type { Services } from '../../services.ts';
import { currentIndicativeBudgets } from './api-queries.ts';

export const explanationLineSchema = z
  .object({
    text: z.string().describe('One line of the explanation, in plain English'),
    pointsChange: z.number().optional(),
    weeklyPenceChange: z.int().describe('Pence a week added, or taken off when negative'),
    oneOffPenceChange: z.int().optional(),
  })
  .register(apiSchemaRegistry, { id: 'ExplanationLine' });

export const indicativeBudgetsSchema = z
  .object({
    personId: recordId(),
    budgets: z.array(
      z.object({
        id: recordId(),
        streamCode: z.string(),
        streamName: z.string().nullable(),
        assessmentId: recordId(),
        configurationId: recordId().describe('The RAS table or calculator version used'),
        weeklyPence: z.int(),
        yearlyPence: z.int(),
        oneOffPence: z.int(),
        lines: z.array(explanationLineSchema).describe('The explanation; its amounts add up exactly to the totals'),
        issuedAt: z.iso.datetime(),
      }),
    ),
    total: z.object({ weeklyPence: z.int(), yearlyPence: z.int(), oneOffPence: z.int() }).describe('The current budgets added together'),
    historyCount: z.int().min(0).describe('How many earlier budgets newer ones have replaced'),
  })
  .register(apiSchemaRegistry, { id: 'IndicativeBudgets', description: "The person's current indicative budget for each stream, in whole pence" });

/** Lines are stored as JSON when the budget is issued; keep only the fields a line has, so the answer fits its schema. */
function linesOf(stored: unknown): ExplanationLine[] {
  if (!Array.isArray(stored)) return [];
  return (stored as ExplanationLine[]).map((line) => ({
    text: String(line.text),
    weeklyPenceChange: line.weeklyPenceChange,
    ...(line.pointsChange !== undefined ? { pointsChange: line.pointsChange } : {}),
    ...(line.oneOffPenceChange !== undefined ? { oneOffPenceChange: line.oneOffPenceChange } : {}),
  }));
}

export function budgetApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.indicativeBudget.pattern,
    apiRoute({
      operationId: 'getIndicativeBudgets',
      tags: ['Assessments'],
      summary: "A person's indicative budgets",
      description: 'The current indicative (up-front) budget for each stream the person is eligible for: weekly, yearly and one-off amounts in whole pence, with the line-by-line explanation that adds up to them, and how many earlier budgets were replaced. Needs the same access as the person’s record. Audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The current budgets', indicativeBudgetsSchema],
      notFound: 'There is no person with this id',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request);
      const { current, historyCount } = await currentIndicativeBudgets(db, person);
      // One per stream: should two ever be current at once, the newest is the one the person was told.
      const seen = new Set<string>();
      const budgets = current
        .filter(({ budget }) => !seen.has(budget.streamCode) && seen.add(budget.streamCode))
        .map(({ budget, streamName }) => ({
          id: budget.id,
          streamCode: budget.streamCode,
          streamName,
          assessmentId: budget.assessmentId,
          configurationId: budget.configurationId,
          weeklyPence: budget.weeklyPence,
          yearlyPence: budget.yearlyPence,
          oneOffPence: budget.oneOffPence,
          lines: linesOf(budget.lines),
          issuedAt: budget.issuedAt.toISOString(),
        }))
        .sort((a, b) => a.streamCode.localeCompare(b.streamCode));
      const total = budgets.reduce(
        (sum, budget) => ({ weeklyPence: sum.weeklyPence + budget.weeklyPence, yearlyPence: sum.yearlyPence + budget.yearlyPence, oneOffPence: sum.oneOffPence + budget.oneOffPence }),
        { weeklyPence: 0, yearlyPence: 0, oneOffPence: 0 },
      );
      return { personId: person.id, budgets, total, historyCount };
    },
  );
}
