import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashEquivalent, costInForce, frequencyPhrase, type UnitCost } from './catalogue.ts';

const cost = (effectiveFrom: string, unitCostPence: number, effectiveTo: string | null = null): UnitCost => ({ effectiveFrom, unitCostPence, effectiveTo });

describe('the cost in force on a day', () => {
  const history = [cost('2025-04-01', 2450, null), cost('2024-04-01', 2300, '2025-03-31'), cost('2026-04-01', 2600, '2026-09-30')];

  it('is the one with the latest effective date on or before the day', () => {
    expect(costInForce(history, '2024-03-31')).toBeUndefined();
    expect(costInForce(history, '2024-04-01')?.unitCostPence).toBe(2300);
    expect(costInForce(history, '2025-03-31')?.unitCostPence).toBe(2300);
    expect(costInForce(history, '2025-04-01')?.unitCostPence).toBe(2450);
    expect(costInForce(history, '2026-09-30')?.unitCostPence).toBe(2600);
  });

  it('is nothing once the latest cost has ended, rather than an older price', () => {
    expect(costInForce(history, '2026-10-01')).toBeUndefined();
  });

  it('never depends on the order the costs are held in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(history), fc.integer({ min: 2023, max: 2027 }), (costs, year) => {
        const day = `${year}-06-15`;
        expect(costInForce(costs, day)).toEqual(costInForce([...costs].reverse(), day));
        const found = costInForce(costs, day);
        if (found) expect(costs.every((other) => other.effectiveFrom > day || other.effectiveFrom <= found.effectiveFrom)).toBe(true);
      }),
    );
  });
});

describe('the cash equivalent', () => {
  it('says what 3 hours of home care a day costs, weekly and yearly, and offers it as a direct payment', () => {
    const result = cashEquivalent({ name: 'Home care', unit: 'hour' }, 2450, { kind: 'weekly', timesPerWeek: 7, unitsEachTime: 300 });
    expect(result.sentence).toBe('3 hours a day of Home care costs £514.50 a week (£26,754.00 a year). You can take this as money instead, as a direct payment.');
    expect(result).toMatchObject({ weeklyPence: 51_450, yearlyPence: 2_675_400, oneOff: false });
  });

  it('reads naturally for one unit, every 4 weeks, and things bought once', () => {
    expect(cashEquivalent({ name: 'Day service', unit: 'day' }, 6000, { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 }).what).toBe('1 day a week of Day service');
    expect(cashEquivalent({ name: 'Overnight support', unit: 'night' }, 9000, { kind: 'four-weekly', timesPerFourWeeks: 2, unitsEachTime: 100 }).sentence).toBe(
      '1 night 2 times every 4 weeks of Overnight support costs £45.00 a week (£2,340.00 a year). You can take this as money instead, as a direct payment.',
    );
    expect(cashEquivalent({ name: 'Bath lift', unit: 'one-off' }, 45_000, { kind: 'one-off', unitsEachTime: 100 }).sentence).toBe('Bath lift costs £450.00 once. You can take this as money instead, as a direct payment.');
    expect(cashEquivalent({ name: 'Home care', unit: 'hour' }, 2450, { kind: 'one-off', unitsEachTime: 150 }).what).toBe('1.5 hours of Home care');
    expect(frequencyPhrase({ kind: 'weekly', timesPerWeek: 3, unitsEachTime: 100 })).toBe('3 times a week');
  });
});
