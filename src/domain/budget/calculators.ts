// Calculators as data for the funding streams that do not use a RAS: Access to Work, Disabled Facilities Grant,
// Supporting People, Independent Living Fund and Work Choice. Each turns answers into the same explained amount.
//
// Units: every amount in the data is integer pence (`…Pence`), hourly rates are pence an hour, and answers in pounds
// (as people type them) are turned into pence once, exactly, by `poundsAnswerToPence`. Weekly amounts are pence a
// week; one-off amounts (a grant for adaptations) are `oneOffPence`, never spread into a weekly figure.
import { z } from 'zod';
import { describeAt, plainIssues } from '../assessment/data-errors.ts';
import { type Answers, type Question, type QuestionSet, type Validated, idSchema, questionsById } from '../assessment/question-set.ts';
import { type IndicativeBudget, LineBook, quantity } from './explanation.ts';
import { divideRoundHalfUp, formatPence, largestPence, percentOfPence, poundsAnswerToPence, yearlyToWeekly } from './money.ts';
import { daySchema, percentSchema } from './ras.ts';

const textSchema = z.string().trim().min(1);
const penceSchema = z.number().int().min(0).max(largestPence);

const common = {
  streamCode: idSchema,
  name: textSchema,
  /** True for seeded parameters that show how a calculator works and are not an agency's real figures. */
  illustrative: z.boolean(),
  effectiveFrom: daySchema,
};

export const accessToWorkSchema = z.strictObject({
  ...common,
  kind: z.literal('access-to-work'),
  questions: z.strictObject({
    /** Number: support worker hours a week. */
    supportWorkerHours: idSchema,
    /** Number: the one-off cost of equipment, in pounds. */
    equipmentCostPounds: idSchema,
    /** Number: extra travel costs, in pounds a week. */
    travelWeeklyPounds: idSchema,
    /** Choice: the size of the employer, which decides its share of the equipment cost. */
    employerSize: idSchema,
  }),
  supportWorkerPencePerHour: penceSchema,
  /** Equipment is bought once: its cost, less the employer's share, is spread over this many weeks. */
  equipmentSpreadWeeks: z.number().int().min(1).max(520),
  /** The most Access to Work pays in a year, in pence. */
  annualCapPence: penceSchema,
  /**
   * What employers pay towards equipment, by size: the first `firstPence`, then `percentOfRest`% of the cost above
   * that up to `restUpToPence`. Employer sizes not listed pay nothing.
   */
  employerShares: z.array(
    z.strictObject({ employerSizes: z.array(idSchema).min(1), firstPence: penceSchema, percentOfRest: percentSchema, restUpToPence: penceSchema }),
  ),
  /** Employer-size answers that mean "I do not know": no share is taken off, and the line says it may be. */
  unknownEmployerSizes: z.array(idSchema),
});
export type AccessToWorkCalculator = z.infer<typeof accessToWorkSchema>;

export const disabledFacilitiesGrantSchema = z.strictObject({
  ...common,
  kind: z.literal('disabled-facilities-grant'),
  questions: z.strictObject({
    /** Number: the total of the quotes for the work, in pounds. */
    quotesPounds: idSchema,
    /** Number: what the means test says the person pays, in pounds; unanswered means not yet known. */
    contributionPounds: idSchema,
  }),
  /** The most the grant can be (the mandatory maximum is £30,000 in England). */
  maximumGrantPence: penceSchema,
});
export type DisabledFacilitiesGrantCalculator = z.infer<typeof disabledFacilitiesGrantSchema>;

export const supportingPeopleSchema = z.strictObject({
  ...common,
  kind: z.literal('supporting-people'),
  questions: z.strictObject({
    /** Number: hours a week of housing-related support. */
    hours: idSchema,
  }),
  hourlyRatePence: penceSchema,
  /** The most hours a week this stream pays for; leave out for no limit. */
  maximumHoursPerWeek: z.number().positive().optional(),
});
export type SupportingPeopleCalculator = z.infer<typeof supportingPeopleSchema>;

