// The Resource Allocation System (RAS) as data: answers score points, points become money a week by a price per point
// or by bands, then deductions, add-ons, contingency and limits apply, each step a line a person can read.
import { z } from 'zod';
import { describeAt, hasAtMostDecimals, itemLabel, plainIssues } from '../assessment/data-errors.ts';
import {
  type Answers,
  type Condition,
  type Question,
  type QuestionSet,
  type Validated,
  conditionHolds,
  conditionProblems,
  conditionSchema,
  idSchema,
  questionsById,
} from '../assessment/question-set.ts';
import { type ExplanationLine, type IndicativeBudget, LineBook, listInWords, points, quantity } from './explanation.ts';
import { divideRoundHalfUp, formatPence, largestPence, largestRemainder, percentToBasisPoints, roundOnce, roundedTotal } from './money.ts';

// ---------------------------------------------------------------------------------------------------------------
// The table as data

const textSchema = z.string().trim().min(1);
const penceSchema = z.number().int().min(0).max(largestPence);
const mostPointsForOneNeed = 100_000;
const pointsSchema = z.number().int().min(0).max(mostPointsForOneNeed);
export const percentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => hasAtMostDecimals(value, 2), { error: 'must have no more than two decimal places' });

/** A day as YYYY-MM-DD that exists on the calendar. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date like 2025-04-01', abort: true })
  .refine((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, { error: 'must be a real date like 2025-04-01' });

const scoringSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Points for each option chosen; options not listed score 0. For yes-no questions the options are "yes" and "no". */
    kind: z.literal('per-option'),
    question: idSchema,
    /** Finishes "You scored 4 points for …": "help with meals". */
    need: textSchema,
    points: z.record(z.string(), pointsSchema),
  }),
  z.strictObject({
    /** Points for each unit of a number answer (an hour, say), rounded to the nearest whole point, halves up. */
    kind: z.literal('per-unit'),
    question: idSchema,
    need: textSchema,
    pointsPerUnit: z
      .number()
      .min(0)
      .max(1000)
      .refine((value) => hasAtMostDecimals(value, 2), { error: 'must have no more than two decimal places' }),
    maxPoints: pointsSchema.optional(),
  }),
]);
export type ScoringRule = z.infer<typeof scoringSchema>;

const bandSchema = z.strictObject({
  fromPoints: pointsSchema,
  /** Inclusive; null for the last band, which has no upper limit. */
  toPoints: pointsSchema.nullable(),
  weeklyPence: penceSchema,
});
export type Band = z.infer<typeof bandSchema>;

const pricingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('per-point'), pencePerPoint: z.number().int().min(1, { error: 'must be at least 1 (a price of 1p a point)' }).max(1_000_000) }),
  z.strictObject({ kind: z.literal('bands'), bands: z.array(bandSchema).min(1) }),
]);
export type Pricing = z.infer<typeof pricingSchema>;

const deductionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Takes a percentage off the points of the needs unpaid support helps with. */
    kind: z.literal('percent-of-points'),
    /** Starts the line: "Unpaid support from family and friends". */
    reason: textSchema,
    /** All must hold for the deduction to apply; an empty list means always. */
    when: z.array(conditionSchema),
    percent: percentSchema,
    /** The questions (needs) whose points are reduced. */
    appliesTo: z.array(idSchema).min(1),
  }),
  z.strictObject({
    /** Takes pence off for each hour of unpaid support a week, up to a weekly limit. */
    kind: z.literal('pence-per-hour'),
    reason: textSchema,
    when: z.array(conditionSchema),
    hoursQuestion: idSchema,
    pencePerHour: penceSchema,
    maxWeeklyPence: penceSchema,
  }),
]);
export type Deduction = z.infer<typeof deductionSchema>;

