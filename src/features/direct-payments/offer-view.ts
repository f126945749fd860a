// What the person reads about each direct payment offer: its state and amount in words, why one was not offered and
// what they can do, and the agreement once signed. Shared by the pages and the API so both say the same thing.
import { formatPence } from '../../domain/budget/money.ts';
import { type DirectPaymentAgreement, type DirectPaymentOffer, describeAmount, directPaymentExceptions, offerStateNames, repaymentCases } from '../../domain/support-plan/direct-payment.ts';
import { formatDay } from '../../domain/support-plan/days.ts';
import type { OfferRecord } from '../../records/support-plans.ts';

export interface OfferView {
  streamCode: string;
  streamName: string;
  state: DirectPaymentOffer['state'];
  stateName: string;
  revision: number;
  amount: { text: string; fourWeekly: string; yearly: string; fourWeeklyPence: number; yearlyPence: number };
  exception: { code: string; name: string; because: string; reasons: string } | null;
  agreement: { signedBy: string; signedOn: string; suitablePerson: string | null } | null;
}

/** "The need cannot be met …" → "the need cannot be met …", to follow "Not offered because". */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Who signed, in a line: "You signed it" for the person, or the name and how they know the person. */
export function signedByText(agreement: DirectPaymentAgreement, own: boolean): string {
  if (agreement.signedBy.by === 'person') return own ? 'You signed it' : 'The person signed it';
  return `${agreement.signedBy.name} (${agreement.signedBy.relationship}) signed it for ${own ? 'you' : 'the person'}`;
}

export function offerView(record: OfferRecord, streamNames: Readonly<Record<string, string>>, own: boolean): OfferView {
  const { offer } = record;
  const exceptionName = offer.exception ? (directPaymentExceptions.find((exception) => exception.code === offer.exception!.exception)?.name ?? 'A reason was recorded') : undefined;
  return {
    streamCode: record.streamCode,
    streamName: streamNames[record.streamCode] ?? record.streamCode,
    state: record.state,
    stateName: offerStateNames[record.state],
    revision: record.revision,
    amount: {
      text: describeAmount(offer.amount),
      fourWeekly: formatPence(offer.amount.fourWeeklyPence),
      yearly: formatPence(offer.amount.yearlyPence),
      fourWeeklyPence: offer.amount.fourWeeklyPence,
      yearlyPence: offer.amount.yearlyPence,
    },
    exception:
      offer.state === 'not-offered' && offer.exception && exceptionName
        ? { code: offer.exception.exception, name: exceptionName, because: `Not offered because ${lowerFirst(exceptionName)}.`, reasons: offer.exception.reasons }
        : null,
    agreement:
      offer.state === 'accepted' && offer.agreement
        ? { signedBy: signedByText(offer.agreement, own), signedOn: formatDay(offer.agreement.signedOn), suitablePerson: offer.agreement.suitablePerson?.suitablePersonName ?? null }
        : null,
  };
}

/** The cases in which money may have to be paid back, as one sentence each for the agreement page. */
export const repaymentSentences = repaymentCases.map((text) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
