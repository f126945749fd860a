// What an approver's decision form accepts, in plain English: approve with the actual budget (and a reason when it
// differs from the indicative one, a panel's agreement when it is outside the tolerance, and any reason not to offer
// a direct payment), or send the part back with a reason written for the person.
import { poundsToPence } from '../../domain/budget/money.ts';
import { checkException } from '../../domain/support-plan/direct-payment.ts';
import { type Part, panelCheck } from '../../domain/support-plan/sign-off.ts';
import type { PartDecision } from '../../records/support-plans.ts';

export const decisionFields = ['decision', 'actualBudget', 'reasonCode', 'panelAgreed', 'exception', 'exceptionReasons', 'returnReason'] as const;
export type DecisionField = (typeof decisionFields)[number];

/** The longest reason an approver may write for the person. */
export const longestReturnReason = 2_000;

export type ReadDecision = { ok: true; decision: PartDecision; revision: number } | { ok: false; messages: Partial<Record<DecisionField | 'revision', string>> };

function text(answers: Record<string, unknown>, name: string): string {
  const value = answers[name];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads one part's decision form. A second approval agrees the first approver's amount, reason and panel record, so
 * only the choice is read for it. The sign-off rules check again when the decision is recorded.
 */
export function readDecision(answers: Record<string, unknown>, part: Part, rules: { tolerancePercent: number; reasonCodes: readonly { code: string }[] }): ReadDecision {
  const messages: Partial<Record<DecisionField | 'revision', string>> = {};
  const revision = Number(text(answers, 'revision'));
  if (!Number.isSafeInteger(revision) || revision < 1) messages.revision = 'This form is out of date. Open the page again and make your decision once more';
  const choice = text(answers, 'decision');
  if (choice !== 'approve' && choice !== 'return') {
    messages.decision = 'Select whether to approve this part or send it back';
    return { ok: false, messages };
  }
  if (choice === 'return') {
    const reason = text(answers, 'returnReason');
    if (reason === '') messages.returnReason = 'Enter why you are sending this part back, so the person knows what to change';
    else if (reason.length > longestReturnReason) messages.returnReason = `The reason must be ${longestReturnReason.toLocaleString('en-GB')} characters or fewer`;
    if (Object.keys(messages).length > 0) return { ok: false, messages };
    return { ok: true, revision, decision: { kind: 'return', streamCode: part.streamCode, reason } };
  }

  const first = part.approvals[0];
  if (first) {
    if (Object.keys(messages).length > 0) return { ok: false, messages };
    return { ok: true, revision, decision: { kind: 'approve', streamCode: part.streamCode, actualYearlyPence: first.actualYearlyPence, reasonCode: first.reasonCode, panelAgreed: first.panelAgreed } };
  }

  const amount = poundsToPence(text(answers, 'actualBudget'));
  if (!amount.ok) messages.actualBudget = amount.error.replace('Enter an amount,', 'Enter the actual budget for a year,');
  const reasonCode = text(answers, 'reasonCode');
  if (amount.ok) {
    if (amount.pence !== part.indicativeYearlyPence) {
      if (reasonCode === '') messages.reasonCode = 'Select why the actual budget is different from the indicative budget';
      else if (!rules.reasonCodes.some((reason) => reason.code === reasonCode)) messages.reasonCode = 'Select a reason from the list';
    }
    const panel = panelCheck(part.indicativeYearlyPence, amount.pence, rules.tolerancePercent);
    if (panel.needed && text(answers, 'panelAgreed') !== 'yes') messages.panelAgreed = `${panel.sentence}. Confirm a panel agreed it, or change the amount`;
  }
  let exception = null;
  if (text(answers, 'noDirectPayment') === 'yes') {
    const checked = checkException({ exception: text(answers, 'exception'), reasons: text(answers, 'exceptionReasons') }, part.streamCode);
    if (checked.ok) exception = checked.exception;
    else {
      if (checked.errors.exception) messages.exception = checked.errors.exception;
      if (checked.errors.reasons) messages.exceptionReasons = checked.errors.reasons;
    }
  }
  if (!amount.ok || Object.keys(messages).length > 0) return { ok: false, messages };
  return {
    ok: true,
    revision,
    decision: {
      kind: 'approve',
      streamCode: part.streamCode,
      actualYearlyPence: amount.pence,
      reasonCode: amount.pence === part.indicativeYearlyPence ? null : reasonCode,
      panelAgreed: text(answers, 'panelAgreed') === 'yes',
      exception,
    },
  };
}
