import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessmentInputs, localOptions, weeklyPence } from './arbitraries.ts';
import { type ChargingFigures, type ChargingLocalOptions, england2025To26 } from './charging-figures.ts';
import { type FinancialAssessment, type FinancialAssessmentInput, assessCharge, tariffIncomePence } from './financial-assessment.ts';

const figures = england2025To26;
const noOptions: ChargingLocalOptions = {
  name: 'No local options',
  validFrom: '2025-04-01',
  validTo: null,
  illustrative: true,
  minimumWeeklyChargePence: 0,
  standardDisabilityRelatedExpenditurePence: 0,
  maximumWeeklyChargePence: null,
};

const base: FinancialAssessmentInput = {
  assessmentDay: '2025-10-01',
  person: { age: 30 },
  declinedToDisclose: false,
  weeklyCostOfSupportPence: 20_000,
  incomes: [],
  capitalPence: 0,
  housingCostsWeeklyPence: 0,
  disabilityRelatedExpenditure: { kind: 'itemised', weeklyPence: 0 },
  disabilityPremium: false,
  enhancedDisabilityPremium: false,
};

function assessed(result: FinancialAssessment) {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}
const charge = (input: Partial<FinancialAssessmentInput>, local = noOptions, withFigures: ChargingFigures = figures) =>
  assessed(assessCharge({ ...base, ...input }, withFigures, local));
const texts = (input: Partial<FinancialAssessmentInput>, local = noOptions) => charge(input, local).lines.map((line) => [line.text, line.weeklyPenceChange]);
/** An income that leaves exactly `left` pence after the 25-or-over guarantee, with nothing else taken off. */
const leaving = (left: number) => [{ what: 'State benefit', weeklyPence: 11_250 + left }];

describe('tariff income from capital', () => {
  it('is £1 a week for every £250 or part of £250 above £14,250: £15,750 gives £6', () => {
    expect(tariffIncomePence(1_575_000, figures)).toBe(600);
    expect(tariffIncomePence(1_575_001, figures)).toBe(700);
    expect(tariffIncomePence(1_450_000, figures)).toBe(100);
  });

  it('is nothing at or below the lower limit, and £1 from the first penny above it', () => {
    expect(tariffIncomePence(0, figures)).toBe(0);
    expect(tariffIncomePence(1_000_000, figures)).toBe(0);
    expect(tariffIncomePence(1_425_000, figures)).toBe(0);
    expect(tariffIncomePence(1_425_001, figures)).toBe(100);
  });

  it('is £36 a week exactly at the upper limit', () => {
    expect(tariffIncomePence(2_325_000, figures)).toBe(3_600);
  });
});

