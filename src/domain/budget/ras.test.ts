import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets } from '../assessment/arbitraries.ts';
import { defaultQuestionSet } from '../assessment/default-question-set.ts';
import { type AnswerValue, visibleAnswers } from '../assessment/question-set.ts';
import { rasTables } from './arbitraries.ts';
import { defaultRasTable } from './default-ras.ts';
import type { ExplanationLine } from './explanation.ts';
import { divideRoundHalfUp } from './money.ts';
import {
  type RasTable,
  compileRasTable,
  indicativeBudget,
  indicativeWeeklyPence,
  tableInForce,
  toleranceRange,
  validateRasTable,
  withinTolerance,
} from './ras.ts';

/** A small table to change one thing at a time: help with meals only, £9.00 a point, no limits to speak of. */
function mealsTable(changes: Partial<RasTable> = {}): RasTable {
  return {
    streamCode: 'adult-social-care',
    name: 'Test',
    illustrative: true,
    effectiveFrom: '2025-04-01',
    scoring: [{ kind: 'per-option', question: 'outcome-nutrition', need: 'help with meals', points: { 'needs-help': 4, 'takes-much-longer': 2 } }],
    pricing: { kind: 'per-point', pencePerPoint: 900 },
    minimumWeeklyPence: 0,
    maximumWeeklyPence: 1_000_000,
    deductions: [],
    addOns: [],
    contingencyPercent: 0,
    tolerancePercent: 10,
    ...changes,
  };
}

/**
 * The same table with every amount of money a million times larger. Hours are read to the hundredth and percentages to
 * the hundredth of a percent, so nothing in it needs rounding: its total is the exact figure, in millionths of a penny.
 */
function timesAMillion(table: RasTable): RasTable {
  const million = 1_000_000;
  return {
    ...table,
    pricing:
      table.pricing.kind === 'per-point'
        ? { kind: 'per-point', pencePerPoint: table.pricing.pencePerPoint * million }
        : { kind: 'bands', bands: table.pricing.bands.map((band) => ({ ...band, weeklyPence: band.weeklyPence * million })) },
    minimumWeeklyPence: table.minimumWeeklyPence * million,
    maximumWeeklyPence: table.maximumWeeklyPence * million,
    deductions: table.deductions.map((deduction) =>
      deduction.kind === 'pence-per-hour' ? { ...deduction, pencePerHour: deduction.pencePerHour * million, maxWeeklyPence: deduction.maxWeeklyPence * million } : deduction,
    ),
    addOns: table.addOns.map((addOn) => ({ ...addOn, weeklyPence: addOn.weeklyPence * million })),
  };
}

const budgetFor = (table: RasTable, answers: Record<string, AnswerValue>) => indicativeBudget(compileRasTable(table), answers);
const texts = (lines: ExplanationLine[]) => lines.map((line) => line.text);

