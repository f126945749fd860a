// What the owning organisation may choose when it confirms or changes a stream's eligibility decision, and what the
// choice means. Who may make it is the access policy's 'stream.confirm'; everyone else sees the decision read-only.
import { z } from 'zod';
import type { EligibilityDecision } from '../../domain/assessment/eligibility.ts';
import { answersOf, type FormErrors, formErrors, validateForm } from '../../platform/forms.ts';

export const decisions = ['eligible', 'not eligible', 'more information needed'] as const satisfies readonly EligibilityDecision[];
/** A confirmed decision settles the question: "more information needed" is never where a practitioner leaves it. */
export type ConfirmedDecision = Exclude<EligibilityDecision, 'more information needed'>;

export const outcomes = ['confirm', 'eligible', 'not-eligible'] as const;
export type Outcome = (typeof outcomes)[number];

export function asDecision(value: string): EligibilityDecision {
  return (decisions as readonly string[]).includes(value) ? (value as EligibilityDecision) : 'more information needed';
}

/** What counts now: the owning organisation's decision once given, else the rules'. */
export function decisionInForce(row: { decision: string; confirmedDecision: string | null }): EligibilityDecision {
  return asDecision(row.confirmedDecision ?? row.decision);
}

export type ConfirmationStatus = 'not yet confirmed' | 'confirmed' | 'changed';

export function confirmationStatus(row: { decision: string; confirmedDecision: string | null }): ConfirmationStatus {
  if (!row.confirmedDecision) return 'not yet confirmed';
  return row.confirmedDecision === row.decision ? 'confirmed' : 'changed';
}

/** The choices offered: confirming "more information needed", or "changing" to the same decision, would say nothing. */
export function outcomesFor(decision: EligibilityDecision): Outcome[] {
  return outcomes.filter((outcome) => {
    if (outcome === 'confirm') return decision !== 'more information needed';
    return toDecision(outcome) !== decision;
  });
}

function toDecision(outcome: Exclude<Outcome, 'confirm'>): ConfirmedDecision {
  return outcome === 'eligible' ? 'eligible' : 'not eligible';
}

export type Resolution = { ok: true; decision: ConfirmedDecision; overridden: boolean } | { ok: false; message: string };

/** The decision a choice leads to, or why it cannot be made on this decision. */
export function resolveOutcome(decision: EligibilityDecision, outcome: Outcome): Resolution {
  if (outcome === 'confirm') {
    if (decision === 'more information needed') return { ok: false, message: 'Select eligible or not eligible: a decision that needs more information cannot be confirmed' };
    return { ok: true, decision, overridden: false };
  }
  const chosen = toDecision(outcome);
  return { ok: true, decision: chosen, overridden: chosen !== decision };
}

export const reasonMaxLength = 2000;

const confirmationForm = z.object({
  outcome: z.enum(outcomes, { error: 'Select whether you confirm the decision or change it' }),
  reason: z
    .string()
    .trim()
    .max(reasonMaxLength, `Reason must be ${reasonMaxLength} characters or fewer`)
    .optional()
    .transform((value) => (value ? value : undefined)),
});

export const confirmationFieldOrder = ['outcome', 'reason'] as const;

export type CheckedConfirmation =
  | { ok: true; value: { decision: ConfirmedDecision; overridden: boolean; reason: string | undefined } }
  | { ok: false; errors: FormErrors; answers: Record<string, unknown> };

/** Checks a submitted confirmation against the decision it is about: a change of decision needs a reason. */
export function checkConfirmation(decision: EligibilityDecision, body: unknown): CheckedConfirmation {
  const form = validateForm(confirmationForm, body, confirmationFieldOrder);
  if (!form.ok) return form;
  const resolution = resolveOutcome(decision, form.value.outcome);
  if (!resolution.ok) return { ok: false, errors: formErrors({ outcome: resolution.message }, confirmationFieldOrder), answers: answersOf(body) };
  if (resolution.overridden && !form.value.reason) {
    return { ok: false, errors: formErrors({ reason: 'Enter the reason for changing the decision' }, confirmationFieldOrder), answers: answersOf(body) };
  }
  return { ok: true, value: { decision: resolution.decision, overridden: resolution.overridden, reason: form.value.reason } };
}
