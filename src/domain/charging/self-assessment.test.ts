import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessmentInputs, localOptions } from './arbitraries.ts';
import { type ChargingLocalOptions, england2025To26 } from './charging-figures.ts';
import { type FinancialAssessmentInput, assessCharge } from './financial-assessment.ts';
import { type AmountAnswer, type SelfAssessmentAnswers, estimateContribution } from './self-assessment.ts';

const figures = england2025To26;
const local: ChargingLocalOptions = {
  name: 'Test options',
  validFrom: '2025-04-01',
  validTo: null,
  illustrative: true,
  minimumWeeklyChargePence: 0,
  standardDisabilityRelatedExpenditurePence: 1_500,
  maximumWeeklyChargePence: null,
};

/** A single person aged 30 whose known income leaves £50.00 a week after the guarantee and the standard allowance. */
const known: SelfAssessmentAnswers = {
  day: '2025-10-01',
  person: { age: 30 },
  incomes: [10_000, 7_750],
  capital: 500_000,
  housingCostsWeekly: 0,
  disabilityRelatedExpenditureWeekly: 'standard',
  disabilityPremium: false,
  enhancedDisabilityPremium: false,
  weeklyCostOfSupport: 20_000,
};
const estimate = (answers: Partial<SelfAssessmentAnswers>, options = local) => {
  const result = estimateContribution({ ...known, ...answers }, figures, options);
  if (result.kind !== 'estimate') throw new Error(result.reason);
  return result;
};

