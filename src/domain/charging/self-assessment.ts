// The financial self-assessment a person can do online before their plan: from answers that may be incomplete, the
// lowest and highest weekly contribution they could be asked to pay, in plain words. It uses the same rules as the
// financial assessment; because the charge only ever rises with income, capital and the cost of support, and only
// ever falls with housing costs, disability-related costs and premiums, the two ends of each answer give the range.
import { listInWords } from '../budget/explanation.ts';
import { formatPence } from '../budget/money.ts';
import type { ChargingFigures, ChargingLocalOptions } from './charging-figures.ts';
import { type PersonAge, ageForCharging, minimumIncomeGuarantee, weeklyCharge } from './financial-assessment.ts';

/**
 * An amount a week (or, for capital, in all) as the person answered it: an exact amount in pence, a range (`to` null
 * for "or more"), or "not sure", which is any amount from £0 up.
 */
export type AmountAnswer = number | { from: number; to: number | null } | 'not sure';

export interface SelfAssessmentAnswers {
  /** Today (YYYY-MM-DD): it decides the person's age. Pass the figures in force on it. */
  day: string;
  person: PersonAge;
  household?: 'single' | 'couple';
  /** Each income a week, or "not sure" if the person could not say what comes in. */
  incomes: readonly AmountAnswer[] | 'not sure';
  capital: AmountAnswer;
  housingCostsWeekly: AmountAnswer;
  /**
   * The person's disability-related costs a week, or "standard" if they would rather not list them. "Not sure" is
   * taken as the standard allowance, the amount the council uses when costs are not listed, and the estimate says so.
   */
  disabilityRelatedExpenditureWeekly: AmountAnswer | 'standard';
  disabilityPremium: boolean | 'not sure';
  enhancedDisabilityPremium: boolean | 'not sure';
  /**
   * What the support will cost a week. Before a plan this is usually "not sure": then the estimate leaves the cost
   * limit out at both ends and says that no one pays more than their support costs.
   */
  weeklyCostOfSupport: AmountAnswer;
}

/** A weekly amount, or the full cost of the person's support when that is not known. */
export type WeeklyAmount = number | 'full cost';

export type SelfAssessmentEstimate =
  | {
      kind: 'estimate';
      lowest: WeeklyAmount;
      highest: WeeklyAmount;
      /** One sentence: "You are likely to pay between £12.00 and £40.00 a week." */
      summary: string;
      /** Sentences that qualify the summary, in the order to show them. */
      notes: string[];
    }
  /** The figures cannot cover this person (a rate not set, under 18): they are told their assessment will work it out. */
  | { kind: 'cannot estimate'; summary: string; reason: string };

interface Interval {
  low: number;
  high: number;
}

function assertPence(pence: number): void {
  if (!Number.isSafeInteger(pence) || pence < 0) throw new RangeError('An amount in pence must be a whole number, £0 or more');
}

function interval(answer: AmountAnswer): Interval {
  if (answer === 'not sure') return { low: 0, high: Infinity };
  if (typeof answer === 'number') {
    assertPence(answer);
    return { low: answer, high: answer };
  }
  assertPence(answer.from);
  if (answer.to !== null) assertPence(answer.to);
  if (answer.to !== null && answer.to < answer.from) throw new RangeError('A range must not end below where it starts');
  return { low: answer.from, high: answer.to ?? Infinity };
}

function isUncertain(answer: AmountAnswer | boolean | 'standard' | readonly AmountAnswer[]): boolean {
  if (answer === 'not sure') return true;
  if (Array.isArray(answer)) return answer.some(isUncertain);
  return typeof answer === 'object' && answer !== null && 'from' in answer && answer.from !== answer.to;
}

function sumIntervals(answers: readonly AmountAnswer[] | 'not sure'): Interval {
  if (answers === 'not sure') return { low: 0, high: Infinity };
  return answers.map(interval).reduce((sum, next) => ({ low: sum.low + next.low, high: sum.high + next.high }), { low: 0, high: 0 });
}

function choices(answer: boolean | 'not sure'): boolean[] {
  return answer === 'not sure' ? [false, true] : [answer];
}

function shown(amount: WeeklyAmount): string {
  return amount === 'full cost' ? 'the full cost of your support' : `${formatPence(amount)} a week`;
}

function asAmount(pence: number): WeeklyAmount {
  return pence === Infinity ? 'full cost' : pence;
}

