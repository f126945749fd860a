// One light-touch sign-off of a support plan, as a state machine held as data: the plan goes in, each funding stream's
// part is approved or sent back by the organisation that owns the stream, and the plan is agreed when every part is.
import { formatPence } from '../budget/money.ts';
import { withinTolerance } from '../budget/ras.ts';

export type PlanState = 'draft' | 'submitted' | 'returned' | 'agreed';
export type PartState = 'awaiting-approval' | 'awaiting-second-approval' | 'approved' | 'returned';

export const planStateNames: Record<PlanState, string> = {
  draft: 'Being written',
  submitted: 'Sent for approval',
  returned: 'Sent back to change',
  agreed: 'Agreed',
};

export const partStateNames: Record<PartState, string> = {
  'awaiting-approval': 'Waiting for approval',
  'awaiting-second-approval': 'Waiting for a second approval',
  approved: 'Approved',
  returned: 'Sent back to change',
};

export interface Approver {
  id: string;
  organisationId: string;
  /** The largest yearly amount, in pence, this approver may approve alone. */
  limitYearlyPence: number;
}

export interface Approval {
  approverId: string;
  organisationId: string;
  limitYearlyPence: number;
  /** The actual (agreed) budget for the year, recorded at approval. */
  actualYearlyPence: number;
  /** Why the actual differs from the indicative, from the area's list; null when they are the same. */
  reasonCode: string | null;
  /** True when the actual was outside the tolerance and a panel agreed it. */
  panelAgreed: boolean;
}

/** One funding stream's share of the plan, as sent for approval. */
export interface PartInput {
  streamCode: string;
  owningOrganisationId: string;
  indicativeYearlyPence: number;
  /** What the plan's items for this stream cost in a year. */
  planYearlyPence: number;
}

export interface Part extends PartInput {
  state: PartState;
  approvals: Approval[];
  /** Why it was sent back, in the approver's words, while it is. */
  returnReason: string | null;
}

export interface SignOff {
  state: PlanState;
  /** The plan version now in front of the approvers. */
  planVersion: number;
  parts: Part[];
}

export interface SignOffRules {
  /** How far (%) the actual may be from the indicative either side without a panel (the RAS table's tolerance). */
  tolerancePercent: number;
  /** The reasons an actual may differ from the indicative, by code. */
  reasonCodes: readonly { code: string; name: string }[];
}

export type SignOffAction =
  | { kind: 'submit'; planVersion: number; parts: readonly PartInput[] }
  /**
   * The person sends a changed plan: `changedStreams` are the streams whose items changed (plan.ts `streamsChanged`).
   * Only those parts, and parts sent back, are looked at again.
   */
  | { kind: 'resubmit'; planVersion: number; parts: readonly PartInput[]; changedStreams: readonly string[] }
  | { kind: 'approve'; streamCode: string; approver: Approver; actualYearlyPence: number; reasonCode?: string | null; panelAgreed?: boolean }
  | { kind: 'return'; streamCode: string; approver: Approver; reason: string };

export type SignOffResult =
  | {
      ok: true;
      signOff: SignOff;
      /** Named events, the action's own first, then the plan's if its state changed: for the audit and process measures. */
      events: string[];
      /** Plain-English notes on what the rules decided ("Within the 10% tolerance: no panel needed"). */
      notes: string[];
    }
  | { ok: false; reason: string };

// The tables

type PlanAction = SignOffAction['kind'];

/** Which actions each plan state allows, and where they lead before the parts settle it. */
export const planTransitions: readonly { from: PlanState; action: PlanAction; to: PlanState; event: string | null }[] = [
  { from: 'draft', action: 'submit', to: 'submitted', event: 'plan.submitted' },
  { from: 'submitted', action: 'resubmit', to: 'submitted', event: 'plan.resubmitted' },
  { from: 'returned', action: 'resubmit', to: 'submitted', event: 'plan.resubmitted' },
  { from: 'agreed', action: 'resubmit', to: 'submitted', event: 'plan.resubmitted' },
  { from: 'submitted', action: 'approve', to: 'submitted', event: null },
  { from: 'submitted', action: 'return', to: 'submitted', event: null },
];