describe('the weekly charge', () => {
  it('takes housing costs, the Minimum Income Guarantee and disability-related costs off income and tariff income', () => {
    const result = charge({
      incomes: [
        { what: 'Universal Credit', weeklyPence: 10_000 },
        { what: 'Personal Independence Payment (daily living)', weeklyPence: 11_040 },
        { what: 'Earnings from work', weeklyPence: 8_000, disregardedBecause: 'earnings are never counted' },
      ],
      capitalPence: 1_575_000,
      housingCostsWeeklyPence: 1_000,
      disabilityPremium: true,
      disabilityRelatedExpenditure: { kind: 'itemised', weeklyPence: 2_000 },
    });
    expect(result.lines.map((line) => [line.text, line.effect, line.amountPence, line.weeklyPenceChange])).toEqual([
      ['Universal Credit: +£100.00 a week', 'adds', 10_000, 10_000],
      ['Personal Independence Payment (daily living): +£110.40 a week', 'adds', 11_040, 11_040],
      ['Earnings from work, £80.00 a week, is not counted: earnings are never counted', 'explains', 0, 0],
      ['Tariff income from your savings and other capital of £15,750.00: £1.00 a week for every £250.00, or part of £250.00, above £14,250.00: +£6.00 a week', 'adds', 600, 600],
      ['Housing costs: −£10.00 a week', 'takes off', 1_000, -1_000],
      ['Minimum Income Guarantee for a single person aged 25 to 65: −£112.50 a week', 'takes off', 11_250, -11_250],
      ['Disability premium, added to your Minimum Income Guarantee: −£49.65 a week', 'takes off', 4_965, -4_965],
      ['Disability-related costs you told us about: −£20.00 a week', 'takes off', 2_000, -2_000],
    ]);
    expect(result).toMatchObject({ ok: true, weeklyChargePence: 2_425, basis: 'assessed', figures: 'England 2025/26' });
  });

  it('counts no tariff income for capital below the lower limit, or exactly at it', () => {
    for (const capitalPence of [1_000_000, 1_425_000]) {
      const result = charge({ capitalPence, incomes: leaving(5_000) });
      expect(result.weeklyChargePence).toBe(5_000);
      expect(result.lines[1]).toEqual({
        what: `Your savings and other capital of ${capitalPence === 1_425_000 ? '£14,250.00' : '£10,000.00'} are not more than £14,250.00, so they do not count as income`,
        amountPence: 0,
        effect: 'explains',
        weeklyPenceChange: 0,
        text: `Your savings and other capital of ${capitalPence === 1_425_000 ? '£14,250.00' : '£10,000.00'} are not more than £14,250.00, so they do not count as income`,
      });
    }
  });

  it('assesses capital exactly at the upper limit with £36 tariff income, and charges the full cost a penny above it', () => {
    expect(charge({ capitalPence: 2_325_000, incomes: leaving(0) })).toMatchObject({ weeklyChargePence: 3_600, basis: 'assessed' });
    const above = charge({ capitalPence: 2_325_001, incomes: leaving(0) });
    expect(above).toMatchObject({ weeklyChargePence: 20_000, basis: 'capital above the upper limit' });
    expect(above.lines.map((line) => line.text)).toEqual(['Your savings and other capital of £23,250.01 are more than £23,250.00, so you pay the full cost of your support: +£200.00 a week']);
  });

  it('charges the full cost of support to someone who declines to tell us about their money, whatever else is entered', () => {
    const result = charge({ declinedToDisclose: true, capitalPence: 0, incomes: [], weeklyCostOfSupportPence: 31_500 });
    expect(result).toMatchObject({ weeklyChargePence: 31_500, basis: 'declined to disclose' });
    expect(texts({ declinedToDisclose: true, weeklyCostOfSupportPence: 31_500 })).toEqual([
      ['You chose not to tell us about your income and savings, so you pay the full cost of your support: +£315.00 a week', 31_500],
    ]);
  });

  it('limits the full cost to the area’s maximum charge where it has one', () => {
    const capped = { ...noOptions, maximumWeeklyChargePence: 25_000 };
    expect(texts({ declinedToDisclose: true, weeklyCostOfSupportPence: 31_500 }, capped)).toEqual([
      ['You chose not to tell us about your income and savings, so you pay the full cost of your support: +£315.00 a week', 31_500],
      ['Limited to the most the council charges anyone, £250.00 a week: −£65.00 a week', -6_500],
    ]);
    expect(charge({ capitalPence: 5_000_000, weeklyCostOfSupportPence: 31_500 }, capped).weeklyChargePence).toBe(25_000);
    expect(charge({ capitalPence: 5_000_000, weeklyCostOfSupportPence: 20_000 }, capped).weeklyChargePence).toBe(20_000);
  });

  it('is never below £0: allowances above income are set aside', () => {
    const result = charge({ incomes: [{ what: 'State benefit', weeklyPence: 9_000 }], housingCostsWeeklyPence: 50 });
    expect(result.weeklyChargePence).toBe(0);
    expect(result.lines.at(-1)).toMatchObject({ text: 'Your allowances come to more than your income: the difference is set aside, as no one pays less than £0.00: +£23.00 a week', weeklyPenceChange: 2_300 });
  });

  it('is never more than the support costs', () => {
    const result = charge({ incomes: leaving(30_000), weeklyCostOfSupportPence: 12_345 });
    expect(result.weeklyChargePence).toBe(12_345);
    expect(result.lines.at(-1)).toMatchObject({ text: 'Limited to what your support costs, £123.45 a week: −£176.55 a week', weeklyPenceChange: -17_655 });
  });

  it('does not collect a charge above £0 but below the minimum, and collects one at the minimum in full', () => {
    const minimum = { ...noOptions, minimumWeeklyChargePence: 200 };
    const below = charge({ incomes: leaving(199) }, minimum);
    expect(below.weeklyChargePence).toBe(0);
    expect(below.lines.at(-1)).toMatchObject({ text: 'Not collected: the council does not collect charges of less than £2.00 a week: −£1.99 a week', weeklyPenceChange: -199 });
    expect(charge({ incomes: leaving(1) }, minimum).weeklyChargePence).toBe(0);
    expect(charge({ incomes: leaving(200) }, minimum).weeklyChargePence).toBe(200);
    // A charge of nothing stays nothing, with no line about the minimum.
    expect(charge({ incomes: leaving(0) }, minimum).lines.some((line) => line.what.startsWith('Not collected'))).toBe(false);
    // The minimum applies to a full-cost charge too: support costing £1.50 a week is not charged for.
    expect(charge({ declinedToDisclose: true, weeklyCostOfSupportPence: 150 }, minimum).weeklyChargePence).toBe(0);
  });

  it('uses the area’s standard allowance for disability-related costs when the person does not list theirs', () => {
    const local = { ...noOptions, standardDisabilityRelatedExpenditurePence: 1_500 };
    const result = charge({ incomes: leaving(5_000), disabilityRelatedExpenditure: { kind: 'standard' } }, local);
    expect(result.weeklyChargePence).toBe(3_500);
    expect(result.lines.at(-1)!.text).toBe('Disability-related costs: the standard allowance, used when costs are not listed: −£15.00 a week');
  });
});