function summarise(lowest: WeeklyAmount, highest: WeeklyAmount): string {
  if (highest === 0) return 'You are unlikely to pay anything towards your support.';
  if (lowest === highest) return `You are likely to pay ${shown(lowest)}.`;
  if (lowest === 0) return `You are likely to pay between nothing and ${shown(highest)}.`;
  if (highest === 'full cost') return `You are likely to pay between ${shown(lowest)} and the full cost of your support.`;
  return `You are likely to pay between ${formatPence(lowest as number)} and ${formatPence(highest)} a week.`;
}

const unsureTopics: [keyof SelfAssessmentAnswers, string][] = [
  ['incomes', 'your income'],
  ['capital', 'your savings and other capital'],
  ['housingCostsWeekly', 'your housing costs'],
  ['disabilityPremium', 'the disability premium'],
  ['enhancedDisabilityPremium', 'the enhanced disability premium'],
  ['weeklyCostOfSupport', 'what your support will cost'],
];

/**
 * The range of weekly contributions the answers allow, worked out with the figures and the area's options in force
 * on `answers.day`. The lowest end takes every unknown at its kindest to the person, the highest at its least kind.
 */
export function estimateContribution(answers: SelfAssessmentAnswers, figures: ChargingFigures, local: ChargingLocalOptions): SelfAssessmentEstimate {
  const cannot = (reason: string): SelfAssessmentEstimate => ({
    kind: 'cannot estimate',
    summary: 'We cannot estimate your contribution online. We will work it out with you in your financial assessment.',
    reason,
  });
  const age = ageForCharging(answers.person, answers.day);
  if (!age.ok) return cannot(age.reason);

  const household = answers.household ?? 'single';
  const guarantees: number[] = [];
  for (const disabilityPremium of choices(answers.disabilityPremium)) {
    for (const enhancedDisabilityPremium of choices(answers.enhancedDisabilityPremium)) {
      const guarantee = minimumIncomeGuarantee(figures, age.age, household, { disabilityPremium, enhancedDisabilityPremium });
      if (!guarantee.ok) return cannot(guarantee.reason);
      guarantees.push(guarantee.parts.reduce((sum, part) => sum + part.pence, 0));
    }
  }
  const guarantee = { low: Math.min(...guarantees), high: Math.max(...guarantees) };

  const income = sumIntervals(answers.incomes);
  const capital = interval(answers.capital);
  const housing = interval(answers.housingCostsWeekly);
  const dreAnswer = answers.disabilityRelatedExpenditureWeekly;
  const standardDre = local.standardDisabilityRelatedExpenditurePence;
  const dre = dreAnswer === 'standard' || dreAnswer === 'not sure' ? { low: standardDre, high: standardDre } : interval(dreAnswer);
  const costUnknown = answers.weeklyCostOfSupport === 'not sure';
  const cost = costUnknown ? { low: Infinity, high: Infinity } : interval(answers.weeklyCostOfSupport);

  const lowestPence = weeklyCharge(
    {
      declinedToDisclose: false,
      countedIncomePence: income.low,
      capitalPence: capital.low,
      housingCostsPence: housing.high,
      disabilityRelatedExpenditurePence: dre.high,
      minimumIncomeGuaranteePence: guarantee.high,
      weeklyCostOfSupportPence: cost.low,
    },
    figures,
    local,
  );
  const highestPence = weeklyCharge(
    {
      declinedToDisclose: false,
      countedIncomePence: income.high,
      capitalPence: capital.high,
      housingCostsPence: housing.low,
      disabilityRelatedExpenditurePence: dre.low,
      minimumIncomeGuaranteePence: guarantee.low,
      weeklyCostOfSupportPence: cost.high,
    },
    figures,
    local,
  );
  const lowest = asAmount(lowestPence);
  const highest = asAmount(highestPence);

  const notes: string[] = [];
  if (highest !== 0 && highest !== 'full cost' && costUnknown) notes.push('You will never pay more than your support costs.');
  if (dreAnswer === 'not sure' || dreAnswer === 'standard') {
    notes.push(
      `We have allowed ${formatPence(standardDre)} a week for costs you have because of your disability or illness. If yours are more, tell us what they are: you may pay less.`,
    );
  }
  const unsure = unsureTopics.filter(([key]) => isUncertain(answers[key] as AmountAnswer)).map(([, topic]) => topic);
  if (lowest !== highest && unsure.length > 0) notes.push(`The range is wide because you were not sure about ${listInWords(unsure)}.`);
  notes.push('This is an estimate. What you pay is worked out in your financial assessment.');
  return { kind: 'estimate', lowest, highest, summary: summarise(lowest, highest), notes };
}
