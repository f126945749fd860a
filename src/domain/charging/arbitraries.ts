// For tests only: fast-check generators of financial assessment inputs and local options, so the charging promises
// (never negative, never above the cost, monotonic, lines add up) are tested over cases no one wrote by hand.
import fc from 'fast-check';
import type { ChargingLocalOptions } from './charging-figures.ts';
import type { FinancialAssessmentInput } from './financial-assessment.ts';

/** Up to £1,000 a week, wide enough to cross every threshold in the figures, and often only a few pence. */
export const weeklyPence = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 100_000 }));
const smallerWeeklyPence = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 15_000 }));
/** Up to £40,000, so capital falls below, between and above the limits, and exactly on them now and then. */
export const capitalPence = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 1_425_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 1_425_000, max: 2_325_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 2_325_001, max: 4_000_000 }), weight: 1 },
  { arbitrary: fc.constantFrom(0, 1_425_000, 1_425_001, 1_450_000, 1_575_000, 2_325_000, 2_325_001), weight: 1 },
);
/** Mostly what support costs (£50 to £1,000 a week), now and then only a few pence. */
const costOfSupportPence = fc.oneof({ arbitrary: fc.integer({ min: 5_000, max: 100_000 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 300 }), weight: 1 });
/** One income a week: most near the sizes of benefits and pensions, so charges often fall between nothing and the cost. */
const incomePence = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 30_000 }), weight: 4 }, { arbitrary: weeklyPence, weight: 1 });

export const localOptions: fc.Arbitrary<ChargingLocalOptions> = fc.record({
  name: fc.constant('Generated options'),
  validFrom: fc.constant('2025-04-01'),
  validTo: fc.constant(null),
  illustrative: fc.constant(true),
  minimumWeeklyChargePence: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000 })),
  standardDisabilityRelatedExpenditurePence: fc.integer({ min: 0, max: 3_000 }),
  maximumWeeklyChargePence: fc.option(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 30_000, max: 100_000 })), { nil: null, freq: 2 }),
});

/** A single person below pension age (18 to 65), whom the seeded 2025/26 figures cover. */
export const assessmentInputs: fc.Arbitrary<FinancialAssessmentInput> = fc.record({
  assessmentDay: fc.constant('2025-10-01'),
  person: fc.integer({ min: 18, max: 65 }).map((age) => ({ age })),
  declinedToDisclose: fc.boolean(),
  weeklyCostOfSupportPence: costOfSupportPence,
  incomes: fc.array(
    fc
      .tuple(fc.constantFrom('State benefit', 'Occupational pension', 'Earnings from work'), incomePence, fc.integer({ min: 0, max: 3 }))
      .map(([what, pence, oneInFour]) => (oneInFour === 0 ? { what, weeklyPence: pence, disregardedBecause: 'it is not counted' } : { what, weeklyPence: pence })),
    { minLength: 1, maxLength: 4 },
  ),
  capitalPence,
  housingCostsWeeklyPence: smallerWeeklyPence,
  disabilityRelatedExpenditure: fc.oneof(
    fc.constant({ kind: 'standard' as const }),
    smallerWeeklyPence.map((pence) => ({ kind: 'itemised' as const, weeklyPence: pence })),
  ),
  disabilityPremium: fc.boolean(),
  enhancedDisabilityPremium: fc.boolean(),
});
