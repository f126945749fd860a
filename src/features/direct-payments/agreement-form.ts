// Reads the direct payment agreement form: the acknowledgement of when money may have to be paid back, who signs
// (the person, or someone else for them, named with how they know the person), the date signed, and, when the money
// goes to a suitable person for someone who cannot agree to it, the four conditions of that route. Every message is
// found at once, keyed by the field it belongs next to, so the person puts everything right in one go.
import { type DirectPaymentAgreement, type DirectPaymentOffer, type SuitablePersonRoute, agreementProblems, suitablePersonConditions } from '../../domain/support-plan/direct-payment.ts';
import { checkTypedDay } from '../../domain/support-plan/days.ts';

type Form = Record<string, unknown>;

export const longestSignerText = 200;

/** The form's fields in page order, for the error summary. Condition checkboxes have an id each. */
export const agreementFieldOrder = [
  'amount',
  'repaymentAcknowledged',
  'signedBy',
  'signerName',
  'signerRelationship',
  'signedOn',
  'suitablePerson',
  ...suitablePersonConditions.map((condition) => `condition-${condition.key}`),
] as const;

export type AgreementRead = { ok: true; agreement: DirectPaymentAgreement } | { ok: false; messages: Record<string, string> };

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
const chosen = (form: Form, name: string) => [form[name]].flat().filter((value): value is string => typeof value === 'string');

export function readAgreement(form: Form, offer: DirectPaymentOffer, today: string): AgreementRead {
  const messages: Record<string, string> = {};
  const signedByChoice = text(form, 'signedBy');
  if (signedByChoice !== 'person' && signedByChoice !== 'someone-else') messages.signedBy = 'Select who is signing the agreement';
  const name = text(form, 'signerName').replace(/\s+/g, ' ');
  const relationship = text(form, 'signerRelationship').replace(/\s+/g, ' ');
  if (signedByChoice === 'someone-else' && name.length > longestSignerText) messages.signerName = `The name must be ${longestSignerText} characters or fewer`;
  if (signedByChoice === 'someone-else' && relationship.length > longestSignerText) messages.signerRelationship = `How they know the person must be ${longestSignerText} characters or fewer`;

  const day = checkTypedDay({ day: text(form, 'signedOn-day'), month: text(form, 'signedOn-month'), year: text(form, 'signedOn-year') }, 'The date signed', false);
  if (!day.ok) messages.signedOn = day.message;
  else if (day.day && day.day > today) messages.signedOn = 'The date signed must be today or in the past';

  const suitableChoice = text(form, 'suitablePerson');
  if (suitableChoice !== 'yes' && suitableChoice !== 'no') messages.suitablePerson = 'Select whether the money goes to a suitable person';
  const ticked = chosen(form, 'conditions');
  const suitablePerson: SuitablePersonRoute | null =
    suitableChoice === 'yes'
      ? {
          suitablePersonName: signedByChoice === 'someone-else' ? name : '',
          surrogateConsent: ticked.includes('surrogateConsent'),
          consulted: ticked.includes('consulted'),
          wishesConsidered: ticked.includes('wishesConsidered'),
          enhancedCheck: ticked.includes('enhancedCheck'),
        }
      : null;

  const agreement: DirectPaymentAgreement = {
    amount: offer.amount,
    repaymentAcknowledged: chosen(form, 'repaymentAcknowledged').includes('yes'),
    signedBy: signedByChoice === 'someone-else' ? { by: 'someone-else', name, relationship } : { by: 'person' },
    signedOn: day.ok && day.day ? day.day : '',
    suitablePerson,
  };
  // The shared rules, for everything the form did not already find wrong.
  const problems = agreementProblems(agreement, offer);
  for (const field of ['amount', 'repaymentAcknowledged', 'signerName', 'signerRelationship', 'signedOn'] as const) {
    if (problems[field] && !messages[field] && !(messages.signedBy && (field === 'signerName' || field === 'signerRelationship'))) messages[field] = problems[field]!;
  }
  if (suitablePerson) {
    // Each condition is its own checkbox, so each missing one gets its own message, linked to its box.
    for (const condition of suitablePersonConditions) if (!suitablePerson[condition.key]) messages[`condition-${condition.key}`] = condition.missing;
    if (!messages.signedBy && signedByChoice !== 'someone-else') messages.signedBy = 'The suitable person signs the agreement for the person: choose someone else and enter their name';
  }
  return Object.keys(messages).length > 0 ? { ok: false, messages } : { ok: true, agreement };
}
