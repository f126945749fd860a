import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Approver,
  type PartInput,
  type SignOff,
  type SignOffAction,
  type SignOffRules,
  actualBudgets,
  applySignOff,
  panelCheck,
  returnReasons,
  startSignOff,
} from './sign-off.ts';

const rules: SignOffRules = {
  tolerancePercent: 10,
  reasonCodes: [
    { code: 'cost-of-meeting-needs', name: 'The support costs more or less than the estimate' },
    { code: 'unpaid-support-changed', name: 'Unpaid support changed' },
  ],
};

const county = 'org-county';
const jobcentre = 'org-jobcentre';
const asc: PartInput = { streamCode: 'adult-social-care', owningOrganisationId: county, indicativeYearlyPence: 1_560_000, planYearlyPence: 1_600_000 };
const atw: PartInput = { streamCode: 'access-to-work', owningOrganisationId: jobcentre, indicativeYearlyPence: 500_000, planYearlyPence: 500_000 };

const manager: Approver = { id: 'u-manager', organisationId: county, limitYearlyPence: 1_000_000 };
const head: Approver = { id: 'u-head', organisationId: county, limitYearlyPence: 5_000_000 };
const adviser: Approver = { id: 'u-adviser', organisationId: jobcentre, limitYearlyPence: 2_000_000 };

function step(signOff: SignOff, action: SignOffAction): SignOff {
  const result = applySignOff(signOff, action, rules);
  if (!result.ok) throw new Error(result.reason);
  return result.signOff;
}

const submitted = step(startSignOff(2), { kind: 'submit', planVersion: 2, parts: [asc, atw] });

