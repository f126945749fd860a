// The approvals API on the real application: each approver's token lists only its own organisation's waiting parts,
// and a plan's approval view gives the token's organisation's parts in full and the others' state alone.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { PersonRef } from '../../records/people.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { planApprovalSchema, waitingPlansSchema } from './api.ts';
import { personOf, submittedPlan, type TestPlan, userIdOf } from '../../../test/support/submitted-plan.ts';

const api = apiTestContext();
const { call, tokenFor } = api;
let person: PersonRef;
let made: TestPlan;

beforeAll(async () => {
  const { database } = api.context;
  person = await personOf(database.db, 'budget.holder@riverton.example');
  made = await submittedPlan(database, person, await userIdOf(database.db, 'budget.holder@riverton.example'), new FixedClock('2026-11-02T10:00:00Z'), { 'adult-social-care': 'Help to cook at home', 'disabled-facilities-grant': 'A level-access shower' });
});

describe('GET /api/v1/approvals', () => {
  it('lists the plan for each approver’s token with only its own organisation’s parts, and names the person in the audit', async () => {
    const county = await tokenFor(api.context.place.riverton, 'county_council', 'approver');
    const response = await call('/api/v1/approvals', county.token);
    expect(response.statusCode).toBe(200);
    const body = waitingPlansSchema.strict().parse(response.json());
    const ours = body.plans.find((plan) => plan.planId === made.plan.id)!;
    expect(ours.personId).toBe(person.id);
    expect(ours.revision).toBe(made.plan.revision);
    expect(ours.parts.map((part) => part.streamCode).sort()).toEqual(['adult-social-care', 'supporting-people']);
    const asc = made.plan.signOff.parts.find((part) => part.streamCode === 'adult-social-care')!;
    expect(ours.parts.find((part) => part.streamCode === 'adult-social-care')).toEqual({ streamCode: 'adult-social-care', state: 'awaiting-approval', indicativeYearlyPence: asc.indicativeYearlyPence, planYearlyPence: asc.planYearlyPence, approvals: [] });
    const listed = await api.context.database.db.select({ peopleShown: auditLog.peopleShown }).from(auditLog).where(and(eq(auditLog.action, 'person.list'), eq(auditLog.route, '/api/v1/approvals')));
    expect(listed.some((entry) => entry.peopleShown?.includes(person.id))).toBe(true);

    const district = await tokenFor(api.context.place.riverton, 'district_council', 'approver');
    const theirs = waitingPlansSchema.parse((await call('/api/v1/approvals', district.token)).json()).plans.find((plan) => plan.planId === made.plan.id)!;
    expect(theirs.parts.map((part) => part.streamCode)).toEqual(['disabled-facilities-grant']);

    const practitioner = await tokenFor(api.context.place.riverton, 'county_council', 'practitioner');
    expect(waitingPlansSchema.parse((await call('/api/v1/approvals', practitioner.token)).json()).plans).toEqual([]);
  });
});

describe('GET /api/v1/people/:personId/plan/approval', () => {
  it('gives the token’s organisation’s parts with their items, and only the state of the others', async () => {
    const district = await tokenFor(api.context.place.riverton, 'district_council', 'approver');
    const response = await call(`/api/v1/people/${person.id}/plan/approval`, district.token);
    expect(response.statusCode).toBe(200);
    const body = planApprovalSchema.strict().parse(response.json());
    expect(body).toMatchObject({ personId: person.id, planId: made.plan.id, state: 'submitted', revision: made.plan.revision });
    expect(body.parts).toHaveLength(1);
    expect(body.parts[0]).toMatchObject({ streamCode: 'disabled-facilities-grant', mayApprove: true, state: 'awaiting-approval' });
    expect(body.parts[0]!.items.map((item) => item.what)).toEqual(['A level-access shower']);
    expect(body.parts[0]!.items[0]!.yearlyPence).toBe(body.parts[0]!.planYearlyPence);
    expect(body.otherParts.map((part) => part.streamCode).sort()).toEqual(['adult-social-care', 'supporting-people']);
    expect(JSON.stringify(body.otherParts)).not.toMatch(/Pence|cook/);

    const practitioner = await tokenFor(api.context.place.riverton, 'county_council', 'practitioner');
    const theirs = planApprovalSchema.parse((await call(`/api/v1/people/${person.id}/plan/approval`, practitioner.token)).json());
    expect(theirs.parts.map((part) => [part.streamCode, part.mayApprove]).sort()).toEqual([['adult-social-care', false], ['supporting-people', false]]);
  });

  it('refuses a token of an organisation the person does not share with', async () => {
    const elsewhere = await tokenFor(api.context.place.northshire, 'county_council', 'approver');
    expect((await call(`/api/v1/people/${person.id}/plan/approval`, elsewhere.token)).statusCode).toBe(403);
  });
});
