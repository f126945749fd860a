// GET /api/v1/people/:personId/indicative-budget on the real application: the current budget per stream, with lines
// that add up to it.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { consents, people } from '../../db/schema.ts';
import { testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, seedDemo } from '../../../test/support/demo.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { recordCompletedAssessment, sampleAnswers } from '../../../test/support/assessment-records.ts';
import { indicativeBudgetsSchema } from './api.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
const place = { northshire: '', riverton: '' };
const tokens = new Map<string, { token: string; id: string }>();

beforeAll(async () => {
  ({ app, database } = await testApp());
  [place.northshire, place.riverton] = (await seedDemo(database)).areaIds as [string, string];
});
afterAll(() => app.close());

function organisationOf(areaId: string, kind: string) {
  return demoOrganisation(database, areaId, kind);
}

async function tokenFor(areaId: string, kind: string, role: string) {
  const key = `${areaId}:${kind}:${role}`;
  const held = tokens.get(key);
  if (held) return held;
  const organisation = await organisationOf(areaId, kind);
  const result = await issueToken(database, organisation.id, role, `${kind} ${role}`);
  const made = result;
  tokens.set(key, made);
  return made;
}

const practitioner = () => tokenFor(place.northshire, 'county_council', 'practitioner');

function call(url: string, token?: string) {
  return app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** A new person for each test, sharing their record with the area's county council only. */
let made = 0;
async function newPerson(areaId = place.northshire) {
  const [person] = await database.db.insert(people).values({ areaId, givenName: 'Api', familyName: `Person ${++made}`, dateOfBirth: '1975-09-01' }).returning();
  await database.db.insert(consents).values({ areaId, personId: person!.id, organisationId: (await organisationOf(areaId, 'county_council')).id });
  return person!;
}

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