/** Why an action is refused in each plan state that has no row for it. */
const planRefusals: Record<PlanState, string> = {
  draft: 'The plan has not been sent for approval yet',
  submitted: 'The plan has already been sent for approval',
  returned: 'The plan has gone back to the person to change: it can be approved once they send it again',
  agreed: 'The plan is already agreed',
};

/** What the approver's limit made of an approval. */
type LimitOutcome = 'within-limit' | 'over-limit';

/** How a part moves when an approver acts on it. */
export const partTransitions: readonly { from: PartState; action: 'approve' | 'return'; when: LimitOutcome | 'always'; to: PartState; event: string }[] = [
  { from: 'awaiting-approval', action: 'approve', when: 'within-limit', to: 'approved', event: 'plan.part.approved' },
  { from: 'awaiting-approval', action: 'approve', when: 'over-limit', to: 'awaiting-second-approval', event: 'plan.part.first-approval' },
  { from: 'awaiting-second-approval', action: 'approve', when: 'within-limit', to: 'approved', event: 'plan.part.second-approval' },
  { from: 'awaiting-approval', action: 'return', when: 'always', to: 'returned', event: 'plan.part.returned' },
  { from: 'awaiting-second-approval', action: 'return', when: 'always', to: 'returned', event: 'plan.part.returned' },
];

const partRefusals: Record<PartState, string> = {
  'awaiting-approval': 'This part is waiting for approval',
  'awaiting-second-approval': 'This part needs a second approver whose approval limit covers it',
  approved: 'This part is already approved',
  returned: 'This part has gone back to the person to change',
};

/** On resubmission, where each part goes: looked at again if its items changed (or it was sent back), otherwise kept. */
export const reopenTable: Record<PartState, { changed: PartState; unchanged: PartState }> = {
  'awaiting-approval': { changed: 'awaiting-approval', unchanged: 'awaiting-approval' },
  'awaiting-second-approval': { changed: 'awaiting-approval', unchanged: 'awaiting-second-approval' },
  approved: { changed: 'awaiting-approval', unchanged: 'approved' },
  returned: { changed: 'awaiting-approval', unchanged: 'awaiting-approval' },
};

/** After any part moves, the plan follows its parts: the first rule that holds decides. */
export const settleRules: readonly { holds: (parts: readonly Part[]) => boolean; to: PlanState; event: string }[] = [
  { holds: (parts) => parts.some((part) => part.state === 'returned'), to: 'returned', event: 'plan.returned' },
  { holds: (parts) => parts.length > 0 && parts.every((part) => part.state === 'approved'), to: 'agreed', event: 'plan.agreed' },
];

// The rules, as pure functions

export interface PanelCheck {
  needed: boolean;
  sentence: string;
}

/** Whether a panel must agree this actual amount: not when it lies within the tolerance of the indicative either side. */
export function panelCheck(indicativeYearlyPence: number, actualYearlyPence: number, tolerancePercent: number): PanelCheck {
  if (withinTolerance(indicativeYearlyPence, actualYearlyPence, tolerancePercent)) {
    return { needed: false, sentence: `${formatPence(actualYearlyPence)} a year is within ${tolerancePercent}% of the indicative ${formatPence(indicativeYearlyPence)} a year, so no panel is needed` };
  }
  return { needed: true, sentence: `${formatPence(actualYearlyPence)} a year is more than ${tolerancePercent}% from the indicative ${formatPence(indicativeYearlyPence)} a year, so a panel must agree it` };
}

/** Whether this approver may approve this yearly amount alone. */
export function withinLimit(approver: Pick<Approver, 'limitYearlyPence'>, actualYearlyPence: number): boolean {
  return actualYearlyPence <= approver.limitYearlyPence;
}

/** An approver acts only on the parts of streams their own organisation owns. */
export function mayActOn(approverOrganisationId: string, owningOrganisationId: string): boolean {
  return approverOrganisationId === owningOrganisationId;
}

/** A new sign-off for a plan still being written. */
export function startSignOff(planVersion: number): SignOff {
  return { state: 'draft', planVersion, parts: [] };
}

function refuse(reason: string): SignOffResult {
  return { ok: false, reason };
}