const addOnSchema = z.strictObject({
  /** Finishes "Added for …": "social isolation". */
  reason: textSchema,
  weeklyPence: penceSchema,
  /** All must hold for the add-on to apply. */
  when: z.array(conditionSchema).min(1),
});
export type AddOn = z.infer<typeof addOnSchema>;

export const rasTableSchema = z.strictObject({
  streamCode: idSchema,
  name: textSchema,
  /** True for seeded tables that show how a RAS works and are not any council's real figures. */
  illustrative: z.boolean(),
  /** The first day this table is used; a recalibrated table is a new table with a later date. */
  effectiveFrom: daySchema,
  scoring: z.array(scoringSchema),
  pricing: pricingSchema,
  minimumWeeklyPence: penceSchema,
  maximumWeeklyPence: penceSchema,
  deductions: z.array(deductionSchema),
  addOns: z.array(addOnSchema),
  /** Added to the amount before the minimum and maximum apply, for the unexpected. */
  contingencyPercent: percentSchema,
  /** How far the agreed (actual) budget may differ from the indicative one without going to a panel. */
  tolerancePercent: percentSchema,
});
export type RasTable = z.infer<typeof rasTableSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Checking an import

function optionKeys(question: Question): string[] | undefined {
  if (question.kind === 'yes-no') return ['yes', 'no'];
  if (question.kind === 'single-choice' || question.kind === 'multiple-choice') return question.options.map((o) => o.value);
  return undefined;
}

function bandProblems(bands: readonly Band[]): string[] {
  const problems: string[] = [];
  const numbered = bands.map((band, index) => ({ ...band, number: index + 1 }));
  for (const band of numbered) {
    if (band.toPoints !== null && band.toPoints < band.fromPoints) problems.push(`Band ${band.number} ends (${band.toPoints} points) before it starts (${band.fromPoints} points)`);
  }
  const sorted = [...numbered].sort((a, b) => a.fromPoints - b.fromPoints || a.number - b.number);
  const first = sorted[0]!;
  if (first.fromPoints !== 0) problems.push(`The bands must start at 0 points, but the lowest starts at ${first.fromPoints}: scores from 0 to ${first.fromPoints - 1} have no price`);
  for (let i = 1; i < sorted.length; i += 1) {
    const before = sorted[i - 1]!;
    const band = sorted[i]!;
    if (before.toPoints === null) {
      problems.push(`Bands ${before.number} and ${band.number} overlap: band ${before.number} has no upper limit, so only the last band can be open-ended`);
    } else if (band.fromPoints <= before.toPoints) {
      problems.push(`Bands ${before.number} and ${band.number} overlap: band ${before.number} goes up to ${before.toPoints} points but band ${band.number} starts at ${band.fromPoints}`);
    } else if (band.fromPoints > before.toPoints + 1) {
      const gap = before.toPoints + 1 === band.fromPoints - 1 ? `${before.toPoints + 1} points has` : `scores from ${before.toPoints + 1} to ${band.fromPoints - 1} points have`;
      problems.push(`There is a gap between band ${before.number} (up to ${before.toPoints} points) and band ${band.number} (from ${band.fromPoints} points): ${gap} no price`);
    }
  }
  const last = sorted[sorted.length - 1]!;
  if (last.toPoints !== null) problems.push(`The highest band (band ${last.number}) must have "toPoints": null, so that every score above ${last.toPoints} points has a price`);
  return problems;
}

export interface RasCheckOptions {
  /** When given, the table's stream must be one of these codes. */
  streamCodes?: readonly string[];
}

/**
 * Checks imported JSON as a RAS table for a question set. Every problem is listed in plain English and nothing is
 * returned unless there are none, so a bad import saves nothing.
 */
