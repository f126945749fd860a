// The direct payment offer that follows an approved plan (Right to Control (Pilot Scheme) Regulations 2010): a direct
// payment is offered for each stream unless an exception is recorded with reasons, and the person accepts or declines it.
import { divideRoundHalfUp, formatPence } from '../budget/money.ts';
import { isDay } from './days.ts';

/** The six cases in which a direct payment need not be offered, in plain English. */
export const directPaymentExceptions = [
  { code: 'cannot-manage', name: 'The person cannot manage a direct payment, even with help' },
  { code: 'need-not-met', name: 'The need cannot be met by a direct payment' },
  { code: 'unreasonable-cost', name: 'A direct payment would cost much more than arranging the support' },
  { code: 'harm-to-others', name: 'It would harm the services other people get' },
  { code: 'not-practicable', name: 'It is not reasonably practicable' },
  { code: 'excluded-person', name: 'The law excludes the person from direct payments' },
] as const;
export type DirectPaymentException = (typeof directPaymentExceptions)[number]['code'];

export function isDirectPaymentException(value: string): value is DirectPaymentException {
  return directPaymentExceptions.some((exception) => exception.code === value);
}

export interface RecordedException {
  streamCode: string;
  exception: DirectPaymentException;
  /** Why, in words the person can read: an exception is never recorded without them. */
  reasons: string;
}

export type OfferState = 'not-offered' | 'offered' | 'accepted' | 'declined';

export const offerStateNames: Record<OfferState, string> = {
  'not-offered': 'Not offered',
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
};

/** The 4-weekly and yearly amounts of a direct payment. */
export interface DirectPaymentAmount {
  fourWeeklyPence: number;
  yearlyPence: number;
}

/** The suitable-person route, for someone who lacks capacity to agree to a direct payment: complete only when all four hold. */
export interface SuitablePersonRoute {
  suitablePersonName: string;
  /** A surrogate (an attorney, a deputy, or someone who can speak for the person) consented. */
  surrogateConsent: boolean;
  /** The people the regulations name were consulted. */
  consulted: boolean;
  /** The person's past and present wishes and feelings were considered. */
  wishesConsidered: boolean;
  /** An enhanced criminal record check was done on the suitable person. */
  enhancedCheck: boolean;
}

export const suitablePersonConditions = [
  { key: 'surrogateConsent', missing: 'Record that someone who can speak for the person consented' },
  { key: 'consulted', missing: 'Record that the people who should be asked were consulted' },
  { key: 'wishesConsidered', missing: 'Record that the person’s wishes and feelings were considered' },
  { key: 'enhancedCheck', missing: 'Record that an enhanced criminal record check was done on the suitable person' },
] as const;

export type SignedBy = { by: 'person' } | { by: 'someone-else'; name: string; relationship: string };

export interface DirectPaymentAgreement {
  amount: DirectPaymentAmount;
  /** The person (or whoever signs for them) acknowledges the cases in which they may have to pay money back. */
  repaymentAcknowledged: boolean;
  signedBy: SignedBy;
  /** YYYY-MM-DD. */
  signedOn: string;
  /** Present when the payment goes to a suitable person for someone who lacks capacity. */
  suitablePerson: SuitablePersonRoute | null;
}

export interface DirectPaymentOffer {
  streamCode: string;
  state: OfferState;
  amount: DirectPaymentAmount;
  exception: RecordedException | null;
  agreement: DirectPaymentAgreement | null;
}

/** What a person may be asked to pay back, for the acknowledgement they sign. Plain English; the area may word its own. */
export const repaymentCases = [
  'money not spent on the support in your plan',
  'money left over above the amount you may keep',
  'money paid because of information that was wrong',
] as const;

/**
 * A yearly amount paid every 4 weeks: 13 payments a year of the yearly amount ÷ 13 to the nearest penny, halves up.
 * When the year is a weekly amount × 52 this is the weekly amount × 4 exactly; otherwise 13 payments differ from the
 * year by at most 6p (13 × half a penny), and the agreement records both figures.
 */
export function directPaymentAmount(yearlyPence: number): DirectPaymentAmount {
  return { fourWeeklyPence: divideRoundHalfUp(yearlyPence, 13), yearlyPence };
}

/** "£1,200.00 every 4 weeks (£15,600.00 a year)". */
export function describeAmount(amount: DirectPaymentAmount): string {
  return `${formatPence(amount.fourWeeklyPence)} every 4 weeks (${formatPence(amount.yearlyPence)} a year)`;
}

export type ExceptionField = 'exception' | 'reasons';

/** Checks an exception as typed, with GOV.UK messages keyed by field. */
export function checkException(typed: { exception?: string; reasons?: string }, streamCode: string): { ok: true; exception: RecordedException } | { ok: false; errors: Partial<Record<ExceptionField, string>> } {
  const errors: Partial<Record<ExceptionField, string>> = {};
  const code = typed.exception ?? '';
  if (!isDirectPaymentException(code)) errors.exception = 'Select why a direct payment cannot be offered';
  const reasons = (typed.reasons ?? '').trim();
  if (reasons === '') errors.reasons = 'Enter the reasons, in words the person can understand';
  else if (reasons.length > 2_000) errors.reasons = 'The reasons must be 2,000 characters or fewer';
  if (Object.keys(errors).length > 0 || !isDirectPaymentException(code)) return { ok: false, errors };
  return { ok: true, exception: { streamCode, exception: code, reasons } };
}

