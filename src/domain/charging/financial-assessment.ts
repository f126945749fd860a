// The Care Act non-residential financial assessment: what a person pays a week towards their support (their
// contribution), worked out from their income, capital and allowances, with every step a line a person can read.
// Figures come from charging-figures.ts; amounts are integer pence a week.
import { ageOn } from '../age-bands.ts';
import { formatPence } from '../budget/money.ts';
import type { ChargingFigures, ChargingLocalOptions } from './charging-figures.ts';

export interface IncomeItem {
  /** What the income is, as the person would call it: "State Pension", "Personal Independence Payment (daily living)". */
  what: string;
  weeklyPence: number;
  /**
   * Why this income is not counted, if it is not (earnings, the mobility part of PIP…): which income is disregarded
   * is decided where the income is recorded, and shown here so the person sees it was not forgotten.
   */
  disregardedBecause?: string;
}

/** The person's age on the assessment day, or their date of birth (YYYY-MM-DD) to work it out from. */
export type PersonAge = { age: number } | { dateOfBirth: string };

export type DisabilityRelatedExpenditure =
  /** The person listed their costs: this is their weekly total. */
  | { kind: 'itemised'; weeklyPence: number }
  /** The person did not list their costs: the area's standard allowance is used. */
  | { kind: 'standard' };

export interface FinancialAssessmentInput {
  /** The day the assessment is for (YYYY-MM-DD): it decides the person's age. Pass the figures in force on it. */
  assessmentDay: string;
  person: PersonAge;
  /** Single unless said otherwise; a couple is assessed on the person's own share at the couple rates. */
  household?: 'single' | 'couple';
  /** The person chose not to tell us about their money: they pay the maximum charge, and nothing below is read. */
  declinedToDisclose: boolean;
  /** What the person's support costs a week: no one pays more than this. */
  weeklyCostOfSupportPence: number;
  incomes: readonly IncomeItem[];
  capitalPence: number;
  housingCostsWeeklyPence: number;
  disabilityRelatedExpenditure: DisabilityRelatedExpenditure;
  disabilityPremium: boolean;
  enhancedDisabilityPremium: boolean;
}

export interface ChargeLine {
  /** What the line is, plain English, no full stop. */
  what: string;
  /** The amount as shown on the line, pence a week, never negative; 0 for lines that only explain. */
  amountPence: number;
  effect: 'adds' | 'takes off' | 'explains';
  /** `amountPence` added (+) or taken off (−) the charge; 0 for lines that only explain. */
  weeklyPenceChange: number;
  /** The line as one sentence: "State Pension: +£230.25 a week". */
  text: string;
}

export type ChargeBasis = 'declined to disclose' | 'capital above the upper limit' | 'assessed';

export type FinancialAssessment =
  | {
      ok: true;
      /** The weekly contribution: always the sum of the lines' `weeklyPenceChange`. */
      weeklyChargePence: number;
      basis: ChargeBasis;
      lines: ChargeLine[];
      /** The name of the figures used, for the record of the decision ("England 2025/26"). */
      figures: string;
    }
  /** No charge can be worked out from these figures (a rate not set, a person under 18); `reason` says why, plainly. */
  | { ok: false; reason: string };

// ---------------------------------------------------------------------------------------------------------------
// The rules on their own, for the explained assessment and the self-assessment's range

// Which side each capital limit falls on, as the Care and Support Statutory Guidance (annex B) and the charging
// regulations read: capital *at or below* the lower limit is ignored; capital *above* the upper limit means the full
// cost; capital exactly at the upper limit is still assessed, with £36 a week of tariff income.

/** Tariff income a week from capital: £1 for every £250 or part of £250 above the lower limit, none at or below it. */
export function tariffIncomePence(capitalPence: number, figures: ChargingFigures): number {
  const above = capitalPence - figures.capitalLowerLimitPence;
  if (above <= 0) return 0;
  return Math.ceil(above / figures.tariffIncome.forEachPence) * figures.tariffIncome.weeklyPence;
}

