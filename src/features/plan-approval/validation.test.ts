// The decision form as an approver fills it in: each mistake gets its own message, a second approval agrees the
// first one's amount whatever is typed, and a reason not to offer a direct payment is recorded only with its words.
import { describe, expect, it } from 'vitest';
import type { Part } from '../../domain/support-plan/sign-off.ts';
import { readDecision } from './validation.ts';

const part: Part = { streamCode: 'adult-social-care', owningOrganisationId: 'county', indicativeYearlyPence: 1_000_000, planYearlyPence: 1_020_000, state: 'awaiting-approval', approvals: [], returnReason: null };
const rules = { tolerancePercent: 10, reasonCodes: [{ code: 'local-costs' }] };

describe('reading a decision', () => {
  it('approves the indicative amount with no reason, and a different one only with a reason from the list', () => {
    expect(readDecision({ decision: 'approve', actualBudget: '£10,000', revision: '3' }, part, rules)).toEqual({
      ok: true,
      revision: 3,
      decision: { kind: 'approve', streamCode: 'adult-social-care', actualYearlyPence: 1_000_000, reasonCode: null, panelAgreed: false, exception: null },
    });
    expect(readDecision({ decision: 'approve', actualBudget: '10200', revision: '3' }, part, rules)).toMatchObject({ ok: false, messages: { reasonCode: 'Select why the actual budget is different from the indicative budget' } });
    expect(readDecision({ decision: 'approve', actualBudget: '10200', reasonCode: 'made-up', revision: '3' }, part, rules)).toMatchObject({ ok: false, messages: { reasonCode: 'Select a reason from the list' } });
    expect(readDecision({ decision: 'approve', actualBudget: '10200', reasonCode: 'local-costs', revision: '3' }, part, rules)).toMatchObject({ ok: true, decision: { actualYearlyPence: 1_020_000, reasonCode: 'local-costs' } });
  });

  it('needs a panel outside the tolerance, and refuses a form with no revision or no choice', () => {
    expect(readDecision({ decision: 'approve', actualBudget: '12000', reasonCode: 'local-costs', revision: '3' }, part, rules)).toMatchObject({ ok: false, messages: { panelAgreed: expect.stringContaining('a panel must agree it') } });
    expect(readDecision({ decision: 'approve', actualBudget: '12000', reasonCode: 'local-costs', panelAgreed: 'yes', revision: '3' }, part, rules)).toMatchObject({ ok: true, decision: { panelAgreed: true } });
    expect(readDecision({ decision: 'approve', actualBudget: '10000' }, part, rules)).toMatchObject({ ok: false, messages: { revision: expect.any(String) } });
    expect(readDecision({ revision: '3' }, part, rules)).toMatchObject({ ok: false, messages: { decision: 'Select whether to approve this part or send it back' } });
  });

  it('records a reason not to offer a direct payment only with its words', () => {
    const without = readDecision({ decision: 'approve', actualBudget: '10000', noDirectPayment: 'yes', exception: 'cannot-manage', revision: '3' }, part, rules);
    expect(without).toMatchObject({ ok: false, messages: { exceptionReasons: 'Enter the reasons, in words the person can understand' } });
    const given = readDecision({ decision: 'approve', actualBudget: '10000', noDirectPayment: 'yes', exception: 'cannot-manage', exceptionReasons: 'They asked the council to arrange it', revision: '3' }, part, rules);
    expect(given).toMatchObject({ ok: true, decision: { exception: { streamCode: 'adult-social-care', exception: 'cannot-manage', reasons: 'They asked the council to arrange it' } } });
    // Without the box ticked, whatever is in the exception fields is not recorded.
    expect(readDecision({ decision: 'approve', actualBudget: '10000', exception: 'cannot-manage', revision: '3' }, part, rules)).toMatchObject({ ok: true, decision: { exception: null } });
  });

  it('agrees the first approval’s amount, reason and panel as a second approval, whatever is typed', () => {
    const awaiting: Part = { ...part, state: 'awaiting-second-approval', approvals: [{ approverId: 'a', organisationId: 'county', limitYearlyPence: 0, actualYearlyPence: 1_020_000, reasonCode: 'local-costs', panelAgreed: false }] };
    expect(readDecision({ decision: 'approve', actualBudget: '1', revision: '4' }, awaiting, rules)).toEqual({
      ok: true,
      revision: 4,
      decision: { kind: 'approve', streamCode: 'adult-social-care', actualYearlyPence: 1_020_000, reasonCode: 'local-costs', panelAgreed: false },
    });
  });

  it('sends back only with a reason, of a length a person can read', () => {
    expect(readDecision({ decision: 'return', returnReason: ' ', revision: '3' }, part, rules)).toMatchObject({ ok: false, messages: { returnReason: expect.stringContaining('Enter why') } });
    expect(readDecision({ decision: 'return', returnReason: 'x'.repeat(2001), revision: '3' }, part, rules)).toMatchObject({ ok: false, messages: { returnReason: expect.stringContaining('2,000 characters') } });
    expect(readDecision({ decision: 'return', returnReason: 'Say which days', revision: '3' }, part, rules)).toEqual({ ok: true, revision: 3, decision: { kind: 'return', streamCode: 'adult-social-care', reason: 'Say which days' } });
  });
});