describe('one sign-off', () => {
  it('is agreed when every part is approved, each by its own organisation', () => {
    const first = applySignOff(submitted, { kind: 'approve', streamCode: 'access-to-work', approver: adviser, actualYearlyPence: 500_000 }, rules);
    expect(first).toMatchObject({ ok: true, events: ['plan.part.approved'], notes: ['£5,000.00 a year is within 10% of the indicative £5,000.00 a year, so no panel is needed'] });
    if (!first.ok) return;
    expect(first.signOff.state).toBe('submitted');
    const second = applySignOff(first.signOff, { kind: 'approve', streamCode: 'adult-social-care', approver: head, actualYearlyPence: 1_600_000, reasonCode: 'cost-of-meeting-needs' }, rules);
    expect(second).toMatchObject({ ok: true, events: ['plan.part.approved', 'plan.agreed'] });
    if (!second.ok) return;
    expect(second.signOff.state).toBe('agreed');
    expect(actualBudgets(second.signOff)).toEqual([
      { streamCode: 'adult-social-care', actualYearlyPence: 1_600_000, reasonCode: 'cost-of-meeting-needs' },
      { streamCode: 'access-to-work', actualYearlyPence: 500_000, reasonCode: null },
    ]);
  });

  it('refuses an approver from another organisation', () => {
    expect(applySignOff(submitted, { kind: 'approve', streamCode: 'adult-social-care', approver: adviser, actualYearlyPence: 1_600_000, reasonCode: 'cost-of-meeting-needs' }, rules)).toEqual({
      ok: false,
      reason: 'You can only approve or send back parts of the plan paid for by your own organisation',
    });
    expect(applySignOff(submitted, { kind: 'return', streamCode: 'access-to-work', approver: manager, reason: 'No' }, rules)).toMatchObject({ ok: false });
  });

  it('sends an amount over the approver’s limit to a second, different approver whose limit covers it', () => {
    const action = { kind: 'approve' as const, streamCode: 'adult-social-care', actualYearlyPence: 1_600_000, reasonCode: 'cost-of-meeting-needs' };
    const first = applySignOff(submitted, { ...action, approver: manager }, rules);
    expect(first).toMatchObject({ ok: true, events: ['plan.part.first-approval'] });
    if (!first.ok) return;
    expect(first.notes).toContain('£16,000.00 a year is more than your approval limit of £10,000.00 a year, so a second approver must approve it too');
    expect(first.signOff.parts[0]!.state).toBe('awaiting-second-approval');
    expect(applySignOff(first.signOff, { ...action, approver: manager }, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('someone else') });
    const peer = { id: 'u-peer', organisationId: county, limitYearlyPence: 1_000_000 };
    expect(applySignOff(first.signOff, { ...action, approver: peer }, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('more than your approval limit of £10,000.00 a year') });
    expect(applySignOff(first.signOff, { ...action, actualYearlyPence: 1_500_000, approver: head }, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('same amount') });
    const second = applySignOff(first.signOff, { ...action, approver: head }, rules);
    expect(second).toMatchObject({ ok: true, events: ['plan.part.second-approval'] });
    if (second.ok) expect(second.signOff.parts[0]!.approvals.map((a) => a.approverId)).toEqual(['u-manager', 'u-head']);
  });

  it('needs a reason from the list when the actual differs from the indicative, and none when it does not', () => {
    const approve = (reasonCode: string | null, actualYearlyPence = 1_600_000) => applySignOff(submitted, { kind: 'approve', streamCode: 'adult-social-care', approver: head, actualYearlyPence, reasonCode }, rules);
    expect(approve(null)).toEqual({ ok: false, reason: 'Select why the actual budget is different from the indicative budget' });
    expect(approve('made-up')).toEqual({ ok: false, reason: 'Select a reason from the list' });
    expect(approve('cost-of-meeting-needs', 1_560_000)).toEqual({ ok: false, reason: 'The actual budget is the same as the indicative budget, so no reason is needed' });
    expect(approve(null, 1_560_000)).toMatchObject({ ok: true });
  });

  it('asks for a panel only outside the tolerance, and says so', () => {
    expect(panelCheck(1_000_000, 1_100_000, 10)).toEqual({ needed: false, sentence: '£11,000.00 a year is within 10% of the indicative £10,000.00 a year, so no panel is needed' });
    expect(panelCheck(1_000_000, 1_100_001, 10).needed).toBe(true);
    expect(panelCheck(1_000_000, 899_999, 10).needed).toBe(true);
    const far = { kind: 'approve' as const, streamCode: 'adult-social-care', approver: head, actualYearlyPence: 2_000_000, reasonCode: 'cost-of-meeting-needs' };
    expect(applySignOff(submitted, far, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('so a panel must agree it. Record the panel’s decision before approving') });
    const agreed = applySignOff(submitted, { ...far, panelAgreed: true }, rules);
    expect(agreed).toMatchObject({ ok: true });
    if (agreed.ok) expect(agreed.signOff.parts[0]!.approvals[0]!.panelAgreed).toBe(true);
  });

  it('sends the plan back with the reason, and a resubmission reopens only what changed', () => {
    const approvedAtw = step(submitted, { kind: 'approve', streamCode: 'access-to-work', approver: adviser, actualYearlyPence: 500_000 });
    const back = applySignOff(approvedAtw, { kind: 'return', streamCode: 'adult-social-care', approver: manager, reason: 'Please say who will cover Sam’s holidays' }, rules);
    expect(back).toMatchObject({ ok: true, events: ['plan.part.returned', 'plan.returned'] });
    if (!back.ok) return;
    expect(back.signOff.state).toBe('returned');
    expect(returnReasons(back.signOff)).toEqual([{ streamCode: 'adult-social-care', reason: 'Please say who will cover Sam’s holidays' }]);
    expect(applySignOff(back.signOff, { kind: 'approve', streamCode: 'adult-social-care', approver: head, actualYearlyPence: 1_560_000 }, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('gone back to the person') });

    const again = applySignOff(back.signOff, { kind: 'resubmit', planVersion: 3, parts: [{ ...asc, planYearlyPence: 1_620_000 }, atw], changedStreams: ['adult-social-care'] }, rules);
    expect(again).toMatchObject({ ok: true, events: ['plan.resubmitted'], notes: ['1 part stays approved, because nothing in it changed'] });
    if (!again.ok) return;
    expect(again.signOff.parts.map((p) => [p.streamCode, p.state])).toEqual([
      ['adult-social-care', 'awaiting-approval'],
      ['access-to-work', 'approved'],
    ]);
    expect(again.signOff.planVersion).toBe(3);
  });

  it('refuses what the state does not allow, in plain English', () => {
    expect(applySignOff(startSignOff(1), { kind: 'approve', streamCode: 'adult-social-care', approver: head, actualYearlyPence: 1 }, rules)).toEqual({ ok: false, reason: 'The plan has not been sent for approval yet' });
    expect(applySignOff(startSignOff(1), { kind: 'submit', planVersion: 1, parts: [] }, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('nothing for anyone to approve') });
    expect(applySignOff(submitted, { kind: 'submit', planVersion: 2, parts: [asc] }, rules)).toMatchObject({ ok: false });
    expect(applySignOff(submitted, { kind: 'return', streamCode: 'adult-social-care', approver: manager, reason: '  ' }, rules)).toMatchObject({ ok: false, reason: expect.stringContaining('Enter why') });
  });
});