/** Capital above the upper limit means paying the full cost; capital exactly at the limit is assessed with tariff income. */
export function capitalAboveUpperLimit(capitalPence: number, figures: ChargingFigures): boolean {
  return capitalPence > figures.capitalUpperLimitPence;
}

/** The most anyone pays: the cost of their support, or the area's maximum charge if that is lower. */
function maximumCharge(weeklyCostOfSupportPence: number, local: ChargingLocalOptions): number {
  return local.maximumWeeklyChargePence === null ? weeklyCostOfSupportPence : Math.min(weeklyCostOfSupportPence, local.maximumWeeklyChargePence);
}

/**
 * The minimum charge is a threshold, not a floor: a charge worked out above £0 but below it is not collected, and the
 * person pays nothing. Raising the charge to the minimum instead would take some people below their Minimum Income
 * Guarantee, which the regulations forbid; councils set a minimum because collecting a few pence costs more than it
 * brings in. A charge at or above the minimum is collected in full.
 */
function afterMinimum(chargePence: number, local: ChargingLocalOptions): number {
  return chargePence > 0 && chargePence < local.minimumWeeklyChargePence ? 0 : chargePence;
}

export interface ChargeParts {
  declinedToDisclose: boolean;
  /** Income that counts, a week. */
  countedIncomePence: number;
  capitalPence: number;
  housingCostsPence: number;
  disabilityRelatedExpenditurePence: number;
  minimumIncomeGuaranteePence: number;
  weeklyCostOfSupportPence: number;
}

/**
 * The weekly charge from the parts of an assessment, without the explanation. Amounts are whole pence, and may be
 * `Infinity` for "no upper bound" (the self-assessment's "not sure"): an infinite cost of support gives an infinite
 * charge when the person would pay the full cost, which the self-assessment words as "the full cost of your support".
 */
export function weeklyCharge(parts: ChargeParts, figures: ChargingFigures, local: ChargingLocalOptions): number {
  const most = maximumCharge(parts.weeklyCostOfSupportPence, local);
  if (parts.declinedToDisclose || capitalAboveUpperLimit(parts.capitalPence, figures)) return afterMinimum(most, local);
  const left =
    parts.countedIncomePence +
    tariffIncomePence(parts.capitalPence, figures) -
    parts.housingCostsPence -
    parts.minimumIncomeGuaranteePence -
    parts.disabilityRelatedExpenditurePence;
  return afterMinimum(Math.min(Math.max(left, 0), most), local);
}

// ---------------------------------------------------------------------------------------------------------------
// The Minimum Income Guarantee

export interface GuaranteePart {
  what: string;
  pence: number;
}

export type Guarantee = { ok: true; parts: GuaranteePart[]; note?: string } | { ok: false; reason: string };

function notSet(what: string, figures: ChargingFigures): { ok: false; reason: string } {
  return {
    ok: false,
    reason: `The Minimum Income Guarantee for ${what} has not been set in the charging figures for ${figures.name}, so the charge cannot be worked out yet. It needs to be added to the figures first.`,
  };
}

/**
 * The Minimum Income Guarantee for a person, as its parts (the basic amount, then any premiums). Refuses, with the
 * reason, when a rate it needs is not set: a missing rate is never taken as £0, which would overcharge the person.
 */