describe('the self-assessment estimate', () => {
  it('is one amount when every answer is known, the same as the financial assessment gives', () => {
    const result = estimate({});
    expect(result).toMatchObject({ lowest: 5_000, highest: 5_000, summary: 'You are likely to pay £50.00 a week.' });
    const full = assessCharge(
      {
        assessmentDay: known.day,
        person: known.person,
        declinedToDisclose: false,
        weeklyCostOfSupportPence: 20_000,
        incomes: [{ what: 'a', weeklyPence: 10_000 }, { what: 'b', weeklyPence: 7_750 }],
        capitalPence: 500_000,
        housingCostsWeeklyPence: 0,
        disabilityRelatedExpenditure: { kind: 'standard' },
        disabilityPremium: false,
        enhancedDisabilityPremium: false,
      },
      figures,
      local,
    );
    expect(full).toMatchObject({ ok: true, weeklyChargePence: 5_000 });
  });

  it('says the person is unlikely to pay anything when even the highest estimate is nothing', () => {
    expect(estimate({ incomes: [11_000], capital: { from: 0, to: 1_425_000 } }).summary).toBe('You are unlikely to pay anything towards your support.');
  });

  it('runs from £0 to above the upper limit when the person is not sure about their capital', () => {
    expect(estimate({ capital: 'not sure' })).toMatchObject({ lowest: 5_000, highest: 20_000, summary: 'You are likely to pay between £50.00 and £200.00 a week.' });
    expect(estimate({ capital: 'not sure', weeklyCostOfSupport: 'not sure' })).toMatchObject({
      lowest: 5_000,
      highest: 'full cost',
      summary: 'You are likely to pay between £50.00 a week and the full cost of your support.',
    });
  });

  it('is the full cost when capital is certainly above the upper limit', () => {
    expect(estimate({ capital: { from: 3_000_000, to: null }, weeklyCostOfSupport: 'not sure' })).toMatchObject({ lowest: 'full cost', highest: 'full cost', summary: 'You are likely to pay the full cost of your support.' });
    expect(estimate({ capital: 2_325_001 })).toMatchObject({ lowest: 20_000, highest: 20_000 });
    expect(estimate({ capital: 2_325_000 })).toMatchObject({ lowest: 5_000 + 3_600, highest: 5_000 + 3_600 });
  });

  it('runs from nothing when housing costs or income could take the charge to nothing', () => {
    expect(estimate({ housingCostsWeekly: 'not sure' })).toMatchObject({ lowest: 0, highest: 5_000, summary: 'You are likely to pay between nothing and £50.00 a week.' });
    expect(estimate({ incomes: 'not sure' })).toMatchObject({ lowest: 0, highest: 20_000 });
    expect(estimate({ incomes: [{ from: 10_000, to: 12_000 }, 7_750] })).toMatchObject({ lowest: 5_000, highest: 7_000 });
  });

  it('takes both answers to a premium the person is not sure about', () => {
    expect(estimate({ disabilityPremium: 'not sure', enhancedDisabilityPremium: 'not sure' })).toMatchObject({ lowest: 0, highest: 5_000 }); // £50.00 less both premiums, £73.90, is below nothing
    expect(estimate({ incomes: [20_000], disabilityPremium: 'not sure' })).toMatchObject({ lowest: 20_000 - 11_250 - 1_500 - 4_965, highest: 20_000 - 11_250 - 1_500 });
  });

  it('uses the standard allowance when the person is not sure of their disability-related costs, and says they may pay less', () => {
    const result = estimate({ disabilityRelatedExpenditureWeekly: 'not sure' });
    expect(result.lowest).toBe(5_000);
    expect(result.notes).toContain('We have allowed £15.00 a week for costs you have because of your disability or illness. If yours are more, tell us what they are: you may pay less.');
    expect(estimate({ disabilityRelatedExpenditureWeekly: 3_500 })).toMatchObject({ lowest: 3_000, highest: 3_000 });
    expect(estimate({ disabilityRelatedExpenditureWeekly: 3_500 }).notes).toEqual(['This is an estimate. What you pay is worked out in your financial assessment.']);
  });

  it('says what made the range wide, and that no one pays more than their support costs when that is not known', () => {
    expect(estimate({ capital: 'not sure', housingCostsWeekly: { from: 0, to: 1_000 }, weeklyCostOfSupport: 'not sure', disabilityRelatedExpenditureWeekly: 0 }).notes).toEqual([
      'The range is wide because you were not sure about your savings and other capital, your housing costs and what your support will cost.',
      'This is an estimate. What you pay is worked out in your financial assessment.',
    ]);
    expect(estimate({ incomes: [{ from: 18_250, to: 19_000 }], weeklyCostOfSupport: 'not sure', disabilityRelatedExpenditureWeekly: 0 }).notes).toEqual([
      'You will never pay more than your support costs.',
      'The range is wide because you were not sure about your income and what your support will cost.',
      'This is an estimate. What you pay is worked out in your financial assessment.',
    ]);
  });

  it('applies the area’s minimum charge at both ends', () => {
    expect(estimate({ incomes: [{ from: 12_800, to: 13_000 }] }, { ...local, minimumWeeklyChargePence: 200 })).toMatchObject({ lowest: 0, highest: 250 });
  });

  it('cannot estimate for someone the figures do not cover, and says the assessment will work it out', () => {
    expect(estimateContribution({ ...known, person: { age: 70 } }, figures, local)).toMatchObject({
      kind: 'cannot estimate',
      summary: 'We cannot estimate your contribution online. We will work it out with you in your financial assessment.',
      reason: expect.stringMatching(/^The Minimum Income Guarantee for a single person of pension age has not been set/) as string,
    });
    expect(estimateContribution({ ...known, person: { age: 17 } }, figures, local).kind).toBe('cannot estimate');
  });

  it('refuses a range that ends below where it starts', () => {
    expect(() => estimateContribution({ ...known, capital: { from: 10, to: 5 } }, figures, local)).toThrow('A range must not end below where it starts');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The range always holds the real charge

/** An answer the person might give for a true amount: the amount, a range around it, "or more", or (unless `sure`) not sure. */
function blurred(value: number, sure = false): fc.Arbitrary<AmountAnswer> {
  const answers: fc.Arbitrary<AmountAnswer>[] = [
    fc.constant(value),
    fc.tuple(fc.integer({ min: 0, max: value }), fc.integer({ min: 0, max: 50_000 })).map(([below, above]) => ({ from: value - below, to: value + above })),
    fc.integer({ min: 0, max: value }).map((below) => ({ from: value - below, to: null })),
  ];
  return fc.oneof(...answers, ...(sure ? [] : [fc.constant('not sure' as const)]));
}

const cases = fc
  .tuple(assessmentInputs, localOptions)
  .map(([input, options]): [FinancialAssessmentInput, ChargingLocalOptions] => [{ ...input, declinedToDisclose: false }, options])
  .chain(([input, options]) =>
    fc
      .record({
        incomes: fc.oneof(fc.tuple(...input.incomes.filter((item) => item.disregardedBecause === undefined).map((item) => blurred(item.weeklyPence))), fc.constant('not sure' as const)),
        capital: blurred(input.capitalPence),
        housingCostsWeekly: blurred(input.housingCostsWeeklyPence),
        // "Not sure" of disability-related costs is taken as the standard allowance (the estimate says listing costs may
        // lower it), so it stands only for people whose assessment uses the standard allowance.
        disabilityRelatedExpenditureWeekly:
          input.disabilityRelatedExpenditure.kind === 'itemised' ? blurred(input.disabilityRelatedExpenditure.weeklyPence, true) : fc.constantFrom('standard' as const, 'not sure' as const),
        disabilityPremium: fc.constantFrom(input.disabilityPremium, 'not sure' as const),
        enhancedDisabilityPremium: fc.constantFrom(input.enhancedDisabilityPremium, 'not sure' as const),
        weeklyCostOfSupport: blurred(input.weeklyCostOfSupportPence),
      })
      .map((answers): [FinancialAssessmentInput, ChargingLocalOptions, SelfAssessmentAnswers] => [input, options, { day: input.assessmentDay, person: input.person, ...answers }]),
  );

describe('properties of the estimate', () => {
  it('holds the charge the full assessment gives for every set of answers it allows', () => {
    fc.assert(
      fc.property(cases, ([input, options, answers]) => {
        const result = estimateContribution(answers, figures, options);
        if (result.kind !== 'estimate') throw new Error(result.reason);
        const full = assessCharge(input, figures, options);
        if (!full.ok) throw new Error(full.reason);
        const actual = full.weeklyChargePence;
        const highest = result.highest === 'full cost' ? Infinity : result.highest;
        const lowest = result.lowest === 'full cost' ? Infinity : result.lowest;
        expect(lowest).toBeLessThanOrEqual(highest);
        expect(actual).toBeLessThanOrEqual(highest);
        if (answers.weeklyCostOfSupport !== 'not sure') {
          expect(actual).toBeGreaterThanOrEqual(lowest);
        } else {
          // The cost limit is left out when the cost is not known: the real charge is the estimate limited to the cost.
          const most = Math.min(input.weeklyCostOfSupportPence, options.maximumWeeklyChargePence ?? Infinity, lowest);
          expect(actual).toBeGreaterThanOrEqual(most > 0 && most < options.minimumWeeklyChargePence ? 0 : most);
        }
        expect(result.summary).toMatch(/^You are (likely|unlikely) to pay .+\.$/);
      }),
      { numRuns: 300 },
    );
  });

  it('is exact when every answer is exact', () => {
    fc.assert(
      fc.property(assessmentInputs, localOptions, (generated, options) => {
        const input = { ...generated, declinedToDisclose: false };
        const full = assessCharge(input, figures, options);
        if (!full.ok) throw new Error(full.reason);
        const dre = input.disabilityRelatedExpenditure;
        const result = estimateContribution(
          {
            day: input.assessmentDay,
            person: input.person,
            incomes: input.incomes.filter((item) => item.disregardedBecause === undefined).map((item) => item.weeklyPence),
            capital: input.capitalPence,
            housingCostsWeekly: input.housingCostsWeeklyPence,
            disabilityRelatedExpenditureWeekly: dre.kind === 'itemised' ? dre.weeklyPence : 'standard',
            disabilityPremium: input.disabilityPremium,
            enhancedDisabilityPremium: input.enhancedDisabilityPremium,
            weeklyCostOfSupport: input.weeklyCostOfSupportPence,
          },
          figures,
          options,
        );
        expect(result).toMatchObject({ kind: 'estimate', lowest: full.weeklyChargePence, highest: full.weeklyChargePence });
      }),
      { numRuns: 150 },
    );
  });
});
