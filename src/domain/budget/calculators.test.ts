import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets } from '../assessment/arbitraries.ts';
import { defaultQuestionSet } from '../assessment/default-question-set.ts';
import { type AnswerValue, visibleAnswers } from '../assessment/question-set.ts';
import { calculators } from './arbitraries.ts';
import { type Calculator, calculate, validateCalculator } from './calculators.ts';
import { defaultCalculators } from './default-calculators.ts';
import type { ExplanationLine } from './explanation.ts';

const calculator = <K extends Calculator['kind']>(kind: K) => defaultCalculators.find((c) => c.kind === kind) as Extract<Calculator, { kind: K }>;
const lines = (result: { lines: ExplanationLine[] }) => result.lines.map((line) => [line.text, line.weeklyPenceChange, line.oneOffPenceChange ?? null]);

describe('Access to Work', () => {
  const atw = calculator('access-to-work');
  const working = { 'work-support-worker-hours': 5, 'work-equipment-cost': 3_000, 'work-travel-cost': 40, 'employer-size': '50-to-249' };

  it('adds support worker hours, equipment less the employer’s share spread over a year, and travel', () => {
    const result = calculate(atw, working);
    expect(lines(result)).toEqual([
      ['Support worker: 5 hours a week at £16.00 an hour: £80.00 a week', 8_000, null],
      ['Your employer pays £1,000.00 of the £3,000.00 cost of equipment: the first £500.00, and 20% of the cost above that up to £10,000.00', 0, null],
      ['Equipment costing £2,000.00 after your employer’s share, spread over 52 weeks: £38.46 a week', 3_846, null],
      ['Extra cost of travel to work: £40.00 a week', 4_000, null],
    ]);
    expect(result.weeklyPence).toBe(15_846);
    expect(result.yearlyPence).toBe(15_846 * 52);
  });

  it('shares equipment costs by employer size: nothing for small employers, a share capped for large ones', () => {
    expect(calculate(atw, { ...working, 'employer-size': 'under-50' }).lines[1]!.text).toBe('Your employer does not have to pay towards the cost of equipment');
    expect(calculate(atw, { ...working, 'employer-size': 'not-known' }).lines[1]!.text).toMatch(/^We do not know how many people work for your employer yet/);
    // 250 or more: the first £1,000 and 20% of (£10,000 − £1,000) = £2,800 on £20,000 of equipment.
    expect(calculate(atw, { 'work-equipment-cost': 20_000, 'employer-size': '250-or-more' }).lines[0]!.text).toMatch(/^Your employer pays £2,800.00 of the £20,000.00/);
    // Equipment cheaper than the first share: the employer pays it all, and nothing is left to spread.
    const cheap = calculate(atw, { 'work-equipment-cost': 300, 'employer-size': '50-to-249' });
    expect(cheap.weeklyPence).toBe(0);
    expect(cheap.lines[0]!.text).toMatch(/^Your employer pays £300.00 of the £300.00/);
  });

  it('limits the total to the yearly maximum, saying so', () => {
    const result = calculate(atw, { 'work-support-worker-hours': 80, 'work-travel-cost': 5_000 });
    expect(result.lines.at(-1)).toEqual({ text: 'Limited to the yearly maximum of £69,260.00 (£1,331.92 a week)', weeklyPenceChange: 133_192 - 128_000 - 500_000 });
    expect(result.weeklyPence).toBe(133_192);
    expect(result.yearlyPence).toBeLessThanOrEqual(atw.annualCapPence);
  });

  it('says when there is nothing to pay for', () => {
    expect(calculate(atw, {})).toMatchObject({ weeklyPence: 0, lines: [{ text: expect.stringMatching(/nothing to pay for yet$/) as string, weeklyPenceChange: 0 }] });
  });
});

describe('Disabled Facilities Grant', () => {
  const dfg = calculator('disabled-facilities-grant');

  it('is a one-off grant: the quotes less the means-test contribution, weekly nothing', () => {
    const result = calculate(dfg, { 'home-adaptations-quotes': 8_500, 'home-means-test-contribution': 1_000 });
    expect(lines(result)).toEqual([
      ['Quotes for the work: £8,500.00, paid once', 0, 850_000],
      ['What you pay towards the work, from the means test: −£1,000.00', 0, -100_000],
    ]);
    expect(result).toMatchObject({ weeklyPence: 0, yearlyPence: 0, oneOffPence: 750_000 });
  });

  it('is capped at the maximum grant (£30,000 by default), and never below nothing', () => {
    const capped = calculate(dfg, { 'home-adaptations-quotes': 34_000, 'home-means-test-contribution': 0 });
    expect(capped.lines.at(-1)).toEqual({ text: 'Limited to the maximum grant of £30,000.00', weeklyPenceChange: 0, oneOffPenceChange: -400_000 });
    expect(capped.oneOffPence).toBe(3_000_000);
    expect(capped.lines[1]!.text).toBe('The means test found you do not have to pay towards the work');
    const more = calculate(dfg, { 'home-adaptations-quotes': 2_000, 'home-means-test-contribution': 5_000 });
    expect(more.oneOffPence).toBe(0);
    expect(more.lines[1]!.text).toBe('What you pay towards the work, from the means test: −£2,000.00 (your contribution of £5,000.00 is more than the quotes)');
    expect(calculate({ ...dfg, maximumGrantPence: 1_000_000 }, { 'home-adaptations-quotes': 12_000 }).oneOffPence).toBe(1_000_000);
  });

  it('says what is still needed: quotes, and the means test', () => {
    expect(calculate(dfg, {}).lines.map((l) => l.text)).toEqual(['We need quotes for the work before we can work out the grant. The most it can be is £30,000.00']);
    expect(calculate(dfg, { 'home-adaptations-quotes': 100 }).lines[1]!.text).toBe('The means test has not been done yet. If it finds you must pay towards the work, the grant will be less');
  });
});