export function minimumIncomeGuarantee(
  figures: ChargingFigures,
  age: number,
  household: 'single' | 'couple',
  premiums: { disabilityPremium: boolean; enhancedDisabilityPremium: boolean },
): Guarantee {
  const mig = figures.minimumIncomeGuarantee;
  const couple = household === 'couple';
  if (age >= figures.pensionAgeYears) {
    const rate = couple ? mig.couple.pensionAgeEachPence : mig.single.pensionAgePence;
    if (rate === null) return notSet(couple ? 'each member of a couple of pension age' : 'a single person of pension age', figures);
    const parts = [{ what: `Minimum Income Guarantee for ${couple ? 'each member of a couple' : 'a single person'} of pension age`, pence: rate }];
    const note = premiums.disabilityPremium || premiums.enhancedDisabilityPremium ? 'Disability premiums are not added at pension age: the pension-age guarantee already includes what applies' : undefined;
    return note ? { ok: true, parts, note } : { ok: true, parts };
  }

  const parts: GuaranteePart[] = [];
  if (couple) {
    if (mig.couple.aged18ToPensionAgeEachPence === null) return notSet('each member of a couple below pension age', figures);
    parts.push({ what: 'Minimum Income Guarantee for each member of a couple', pence: mig.couple.aged18ToPensionAgeEachPence });
  } else if (age <= 24) {
    parts.push({ what: 'Minimum Income Guarantee for a single person aged 18 to 24', pence: mig.single.aged18To24Pence });
  } else {
    parts.push({ what: `Minimum Income Guarantee for a single person aged 25 to ${figures.pensionAgeYears - 1}`, pence: mig.single.aged25ToPensionAgePence });
  }
  if (premiums.disabilityPremium) {
    const rate = couple ? mig.disabilityPremium.coupleEachPence : mig.disabilityPremium.singlePence;
    if (rate === null) return notSet('the disability premium for a member of a couple', figures);
    parts.push({ what: 'Disability premium, added to your Minimum Income Guarantee', pence: rate });
  }
  if (premiums.enhancedDisabilityPremium) {
    const rate = couple ? mig.enhancedDisabilityPremium.coupleEachPence : mig.enhancedDisabilityPremium.singlePence;
    if (rate === null) return notSet('the enhanced disability premium for a member of a couple', figures);
    parts.push({ what: 'Enhanced disability premium, added to your Minimum Income Guarantee', pence: rate });
  }
  return { ok: true, parts };
}

/** The person's age on the day, or a reason no charge can be worked out for them. */
export function ageForCharging(person: PersonAge, day: string): { ok: true; age: number } | { ok: false; reason: string } {
  const age = 'age' in person ? person.age : ageOn(person.dateOfBirth, day);
  if (!Number.isInteger(age) || age < 0) throw new RangeError('An age must be a whole number of years, from a date of birth before the assessment day');
  if (age < 18) return { ok: false, reason: `Charging for care and support is for adults, and this person is ${age} on ${day}.` };
  return { ok: true, age };
}

// ---------------------------------------------------------------------------------------------------------------
// The explained assessment

function assertPence(pence: number, what: string): void {
  if (!Number.isSafeInteger(pence) || pence < 0) throw new RangeError(`${what} must be a whole number of pence, £0 or more`);
}

/** Lines as they are written, so the charge can only ever be the sum of its explanation. */
class ChargeBook {
  readonly lines: ChargeLine[] = [];
  total = 0;

  adds(what: string, pence: number): void {
    this.lines.push({ what, amountPence: pence, effect: 'adds', weeklyPenceChange: pence, text: `${what}: +${formatPence(pence)} a week` });
    this.total += pence;
  }

  takesOff(what: string, pence: number): void {
    this.lines.push({ what, amountPence: pence, effect: 'takes off', weeklyPenceChange: pence === 0 ? 0 : -pence, text: `${what}: ${formatPence(-pence)} a week` });
    this.total -= pence;
  }

  explains(what: string): void {
    this.lines.push({ what, amountPence: 0, effect: 'explains', weeklyPenceChange: 0, text: what });
  }
}

/** The cost limit, the area's maximum and the minimum charge, applied to the running total in that order. */
function limit(book: ChargeBook, input: FinancialAssessmentInput, local: ChargingLocalOptions): void {
  const cost = input.weeklyCostOfSupportPence;
  if (book.total > cost) book.takesOff(`Limited to what your support costs, ${formatPence(cost)} a week`, book.total - cost);
  if (local.maximumWeeklyChargePence !== null && book.total > local.maximumWeeklyChargePence) {
    book.takesOff(`Limited to the most the council charges anyone, ${formatPence(local.maximumWeeklyChargePence)} a week`, book.total - local.maximumWeeklyChargePence);
  }
  if (book.total > 0 && book.total < local.minimumWeeklyChargePence) {
    book.takesOff(`Not collected: the council does not collect charges of less than ${formatPence(local.minimumWeeklyChargePence)} a week`, book.total);
  }
}