export const independentLivingFundSchema = z.strictObject({
  ...common,
  kind: z.literal('independent-living-fund'),
  questions: z.strictObject({
    /** Number: the existing award, in pounds a week. */
    weeklyAwardPounds: idSchema,
  }),
});
export type IndependentLivingFundCalculator = z.infer<typeof independentLivingFundSchema>;

export const workChoiceSchema = z.strictObject({
  ...common,
  kind: z.literal('work-choice'),
  /** The programme's name as people know it: "Work Choice". */
  programme: textSchema,
  /** The cash equivalent of a place on the programme, in pence a week. */
  weeklyPence: penceSchema,
});
export type WorkChoiceCalculator = z.infer<typeof workChoiceSchema>;

export const calculatorSchema = z.discriminatedUnion('kind', [
  accessToWorkSchema,
  disabledFacilitiesGrantSchema,
  supportingPeopleSchema,
  independentLivingFundSchema,
  workChoiceSchema,
]);
export type Calculator = z.infer<typeof calculatorSchema>;
export type CalculatorKind = Calculator['kind'];

// ---------------------------------------------------------------------------------------------------------------
// Checking an import

function questionProblems(calculator: Calculator, questions: ReadonlyMap<string, Question>): string[] {
  if (calculator.kind === 'work-choice') return [];
  const problems: string[] = [];
  const expect = (key: string, kinds: readonly Question['kind'][]) => {
    const id = (calculator.questions as Record<string, string>)[key]!;
    const question = questions.get(id);
    if (!question) problems.push(describeAt([], ['questions', key], `names question "${id}", which is not in the question set`));
    else if (!kinds.includes(question.kind)) problems.push(describeAt([], ['questions', key], `names question "${id}", which is a ${question.kind} question; it must be a ${kinds.join(' or ')} question`));
    return question;
  };
  for (const key of Object.keys(calculator.questions)) {
    if (key === 'employerSize') continue;
    expect(key, ['number']);
  }
  if (calculator.kind === 'access-to-work') {
    const question = expect('employerSize', ['single-choice']);
    const options = question?.kind === 'single-choice' ? question.options.map((o) => o.value) : undefined;
    const claimed = new Set<string>();
    calculator.employerShares.forEach((share, index) => {
      for (const size of share.employerSizes) {
        if (options && !options.includes(size)) problems.push(`Employer share ${index + 1} is for "${size}", not an option of question "${calculator.questions.employerSize}" (its options are ${options.join(', ')})`);
        if (claimed.has(size)) problems.push(`Employer share ${index + 1} is for "${size}", which already has a share`);
        claimed.add(size);
      }
      if (share.restUpToPence < share.firstPence) problems.push(`Employer share ${index + 1} has "restUpToPence" below "firstPence"`);
    });
    for (const size of calculator.unknownEmployerSizes) {
      if (options && !options.includes(size)) problems.push(`"unknownEmployerSizes" lists "${size}", not an option of question "${calculator.questions.employerSize}"`);
      if (claimed.has(size)) problems.push(`"unknownEmployerSizes" lists "${size}", which also has an employer share`);
    }
  }
  return problems;
}

/** Checks imported JSON as a calculator for a question set. Errors are plain English; nothing half-valid passes. */
export function validateCalculator(json: unknown, set: QuestionSet, options: { streamCodes?: readonly string[] } = {}): Validated<'calculator', Calculator> {
  const parsed = calculatorSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: plainIssues(parsed.error, json) };
  const calculator = parsed.data;
  const errors = questionProblems(calculator, questionsById(set));
  if (options.streamCodes && !options.streamCodes.includes(calculator.streamCode)) errors.push(`"streamCode" names "${calculator.streamCode}", which is not one of the area's funding streams`);
  return errors.length ? { ok: false, errors } : { ok: true, calculator };
}