export function validateRasTable(json: unknown, set: QuestionSet, options: RasCheckOptions = {}): Validated<'table', RasTable> {
  const parsed = rasTableSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: plainIssues(parsed.error, json) };
  const table = parsed.data;
  const questions = questionsById(set);
  const errors: string[] = [];

  if (options.streamCodes && !options.streamCodes.includes(table.streamCode)) errors.push(`"streamCode" names "${table.streamCode}", which is not one of the area's funding streams`);

  const scored = new Set<string>();
  table.scoring.forEach((rule, index) => {
    const label = itemLabel('scoring', index, rule);
    if (scored.has(rule.question)) errors.push(`${label} scores a question that is already scored: each question is scored once`);
    scored.add(rule.question);
    const question = questions.get(rule.question);
    if (!question) {
      errors.push(`${label}: there is no such question in the question set`);
      return;
    }
    if (rule.kind === 'per-option') {
      const keys = optionKeys(question);
      if (!keys) errors.push(`${label} gives points per option, but that is a ${question.kind} question, with no options`);
      else {
        const unknown = Object.keys(rule.points).filter((key) => !keys.includes(key));
        if (unknown.length) errors.push(`${label} gives points for ${unknown.map((k) => `"${k}"`).join(', ')}, which ${unknown.length === 1 ? 'is not an option' : 'are not options'} of that question (its options are ${keys.join(', ')})`);
      }
    } else if (question.kind !== 'number') {
      errors.push(`${label} gives points per unit, but that is a ${question.kind} question, not a number`);
    }
  });

  if (table.pricing.kind === 'bands') errors.push(...bandProblems(table.pricing.bands));

  if (table.minimumWeeklyPence > table.maximumWeeklyPence) {
    errors.push(`The minimum (${formatPence(table.minimumWeeklyPence)} a week) is above the maximum (${formatPence(table.maximumWeeklyPence)} a week)`);
  }

  table.deductions.forEach((deduction, index) => {
    const label = itemLabel('deductions', index, deduction);
    deduction.when.forEach((condition, c) => {
      for (const p of conditionProblems(condition, questions)) errors.push(describeAt([label, `condition ${c + 1}`], [], p));
    });
    if (deduction.kind === 'percent-of-points') {
      for (const id of deduction.appliesTo) {
        if (!questions.has(id)) errors.push(`${label} applies to question "${id}", which is not in the question set`);
        else if (!scored.has(id)) errors.push(`${label} applies to question "${id}", which has no scoring rule, so it has no points to reduce`);
      }
    } else {
      const hours = questions.get(deduction.hoursQuestion);
      if (!hours) errors.push(`${label} reads hours from question "${deduction.hoursQuestion}", which is not in the question set`);
      else if (hours.kind !== 'number') errors.push(`${label} reads hours from question "${deduction.hoursQuestion}", which is a ${hours.kind} question, not a number`);
    }
  });

  table.addOns.forEach((addOn, index) => {
    const label = itemLabel('addOns', index, addOn);
    addOn.when.forEach((condition, c) => {
      for (const p of conditionProblems(condition, questions)) errors.push(describeAt([label, `condition ${c + 1}`], [], p));
    });
  });

  return errors.length ? { ok: false, errors } : { ok: true, table };
}

// ---------------------------------------------------------------------------------------------------------------
// Compiling once, evaluating many times

interface CompiledScore {
  question: string;
  need: string;
  perOption: ReadonlyMap<string, number> | null;
  /** Points per unit in hundredths, so scoring stays in integers. */
  pointsPerUnitHundredths: number;
  maxPoints: number;
}

export interface CompiledRasTable {
  readonly table: RasTable;
  readonly scoring: readonly CompiledScore[];
  /** Sorted by `fromPoints`, the last with `toPoints` Infinity. Empty when priced per point. */
  readonly bands: readonly { fromPoints: number; toPoints: number; weeklyPence: number }[];
  readonly deductions: readonly (Deduction & { basisPoints: number })[];
  readonly contingencyBasisPoints: number;
}

/**
 * Prepares a validated table for many evaluations: option points in maps, bands sorted, percentages as integers. Do
 * this once per table; `indicativeBudget` then does no parsing or checking of the table.
 */