/**
 * The weekly contribution and its explanation. Pass the national figures and the area's options in force on the
 * assessment day (`chargingFiguresInForce`, `localOptionsInForce`). Amounts that are not whole pence of £0 or more
 * are a programming mistake and throw; a person the figures cannot cover is refused with the reason.
 */
export function assessCharge(input: FinancialAssessmentInput, figures: ChargingFigures, local: ChargingLocalOptions): FinancialAssessment {
  assertPence(input.weeklyCostOfSupportPence, 'The weekly cost of support');
  const book = new ChargeBook();
  const done = (basis: ChargeBasis): FinancialAssessment => ({ ok: true, weeklyChargePence: book.total, basis, lines: book.lines, figures: figures.name });
  const cost = input.weeklyCostOfSupportPence;

  if (input.declinedToDisclose) {
    book.adds('You chose not to tell us about your income and savings, so you pay the full cost of your support', cost);
    limit(book, input, local);
    return done('declined to disclose');
  }

  for (const income of input.incomes) assertPence(income.weeklyPence, `The income "${income.what}"`);
  assertPence(input.capitalPence, 'Capital');
  assertPence(input.housingCostsWeeklyPence, 'Housing costs');
  if (input.disabilityRelatedExpenditure.kind === 'itemised') assertPence(input.disabilityRelatedExpenditure.weeklyPence, 'Disability-related expenditure');

  const age = ageForCharging(input.person, input.assessmentDay);
  if (!age.ok) return age;
  const guarantee = minimumIncomeGuarantee(figures, age.age, input.household ?? 'single', input);
  if (!guarantee.ok) return guarantee;

  const capital = formatPence(input.capitalPence);
  if (capitalAboveUpperLimit(input.capitalPence, figures)) {
    book.adds(`Your savings and other capital of ${capital} are more than ${formatPence(figures.capitalUpperLimitPence)}, so you pay the full cost of your support`, cost);
    limit(book, input, local);
    return done('capital above the upper limit');
  }

  for (const income of input.incomes) {
    if (income.disregardedBecause === undefined) book.adds(income.what, income.weeklyPence);
    else book.explains(`${income.what}, ${formatPence(income.weeklyPence)} a week, is not counted: ${income.disregardedBecause}`);
  }

  const tariff = tariffIncomePence(input.capitalPence, figures);
  const lower = formatPence(figures.capitalLowerLimitPence);
  if (tariff === 0) {
    book.explains(`Your savings and other capital of ${capital} are not more than ${lower}, so they do not count as income`);
  } else {
    const { forEachPence, weeklyPence } = figures.tariffIncome;
    book.adds(
      `Tariff income from your savings and other capital of ${capital}: ${formatPence(weeklyPence)} a week for every ${formatPence(forEachPence)}, or part of ${formatPence(forEachPence)}, above ${lower}`,
      tariff,
    );
  }

  if (input.housingCostsWeeklyPence > 0) book.takesOff('Housing costs', input.housingCostsWeeklyPence);
  for (const part of guarantee.parts) book.takesOff(part.what, part.pence);
  if (guarantee.note) book.explains(guarantee.note);

  const dre = input.disabilityRelatedExpenditure;
  if (dre.kind === 'itemised') {
    if (dre.weeklyPence > 0) book.takesOff('Disability-related costs you told us about', dre.weeklyPence);
  } else if (local.standardDisabilityRelatedExpenditurePence > 0) {
    book.takesOff('Disability-related costs: the standard allowance, used when costs are not listed', local.standardDisabilityRelatedExpenditurePence);
  }

  if (book.total < 0) book.adds('Your allowances come to more than your income: the difference is set aside, as no one pays less than £0.00', -book.total);
  limit(book, input, local);
  return done('assessed');
}