// ---------------------------------------------------------------------------------------------------------------
// Calculating

function numberAnswer(answers: Answers, id: string): number | undefined {
  const answer = answers[id];
  return typeof answer === 'number' && Number.isFinite(answer) ? Math.max(0, answer) : undefined;
}

/** Pence for hours at an hourly rate; hours are read to the hundredth and the result rounded to the penny, halves up. */
function hoursAtRate(hours: number, pencePerHour: number): number {
  return divideRoundHalfUp(Math.round(hours * 100) * pencePerHour, 100);
}

function accessToWork(calculator: AccessToWorkCalculator, answers: Answers): IndicativeBudget {
  const book = new LineBook();
  const q = calculator.questions;

  const hours = numberAnswer(answers, q.supportWorkerHours) ?? 0;
  if (hours > 0) {
    const weekly = hoursAtRate(hours, calculator.supportWorkerPencePerHour);
    book.add(`Support worker: ${quantity(hours)} hours a week at ${formatPence(calculator.supportWorkerPencePerHour)} an hour: ${formatPence(weekly)} a week`, { weekly });
  }

  const equipment = poundsAnswerToPence(numberAnswer(answers, q.equipmentCostPounds) ?? 0);
  if (equipment > 0) {
    const size = answers[q.employerSize];
    const share = typeof size === 'string' ? calculator.employerShares.find((s) => s.employerSizes.includes(size)) : undefined;
    let employerPays = 0;
    if (share) {
      const rest = Math.max(0, Math.min(equipment, share.restUpToPence) - share.firstPence);
      employerPays = Math.min(equipment, share.firstPence) + percentOfPence(rest, share.percentOfRest);
      book.add(
        `Your employer pays ${formatPence(employerPays)} of the ${formatPence(equipment)} cost of equipment: the first ${formatPence(share.firstPence)}, and ${quantity(share.percentOfRest)}% of the cost above that up to ${formatPence(share.restUpToPence)}`,
      );
    } else if (typeof size !== 'string' || calculator.unknownEmployerSizes.includes(size)) {
      book.add(`We do not know how many people work for your employer yet, so nothing has been taken off for your employer’s share of the equipment cost. It may be less when we know`);
    } else {
      book.add('Your employer does not have to pay towards the cost of equipment');
    }
    const net = equipment - employerPays;
    const weekly = divideRoundHalfUp(net, calculator.equipmentSpreadWeeks);
    if (net > 0) {
      book.add(`Equipment costing ${formatPence(net)}${share ? ' after your employer’s share' : ''}, spread over ${calculator.equipmentSpreadWeeks} weeks: ${formatPence(weekly)} a week`, { weekly });
    }
  }

  const travel = poundsAnswerToPence(numberAnswer(answers, q.travelWeeklyPounds) ?? 0);
  if (travel > 0) book.add(`Extra cost of travel to work: ${formatPence(travel)} a week`, { weekly: travel });

  // The yearly limit as a weekly one rounded down, so 52 weeks at the limit never come to more than the yearly limit.
  const weeklyCap = yearlyToWeekly(calculator.annualCapPence, 'down');
  if (book.weeklyPence > weeklyCap) {
    book.add(`Limited to the yearly maximum of ${formatPence(calculator.annualCapPence)} (${formatPence(weeklyCap)} a week)`, { weekly: weeklyCap - book.weeklyPence });
  }
  if (book.lines.length === 0) book.add('You told us you do not need a support worker, equipment or help with travel at work, so there is nothing to pay for yet');
  return book.budget(calculator.streamCode);
}

