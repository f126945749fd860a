// GET /api/v1/people/:personId/indicative-budget on the real application: the current budget per stream, with lines
// that add up to it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { recordCompletedAssessment, sampleAnswers } from '../../../test/support/assessment-records.ts';
import { indicativeBudgetsSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
let database: DatabaseHandle;
beforeAll(() => {
  ({ database } = api.context);
});
const { call, newPerson, tokenFor } = api;

const practitioner = () => tokenFor(place.northshire, 'county_council', 'practitioner');

describe('GET /api/v1/people/:personId/indicative-budget', () => {
  it('gives the current budget per stream with lines that add up, totals, and how many were replaced', async () => {
    const person = await newPerson();
    const first = await recordCompletedAssessment(database.db, person.id, sampleAnswers, new Date(Date.now() - 7 * 86_400_000));
    const { token } = await practitioner();
    const before = indicativeBudgetsSchema.strict().parse((await call(`/api/v1/people/${person.id}/indicative-budget`, token)).json());
    expect(before.historyCount).toBe(0);
    expect(before.budgets.map((budget) => budget.id).sort()).toEqual(first.budgets.map((budget) => budget.id).sort());

    const second = await recordCompletedAssessment(database.db, person.id, { ...sampleAnswers, 'work-support-worker-hours': 10 });
    const response = await call(`/api/v1/people/${person.id}/indicative-budget`, token);
    expect(response.statusCode).toBe(200);
    const body = indicativeBudgetsSchema.strict().parse(response.json());
    expect(body.personId).toBe(person.id);
    expect(body.historyCount).toBe(first.budgets.length);
    expect(body.budgets.map((budget) => budget.streamCode)).toEqual(['access-to-work', 'adult-social-care']);
    expect(body.budgets.map((budget) => budget.id).sort()).toEqual(second.budgets.map((budget) => budget.id).sort());
    for (const budget of body.budgets) {
      expect(budget.assessmentId).toBe(second.assessmentId);
      expect(budget.lines.reduce((sum, line) => sum + line.weeklyPenceChange, 0)).toBe(budget.weeklyPence);
      expect(budget.yearlyPence).toBe(budget.weeklyPence * 52);
      expect(budget.lines.length).toBeGreaterThan(0);
    }
    expect(body.budgets.find((budget) => budget.streamCode === 'access-to-work')!.weeklyPence).toBeGreaterThan(before.budgets.find((budget) => budget.streamCode === 'access-to-work')!.weeklyPence);
    expect(body.total).toEqual({
      weeklyPence: body.budgets.reduce((sum, budget) => sum + budget.weeklyPence, 0),
      yearlyPence: body.budgets.reduce((sum, budget) => sum + budget.yearlyPence, 0),
      oneOffPence: body.budgets.reduce((sum, budget) => sum + budget.oneOffPence, 0),
    });
  });

  it('is empty, with zero totals, before any budget is issued', async () => {
    const person = await newPerson();
    const { token } = await practitioner();
    const body = indicativeBudgetsSchema.strict().parse((await call(`/api/v1/people/${person.id}/indicative-budget`, token)).json());
    expect(body).toEqual({ personId: person.id, budgets: [], total: { weeklyPence: 0, yearlyPence: 0, oneOffPence: 0 }, historyCount: 0 });
  });
});
