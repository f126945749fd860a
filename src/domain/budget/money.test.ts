import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideRoundHalfUp,
  formatPence,
  largestRemainder,
  roundOnce,
  roundedTotal,
  fourWeeklyToWeekly,
  percentOfPence,
  poundsAnswerToPence,
  poundsToPence,
  weeklyToFourWeekly,
  weeklyToYearly,
  yearlyToWeekly,
} from './money.ts';

describe('money in pence', () => {
  it('formats pounds and pence with thousands separators and a true minus sign', () => {
    expect(formatPence(0)).toBe('£0.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(3600)).toBe('£36.00');
    expect(formatPence(123456)).toBe('£1,234.56');
    expect(formatPence(3_000_000)).toBe('£30,000.00');
    expect(formatPence(-2000)).toBe('−£20.00');
    expect(() => formatPence(1.5)).toThrow(RangeError);
  });

  it('rounds division to the nearest whole number, halves up, exactly', () => {
    expect([divideRoundHalfUp(5, 2), divideRoundHalfUp(-5, 2), divideRoundHalfUp(7, 3), divideRoundHalfUp(8, 3), divideRoundHalfUp(0, 7)]).toEqual([3, -2, 2, 3, 0]);
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        // Reference in BigInt: floor((2n + d) / 2d).
        const big = (2n * BigInt(n) + BigInt(d)) / (2n * BigInt(d));
        const floor = (2n * BigInt(n) + BigInt(d)) % (2n * BigInt(d)) < 0n ? big - 1n : big;
        expect(divideRoundHalfUp(n, d)).toBe(Number(floor));
      }),
    );
  });

  it('converts weekly to yearly (× 52) and 4-weekly (× 4), and back with the rounding asked for', () => {
    expect(weeklyToYearly(3600)).toBe(187_200);
    expect(weeklyToFourWeekly(3600)).toBe(14_400);
    expect(yearlyToWeekly(6_926_000)).toBe(133_192); // 133,192.3
    expect(yearlyToWeekly(26, 'nearest')).toBe(1); // 0.5 rounds up
    expect(yearlyToWeekly(51, 'down')).toBe(0);
    expect(fourWeeklyToWeekly(10)).toBe(3); // 2.5 rounds up
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e10 }), (yearly) => {
        expect(weeklyToYearly(yearlyToWeekly(yearly, 'down'))).toBeLessThanOrEqual(yearly);
        expect(Math.abs(weeklyToYearly(yearlyToWeekly(yearly)) - yearly)).toBeLessThanOrEqual(26);
      }),
    );
  });

  it('takes percentages to the nearest penny, halves up', () => {
    expect(percentOfPence(6310, 5)).toBe(316); // £3.155
    expect(percentOfPence(6290, 5)).toBe(315); // £3.145
    expect(percentOfPence(10_000, 12.5)).toBe(1250);
    expect(percentOfPence(333, 33.33)).toBe(111);
    expect(() => percentOfPence(100, 1.234)).toThrow(RangeError);
  });

  it('reads amounts as people type them, without going through floating point', () => {
    expect(poundsToPence('1,234.50')).toEqual({ ok: true, pence: 123_450 });
    expect(poundsToPence('£30,000')).toEqual({ ok: true, pence: 3_000_000 });
    expect(poundsToPence(' 12.5 ')).toEqual({ ok: true, pence: 1250 });
    expect(poundsToPence('.99')).toEqual({ ok: true, pence: 99 });
    expect(poundsToPence('0.29')).toEqual({ ok: true, pence: 29 });
    expect(poundsToPence('')).toEqual({ ok: false, error: 'Enter an amount, like £1,234.50' });
    expect(poundsToPence('-5')).toEqual({ ok: false, error: 'Enter an amount that is £0 or more' });
    expect(poundsToPence('12.345')).toEqual({ ok: false, error: 'Enter an amount to the nearest penny, like £12.50' });
    expect(poundsToPence('12,34')).toEqual({ ok: false, error: 'Enter an amount in pounds and pence using numbers only, like £1,234.50' });
    expect(poundsToPence('ten pounds')).toEqual({ ok: false, error: 'Enter an amount in pounds and pence using numbers only, like £1,234.50' });
    expect(poundsToPence('100000000')).toEqual({ ok: false, error: 'Enter an amount less than £100,000,000.00' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), (pence) => {
        expect(poundsToPence(formatPence(pence))).toEqual({ ok: true, pence });
      }),
    );
  });

  it('turns answers in pounds (at most two decimal places) into exact pence', () => {
    expect(poundsAnswerToPence(0.29)).toBe(29);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), (pence) => {
        expect(poundsAnswerToPence(pence / 100)).toBe(pence);
      }),
    );
  });
});

describe('largestRemainder', () => {
  it('shares a whole total in proportion, adding up exactly, each share within one of its exact part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        fc.pre(weights.some((weight) => weight > 0));
        const shares = largestRemainder(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        shares.forEach((share, index) => expect(Math.abs(share * sum - total * weights[index]!)).toBeLessThan(sum));
      }),
    );
    expect(largestRemainder(3, [6, 5])).toEqual([2, 1]);
  });
});

describe('roundOnce', () => {
  it('rounds the total once, to the nearest penny, and shares it so each amount is within a penny and they add up', () => {
    const unit = 1_000_000n;
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -100_000_000_000_000n, max: 100_000_000_000_000n }), { maxLength: 12 }), fc.array(fc.bigInt({ min: -100_000_000n, max: 100_000_000n })), (exact, whole) => {
        const amounts = [...exact, ...whole.map((pence) => pence * unit)];
        const total = amounts.reduce((a, b) => a + b, 0n);
        const pence = roundOnce(amounts, unit);
        const rounded = roundedTotal(total, unit);
        expect(pence.reduce((a, b) => a + b, 0)).toBe(rounded);
        // The nearest penny, halves up: the exact total is at most half a penny below it, and less than half above.
        const off = 2n * (total - BigInt(rounded) * unit);
        expect(off >= -unit && off < unit).toBe(true);
        amounts.forEach((amount, index) => {
          const share = BigInt(pence[index]!) * unit;
          expect(share - amount < unit && amount - share < unit).toBe(true);
          if (amount % unit === 0n) expect(share).toBe(amount);
        });
      }),
    );
    // Three lines of 1.5p: the total 4.5p rounds once to 5p, not 6p as each line rounding up would give.
    expect(roundOnce([1_500_000n, 1_500_000n, 1_500_000n], unit)).toEqual([2, 2, 1]);
    expect(roundOnce([2_400_000n, -400_000n], unit)).toEqual([2, 0]);
    expect(roundedTotal(-1_500_000n, unit)).toBe(-1);
  });
});