export function compileRasTable(table: RasTable): CompiledRasTable {
  return {
    table,
    scoring: table.scoring.map((rule) => ({
      question: rule.question,
      need: rule.need,
      perOption: rule.kind === 'per-option' ? new Map(Object.entries(rule.points)) : null,
      pointsPerUnitHundredths: rule.kind === 'per-unit' ? Math.round(rule.pointsPerUnit * 100) : 0,
      maxPoints: rule.kind === 'per-unit' && rule.maxPoints !== undefined ? rule.maxPoints : Infinity,
    })),
    bands:
      table.pricing.kind === 'bands'
        ? [...table.pricing.bands]
            .sort((a, b) => a.fromPoints - b.fromPoints)
            .map((band) => ({ fromPoints: band.fromPoints, toPoints: band.toPoints ?? Infinity, weeklyPence: band.weeklyPence }))
        : [],
    deductions: table.deductions.map((deduction) => ({
      ...deduction,
      basisPoints: deduction.kind === 'percent-of-points' ? percentToBasisPoints(deduction.percent) : 0,
    })),
    contingencyBasisPoints: percentToBasisPoints(table.contingencyPercent),
  };
}

function allHold(conditions: readonly Condition[], answers: Answers): boolean {
  for (const condition of conditions) if (!conditionHolds(condition, answers)) return false;
  return true;
}

/** Whole points for one need: never negative, at most 100,000; number answers are read to the hundredth. */
function scoreFor(rule: CompiledScore, answers: Answers): number {
  const answer = answers[rule.question];
  if (answer === undefined) return 0;
  if (rule.perOption) {
    if (typeof answer === 'boolean') return rule.perOption.get(answer ? 'yes' : 'no') ?? 0;
    if (typeof answer === 'string') return rule.perOption.get(answer) ?? 0;
    if (Array.isArray(answer)) {
      let total = 0;
      for (const value of answer) total += rule.perOption.get(value) ?? 0;
      return total;
    }
    return 0;
  }
  if (typeof answer !== 'number' || !(answer > 0)) return 0;
  // No need scores more than the most points a table may give one option, which also keeps the sums exact integers.
  if (answer * rule.pointsPerUnitHundredths >= mostPointsForOneNeed * 100) return Math.min(mostPointsForOneNeed, rule.maxPoints);
  const score = divideRoundHalfUp(Math.round(answer * 100) * rule.pointsPerUnitHundredths, 10_000);
  return Math.min(score, rule.maxPoints);
}

function bandFor(bands: CompiledRasTable['bands'], total: number) {
  let low = 0;
  let high = bands.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (bands[middle]!.fromPoints <= total) low = middle;
    else high = middle - 1;
  }
  return bands[low]!;
}

function percentText(basisPoints: number): string {
  return `${quantity(basisPoints / 100)}%`;
}

/**
 * Money is kept in millionths of a penny until the end. Hours are read to the hundredth and percentages to the
 * hundredth of a percent, so every line is exact in these units, and the weekly total is rounded to the penny once.
 */
const unitsPerPenny = 1_000_000n;

/** A line whose money is still exact; its text is written once the rounding has given it whole pence. */
interface ExactLine {
  text: (pence: number) => string;
  exact: bigint;
  points?: number;
}