// Random sequences of actions by approvers from three organisations, with limits either side of the amounts.
const organisations = [county, jobcentre, 'org-district'];
const streams = ['adult-social-care', 'access-to-work', 'disabled-facilities-grant'];
const approvers = fc.record({ id: fc.constantFrom('u1', 'u2', 'u3', 'u4'), organisationId: fc.constantFrom(...organisations), limitYearlyPence: fc.constantFrom(0, 500_000, 1_000_000, 3_000_000) });
const partInputs: fc.Arbitrary<PartInput[]> = fc.subarray(streams, { minLength: 1 }).chain((codes) =>
  fc.tuple(
    ...codes.map((streamCode) =>
      fc.record({ streamCode: fc.constant(streamCode), owningOrganisationId: fc.constantFrom(...organisations), indicativeYearlyPence: fc.constantFrom(400_000, 1_000_000, 2_000_000), planYearlyPence: fc.constantFrom(400_000, 1_000_000, 2_100_000) }),
    ),
  ),
);
const actions: fc.Arbitrary<SignOffAction> = fc.oneof(
  fc.record({ kind: fc.constant('submit' as const), planVersion: fc.nat(5), parts: partInputs }),
  fc.record({ kind: fc.constant('resubmit' as const), planVersion: fc.nat(5), parts: partInputs, changedStreams: fc.subarray(streams) }),
  fc.record({
    kind: fc.constant('approve' as const),
    streamCode: fc.constantFrom(...streams),
    approver: approvers,
    actualYearlyPence: fc.constantFrom(400_000, 1_000_000, 1_050_000, 2_000_000, 2_100_000),
    reasonCode: fc.constantFrom(null, 'cost-of-meeting-needs', 'made-up'),
    panelAgreed: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('return' as const), streamCode: fc.constantFrom(...streams), approver: approvers, reason: fc.constantFrom('', 'Please check the hours') }),
);

function run(sequence: readonly SignOffAction[], check: (before: SignOff, action: SignOffAction, after: SignOff | null) => void): void {
  let signOff = startSignOff(1);
  for (const action of sequence) {
    const snapshot = structuredClone(signOff);
    const result = applySignOff(signOff, action, rules);
    expect(signOff).toEqual(snapshot);
    check(snapshot, action, result.ok ? result.signOff : null);
    if (result.ok) signOff = result.signOff;
  }
}

describe('the sign-off, whatever is done to it', () => {
  const sequences = fc.array(actions, { maxLength: 40 });

  it('is never agreed with a part unapproved', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        run(sequence, (_before, _action, after) => {
          if (after?.state === 'agreed') expect(after.parts.every((part) => part.state === 'approved')).toBe(true);
          if (after && after.parts.length > 0 && after.parts.every((part) => part.state === 'approved')) expect(after.state).toBe('agreed');
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never lets one organisation’s approver change another organisation’s part', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        run(sequence, (before, action, after) => {
          if (action.kind !== 'approve' && action.kind !== 'return') return;
          const part = before.parts.find((p) => p.streamCode === action.streamCode);
          if (part && part.owningOrganisationId !== action.approver.organisationId) expect(after).toBeNull();
          if (after) {
            // Only the part acted on may move, and every approval on record comes from the part's own organisation.
            for (const p of after.parts.filter((q) => q.streamCode !== action.streamCode)) expect(p).toEqual(before.parts.find((q) => q.streamCode === p.streamCode));
            for (const p of after.parts) expect(p.approvals.every((a) => a.organisationId === p.owningOrganisationId)).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never approves an amount over one approver’s limit without a second, different approver whose limit covers it', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        run(sequence, (_before, _action, after) => {
          for (const part of after?.parts ?? []) {
            if (part.state !== 'approved') continue;
            const [first, second] = part.approvals;
            expect(first).toBeDefined();
            if (first!.actualYearlyPence > first!.limitYearlyPence) {
              expect(second).toBeDefined();
              expect(second!.approverId).not.toBe(first!.approverId);
              expect(second!.limitYearlyPence).toBeGreaterThanOrEqual(first!.actualYearlyPence);
            } else {
              expect(part.approvals).toHaveLength(1);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps approved every part a resubmission did not touch', () => {
    fc.assert(
      fc.property(sequences, (sequence) => {
        run(sequence, (before, action, after) => {
          if (action.kind !== 'resubmit' || !after) return;
          for (const old of before.parts.filter((p) => p.state === 'approved')) {
            const input = action.parts.find((p) => p.streamCode === old.streamCode);
            const untouched = input && !action.changedStreams.includes(old.streamCode) && input.planYearlyPence === old.planYearlyPence && input.indicativeYearlyPence === old.indicativeYearlyPence && input.owningOrganisationId === old.owningOrganisationId;
            const now = after.parts.find((p) => p.streamCode === old.streamCode);
            if (untouched) expect(now).toMatchObject({ state: 'approved', approvals: old.approvals });
            else if (now) expect(now.state).toBe('awaiting-approval');
          }
          expect(after.parts.some((p) => p.state === 'returned')).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reaches agreement along the way often enough for these properties to mean something', () => {
    let agreed = 0;
    fc.assert(
      fc.property(fc.array(actions, { minLength: 20, maxLength: 40 }), (sequence) => {
        run(sequence, (_b, _a, after) => {
          if (after?.state === 'agreed') agreed += 1;
        });
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(agreed).toBeGreaterThan(0);
  });
});
