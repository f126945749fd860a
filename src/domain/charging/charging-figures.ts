// The figures behind the non-residential financial assessment (charging) as dated configuration: the national
// figures for a year (capital limits, tariff income, Minimum Income Guarantee) and each area's local options, and the
// choice of the set in force on a day. No figure lives in the rules themselves.
import { z } from 'zod';
import { plainIssues } from '../assessment/data-errors.ts';
import type { Validated } from '../assessment/question-set.ts';
import { largestPence } from '../budget/money.ts';
import { daySchema } from '../budget/ras.ts';

const textSchema = z.string().trim().min(1);
const penceSchema = z.number().int().min(0).max(largestPence);
/** A rate that may not be set yet: null means "not set", and the rules refuse rather than treat it as £0. */
const rateSchema = penceSchema.nullable();

/** The dates a set of figures covers, both inclusive; `validTo` null for figures with no end set yet. */
const validity = {
  validFrom: daySchema,
  validTo: daySchema.nullable(),
};

function endsAfterStart(figures: { validFrom: string; validTo: string | null }): boolean {
  return figures.validTo === null || figures.validTo >= figures.validFrom;
}

export const chargingFiguresSchema = z
  .strictObject({
    name: textSchema,
    ...validity,
    /**
     * The fields (as dotted paths, "minimumIncomeGuarantee.single.pensionAgePence") whose values have not been checked
     * against the year's published figures. Empty once every figure has been checked.
     */
    unverified: z.array(textSchema),
    /** Capital at or below this counts for nothing. */
    capitalLowerLimitPence: penceSchema,
    /** Capital above this means the person pays the full cost of their support. */
    capitalUpperLimitPence: penceSchema,
    /** Tariff income: `weeklyPence` a week for every `forEachPence` of capital, or part of it, above the lower limit. */
    tariffIncome: z.strictObject({ forEachPence: penceSchema.min(1), weeklyPence: penceSchema }),
    /**
     * The age at which the pension-age Minimum Income Guarantee applies (the qualifying age for Pension Credit, which
     * is State Pension age). A whole number of years, which is right while State Pension age is the same for everyone
     * (66 throughout 2025/26); from 6 April 2026 it rises by date of birth, which needs a rule by date of birth.
     */
    pensionAgeYears: z.number().int().min(18).max(120),
    /** Weekly amounts the person is left with before anything is charged. */
    minimumIncomeGuarantee: z.strictObject({
      single: z.strictObject({
        aged18To24Pence: penceSchema,
        /** Aged 25 up to pension age. */
        aged25ToPensionAgePence: penceSchema,
        /** The whole guarantee for a single person of pension age, premiums included. */
        pensionAgePence: rateSchema,
      }),
      /** Each member of a couple. */
      couple: z.strictObject({
        aged18ToPensionAgeEachPence: rateSchema,
        pensionAgeEachPence: rateSchema,
      }),
      /** Premiums, added only below pension age (the pension-age amounts are whole guarantees). */
      disabilityPremium: z.strictObject({ singlePence: penceSchema, coupleEachPence: rateSchema }),
      enhancedDisabilityPremium: z.strictObject({ singlePence: penceSchema, coupleEachPence: rateSchema }),
    }),
  })
  .refine(endsAfterStart, { error: 'must be on or after "validFrom"', path: ['validTo'] })
  .refine((figures) => figures.capitalLowerLimitPence <= figures.capitalUpperLimitPence, {
    error: 'must not be more than "capitalUpperLimitPence"',
    path: ['capitalLowerLimitPence'],
  });
export type ChargingFigures = z.infer<typeof chargingFiguresSchema>;

export const chargingLocalOptionsSchema = z
  .strictObject({
    name: textSchema,
    ...validity,
    /** True for seeded options that show how the rules work and are not a council's own policy. */
    illustrative: z.boolean(),
    /**
     * A charge worked out below this is not collected: the person pays nothing. 0 for no minimum. It never raises a
     * charge, which would take the person below their Minimum Income Guarantee.
     */
    minimumWeeklyChargePence: penceSchema,
    /** Disability-related expenditure allowed a week when the person does not list their costs. */
    standardDisabilityRelatedExpenditurePence: penceSchema,
    /**
     * The most anyone is charged a week, and what people who decline to tell us about their money pay; null for the
     * full cost of their support. Never more than that cost.
     */
    maximumWeeklyChargePence: penceSchema.nullable(),
  })
  .refine(endsAfterStart, { error: 'must be on or after "validFrom"', path: ['validTo'] });
