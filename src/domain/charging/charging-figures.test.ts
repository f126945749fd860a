import { describe, expect, it } from 'vitest';
import {
  ChargingFiguresError,
  type ChargingFigures,
  chargingFiguresInForce,
  defaultChargingFigures,
  england2025To26,
  illustrativeLocalOptions,
  localOptionsInForce,
  validateChargingFigures,
  validateChargingLocalOptions,
} from './charging-figures.ts';

const nextYear: ChargingFigures = { ...england2025To26, name: 'England 2026/27', validFrom: '2026-04-01', validTo: '2027-03-31' };

describe('the 2025/26 figures', () => {
  it('hold the published limits, tariff and single Minimum Income Guarantee in pence', () => {
    expect(england2025To26).toMatchObject({
      validFrom: '2025-04-01',
      validTo: '2026-03-31',
      capitalLowerLimitPence: 1_425_000,
      capitalUpperLimitPence: 2_325_000,
      tariffIncome: { forEachPence: 25_000, weeklyPence: 100 },
      minimumIncomeGuarantee: {
        single: { aged18To24Pence: 8_915, aged25ToPensionAgePence: 11_250 },
        disabilityPremium: { singlePence: 4_965 },
        enhancedDisabilityPremium: { singlePence: 2_425 },
      },
    });
  });

  it('leave the pension-age and couple rates unset rather than guessing them', () => {
    const mig = england2025To26.minimumIncomeGuarantee;
    expect([mig.single.pensionAgePence, mig.couple.aged18ToPensionAgeEachPence, mig.couple.pensionAgeEachPence, mig.disabilityPremium.coupleEachPence, mig.enhancedDisabilityPremium.coupleEachPence]).toEqual([null, null, null, null, null]);
    expect(england2025To26.unverified).toContain('pensionAgeYears');
  });

  it('pass their own validation, as do the illustrative local options', () => {
    expect(validateChargingFigures(england2025To26)).toEqual({ ok: true, figures: england2025To26 });
    expect(validateChargingLocalOptions(illustrativeLocalOptions)).toEqual({ ok: true, options: illustrativeLocalOptions });
  });
});

describe('validation', () => {
  const errorsOf = (json: unknown) => {
    const result = validateChargingFigures(json);
    return result.ok ? [] : result.errors;
  };

  it('refuses limits the wrong way round, dates out of order and amounts that are not whole pence', () => {
    expect(errorsOf({ ...england2025To26, capitalLowerLimitPence: 2_325_001 })).toEqual(['"capitalLowerLimitPence" must not be more than "capitalUpperLimitPence"']);
    expect(errorsOf({ ...england2025To26, validTo: '2025-03-31' })).toEqual(['"validTo" must be on or after "validFrom"']);
    expect(errorsOf({ ...england2025To26, capitalUpperLimitPence: 23_250.5 })).toEqual(['"capitalUpperLimitPence" must be a whole number']);
    expect(errorsOf({ ...england2025To26, tariffIncome: { forEachPence: 0, weeklyPence: 100 } })).toEqual(['"tariffIncome.forEachPence" must be 1 or more']);
  });

  it('refuses a rate left out, which must be written as null to mean "not set"', () => {
    const { single } = england2025To26.minimumIncomeGuarantee;
    const withoutPensionAge = { aged18To24Pence: single.aged18To24Pence, aged25ToPensionAgePence: single.aged25ToPensionAgePence };
    expect(errorsOf({ ...england2025To26, minimumIncomeGuarantee: { ...england2025To26.minimumIncomeGuarantee, single: withoutPensionAge } })).toEqual([
      '"minimumIncomeGuarantee.single.pensionAgePence" is missing',
    ]);
  });

  it('refuses local options with a negative minimum charge', () => {
    const result = validateChargingLocalOptions({ ...illustrativeLocalOptions, minimumWeeklyChargePence: -1 });
    expect(result).toEqual({ ok: false, errors: ['"minimumWeeklyChargePence" cannot be negative'] });
  });
});

describe('the figures in force on a day', () => {
  const figures = [nextYear, england2025To26];

  it('picks the set whose dates cover the day, both ends included', () => {
    expect(chargingFiguresInForce(figures, '2025-04-01').name).toBe('England 2025/26');
    expect(chargingFiguresInForce(figures, '2025-12-25').name).toBe('England 2025/26');
    expect(chargingFiguresInForce(figures, '2026-03-31').name).toBe('England 2025/26');
    expect(chargingFiguresInForce(figures, '2026-04-01').name).toBe('England 2026/27');
    expect(chargingFiguresInForce(figures, '2027-03-31').name).toBe('England 2026/27');
  });

  it('says clearly when no figures cover the day', () => {
    expect(() => chargingFiguresInForce(figures, '2025-03-31')).toThrow(ChargingFiguresError);
    expect(() => chargingFiguresInForce(figures, '2025-03-31')).toThrow('No charging figures are in force on 2025-03-31: the ones set up cover 2026-04-01 to 2027-03-31, 2025-04-01 to 2026-03-31');
    expect(() => chargingFiguresInForce(defaultChargingFigures, '2026-04-01')).toThrow('No charging figures are in force on 2026-04-01');
    expect(() => chargingFiguresInForce([], '2025-06-01')).toThrow('No charging figures are in force on 2025-06-01: none have been set up');
  });

  it('refuses to choose between two sets that overlap', () => {
    const overlapping = { ...nextYear, name: 'England 2025/26 corrected', validFrom: '2025-10-01' };
    expect(() => chargingFiguresInForce([england2025To26, overlapping], '2025-12-01')).toThrow('More than one set of charging figures is in force on 2025-12-01: "England 2025/26" and "England 2025/26 corrected"');
    expect(chargingFiguresInForce([england2025To26, overlapping], '2025-09-30').name).toBe('England 2025/26');
  });

  it('treats local options with no end date as in force from their start onwards', () => {
    expect(localOptionsInForce([illustrativeLocalOptions], '2040-01-01')).toBe(illustrativeLocalOptions);
    expect(() => localOptionsInForce([illustrativeLocalOptions], '2025-03-31')).toThrow('No local charging options are in force on 2025-03-31: the ones set up cover 2025-04-01 onwards');
  });
});