function checkParts(parts: readonly PartInput[]): string | null {
  if (parts.length === 0) return 'The plan has nothing for anyone to approve: add support paid from a funding stream';
  const codes = parts.map((part) => part.streamCode);
  if (new Set(codes).size !== codes.length) return 'Each funding stream can have only one part of the plan';
  if (parts.some((part) => !Number.isSafeInteger(part.planYearlyPence) || part.planYearlyPence < 0 || !Number.isSafeInteger(part.indicativeYearlyPence) || part.indicativeYearlyPence < 0)) {
    return 'Each part’s amounts must be whole pence, 0 or more';
  }
  return null;
}

function settle(parts: Part[]): { state: PlanState; event: string } | null {
  const rule = settleRules.find((r) => r.holds(parts));
  return rule ? { state: rule.to, event: rule.event } : null;
}

function partOf(signOff: SignOff, streamCode: string): Part | undefined {
  return signOff.parts.find((part) => part.streamCode === streamCode);
}

/** The approval an approver gives, or why they may not give it. */
function approvalFor(part: Part, action: Extract<SignOffAction, { kind: 'approve' }>, rules: SignOffRules): { approval: Approval; notes: string[] } | { refused: string } {
  const first = part.approvals[0];
  if (first && first.approverId === action.approver.id) return { refused: 'You have already approved this part: a second approver, someone else, must approve it too' };
  if (!Number.isSafeInteger(action.actualYearlyPence) || action.actualYearlyPence < 0) return { refused: 'Enter the actual budget in whole pence, 0 or more' };
  if (first && first.actualYearlyPence !== action.actualYearlyPence) {
    return { refused: `A second approval agrees the same amount, ${formatPence(first.actualYearlyPence)} a year: send the part back if it should change` };
  }
  const reasonCode = first ? first.reasonCode : (action.reasonCode ?? null);
  const notes: string[] = [];
  if (action.actualYearlyPence !== part.indicativeYearlyPence) {
    if (reasonCode === null || reasonCode === '') return { refused: 'Select why the actual budget is different from the indicative budget' };
    if (!rules.reasonCodes.some((reason) => reason.code === reasonCode)) return { refused: 'Select a reason from the list' };
  } else if (reasonCode !== null && reasonCode !== '') {
    return { refused: 'The actual budget is the same as the indicative budget, so no reason is needed' };
  }
  const panel = panelCheck(part.indicativeYearlyPence, action.actualYearlyPence, rules.tolerancePercent);
  const panelAgreed = first ? first.panelAgreed : action.panelAgreed === true;
  if (panel.needed && !panelAgreed) return { refused: `${panel.sentence}. Record the panel’s decision before approving` };
  notes.push(panel.sentence);
  const approval: Approval = {
    approverId: action.approver.id,
    organisationId: action.approver.organisationId,
    limitYearlyPence: action.approver.limitYearlyPence,
    actualYearlyPence: action.actualYearlyPence,
    reasonCode: action.actualYearlyPence === part.indicativeYearlyPence ? null : reasonCode,
    panelAgreed: panel.needed,
  };
  return { approval, notes };
}

