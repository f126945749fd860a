// The period rule pays a budget agreed as weekly × 52 exactly weekly × 4 every 4 weeks, and rounds other lengths once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentForPeriod, paymentReference, paymentTransferId, periodEnd, periodProblem, submissionSerial } from './payment-period.ts';
import { toBacsText } from './bacs-characters.ts';

describe('payment periods', () => {
  it('end on the last of their days, across months and years', () => {
    expect(periodEnd('2026-11-09', 28)).toBe('2026-12-06');
    expect(periodEnd('2026-12-20', 28)).toBe('2027-01-16');
    expect(periodEnd('2026-11-09', 1)).toBe('2026-11-09');
  });

  it('pay a weekly × 52 budget exactly weekly × 4 every 4 weeks', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (weekly) => paymentForPeriod(weekly * 52) === weekly * 4), { numRuns: 100 });
  });

  it('round the yearly amount ÷ 13 to the nearest penny, halves up', () => {
    expect(paymentForPeriod(13)).toBe(1);
    expect(paymentForPeriod(19)).toBe(1);
    expect(paymentForPeriod(20)).toBe(2);
    expect(paymentForPeriod(36_400, 7)).toBe(700);
    expect(() => paymentForPeriod(100, 0)).toThrow(RangeError);
  });

  it('refuse a period that is not a real day or length', () => {
    expect(periodProblem('2026-02-30', 28)).toContain('real date');
    expect(periodProblem('2026-11-09', 400)).toContain('366');
    expect(periodProblem('2026-11-09', 28)).toBeUndefined();
  });

  it('give each person, stream and period its own transfer id, and references the bank accepts', () => {
    const id = paymentTransferId('a', '2026-11-09', 'p', 'adult-social-care');
    expect(id).not.toBe(paymentTransferId('a', '2026-12-07', 'p', 'adult-social-care'));
    expect(id).not.toBe(paymentTransferId('a', '2026-11-09', 'q', 'adult-social-care'));
    expect(toBacsText(paymentReference('2026-11-09'))).toEqual({ ok: true, text: 'DP 20261109' });
    expect(submissionSerial('2026-11-09')).toBe('261109');
  });
});