describe('Supporting People, the Independent Living Fund and Work Choice', () => {
  it('Supporting People: hours a week × the hourly rate, up to the most hours it pays for', () => {
    const sp = calculator('supporting-people');
    expect(lines(calculate(sp, { 'housing-support-hours': 3.5 }))).toEqual([['3.5 hours a week of housing-related support at £18.00 an hour: £63.00 a week', 6_300, null]]);
    expect(calculate(sp, { 'housing-support-hours': 12 }).lines[0]!.text).toBe(
      '10 hours a week of housing-related support at £18.00 an hour (you need 12, and the most this support pays for is 10): £180.00 a week',
    );
    expect(calculate({ ...sp, hourlyRatePence: 1_333 }, { 'housing-support-hours': 2.5 }).weeklyPence).toBe(3_333); // £33.325 → £33.33
  });

  it('the Independent Living Fund: the existing award as given, to the penny', () => {
    const ilf = calculator('independent-living-fund');
    expect(lines(calculate(ilf, { 'ilf-weekly-amount': 123.45 }))).toEqual([['Your Independent Living Fund award: £123.45 a week', 12_345, null]]);
    expect(calculate(ilf, {})).toMatchObject({ weeklyPence: 0, lines: [{ text: 'We need the weekly amount of your Independent Living Fund award, from your award letter' }] });
  });

  it('Work Choice: the cash value of a place', () => {
    expect(lines(calculate(calculator('work-choice'), {}))).toEqual([['The cash value of a place on the Work Choice programme: £60.00 a week', 6_000, null]]);
  });
});

describe('over random valid calculators and random answers', () => {
  const sum = (list: ExplanationLine[], key: 'weeklyPenceChange' | 'oneOffPenceChange') => list.reduce((total, line) => total + (line[key] ?? 0), 0);

  it('the lines add up exactly to the weekly and one-off totals, yearly is weekly × 52, and caps hold', () => {
    fc.assert(
      fc.property(calculators(defaultQuestionSet), answerSets(defaultQuestionSet, 0.1), (calc, raw) => {
        expect(validateCalculator(JSON.parse(JSON.stringify(calc)), defaultQuestionSet)).toEqual({ ok: true, calculator: calc });
        for (const answers of [raw, visibleAnswers(defaultQuestionSet, raw)] as Record<string, AnswerValue>[]) {
          const result = calculate(calc, answers);
          expect(sum(result.lines, 'weeklyPenceChange')).toBe(result.weeklyPence);
          expect(sum(result.lines, 'oneOffPenceChange')).toBe(result.oneOffPence);
          expect(result.yearlyPence).toBe(result.weeklyPence * 52);
          expect(Number.isSafeInteger(result.weeklyPence) && Number.isSafeInteger(result.oneOffPence)).toBe(true);
          expect(result.weeklyPence).toBeGreaterThanOrEqual(0);
          expect(result.oneOffPence).toBeGreaterThanOrEqual(0);
          expect(result.lines.length).toBeGreaterThan(0);
          if (calc.kind === 'access-to-work') expect(result.yearlyPence).toBeLessThanOrEqual(calc.annualCapPence);
          if (calc.kind === 'disabled-facilities-grant') {
            expect(result.oneOffPence).toBeLessThanOrEqual(calc.maximumGrantPence);
            expect(result.weeklyPence).toBe(0);
          } else expect(result.oneOffPence).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('importing calculators', () => {
  const errorsOf = (json: unknown) => {
    const result = validateCalculator(json, defaultQuestionSet);
    return result.ok ? [] : result.errors;
  };

  it('accepts the illustrative calculators, each labelled illustrative', () => {
    for (const c of defaultCalculators) {
      expect(errorsOf(c)).toEqual([]);
      expect(c.illustrative).toBe(true);
    }
    expect(calculator('disabled-facilities-grant').maximumGrantPence).toBe(3_000_000);
  });

  it('names unknown questions, questions of the wrong kind, unknown employer sizes and bad amounts', () => {
    const atw = calculator('access-to-work');
    expect(errorsOf({ ...atw, questions: { ...atw.questions, supportWorkerHours: 'support-hours' } })).toEqual([
      '"questions.supportWorkerHours" names question "support-hours", which is not in the question set',
    ]);
    expect(errorsOf({ ...atw, questions: { ...atw.questions, travelWeeklyPounds: 'work-status' } })).toEqual([
      '"questions.travelWeeklyPounds" names question "work-status", which is a single-choice question; it must be a number question',
    ]);
    expect(errorsOf({ ...atw, employerShares: [{ ...atw.employerShares[0]!, employerSizes: ['huge'] }] })).toEqual([
      'Employer share 1 is for "huge", not an option of question "employer-size" (its options are self-employed, under-50, 50-to-249, 250-or-more, not-known)',
    ]);
    expect(errorsOf({ ...atw, supportWorkerPencePerHour: -100 })).toEqual(['"supportWorkerPencePerHour" cannot be negative']);
    expect(errorsOf({ ...atw, annualCapPence: 69_260.5 })).toEqual(['"annualCapPence" must be a whole number']);
    const dfg = calculator('disabled-facilities-grant') as unknown as Record<string, unknown>;
    const { maximumGrantPence: _dropped, ...noCap } = dfg;
    expect(errorsOf(noCap)).toEqual(['"maximumGrantPence" is missing']);
    expect(errorsOf({ ...dfg, kind: 'council-tax' })).toEqual([
      '"kind" must be one of "access-to-work", "disabled-facilities-grant", "supporting-people", "independent-living-fund", "work-choice"',
    ]);
  });
});