function evaluate(compiled: CompiledRasTable, answers: Answers, explain: boolean): { book: LineBook; points: number } {
  const { table } = compiled;
  const exactLines: ExactLine[] = [];
  let exactSum = 0n;
  let pointsSum = 0;
  const add = (line: ExactLine) => {
    exactLines.push(line);
    exactSum += line.exact;
    pointsSum += line.points ?? 0;
  };
  const price = table.pricing.kind === 'per-point' ? BigInt(table.pricing.pencePerPoint) * unitsPerPenny : 0n;

  // 1. Points for each need, each with the money it is worth when priced per point. Under bands a need's points have
  // no price of their own (the band prices the total), so those lines only explain.
  const scores = new Map<string, number>();
  for (const rule of compiled.scoring) {
    const score = scoreFor(rule, answers);
    scores.set(rule.question, score);
    if (score > 0) add({ text: () => `You scored ${points(score)} for ${rule.need}`, points: score, exact: BigInt(score) * price });
  }

  // 2. Deductions of points: the percentage is of the needs' points together, rounded once, and each need loses its
  // share of that (largest remainder), so later deductions see what is left.
  for (const deduction of compiled.deductions) {
    if (deduction.kind !== 'percent-of-points' || !allHold(deduction.when, answers)) continue;
    const ids = deduction.appliesTo.filter((id) => (scores.get(id) ?? 0) > 0);
    const before = ids.map((id) => scores.get(id)!);
    const sum = before.reduce((a, b) => a + b, 0);
    const taken = sum > 0 ? divideRoundHalfUp(sum * deduction.basisPoints, 10_000) : 0;
    if (taken <= 0) continue;
    const shares = largestRemainder(taken, before);
    ids.forEach((id, index) => scores.set(id, before[index]! - shares[index]!));
    const needs = explain ? ids.map((id) => compiled.scoring.find((rule) => rule.question === id)?.need ?? id) : [];
    add({ text: () => `${deduction.reason}: ${points(taken)} fewer (${percentText(deduction.basisPoints)} off the ${points(sum)} for ${listInWords(needs)})`, points: -taken, exact: -BigInt(taken) * price });
  }

  // 3. Points to money. Priced per point, each line above already carries its money, so this line only explains.
  const total = pointsSum;
  if (table.pricing.kind === 'per-point') {
    const pencePerPoint = table.pricing.pencePerPoint;
    add({ text: () => `${points(total)} at ${formatPence(pencePerPoint)} a point: ${formatPence(total * pencePerPoint)} a week`, exact: 0n });
  } else {
    const band = bandFor(compiled.bands, total);
    const range = band.toPoints === Infinity ? `${band.fromPoints} points or more` : `${band.fromPoints} to ${band.toPoints} points`;
    add({ text: () => `${points(total)} is in the band for ${range}: ${formatPence(band.weeklyPence)} a week`, exact: BigInt(band.weeklyPence) * unitsPerPenny });
  }

  // 4. Deductions of money, never below nothing: unpaid support cannot leave a person owing.
  for (const deduction of compiled.deductions) {
    if (deduction.kind !== 'pence-per-hour' || !allHold(deduction.when, answers)) continue;
    const hours = answers[deduction.hoursQuestion];
    if (typeof hours !== 'number' || !(hours > 0)) continue;
    const full = (BigInt(Math.round(hours * 100)) * BigInt(deduction.pencePerHour) * unitsPerPenny) / 100n;
    const limit = BigInt(deduction.maxWeeklyPence) * unitsPerPenny;
    const capped = full < limit ? full : limit;
    const taken = capped < exactSum ? capped : exactSum;
    if (taken <= 0n) continue;
    add({
      text: (pence) => {
        const limited = taken < capped ? ', but no more than the amount so far' : capped < full ? `, up to ${formatPence(deduction.maxWeeklyPence)}` : '';
        return `${deduction.reason}: ${quantity(hours)} hours a week at ${formatPence(deduction.pencePerHour)} an hour${limited}: ${formatPence(pence)} a week`;
      },
      exact: -taken,
    });
  }

  // 5. Add-ons.
  for (const addOn of table.addOns) {
    if (addOn.weeklyPence > 0 && allHold(addOn.when, answers)) add({ text: () => `Added for ${addOn.reason}: ${formatPence(addOn.weeklyPence)} a week`, exact: BigInt(addOn.weeklyPence) * unitsPerPenny });
  }

  // 6. Contingency, on everything so far, exactly: it is not rounded on its own.
  const contingency = (exactSum * BigInt(compiled.contingencyBasisPoints)) / 10_000n;
  if (contingency > 0n) add({ text: (pence) => `Contingency ${percentText(compiled.contingencyBasisPoints)}: ${formatPence(pence)} a week`, exact: contingency });

  // 7. The one rounding: the total to the nearest penny, shared out so the lines still add up to it exactly.
  const book = new LineBook(explain);
  if (explain) {
    const pence = roundOnce(exactLines.map((line) => line.exact), unitsPerPenny);
    exactLines.forEach((line, index) => book.add(line.text(pence[index]!), { weekly: pence[index]!, ...(line.points === undefined ? {} : { points: line.points }) }));
  } else {
    book.add('', { weekly: roundedTotal(exactSum, unitsPerPenny), points: pointsSum });
  }

  // 8. Minimum and maximum last, so the total always lies between them.
  if (book.weeklyPence < table.minimumWeeklyPence) {
    book.add(() => `Raised to the minimum of ${formatPence(table.minimumWeeklyPence)} a week`, { weekly: table.minimumWeeklyPence - book.weeklyPence });
  } else if (book.weeklyPence > table.maximumWeeklyPence) {
    book.add(() => `Limited to the maximum of ${formatPence(table.maximumWeeklyPence)} a week`, { weekly: table.maximumWeeklyPence - book.weeklyPence });
  }
  return { book, points: total };
}

