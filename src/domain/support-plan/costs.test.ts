import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costOf, formatQuantity, parseQuantity, type Frequency } from './costs.ts';

describe('costOf', () => {
  it('turns "3 hours of home care a day at £24.50 an hour" into a weekly and a yearly cost', () => {
    const cost = costOf(2450, { kind: 'weekly', timesPerWeek: 7, unitsEachTime: 300 });
    expect(cost).toEqual({ weeklyPence: 51_450, yearlyPence: 2_675_400, oneOff: false });
  });

  it('rounds a 4-weekly cost once for the year rather than multiplying a rounded week', () => {
    // £10.01 every 4 weeks: a week is 250.25p → 250p; a year is 13 × 1001p = 13,013p, not 250 × 52 = 13,000p.
    expect(costOf(1001, { kind: 'four-weekly', timesPerFourWeeks: 1, unitsEachTime: 100 })).toEqual({ weeklyPence: 250, yearlyPence: 13_013, oneOff: false });
  });

  it('counts a one-off cost in the year and in no week', () => {
    expect(costOf(45_000, { kind: 'one-off', unitsEachTime: 100 })).toEqual({ weeklyPence: 0, yearlyPence: 45_000, oneOff: true });
  });

  it('refuses fractions of a penny and negative quantities', () => {
    expect(() => costOf(10.5, { kind: 'one-off', unitsEachTime: 100 })).toThrow(RangeError);
    expect(() => costOf(100, { kind: 'weekly', timesPerWeek: -1, unitsEachTime: 100 })).toThrow(RangeError);
  });

  const frequencies: fc.Arbitrary<Frequency> = fc.oneof(
    fc.record({ kind: fc.constant('weekly' as const), timesPerWeek: fc.nat(50), unitsEachTime: fc.nat(10_000) }),
    fc.record({ kind: fc.constant('four-weekly' as const), timesPerFourWeeks: fc.nat(200), unitsEachTime: fc.nat(10_000) }),
    fc.record({ kind: fc.constant('one-off' as const), unitsEachTime: fc.nat(10_000) }),
  );

  it('is within half a penny of the exact cost, weekly and yearly, for any unit cost and frequency', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), frequencies, (unitCost, frequency) => {
        const { weeklyPence, yearlyPence } = costOf(unitCost, frequency);
        // The exact cost as a fraction of whole numbers (BigInt), so the check itself never rounds: a double loses the
        // last digits of a yearly cost in the hundreds of millions of pence.
        const perTime = BigInt(unitCost) * BigInt(frequency.unitsEachTime);
        const week = frequency.kind === 'weekly' ? { top: perTime * BigInt(frequency.timesPerWeek), bottom: 100n } : frequency.kind === 'four-weekly' ? { top: perTime * BigInt(frequency.timesPerFourWeeks), bottom: 400n } : { top: 0n, bottom: 1n };
        const year = frequency.kind === 'one-off' ? { top: perTime, bottom: 100n } : { top: week.top * 52n, bottom: week.bottom };
        const withinHalfAPenny = (pence: number, exact: { top: bigint; bottom: bigint }) => {
          const gap = BigInt(pence) * exact.bottom - exact.top;
          return 2n * (gap < 0n ? -gap : gap) <= exact.bottom;
        };
        expect(Number.isInteger(weeklyPence) && Number.isInteger(yearlyPence)).toBe(true);
        expect(withinHalfAPenny(weeklyPence, week), `weekly ${weeklyPence}`).toBe(true);
        expect(withinHalfAPenny(yearlyPence, year), `yearly ${yearlyPence}`).toBe(true);
      }),
      // Found by a run whose check still used doubles: a yearly cost the double could not hold to the penny.
      { examples: [[999_995, { kind: 'four-weekly', timesPerFourWeeks: 165, unitsEachTime: 9_998 }]] },
    );
  });
});

describe('quantities', () => {
  it('reads what people type into hundredths and writes it back', () => {
    expect(parseQuantity('1.5')).toEqual({ ok: true, hundredths: 150 });
    expect(parseQuantity(' 3 ')).toEqual({ ok: true, hundredths: 300 });
    expect(parseQuantity('.25')).toEqual({ ok: true, hundredths: 25 });
    expect(formatQuantity(150)).toBe('1.5');
    expect(formatQuantity(305)).toBe('3.05');
    expect(formatQuantity(300)).toBe('3');
  });

  it('says what is wrong in plain English', () => {
    expect(parseQuantity('', 'the hours')).toEqual({ ok: false, error: 'Enter the hours' });
    expect(parseQuantity('three')).toMatchObject({ ok: false, error: 'Enter how many as a number, like 3 or 1.5' });
    expect(parseQuantity('1.234')).toMatchObject({ ok: false });
    expect(parseQuantity('0')).toMatchObject({ ok: false, error: 'Enter how many that is more than 0' });
  });

  it('round-trips every quantity', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999 }), (hundredths) => {
        expect(parseQuantity(formatQuantity(hundredths))).toEqual({ ok: true, hundredths });
      }),
    );
  });
});