/**
 * The offers that follow approval: one per approved stream, offered unless an exception for that stream is recorded
 * with reasons. Each comes with its event name for the audit and the process measures.
 */
export function offerDirectPayments(
  approved: readonly { streamCode: string; actualYearlyPence: number }[],
  exceptions: readonly RecordedException[],
): { offers: DirectPaymentOffer[]; events: { name: string; streamCode: string }[] } {
  const offers = approved.map((part): DirectPaymentOffer => {
    const exception = exceptions.find((e) => e.streamCode === part.streamCode && e.reasons.trim() !== '') ?? null;
    return { streamCode: part.streamCode, state: exception ? 'not-offered' : 'offered', amount: directPaymentAmount(part.actualYearlyPence), exception, agreement: null };
  });
  return { offers, events: offers.map((offer) => ({ name: offer.state === 'offered' ? 'direct-payment.offered' : 'direct-payment.not-offered', streamCode: offer.streamCode })) };
}

/** The steps still missing from a suitable-person route; empty when it is complete. */
export function suitablePersonMissing(route: SuitablePersonRoute): string[] {
  const missing: string[] = route.suitablePersonName.trim() === '' ? ['Enter the suitable person’s name'] : [];
  return [...missing, ...suitablePersonConditions.filter((condition) => !route[condition.key]).map((condition) => condition.missing)];
}

export function suitablePersonComplete(route: SuitablePersonRoute): boolean {
  return suitablePersonMissing(route).length === 0;
}

export type AgreementField = 'amount' | 'repaymentAcknowledged' | 'signedBy' | 'signerName' | 'signerRelationship' | 'signedOn' | 'suitablePerson';

/** Checks an agreement, with GOV.UK messages keyed by field. A suitable person signs for the person, and only once all four conditions hold. */
export function agreementProblems(agreement: DirectPaymentAgreement, offer: DirectPaymentOffer): Partial<Record<AgreementField, string>> {
  const errors: Partial<Record<AgreementField, string>> = {};
  if (!agreement.repaymentAcknowledged) errors.repaymentAcknowledged = 'Confirm that you understand when you may have to pay money back';
  if (agreement.signedBy.by === 'someone-else') {
    if (agreement.signedBy.name.trim() === '') errors.signerName = 'Enter the name of the person signing';
    if (agreement.signedBy.relationship.trim() === '') errors.signerRelationship = 'Enter how they know the person, like daughter or advocate';
  }
  if (!isDay(agreement.signedOn)) errors.signedOn = 'The date signed must be a real date';
  if (agreement.amount.yearlyPence !== offer.amount.yearlyPence || agreement.amount.fourWeeklyPence !== offer.amount.fourWeeklyPence) {
    errors.amount = `The agreement must be for the amount offered, ${describeAmount(offer.amount)}`;
  }
  if (agreement.suitablePerson) {
    const missing = suitablePersonMissing(agreement.suitablePerson);
    if (missing.length > 0) errors.suitablePerson = missing[0]!;
    else if (agreement.signedBy.by !== 'someone-else' || agreement.signedBy.name.trim() !== agreement.suitablePerson.suitablePersonName.trim()) {
      errors.signedBy = 'The suitable person signs the agreement for the person';
    }
  }
  return errors;
}

export type OfferAction = { kind: 'accept'; agreement: DirectPaymentAgreement } | { kind: 'decline' } | { kind: 'offer-again' };

/** How an offer moves: the person may accept or decline it, and may ask again after declining. */
export const offerTransitions: readonly { from: OfferState; action: OfferAction['kind']; to: OfferState; event: string }[] = [
  { from: 'offered', action: 'accept', to: 'accepted', event: 'direct-payment.accepted' },
  { from: 'offered', action: 'decline', to: 'declined', event: 'direct-payment.declined' },
  { from: 'declined', action: 'offer-again', to: 'offered', event: 'direct-payment.offered' },
];

const offerRefusals: Record<OfferState, string> = {
  'not-offered': 'A direct payment was not offered for this part of the plan, for the reasons recorded',
  offered: 'The direct payment is waiting for an answer',
  accepted: 'The direct payment has already been accepted',
  declined: 'The direct payment was declined: offer it again first',
};

export type OfferResult =
  | { ok: true; offer: DirectPaymentOffer; event: string }
  | { ok: false; reason: string; errors?: Partial<Record<AgreementField, string>> };

/** Applies one action to an offer: the new offer with its event, or a refusal with the reason. Never changes `offer`. */
export function applyOffer(offer: DirectPaymentOffer, action: OfferAction): OfferResult {
  const row = offerTransitions.find((t) => t.from === offer.state && t.action === action.kind);
  if (!row) return { ok: false, reason: offerRefusals[offer.state] };
  if (action.kind === 'accept') {
    const errors = agreementProblems(action.agreement, offer);
    if (Object.keys(errors).length > 0) return { ok: false, reason: 'The agreement is not complete', errors };
    return { ok: true, offer: { ...offer, state: row.to, agreement: structuredClone(action.agreement) }, event: row.event };
  }
  return { ok: true, offer: { ...offer, state: row.to, agreement: null }, event: row.event };
}