/** Applies one action: the new sign-off with its events, or a refusal with the reason in plain English. Never changes `signOff`. */
export function applySignOff(signOff: SignOff, action: SignOffAction, rules: SignOffRules): SignOffResult {
  const row = planTransitions.find((t) => t.from === signOff.state && t.action === action.kind);
  if (!row) return refuse(planRefusals[signOff.state]);

  if (action.kind === 'submit' || action.kind === 'resubmit') {
    const problem = checkParts(action.parts);
    if (problem) return refuse(problem);
    const changed = new Set(action.kind === 'resubmit' ? action.changedStreams : []);
    const parts = action.parts.map((input): Part => {
      const old = action.kind === 'resubmit' ? partOf(signOff, input.streamCode) : undefined;
      // A part whose amounts moved has changed, whatever the caller said.
      const same = old !== undefined && !changed.has(input.streamCode) && old.planYearlyPence === input.planYearlyPence && old.indicativeYearlyPence === input.indicativeYearlyPence && old.owningOrganisationId === input.owningOrganisationId;
      if (!old) return { ...input, state: 'awaiting-approval', approvals: [], returnReason: null };
      const state = reopenTable[old.state][same ? 'unchanged' : 'changed'];
      return { ...input, state, approvals: state === old.state ? old.approvals.map((a) => ({ ...a })) : [], returnReason: null };
    });
    const settled = settle(parts);
    const next: SignOff = { state: settled?.state ?? row.to, planVersion: action.planVersion, parts };
    const events = [row.event!, ...(settled ? [settled.event] : [])];
    const kept = parts.filter((part) => part.state === 'approved').length;
    const notes = action.kind === 'resubmit' && kept > 0 ? [`${kept === 1 ? '1 part stays' : `${kept} parts stay`} approved, because nothing in ${kept === 1 ? 'it' : 'them'} changed`] : [];
    return { ok: true, signOff: next, events, notes };
  }

  const part = partOf(signOff, action.streamCode);
  if (!part) return refuse('This plan has no part paid from that funding stream');
  if (!mayActOn(action.approver.organisationId, part.owningOrganisationId)) {
    return refuse('You can only approve or send back parts of the plan paid for by your own organisation');
  }

  let approval: Approval | null = null;
  let notes: string[] = [];
  let outcome: LimitOutcome | 'always' = 'always';
  if (action.kind === 'approve') {
    if (!partTransitions.some((t) => t.from === part.state && t.action === 'approve')) return refuse(partRefusals[part.state]);
    const given = approvalFor(part, action, rules);
    if ('refused' in given) return refuse(given.refused);
    approval = given.approval;
    notes = given.notes;
    outcome = withinLimit(action.approver, action.actualYearlyPence) ? 'within-limit' : 'over-limit';
  } else if (action.reason.trim() === '') {
    return refuse('Enter why you are sending this part back, so the person knows what to change');
  }
  const move = partTransitions.find((t) => t.from === part.state && t.action === action.kind && (t.when === 'always' || t.when === outcome));
  if (!move) {
    if (part.state === 'awaiting-second-approval' && outcome === 'over-limit') {
      return refuse(`${formatPence(action.kind === 'approve' ? action.actualYearlyPence : 0)} a year is more than your approval limit of ${formatPence(action.approver.limitYearlyPence)} a year: an approver whose limit covers it must give the second approval`);
    }
    return refuse(partRefusals[part.state]);
  }
  if (move.to === 'awaiting-second-approval') {
    notes.push(`${formatPence(approval!.actualYearlyPence)} a year is more than your approval limit of ${formatPence(action.approver.limitYearlyPence)} a year, so a second approver must approve it too`);
  }
  const moved: Part = {
    ...part,
    state: move.to,
    approvals: move.to === 'returned' ? [] : [...part.approvals.map((a) => ({ ...a })), ...(approval ? [approval] : [])],
    returnReason: action.kind === 'return' ? action.reason.trim() : null,
  };
  const parts = signOff.parts.map((p) => (p.streamCode === part.streamCode ? moved : { ...p, approvals: p.approvals.map((a) => ({ ...a })) }));
  const settled = settle(parts);
  return {
    ok: true,
    signOff: { state: settled?.state ?? row.to, planVersion: signOff.planVersion, parts },
    events: [move.event, ...(settled ? [settled.event] : [])],
    notes,
  };
}

/** Why the plan was sent back: each returned part's stream and reason, for the person. */
export function returnReasons(signOff: SignOff): { streamCode: string; reason: string }[] {
  return signOff.parts.filter((part) => part.state === 'returned' && part.returnReason !== null).map((part) => ({ streamCode: part.streamCode, reason: part.returnReason! }));
}

/** The actual yearly budget agreed for each stream: present only for approved parts. */
export function actualBudgets(signOff: SignOff): { streamCode: string; actualYearlyPence: number; reasonCode: string | null }[] {
  return signOff.parts
    .filter((part) => part.state === 'approved')
    .map((part) => ({ streamCode: part.streamCode, actualYearlyPence: part.approvals[0]!.actualYearlyPence, reasonCode: part.approvals[0]!.reasonCode }));
}