export interface RasBudget extends IndicativeBudget {
  /** Points after deductions: the score that was priced. */
  points: number;
  lines: ExplanationLine[];
}

/**
 * The indicative budget from a compiled table and a person's answers (pass `visibleAnswers(set, answers)` so answers to
 * hidden questions count for nothing). The lines add up exactly to `weeklyPence`, which lies between the table's
 * minimum and maximum: a total below the minimum is raised to it, with a line saying so. Whether the person is
 * eligible at all is for the caller: this works out the amount as if they were.
 */
export function indicativeBudget(compiled: CompiledRasTable, answers: Answers): RasBudget {
  const { book, points } = evaluate(compiled, answers, true);
  return { ...book.budget(compiled.table.streamCode), points };
}

/** The same weekly amount as `indicativeBudget`, without writing the explanation: for what-if runs over a population. */
export function indicativeWeeklyPence(compiled: CompiledRasTable, answers: Answers): number {
  return evaluate(compiled, answers, false).book.weeklyPence;
}

// ---------------------------------------------------------------------------------------------------------------
// Recalibration and tolerance

/**
 * The table in force on a day (YYYY-MM-DD): the one with the latest `effectiveFrom` on or before it, or undefined if
 * none has started. Pass one stream's tables; if two share a date, the later in the list wins.
 */
export function tableInForce<T extends { effectiveFrom: string }>(tables: readonly T[], day: string): T | undefined {
  let chosen: T | undefined;
  for (const table of tables) {
    if (table.effectiveFrom <= day && (!chosen || table.effectiveFrom >= chosen.effectiveFrom)) chosen = table;
  }
  return chosen;
}

/** The lowest and highest actual weekly amounts within `tolerancePercent` of the indicative one, in whole pence. */
export function toleranceRange(indicativeWeeklyPence: number, tolerancePercent: number): { lowestPence: number; highestPence: number } {
  const allowance = Math.floor((indicativeWeeklyPence * percentToBasisPoints(tolerancePercent)) / 10_000);
  return { lowestPence: indicativeWeeklyPence - allowance, highestPence: indicativeWeeklyPence + allowance };
}

/** Does the actual (agreed) amount lie within the tolerance of the indicative one, either side? Exact in integers. */
export function withinTolerance(indicativeWeeklyPence: number, actualWeeklyPence: number, tolerancePercent: number): boolean {
  return Math.abs(actualWeeklyPence - indicativeWeeklyPence) * 10_000 <= indicativeWeeklyPence * percentToBasisPoints(tolerancePercent);
}