describe('the Minimum Income Guarantee', () => {
  const migLines = (input: Partial<FinancialAssessmentInput>) => charge(input).lines.filter((line) => /Minimum Income Guarantee|premium/.test(line.what)).map((line) => line.text);

  it('is £89.15 for a single person aged 18 to 24 and £112.50 from 25, plus the premiums that apply', () => {
    expect(migLines({ person: { age: 18 } })).toEqual(['Minimum Income Guarantee for a single person aged 18 to 24: −£89.15 a week']);
    expect(migLines({ person: { age: 24 } })).toEqual(['Minimum Income Guarantee for a single person aged 18 to 24: −£89.15 a week']);
    expect(migLines({ person: { age: 25 }, disabilityPremium: true, enhancedDisabilityPremium: true })).toEqual([
      'Minimum Income Guarantee for a single person aged 25 to 65: −£112.50 a week',
      'Disability premium, added to your Minimum Income Guarantee: −£49.65 a week',
      'Enhanced disability premium, added to your Minimum Income Guarantee: −£24.25 a week',
    ]);
  });

  it('works out the age from a date of birth on the assessment day', () => {
    expect(migLines({ person: { dateOfBirth: '2000-10-02' } })).toEqual(['Minimum Income Guarantee for a single person aged 18 to 24: −£89.15 a week']);
    expect(migLines({ person: { dateOfBirth: '2000-10-01' } })).toEqual(['Minimum Income Guarantee for a single person aged 25 to 65: −£112.50 a week']);
  });

  it('refuses, with the reason, a person of pension age or in a couple while those rates are not set', () => {
    expect(charge({ person: { age: 65 } }).weeklyChargePence).toBe(0);
    expect(assessCharge({ ...base, person: { age: 66 } }, figures, noOptions)).toEqual({
      ok: false,
      reason: 'The Minimum Income Guarantee for a single person of pension age has not been set in the charging figures for England 2025/26, so the charge cannot be worked out yet. It needs to be added to the figures first.',
    });
    const couple = assessCharge({ ...base, household: 'couple' }, figures, noOptions);
    expect(couple.ok).toBe(false);
    if (!couple.ok) expect(couple.reason).toMatch(/^The Minimum Income Guarantee for each member of a couple below pension age has not been set/);
  });

  it('uses the pension-age rate once it is set, without adding premiums to it', () => {
    const withPensionAge: ChargingFigures = { ...figures, minimumIncomeGuarantee: { ...figures.minimumIncomeGuarantee, single: { ...figures.minimumIncomeGuarantee.single, pensionAgePence: 20_000 } } };
    const result = charge({ person: { age: 80 }, incomes: [{ what: 'State Pension', weeklyPence: 23_000 }], disabilityPremium: true }, noOptions, withPensionAge);
    expect(result.weeklyChargePence).toBe(3_000);
    expect(result.lines.map((line) => line.text).slice(2)).toEqual([
      'Minimum Income Guarantee for a single person of pension age: −£200.00 a week',
      'Disability premiums are not added at pension age: the pension-age guarantee already includes what applies',
    ]);
  });

  it('refuses someone under 18', () => {
    expect(assessCharge({ ...base, person: { dateOfBirth: '2008-10-02' } }, figures, noOptions)).toEqual({ ok: false, reason: 'Charging for care and support is for adults, and this person is 16 on 2025-10-01.' });
  });

  it('treats amounts that are not whole pence as a mistake', () => {
    expect(() => assessCharge({ ...base, capitalPence: 10.5 }, figures, noOptions)).toThrow(RangeError);
    expect(() => assessCharge({ ...base, incomes: [{ what: 'Pension', weeklyPence: -1 }] }, figures, noOptions)).toThrow('The income "Pension" must be a whole number of pence, £0 or more');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties

/** The rule as written in the design, on its own, to check the explained charge against. */
function oracle(input: FinancialAssessmentInput, local: ChargingLocalOptions): number {
  const most = Math.min(input.weeklyCostOfSupportPence, local.maximumWeeklyChargePence ?? Infinity);
  const collected = (pence: number) => (pence > 0 && pence < local.minimumWeeklyChargePence ? 0 : pence);
  if (input.declinedToDisclose || input.capitalPence > 2_325_000) return collected(most);
  const income = input.incomes.filter((item) => item.disregardedBecause === undefined).reduce((sum, item) => sum + item.weeklyPence, 0);
  const tariff = input.capitalPence <= 1_425_000 ? 0 : 100 * Math.ceil((input.capitalPence - 1_425_000) / 25_000);
  const age = 'age' in input.person ? input.person.age : 0;
  const mig = (age <= 24 ? 8_915 : 11_250) + (input.disabilityPremium ? 4_965 : 0) + (input.enhancedDisabilityPremium ? 2_425 : 0);
  const dre = input.disabilityRelatedExpenditure.kind === 'itemised' ? input.disabilityRelatedExpenditure.weeklyPence : local.standardDisabilityRelatedExpenditurePence;
  return collected(Math.min(Math.max(income + tariff - input.housingCostsWeeklyPence - mig - dre, 0), most));
}

const weekly = (input: FinancialAssessmentInput, local: ChargingLocalOptions) => assessed(assessCharge(input, figures, local)).weeklyChargePence;
const runs = { numRuns: 200 };

describe('properties of the charge', () => {
  it('is the design’s rule, never negative, never above the cost of support, and the sum of its lines', () => {
    fc.assert(
      fc.property(assessmentInputs, localOptions, (input, local) => {
        const result = assessed(assessCharge(input, figures, local));
        expect(result.weeklyChargePence).toBe(oracle(input, local));
        expect(result.weeklyChargePence).toBeGreaterThanOrEqual(0);
        expect(result.weeklyChargePence).toBeLessThanOrEqual(input.weeklyCostOfSupportPence);
        expect(result.lines.reduce((sum, line) => sum + line.weeklyPenceChange, 0)).toBe(result.weeklyChargePence);
        for (const line of result.lines) {
          expect(Number.isSafeInteger(line.amountPence) && line.amountPence >= 0).toBe(true);
          expect(line.weeklyPenceChange).toBe(line.effect === 'adds' ? line.amountPence : line.effect === 'takes off' ? -line.amountPence : 0);
        }
      }),
      runs,
    );
  });

  it('never falls when income or capital rises', () => {
    fc.assert(
      fc.property(assessmentInputs, localOptions, weeklyPence, fc.integer({ min: 0, max: 2_000_000 }), (input, local, more, moreCapital) => {
        const before = weekly(input, local);
        expect(weekly({ ...input, incomes: [...input.incomes, { what: 'More income', weeklyPence: more }] }, local)).toBeGreaterThanOrEqual(before);
        expect(weekly({ ...input, capitalPence: input.capitalPence + moreCapital }, local)).toBeGreaterThanOrEqual(before);
      }),
      runs,
    );
  });

  it('never rises when housing or disability-related costs rise', () => {
    fc.assert(
      fc.property(assessmentInputs, localOptions, weeklyPence, (input, local, more) => {
        const before = weekly(input, local);
        expect(weekly({ ...input, housingCostsWeeklyPence: input.housingCostsWeeklyPence + more }, local)).toBeLessThanOrEqual(before);
        const dre = input.disabilityRelatedExpenditure.kind === 'itemised' ? input.disabilityRelatedExpenditure.weeklyPence : 0;
        const itemised = { ...input, disabilityRelatedExpenditure: { kind: 'itemised' as const, weeklyPence: dre } };
        expect(weekly({ ...itemised, disabilityRelatedExpenditure: { kind: 'itemised', weeklyPence: dre + more } }, local)).toBeLessThanOrEqual(weekly(itemised, local));
      }),
      runs,
    );
  });
});