function disabledFacilitiesGrant(calculator: DisabledFacilitiesGrantCalculator, answers: Answers): IndicativeBudget {
  const book = new LineBook();
  const quotesPounds = numberAnswer(answers, calculator.questions.quotesPounds);
  if (quotesPounds === undefined) {
    book.add(`We need quotes for the work before we can work out the grant. The most it can be is ${formatPence(calculator.maximumGrantPence)}`, { oneOff: 0 });
    return book.budget(calculator.streamCode);
  }
  const quotes = poundsAnswerToPence(quotesPounds);
  book.add(`Quotes for the work: ${formatPence(quotes)}, paid once`, { oneOff: quotes });
  const contributionPounds = numberAnswer(answers, calculator.questions.contributionPounds);
  if (contributionPounds === undefined) {
    book.add('The means test has not been done yet. If it finds you must pay towards the work, the grant will be less', { oneOff: 0 });
  } else {
    const contribution = poundsAnswerToPence(contributionPounds);
    const taken = Math.min(contribution, quotes);
    if (taken > 0) {
      book.add(`What you pay towards the work, from the means test: ${formatPence(-taken)}${taken < contribution ? ` (your contribution of ${formatPence(contribution)} is more than the quotes)` : ''}`, { oneOff: -taken });
    } else {
      book.add('The means test found you do not have to pay towards the work', { oneOff: 0 });
    }
  }
  if (book.oneOffPence > calculator.maximumGrantPence) {
    book.add(`Limited to the maximum grant of ${formatPence(calculator.maximumGrantPence)}`, { oneOff: calculator.maximumGrantPence - book.oneOffPence });
  }
  return book.budget(calculator.streamCode);
}

function supportingPeople(calculator: SupportingPeopleCalculator, answers: Answers): IndicativeBudget {
  const book = new LineBook();
  const asked = numberAnswer(answers, calculator.questions.hours) ?? 0;
  const limit = calculator.maximumHoursPerWeek ?? Infinity;
  const hours = Math.min(asked, limit);
  const weekly = hoursAtRate(hours, calculator.hourlyRatePence);
  const limited = asked > limit ? ` (you need ${quantity(asked)}, and the most this support pays for is ${quantity(limit)})` : '';
  book.add(`${quantity(hours)} hours a week of housing-related support at ${formatPence(calculator.hourlyRatePence)} an hour${limited}: ${formatPence(weekly)} a week`, { weekly });
  return book.budget(calculator.streamCode);
}

function independentLivingFund(calculator: IndependentLivingFundCalculator, answers: Answers): IndicativeBudget {
  const book = new LineBook();
  const pounds = numberAnswer(answers, calculator.questions.weeklyAwardPounds);
  if (pounds === undefined) book.add('We need the weekly amount of your Independent Living Fund award, from your award letter');
  else {
    const weekly = poundsAnswerToPence(pounds);
    book.add(`Your Independent Living Fund award: ${formatPence(weekly)} a week`, { weekly });
  }
  return book.budget(calculator.streamCode);
}

function workChoice(calculator: WorkChoiceCalculator): IndicativeBudget {
  const book = new LineBook();
  book.add(`The cash value of a place on the ${calculator.programme} programme: ${formatPence(calculator.weeklyPence)} a week`, { weekly: calculator.weeklyPence });
  return book.budget(calculator.streamCode);
}

/**
 * The indicative amount for a stream from its calculator and a person's answers (pass `visibleAnswers(set, answers)`).
 * Lines add up exactly to `weeklyPence` and to `oneOffPence`; `yearlyPence` is `weeklyPence` × 52. Whether the person
 * is eligible is for the caller: a calculator works out the amount as if they were.
 */
export function calculate(calculator: Calculator, answers: Answers): IndicativeBudget {
  switch (calculator.kind) {
    case 'access-to-work':
      return accessToWork(calculator, answers);
    case 'disabled-facilities-grant':
      return disabledFacilitiesGrant(calculator, answers);
    case 'supporting-people':
      return supportingPeople(calculator, answers);
    case 'independent-living-fund':
      return independentLivingFund(calculator, answers);
    case 'work-choice':
      return workChoice(calculator);
  }
}