describe('the indicative budget, line by line', () => {
  it('explains points and their price: "You scored 4 points for help with meals", "4 points at £9.00 a point: £36.00 a week"', () => {
    const budget = budgetFor(mealsTable(), { 'outcome-nutrition': 'needs-help' });
    expect(budget).toEqual({
      streamCode: 'adult-social-care',
      weeklyPence: 3600,
      yearlyPence: 187_200,
      oneOffPence: 0,
      points: 4,
      lines: [
        // Priced per point, the points line carries the money it is worth; the price line only explains.
        { text: 'You scored 4 points for help with meals', pointsChange: 4, weeklyPenceChange: 3600 },
        { text: '4 points at £9.00 a point: £36.00 a week', weeklyPenceChange: 0 },
      ],
    });
  });

  it('prices by band, whatever order the bands are listed in', () => {
    const bands = mealsTable({
      scoring: [{ kind: 'per-unit', question: 'unpaid-support-hours', need: 'hours of care', pointsPerUnit: 1.5, maxPoints: 40 }],
      pricing: {
        kind: 'bands',
        bands: [
          { fromPoints: 20, toPoints: null, weeklyPence: 20_000 },
          { fromPoints: 0, toPoints: 9, weeklyPence: 5_000 },
          { fromPoints: 10, toPoints: 19, weeklyPence: 12_000 },
        ],
      },
    });
    expect(texts(budgetFor(bands, { 'unpaid-support-hours': 8 }).lines)).toEqual(['You scored 12 points for hours of care', '12 points is in the band for 10 to 19 points: £120.00 a week']);
    expect(budgetFor(bands, { 'unpaid-support-hours': 8.3 }).points).toBe(12); // 12.45 rounds to 12
    expect(budgetFor(bands, { 'unpaid-support-hours': 8.5 }).points).toBe(13); // 12.75 rounds to 13
    expect(budgetFor(bands, { 'unpaid-support-hours': 100 }).lines.map((l) => [l.text, l.weeklyPenceChange])).toEqual([
      ['You scored 40 points for hours of care', 0],
      ['40 points is in the band for 20 points or more: £200.00 a week', 20_000],
    ]);
    expect(texts(budgetFor(bands, {}).lines)).toEqual(['0 points is in the band for 0 to 9 points: £50.00 a week']);
  });

  it('takes 25% off 24 points as 6, not 8 as rounding each need would', () => {
    const four = (['outcome-nutrition', 'outcome-hygiene', 'outcome-clothing', 'outcome-community'] as const).map((question) => ({ kind: 'per-option' as const, question, need: question, points: { 'needs-help': 6 } }));
    const table = mealsTable({
      scoring: four,
      deductions: [{ kind: 'percent-of-points', reason: 'Help from family', when: [], percent: 25, appliesTo: four.map((rule) => rule.question) }],
    });
    const budget = budgetFor(table, Object.fromEntries(four.map((rule) => [rule.question, 'needs-help'])));
    expect(budget.points).toBe(18);
    expect(budget.weeklyPence).toBe(18 * 900);
  });

  it('raises a total below the minimum to the minimum, and limits one above the maximum, saying so', () => {
    const low = budgetFor(mealsTable({ minimumWeeklyPence: 5_000 }), { 'outcome-nutrition': 'takes-much-longer' });
    expect(low.lines.at(-1)).toEqual({ text: 'Raised to the minimum of £50.00 a week', weeklyPenceChange: 3_200 });
    expect(low.weeklyPence).toBe(5_000);
    const high = budgetFor(mealsTable({ maximumWeeklyPence: 3_000 }), { 'outcome-nutrition': 'needs-help' });
    expect(high.lines.at(-1)).toEqual({ text: 'Limited to the maximum of £30.00 a week', weeklyPenceChange: -600 });
    expect(high.weeklyPence).toBe(3_000);
  });

  it('takes a percentage off the points of the needs unpaid support helps with together, rounded once, halves up', () => {
    const table = mealsTable({
      scoring: [
        { kind: 'per-option', question: 'outcome-nutrition', need: 'help with meals', points: { 'needs-help': 6 } },
        { kind: 'per-option', question: 'outcome-hygiene', need: 'help with washing', points: { 'needs-help': 5 } },
        { kind: 'per-option', question: 'outcome-toilet', need: 'help using the toilet', points: { 'needs-help': 6 } },
      ],
      deductions: [
        {
          kind: 'percent-of-points',
          reason: 'Help from family',
          when: [{ question: 'unpaid-support-sustainable', test: 'equals', value: true }],
          percent: 25,
          appliesTo: ['outcome-nutrition', 'outcome-hygiene'],
        },
      ],
    });
    const answers = { 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help', 'outcome-toilet': 'needs-help', 'unpaid-support-sustainable': true };
    const budget = budgetFor(table, answers);
    // 25% of 6 + 5 = 11 points is 2.75 → 3. Toilet needs are not reduced.
    expect(budget.lines[3]).toEqual({ text: 'Help from family: 3 points fewer (25% off the 11 points for help with meals and help with washing)', pointsChange: -3, weeklyPenceChange: -2700 });
    expect(budget.points).toBe(14);
    expect(budget.weeklyPence).toBe(14 * 900);
    expect(budgetFor(table, { ...answers, 'unpaid-support-sustainable': false }).points).toBe(17);
  });

  it('takes pence off for hours of unpaid support, up to a limit and never below nothing', () => {
    const table = mealsTable({
      deductions: [
        {
          kind: 'pence-per-hour',
          reason: 'Unpaid support from family',
          when: [{ question: 'unpaid-support', test: 'equals', value: true }],
          hoursQuestion: 'unpaid-support-hours',
          pencePerHour: 200,
          maxWeeklyPence: 3_000,
        },
      ],
    });
    const answers = { 'outcome-nutrition': 'needs-help', 'unpaid-support': true };
    expect(budgetFor(table, { ...answers, 'unpaid-support-hours': 10 }).lines.at(-1)).toEqual({
      text: 'Unpaid support from family: 10 hours a week at £2.00 an hour: −£20.00 a week',
      weeklyPenceChange: -2_000,
    });
    expect(budgetFor(table, { ...answers, 'unpaid-support-hours': 16 }).lines.at(-1)!.text).toBe(
      'Unpaid support from family: 16 hours a week at £2.00 an hour, up to £30.00: −£30.00 a week',
    );
    const small = budgetFor(table, { 'outcome-nutrition': 'takes-much-longer', 'unpaid-support': true, 'unpaid-support-hours': 12.5 });
    expect(small.lines.at(-1)).toEqual({ text: 'Unpaid support from family: 12.5 hours a week at £2.00 an hour, but no more than the amount so far: −£18.00 a week', weeklyPenceChange: -1_800 });
    expect(small.weeklyPence).toBe(0);
    expect(budgetFor(table, { ...answers, 'unpaid-support': false, 'unpaid-support-hours': 10 }).weeklyPence).toBe(3_600);
  });

  it('adds an amount only where its conditions hold (social isolation only where impact is high)', () => {
    const table = mealsTable({
      addOns: [
        {
          reason: 'social isolation',
          weeklyPence: 1_500,
          when: [
            { question: 'isolation', test: 'equals', value: 'often' },
            { question: 'wellbeing-impact', test: 'equals', value: 'very-significant' },
          ],
        },
      ],
    });
    expect(budgetFor(table, { isolation: 'often', 'wellbeing-impact': 'very-significant' }).lines.at(-1)).toEqual({ text: 'Added for social isolation: £15.00 a week', weeklyPenceChange: 1_500 });
    expect(budgetFor(table, { isolation: 'often', 'wellbeing-impact': 'significant' }).weeklyPence).toBe(0);
  });

  it('adds a contingency on everything before it, to the nearest penny, halves up', () => {
    const table = mealsTable({ scoring: [{ kind: 'per-unit', question: 'unpaid-support-hours', need: 'care', pointsPerUnit: 1 }], pricing: { kind: 'per-point', pencePerPoint: 10 }, contingencyPercent: 5 });
    expect(budgetFor(table, { 'unpaid-support-hours': 63.1 }).lines.at(-1)).toEqual({ text: 'Contingency 5%: £0.32 a week', weeklyPenceChange: 32 }); // 5% of £6.30
    const exact = budgetFor({ ...table, pricing: { kind: 'per-point', pencePerPoint: 1 } }, { 'unpaid-support-hours': 63 });
    expect(exact.lines.at(-1)!.weeklyPenceChange).toBe(3); // 5% of 63p is 3.15p
    const half = budgetFor({ ...table, pricing: { kind: 'per-point', pencePerPoint: 1 } }, { 'unpaid-support-hours': 70 });
    expect(half.lines.at(-1)!.weeklyPenceChange).toBe(4); // 5% of 70p is 3.5p: halves go up
  });

  it('rounds once, for the total, not on each line: 12.5 hours at £1.55 off £36.00, plus 5%, is £17.45625, so £17.46', () => {
    const table = mealsTable({
      contingencyPercent: 5,
      deductions: [{ kind: 'pence-per-hour', reason: 'Unpaid support from family', when: [], hoursQuestion: 'unpaid-support-hours', pencePerHour: 155, maxWeeklyPence: 100_000 }],
    });
    const budget = budgetFor(table, { 'outcome-nutrition': 'needs-help', 'unpaid-support-hours': 12.5 });
    // Rounding each line would take £19.38 and add £0.83: £17.45. Once, the half penny of the £19.375 goes to the total.
    expect(budget.weeklyPence).toBe(1_746);
    expect(budget.lines.slice(2).map((line) => [line.text, line.weeklyPenceChange])).toEqual([
      ['Unpaid support from family: 12.5 hours a week at £1.55 an hour: −£19.37 a week', -1_937],
      ['Contingency 5%: £0.83 a week', 83],
    ]);
  });

  it('works through the illustrative table for a whole person', () => {
    const answers: Record<string, AnswerValue> = {
      impairment: true,
      fluctuating: true,
      'outcome-nutrition': 'needs-help',
      'outcome-hygiene': 'pain-distress-anxiety',
      'outcome-toilet': 'without-difficulty',
      'outcome-clothing': 'takes-much-longer',
      'outcome-home-safety': 'risk',
      'outcome-habitable-home': 'needs-help',
      'outcome-relationships': 'without-difficulty',
      'outcome-work-learning': 'without-difficulty',
      'outcome-community': 'needs-help',
      'outcome-caring': 'not-applicable',
      'wellbeing-impact': 'very-significant',
      isolation: 'often',
      'unpaid-support': true,
      'unpaid-support-sustainable': true,
    };
    const budget = budgetFor(defaultRasTable, answers);
    expect(budget.lines.map((line) => [line.text, line.pointsChange ?? null, line.weeklyPenceChange])).toEqual([
      ['You scored 6 points for help with food and drink', 6, 5_400],
      ['You scored 4 points for help with washing', 4, 3_600],
      ['You scored 3 points for help getting dressed', 3, 2_700],
      ['You scored 5 points for help moving around your home safely', 5, 4_500],
      ['You scored 6 points for help keeping your home clean and safe', 6, 5_400],
      ['You scored 6 points for help getting out and about', 6, 5_400],
      ['You scored 2 points for needs that change from day to day', 2, 1_800],
      [
        'Help from family and friends that can carry on: 5 points fewer (25% off the 18 points for help with food and drink, help keeping your home clean and safe and help getting out and about)',
        -5,
        -4_500,
      ],
      ['27 points at £9.00 a point: £243.00 a week', null, 0],
      ['Added for social isolation: £15.00 a week', null, 1_500],
      ['Contingency 5%: £12.90 a week', null, 1_290],
    ]);
    expect(budget.weeklyPence).toBe(27_090);
    expect(budget.yearlyPence).toBe(27_090 * 52);
  });
});

describe('over random valid tables and random answers', () => {
  const sum = (lines: ExplanationLine[], key: 'weeklyPenceChange' | 'pointsChange') => lines.reduce((total, line) => total + (line[key] ?? 0), 0);

  it('the generated tables are valid, and survive export and import unchanged', () => {
    fc.assert(
      fc.property(rasTables(defaultQuestionSet), (table) => {
        const result = validateRasTable(JSON.parse(JSON.stringify(table)), defaultQuestionSet);
        expect(result.ok ? [] : result.errors).toEqual([]);
        expect(result.ok && result.table).toEqual(table);
      }),
      { numRuns: 100 },
    );
  });

  it('the lines add up exactly to the weekly total, which lies between the minimum and maximum, and yearly is weekly × 52', () => {
    fc.assert(
      fc.property(rasTables(defaultQuestionSet), fc.array(answerSets(defaultQuestionSet), { minLength: 1, maxLength: 5 }), (table, people) => {
        const compiled = compileRasTable(table);
        for (const raw of people) {
          for (const answers of [raw, visibleAnswers(defaultQuestionSet, raw)]) {
            const budget = indicativeBudget(compiled, answers);
            expect(Number.isSafeInteger(budget.weeklyPence)).toBe(true);
            expect(budget.lines.every((line) => Number.isSafeInteger(line.weeklyPenceChange))).toBe(true);
            expect(sum(budget.lines, 'weeklyPenceChange')).toBe(budget.weeklyPence);
            expect(sum(budget.lines, 'pointsChange')).toBe(budget.points);
            expect(budget.points).toBeGreaterThanOrEqual(0);
            expect(budget.weeklyPence).toBeGreaterThanOrEqual(table.minimumWeeklyPence);
            expect(budget.weeklyPence).toBeLessThanOrEqual(table.maximumWeeklyPence);
            expect(budget.yearlyPence).toBe(budget.weeklyPence * 52);
            expect(budget.oneOffPence).toBe(0);
            expect(budget.lines.every((line) => line.text.length > 0 && !line.text.endsWith('.'))).toBe(true);
            expect(indicativeWeeklyPence(compiled, answers)).toBe(budget.weeklyPence);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rounds the weekly total once: it is the exact figure to the nearest penny, however many lines are in pence', () => {
    fc.assert(
      fc.property(rasTables(defaultQuestionSet), fc.array(answerSets(defaultQuestionSet), { minLength: 1, maxLength: 5 }), (table, people) => {
        const compiled = compileRasTable(table);
        const exact = compileRasTable(timesAMillion(table));
        for (const raw of people) {
          const answers = visibleAnswers(defaultQuestionSet, raw);
          const budget = indicativeBudget(compiled, answers);
          expect(budget.weeklyPence).toBe(divideRoundHalfUp(indicativeWeeklyPence(exact, answers), 1_000_000));
          expect(sum(budget.lines, 'weeklyPenceChange')).toBe(budget.weeklyPence);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('more points never cost less under per-point pricing with no deductions, add-ons or limits', () => {
    fc.assert(
      fc.property(rasTables(defaultQuestionSet), answerSets(defaultQuestionSet), (generated, answers) => {
        const table: RasTable = { ...generated, pricing: { kind: 'per-point', pencePerPoint: 900 }, deductions: [], addOns: [], contingencyPercent: 0, minimumWeeklyPence: 0, maximumWeeklyPence: 10_000_000_000 };
        const budget = budgetFor(table, answers);
        expect(budget.weeklyPence).toBe(budget.points * 900);
      }),
      { numRuns: 50 },
    );
  });
});

describe('importing a RAS table', () => {
  const clone = (): Record<string, unknown> & RasTable => JSON.parse(JSON.stringify(defaultRasTable)) as Record<string, unknown> & RasTable;
  const errorsOf = (json: unknown) => {
    const result = validateRasTable(json, defaultQuestionSet, { streamCodes: ['adult-social-care'] });
    return result.ok ? [] : result.errors;
  };
  const withBands = (bands: unknown[]) => errorsOf({ ...clone(), pricing: { kind: 'bands', bands } });

  it('accepts the illustrative table, which says it is illustrative', () => {
    expect(errorsOf(defaultRasTable)).toEqual([]);
    expect(defaultRasTable.illustrative).toBe(true);
    expect(defaultRasTable.name).toMatch(/illustrative/i);
  });

  it('refuses a missing price', () => {
    const noPrice = clone();
    delete (noPrice.pricing as Record<string, unknown>).pencePerPoint;
    expect(errorsOf(noPrice)).toEqual(['"pricing.pencePerPoint" is missing']);
    const noPricing = clone() as Record<string, unknown>;
    delete noPricing.pricing;
    expect(errorsOf(noPricing)).toEqual(['"pricing" is missing']);
    expect(withBands([{ fromPoints: 0, toPoints: 9, weeklyPence: 100 }, { fromPoints: 10, toPoints: null }])).toEqual(['Band 2: "weeklyPence" is missing']);
    expect(errorsOf({ ...clone(), pricing: { kind: 'per-point', pencePerPoint: 0 } })).toEqual(['"pricing.pencePerPoint" must be at least 1 (a price of 1p a point)']);
  });

  it('refuses negative or fractional points', () => {
    const negative = clone();
    (negative.scoring[0] as { points: Record<string, number> }).points['needs-help'] = -2;
    expect(errorsOf(negative)).toEqual(['Scoring rule 1 (question "outcome-nutrition"): "points.needs-help" cannot be negative']);
    const fraction = clone();
    (fraction.scoring[0] as { points: Record<string, number> }).points['needs-help'] = 2.5;
    expect(errorsOf(fraction)).toEqual(['Scoring rule 1 (question "outcome-nutrition"): "points.needs-help" must be a whole number']);
  });

  it('refuses bands that overlap, leave gaps, do not start at 0, end, or run backwards', () => {
    expect(withBands([{ fromPoints: 0, toPoints: 10, weeklyPence: 100 }, { fromPoints: 8, toPoints: null, weeklyPence: 200 }])).toEqual([
      'Bands 1 and 2 overlap: band 1 goes up to 10 points but band 2 starts at 8',
    ]);
    expect(withBands([{ fromPoints: 0, toPoints: 10, weeklyPence: 100 }, { fromPoints: 15, toPoints: null, weeklyPence: 200 }])).toEqual([
      'There is a gap between band 1 (up to 10 points) and band 2 (from 15 points): scores from 11 to 14 points have no price',
    ]);
    expect(withBands([{ fromPoints: 0, toPoints: 10, weeklyPence: 100 }, { fromPoints: 12, toPoints: null, weeklyPence: 200 }])).toEqual([
      'There is a gap between band 1 (up to 10 points) and band 2 (from 12 points): 11 points has no price',
    ]);
    expect(withBands([{ fromPoints: 5, toPoints: null, weeklyPence: 100 }])).toEqual(['The bands must start at 0 points, but the lowest starts at 5: scores from 0 to 4 have no price']);
    expect(withBands([{ fromPoints: 0, toPoints: 50, weeklyPence: 100 }])).toEqual(['The highest band (band 1) must have "toPoints": null, so that every score above 50 points has a price']);
    expect(withBands([{ fromPoints: 0, toPoints: null, weeklyPence: 100 }, { fromPoints: 10, toPoints: null, weeklyPence: 100 }])).toEqual([
      'Bands 1 and 2 overlap: band 1 has no upper limit, so only the last band can be open-ended',
    ]);
    expect(withBands([{ fromPoints: 0, toPoints: 9, weeklyPence: 100 }, { fromPoints: 10, toPoints: 5, weeklyPence: 100 }, { fromPoints: 11, toPoints: null, weeklyPence: 100 }])).toContain(
      'Band 2 ends (5 points) before it starts (10 points)',
    );
    expect(withBands([])).toEqual(['"pricing.bands" must have at least one item']);
  });

  it('refuses unknown questions and unknown option values', () => {
    const question = clone();
    question.scoring[0]!.question = 'outcome-meals';
    question.deductions = [];
    expect(errorsOf(question)).toEqual(['Scoring rule 1 (question "outcome-meals"): there is no such question in the question set']);
    const option = clone();
    (option.scoring[0] as { points: Record<string, number> }).points.cannot = 2;
    expect(errorsOf(option)).toEqual([
      'Scoring rule 1 (question "outcome-nutrition") gives points for "cannot", which is not an option of that question (its options are without-difficulty, needs-help, pain-distress-anxiety, risk, takes-much-longer)',
    ]);
    const addOn = clone();
    addOn.addOns[0]!.when[0] = { question: 'isolation', test: 'equals', value: 'always' };
    expect(errorsOf(addOn)).toEqual(['Add-on 1, condition 1 tests question "isolation" for "always", which is not one of its options (rarely, sometimes, often)']);
    const applies = clone();
    const deduction = applies.deductions[0]!;
    if (deduction.kind === 'percent-of-points') deduction.appliesTo = ['isolation', 'outcome-dancing'];
    expect(errorsOf(applies)).toEqual([
      'Deduction 1 applies to question "isolation", which has no scoring rule, so it has no points to reduce',
      'Deduction 1 applies to question "outcome-dancing", which is not in the question set',
    ]);
    const perUnit = clone();
    perUnit.scoring[0] = { kind: 'per-unit', question: 'outcome-nutrition', need: 'x', pointsPerUnit: 1 };
    expect(errorsOf(perUnit)).toEqual(['Scoring rule 1 (question "outcome-nutrition") gives points per unit, but that is a single-choice question, not a number']);
  });

  it('refuses a minimum above the maximum, percentages outside 0 to 100, and days that do not exist', () => {
    expect(errorsOf({ ...clone(), minimumWeeklyPence: 200_000 })).toEqual(['The minimum (£2,000.00 a week) is above the maximum (£1,500.00 a week)']);
    expect(errorsOf({ ...clone(), contingencyPercent: 101, tolerancePercent: -5 })).toEqual(['"contingencyPercent" must be 100 or less', '"tolerancePercent" cannot be negative']);
    expect(errorsOf({ ...clone(), contingencyPercent: 5.125 })).toEqual(['"contingencyPercent" must have no more than two decimal places']);
    expect(errorsOf({ ...clone(), effectiveFrom: '2025-02-30' })).toEqual(['"effectiveFrom" must be a real date like 2025-04-01']);
    expect(errorsOf({ ...clone(), effectiveFrom: '1/4/2025' })).toEqual(['"effectiveFrom" must be a date like 2025-04-01']);
    expect(errorsOf({ ...clone(), contingency: 5 })).toEqual(['The file has a setting we do not recognise: "contingency" (check the spelling)']);
    expect(errorsOf({ ...clone(), streamCode: 'carers' })).toEqual([`"streamCode" names "carers", which is not one of the area's funding streams`]);
  });

  it('over random valid tables, any one of these faults is caught and the table refused', () => {
    const faults: [RegExp, (table: Record<string, unknown> & RasTable) => void][] = [
      [/"pricing\.(pencePerPoint|bands)" is missing/, (t) => void delete (t.pricing as Record<string, unknown>)[t.pricing.kind === 'per-point' ? 'pencePerPoint' : 'bands']],
      [/cannot be negative/, (t) => t.scoring.push({ kind: 'per-option', question: 'no-such-question', need: 'x', points: { a: -1 } })],
      [/The minimum .* is above the maximum/, (t) => void (t.minimumWeeklyPence = t.maximumWeeklyPence + 1)],
      [/must be 100 or less/, (t) => void (t.tolerancePercent = 100.5)],
      [/no such question in the question set/, (t) => t.scoring.push({ kind: 'per-unit', question: 'no-such-question', need: 'x', pointsPerUnit: 1 })],
      [/overlap/, (t) => void (t.pricing = { kind: 'bands', bands: [{ fromPoints: 0, toPoints: 5, weeklyPence: 1 }, { fromPoints: 5, toPoints: null, weeklyPence: 2 }] })],
      [/gap between band/, (t) => void (t.pricing = { kind: 'bands', bands: [{ fromPoints: 0, toPoints: 5, weeklyPence: 1 }, { fromPoints: 7, toPoints: null, weeklyPence: 2 }] })],
    ];
    fc.assert(
      fc.property(rasTables(defaultQuestionSet), fc.integer({ min: 0, max: faults.length - 1 }), (table, which) => {
        const [expected, spoil] = faults[which]!;
        const copy = JSON.parse(JSON.stringify(table)) as Record<string, unknown> & RasTable;
        spoil(copy);
        const result = validateRasTable(copy, defaultQuestionSet);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.some((error) => expected.test(error))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('recalibration and tolerance', () => {
  it('uses the table whose start date is the latest on or before the day', () => {
    const tables = [{ effectiveFrom: '2024-04-01', name: 'a' }, { effectiveFrom: '2026-04-01', name: 'c' }, { effectiveFrom: '2025-04-01', name: 'b' }];
    expect(tableInForce(tables, '2024-03-31')).toBeUndefined();
    expect(tableInForce(tables, '2024-04-01')!.name).toBe('a');
    expect(tableInForce(tables, '2025-12-31')!.name).toBe('b');
    expect(tableInForce(tables, '2026-04-01')!.name).toBe('c');
  });

  it('says whether an actual amount is within the tolerance of the indicative one, exactly at the edges', () => {
    expect(withinTolerance(10_000, 11_000, 10)).toBe(true);
    expect(withinTolerance(10_000, 11_001, 10)).toBe(false);
    expect(withinTolerance(10_000, 9_000, 10)).toBe(true);
    expect(withinTolerance(10_000, 8_999, 10)).toBe(false);
    expect(withinTolerance(0, 1, 10)).toBe(false);
    expect(toleranceRange(10_005, 10)).toEqual({ lowestPence: 9_005, highestPence: 11_005 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: 0, max: 10_000 }), (indicative, actual, hundredths) => {
        const { lowestPence, highestPence } = toleranceRange(indicative, hundredths / 100);
        expect(withinTolerance(indicative, actual, hundredths / 100)).toBe(actual >= lowestPence && actual <= highestPence);
      }),
    );
  });
});
