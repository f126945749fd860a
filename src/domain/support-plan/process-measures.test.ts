import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partTransitions, planTransitions, settleRules } from './sign-off.ts';
import { offerTransitions } from './direct-payment.ts';
import { type PlanEvent, planEventForSignOffEvent, planEventKinds, planMeasures } from './process-measures.ts';

const at = (instant: string) => new Date(instant);

const journey: PlanEvent[] = [
  { kind: 'first-contact', occurredAt: at('2026-01-05T09:00:00Z'), askedFor: ['address', 'date-of-birth'] },
  { kind: 'plan-started', occurredAt: at('2026-01-12T10:00:00Z'), askedFor: ['address'] },
  { kind: 'plan-submitted', occurredAt: at('2026-01-20T10:00:00Z') },
  { kind: 'plan-returned', occurredAt: at('2026-01-22T10:00:00Z'), askedFor: ['income'] },
  { kind: 'plan-submitted', occurredAt: at('2026-01-23T10:00:00Z') },
  { kind: 'part-approved', occurredAt: at('2026-01-26T10:00:00Z'), streamCode: 'access-to-work' },
  { kind: 'part-approved', occurredAt: at('2026-01-27T10:00:00Z'), streamCode: 'adult-social-care' },
  // 23:30 on 31 March is 00:30 on 1 April in London: the day counted is London's.
  { kind: 'budget-agreed', occurredAt: at('2026-03-31T23:30:00Z') },
  { kind: 'direct-payment-offered', occurredAt: at('2026-04-01T09:00:00Z'), askedFor: ['address'] },
];

describe('planMeasures', () => {
  it('counts the days to an agreed budget, the hand-offs and every repeated question', () => {
    expect(planMeasures(journey)).toEqual({
      daysToAgreedBudget: 86,
      // practitioner → person → approver → person → approver → practitioner → person.
      handOffs: 6,
      returns: 1,
      asked: [
        { information: 'address', times: 3 },
        { information: 'date-of-birth', times: 1 },
        { information: 'income', times: 1 },
      ],
      mostTimesAsked: 3,
      repeatAsks: 2,
    });
  });

  it('has no days until the budget is agreed, and meets the goal when each thing is asked once', () => {
    const early = planMeasures([journey[0]!, { kind: 'plan-started', occurredAt: at('2026-01-06T10:00:00Z'), askedFor: ['income'] }]);
    expect(early).toMatchObject({ daysToAgreedBudget: null, handOffs: 1, mostTimesAsked: 1, repeatAsks: 0 });
    expect(planMeasures([])).toEqual({ daysToAgreedBudget: null, handOffs: 0, returns: 0, asked: [], mostTimesAsked: 0, repeatAsks: 0 });
  });

  it('takes who holds the next action from the event when it says, and skips steps that hand nothing on', () => {
    const events: PlanEvent[] = [
      { kind: 'first-contact', occurredAt: at('2026-01-05T09:00:00Z'), nextActionBy: 'person' },
      { kind: 'plan-started', occurredAt: at('2026-01-06T09:00:00Z') },
      { kind: 'part-approved', occurredAt: at('2026-01-07T09:00:00Z'), nextActionBy: null },
      { kind: 'plan-submitted', occurredAt: at('2026-01-08T09:00:00Z'), nextActionBy: 'org-county' },
      { kind: 'part-approved', occurredAt: at('2026-01-09T09:00:00Z'), nextActionBy: 'org-jobcentre' },
    ];
    expect(planMeasures(events).handOffs).toBe(2);
  });

  it('gives the same measures whatever order the events arrive in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(journey, { minLength: journey.length, maxLength: journey.length }), (shuffled) => {
        expect(planMeasures(shuffled)).toEqual(planMeasures(journey));
      }),
    );
  });

  it('has a plan event for every event the sign-off and the offer name that the measures use', () => {
    const named = [...planTransitions.map((t) => t.event), ...partTransitions.map((t) => t.event), ...settleRules.map((r) => r.event), ...offerTransitions.map((t) => t.event)];
    for (const kind of Object.values(planEventForSignOffEvent)) expect(planEventKinds).toContain(kind);
    for (const name of Object.keys(planEventForSignOffEvent)) expect(named).toContain(name);
    for (const name of ['plan.submitted', 'plan.returned', 'plan.part.approved', 'plan.agreed', 'direct-payment.accepted', 'direct-payment.declined']) {
      expect(planEventForSignOffEvent[name]).toBeDefined();
    }
  });
});
