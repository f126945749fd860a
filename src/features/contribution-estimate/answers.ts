// Reads the contribution estimate's form into the self-assessment's answers, with a GOV.UK message for each field a
// person got wrong. Money goes through the shared pounds-to-pence rule, so "£1,234.50" means what it means elsewhere.
import { divideRoundHalfUp, poundsToPence, weeksPerYear } from '../../domain/budget/money.ts';
import type { AmountAnswer, SelfAssessmentAnswers } from '../../domain/charging/self-assessment.ts';

type Form = Record<string, unknown>;

/** The questions in the order the page asks them, for the error summary. */
export const estimateFieldOrder = ['age', 'statePension', 'pensionCredit', 'universalCredit', 'pipDailyLiving', 'otherIncome', 'capital', 'housingCosts', 'disabilityCosts', 'premiums', 'supportCost'] as const;

/** The incomes asked about, each optional: `what` names it in a message, `monthly` if people know it as a monthly amount. */
export const incomeFields = [
  { name: 'statePension', what: 'your State Pension' },
  { name: 'pensionCredit', what: 'your Pension Credit' },
  { name: 'universalCredit', what: 'your Universal Credit', monthly: true },
  { name: 'pipDailyLiving', what: 'the daily living part of your PIP' },
  { name: 'otherIncome', what: 'your other income' },
] as const;

/** The premiums question's choices, as disability premium and enhanced disability premium. */
const premiumChoices: Record<string, Pick<SelfAssessmentAnswers, 'disabilityPremium' | 'enhancedDisabilityPremium'>> = {
  'disability': { disabilityPremium: true, enhancedDisabilityPremium: false },
  'enhanced': { disabilityPremium: false, enhancedDisabilityPremium: true },
  'both': { disabilityPremium: true, enhancedDisabilityPremium: true },
  'no': { disabilityPremium: false, enhancedDisabilityPremium: false },
  'not-sure': { disabilityPremium: 'not sure', enhancedDisabilityPremium: 'not sure' },
};

export const oldestAge = 120;
const monthsPerYear = 12;

export type ReadEstimate = { ok: true; answers: SelfAssessmentAnswers } | { ok: false; messages: Record<string, string> };

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
const ticked = (form: Form, name: string) => [form[name]].flat().includes('yes');

/** An amount typed into a field, with `what` naming it in the message ("Enter your State Pension in pounds…"). */
function amount(form: Form, name: string, what: string): { ok: true; pence: number } | { ok: false; message: string } {
  const parsed = poundsToPence(text(form, name));
  if (parsed.ok) return parsed;
  const message = parsed.error
    .replace('Enter an amount that is', `Enter ${what} as`)
    .replace('Enter an amount less', `Enter ${what} as an amount less`)
    .replace('Enter an amount', `Enter ${what}`);
  return { ok: false, message };
}

/**
 * An amount, or "I'm not sure" ticked in the box below it. Neither is a question left out; both is a muddle the
 * person should sort out, rather than a guess at which they meant.
 */
function amountOrNotSure(form: Form, name: string, what: string, messages: Record<string, string>): AmountAnswer | undefined {
  const notSure = ticked(form, `${name}NotSure`);
  const typed = text(form, name);
  if (typed === '' && !notSure) {
    messages[name] = `Enter ${what}, or choose “I’m not sure”`;
    return undefined;
  }
  if (typed !== '' && notSure) {
    messages[name] = `Enter ${what} or choose “I’m not sure”, not both`;
    return undefined;
  }
  if (notSure) return 'not sure';
  const read = amount(form, name, what);
  if (!read.ok) messages[name] = read.message;
  return read.ok ? read.pence : undefined;
}

/** The answers on the form as the self-assessment takes them, for `day` (today). */
export function readEstimate(form: Form, day: string): ReadEstimate {
  const messages: Record<string, string> = {};

  const ageText = text(form, 'age');
  let age: number | undefined;
  if (ageText === '') messages.age = 'Enter your age';
  else if (!/^\d{1,3}$/.test(ageText)) messages.age = 'Enter your age in years using numbers only, like 34';
  else if (Number(ageText) < 18) messages.age = 'This estimate is for people aged 18 or over. Enter an age of 18 or more';
  else if (Number(ageText) > oldestAge) messages.age = `Enter an age of ${oldestAge} or less`;
  else age = Number(ageText);

  const incomes: number[] = [];
  for (const field of incomeFields) {
    if (text(form, field.name) === '') continue;
    const read = amount(form, field.name, field.what);
    if (!read.ok) messages[field.name] = read.message;
    // A monthly amount a week, to the nearest penny: a year of months over a year of weeks.
    else incomes.push('monthly' in field ? divideRoundHalfUp(read.pence * monthsPerYear, weeksPerYear) : read.pence);
  }

  const capital = amountOrNotSure(form, 'capital', 'your savings', messages);
  const housing = amountOrNotSure(form, 'housingCosts', 'your housing costs', messages);
  const disabilityCosts = amountOrNotSure(form, 'disabilityCosts', 'your disability costs', messages);

  const premiums = premiumChoices[text(form, 'premiums')];
  if (!premiums) messages.premiums = 'Select whether you get a disability premium, or “I’m not sure”';

  let supportCost: AmountAnswer = 'not sure';
  if (text(form, 'supportCost') !== '') {
    const read = amount(form, 'supportCost', 'what your support costs');
    if (!read.ok) messages.supportCost = read.message;
    else supportCost = read.pence;
  }

  if (Object.keys(messages).length > 0 || age === undefined || capital === undefined || housing === undefined || disabilityCosts === undefined || !premiums) {
    return { ok: false, messages };
  }
  return {
    ok: true,
    answers: {
      day,
      person: { age },
      household: 'single',
      incomes,
      capital,
      housingCostsWeekly: housing,
      // "Not sure" of disability costs is the standard allowance, and the estimate says so.
      disabilityRelatedExpenditureWeekly: disabilityCosts,
      ...premiums,
      weeklyCostOfSupport: supportCost,
    },
  };
}