export type ChargingLocalOptions = z.infer<typeof chargingLocalOptionsSchema>;

export function validateChargingFigures(json: unknown): Validated<'figures', ChargingFigures> {
  const parsed = chargingFiguresSchema.safeParse(json);
  return parsed.success ? { ok: true, figures: parsed.data } : { ok: false, errors: plainIssues(parsed.error, json) };
}

export function validateChargingLocalOptions(json: unknown): Validated<'options', ChargingLocalOptions> {
  const parsed = chargingLocalOptionsSchema.safeParse(json);
  return parsed.success ? { ok: true, options: parsed.data } : { ok: false, errors: plainIssues(parsed.error, json) };
}

/** Thrown when no set of figures, or more than one, covers the day: charging cannot go on until someone fixes the data. */
export class ChargingFiguresError extends Error {
  override readonly name = 'ChargingFiguresError';
}

function covers(figures: { validFrom: string; validTo: string | null }, day: string): boolean {
  return figures.validFrom <= day && (figures.validTo === null || day <= figures.validTo);
}

function coverage(sets: readonly { validFrom: string; validTo: string | null }[]): string {
  if (sets.length === 0) return 'none have been set up';
  return `the ones set up cover ${sets.map((set) => (set.validTo === null ? `${set.validFrom} onwards` : `${set.validFrom} to ${set.validTo}`)).join(', ')}`;
}

/**
 * The one set whose dates cover `day` (YYYY-MM-DD). Throws a `ChargingFiguresError` saying what is missing when none
 * does, or which sets overlap when more than one does: a gap or overlap is a mistake in the data, never guessed around.
 */
export function inForce<T extends { name: string; validFrom: string; validTo: string | null }>(sets: readonly T[], day: string, what: string): T {
  const matching = sets.filter((set) => covers(set, day));
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) throw new ChargingFiguresError(`No ${what} are in force on ${day}: ${coverage(sets)}`);
  throw new ChargingFiguresError(`More than one set of ${what} is in force on ${day}: ${matching.map((set) => `"${set.name}"`).join(' and ')}`);
}

export function chargingFiguresInForce(figures: readonly ChargingFigures[], day: string): ChargingFigures {
  return inForce(figures, day, 'charging figures');
}

export function localOptionsInForce(options: readonly ChargingLocalOptions[], day: string): ChargingLocalOptions {
  return inForce(options, day, 'local charging options');
}

/**
 * England 2025/26. Capital limits, tariff income, and the single Minimum Income Guarantee below pension age with its
 * disability premiums are the published figures. The pension-age and couple rates are left unset (null) until someone
 * checks them against the year's circular: until then a person of pension age or in a couple is refused a calculated
 * charge, with the reason, rather than given one worked out from £0. State Pension age was 66 for everyone throughout
 * 2025/26; it starts rising on 6 April 2026, so later years need their own figure.
 */
export const england2025To26: ChargingFigures = {
  name: 'England 2025/26',
  validFrom: '2025-04-01',
  validTo: '2026-03-31',
  unverified: ['pensionAgeYears'],
  capitalLowerLimitPence: 1_425_000,
  capitalUpperLimitPence: 2_325_000,
  tariffIncome: { forEachPence: 25_000, weeklyPence: 100 },
  pensionAgeYears: 66,
  minimumIncomeGuarantee: {
    single: { aged18To24Pence: 8_915, aged25ToPensionAgePence: 11_250, pensionAgePence: null },
    couple: { aged18ToPensionAgeEachPence: null, pensionAgeEachPence: null },
    disabilityPremium: { singlePence: 4_965, coupleEachPence: null },
    enhancedDisabilityPremium: { singlePence: 2_425, coupleEachPence: null },
  },
};

export const defaultChargingFigures: ChargingFigures[] = [england2025To26];

/** ILLUSTRATIVE local options for the demonstration area: a council sets its own. */
export const illustrativeLocalOptions: ChargingLocalOptions = {
  name: 'Demonstration area charging options (illustrative)',
  validFrom: '2025-04-01',
  validTo: null,
  illustrative: true,
  minimumWeeklyChargePence: 100,
  standardDisabilityRelatedExpenditurePence: 1_500,
  maximumWeeklyChargePence: null,
};
