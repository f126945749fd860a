import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DirectPaymentAgreement,
  type SuitablePersonRoute,
  applyOffer,
  checkException,
  describeAmount,
  directPaymentAmount,
  directPaymentExceptions,
  offerDirectPayments,
  suitablePersonComplete,
  suitablePersonMissing,
} from './direct-payment.ts';

const approved = [
  { streamCode: 'adult-social-care', actualYearlyPence: 1_560_000 },
  { streamCode: 'access-to-work', actualYearlyPence: 500_000 },
];
const { offers, events } = offerDirectPayments(approved, [{ streamCode: 'access-to-work', exception: 'need-not-met', reasons: 'The support is given at your workplace by your employer' }]);
const offer = offers[0]!;

const agreement: DirectPaymentAgreement = {
  amount: directPaymentAmount(1_560_000),
  repaymentAcknowledged: true,
  signedBy: { by: 'person' },
  signedOn: '2026-03-02',
  suitablePerson: null,
};

const route: SuitablePersonRoute = { suitablePersonName: 'Ann Lee', surrogateConsent: true, consulted: true, wishesConsidered: true, enhancedCheck: true };

describe('the direct payment offer', () => {
  it('is made for every approved stream unless an exception is recorded with reasons', () => {
    expect(offers.map((o) => [o.streamCode, o.state])).toEqual([
      ['adult-social-care', 'offered'],
      ['access-to-work', 'not-offered'],
    ]);
    expect(events).toEqual([
      { name: 'direct-payment.offered', streamCode: 'adult-social-care' },
      { name: 'direct-payment.not-offered', streamCode: 'access-to-work' },
    ]);
    expect(offerDirectPayments(approved, [{ streamCode: 'access-to-work', exception: 'need-not-met', reasons: ' ' }]).offers[1]!.state).toBe('offered');
  });

  it('lists the six exceptions in plain English and needs reasons for any of them', () => {
    expect(directPaymentExceptions).toHaveLength(6);
    expect(checkException({}, 'adult-social-care')).toEqual({
      ok: false,
      errors: { exception: 'Select why a direct payment cannot be offered', reasons: 'Enter the reasons, in words the person can understand' },
    });
    expect(checkException({ exception: 'cannot-manage', reasons: ' Even with help from a support service ' }, 'adult-social-care')).toEqual({
      ok: true,
      exception: { streamCode: 'adult-social-care', exception: 'cannot-manage', reasons: 'Even with help from a support service' },
    });
  });

  it('records the amount every 4 weeks and for the year', () => {
    expect(offer.amount).toEqual({ fourWeeklyPence: 120_000, yearlyPence: 1_560_000 });
    expect(describeAmount(offer.amount)).toBe('£1,200.00 every 4 weeks (£15,600.00 a year)');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (yearly) => {
        const amount = directPaymentAmount(yearly);
        expect(Math.abs(amount.fourWeeklyPence * 13 - yearly)).toBeLessThanOrEqual(6);
        if (yearly % 52 === 0) expect(amount.fourWeeklyPence).toBe((yearly / 52) * 4);
      }),
    );
  });

  it('is accepted only with the acknowledgement of repayment, signed by the person or for them', () => {
    const accepted = applyOffer(offer, { kind: 'accept', agreement });
    expect(accepted).toMatchObject({ ok: true, event: 'direct-payment.accepted', offer: { state: 'accepted', agreement } });
    expect(applyOffer(offer, { kind: 'accept', agreement: { ...agreement, repaymentAcknowledged: false, signedBy: { by: 'someone-else', name: '', relationship: '' } } })).toEqual({
      ok: false,
      reason: 'The agreement is not complete',
      errors: {
        repaymentAcknowledged: 'Confirm that you understand when you may have to pay money back',
        signerName: 'Enter the name of the person signing',
        signerRelationship: 'Enter how they know the person, like daughter or advocate',
      },
    });
    expect(applyOffer(offer, { kind: 'accept', agreement: { ...agreement, amount: directPaymentAmount(1) } })).toMatchObject({ ok: false, errors: { amount: expect.stringContaining('amount offered') } });
    if (accepted.ok) expect(applyOffer(accepted.offer, { kind: 'decline' })).toEqual({ ok: false, reason: 'The direct payment has already been accepted' });
  });

  it('may be declined, and offered again', () => {
    const declined = applyOffer(offer, { kind: 'decline' });
    expect(declined).toMatchObject({ ok: true, event: 'direct-payment.declined', offer: { state: 'declined' } });
    if (!declined.ok) return;
    expect(applyOffer(declined.offer, { kind: 'accept', agreement })).toMatchObject({ ok: false, reason: expect.stringContaining('offer it again first') });
    expect(applyOffer(declined.offer, { kind: 'offer-again' })).toMatchObject({ ok: true, event: 'direct-payment.offered', offer: { state: 'offered' } });
    expect(applyOffer(offers[1]!, { kind: 'accept', agreement })).toMatchObject({ ok: false, reason: expect.stringContaining('not offered') });
  });
});

describe('the suitable-person route', () => {
  it('is complete only when all four conditions hold', () => {
    expect(suitablePersonComplete(route)).toBe(true);
    const keys = ['surrogateConsent', 'consulted', 'wishesConsidered', 'enhancedCheck'] as const;
    fc.assert(
      fc.property(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()), (held) => {
        const partial = { ...route, ...Object.fromEntries(keys.map((key, i) => [key, held[i]])) };
        expect(suitablePersonComplete(partial)).toBe(held.every(Boolean));
        expect(suitablePersonMissing(partial)).toHaveLength(held.filter((h) => !h).length);
      }),
    );
  });

  it('lets a suitable person accept only once complete, and only by signing themselves', () => {
    const forAnn = { ...agreement, signedBy: { by: 'someone-else' as const, name: 'Ann Lee', relationship: 'Sister' }, suitablePerson: route };
    expect(applyOffer(offer, { kind: 'accept', agreement: forAnn })).toMatchObject({ ok: true });
    expect(applyOffer(offer, { kind: 'accept', agreement: { ...forAnn, suitablePerson: { ...route, enhancedCheck: false } } })).toMatchObject({
      ok: false,
      errors: { suitablePerson: 'Record that an enhanced criminal record check was done on the suitable person' },
    });
    expect(applyOffer(offer, { kind: 'accept', agreement: { ...forAnn, signedBy: { by: 'person' } } })).toMatchObject({ ok: false, errors: { signedBy: 'The suitable person signs the agreement for the person' } });
  });
});
