// The what-if's fast path must agree exactly with the domain: over random answers (including answers to questions a
// person would not see, and of the wrong type), the answers that count, every eligibility decision and every RAS amount
// are the same as `visibleAnswers`, `decideEligibility` and `indicativeWeeklyPence` give. Synthetic demo answers are
// complete and agree with their profiles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets, conditionOn } from '../../domain/assessment/arbitraries.ts';
import { defaultEligibilityRules } from '../../domain/assessment/default-eligibility-rules.ts';
import { defaultQuestionSet } from '../../domain/assessment/default-question-set.ts';
import { type EligibilityRule, decideEligibility } from '../../domain/assessment/eligibility.ts';
import { type AnswerValue, allQuestions, isComplete, visibleAnswers } from '../../domain/assessment/question-set.ts';
import { defaultCalculators } from '../../domain/budget/default-calculators.ts';
import { rasTables } from '../../domain/budget/arbitraries.ts';
import { defaultRasTable } from '../../domain/budget/default-ras.ts';
import { type RasTable, compileRasTable, indicativeWeeklyPence } from '../../domain/budget/ras.ts';
import { syntheticAnswers } from '../../demo/synthetic-assessments.ts';
import { syntheticPeopleGenerator } from '../../demo/synthetic-people.ts';
import { populationEvaluator, populationRas, questionsNeeded, questionsReadByCalculator, questionsReadByRule, questionsReadByTable } from './population-evaluator.ts';

const set = defaultQuestionSet;
const questions = allQuestions(set);

/** Stored answers can be anything JSON can hold: wrong types and nulls must count for nothing, as in the domain. */
const junk = fc.oneof(fc.constant(null), fc.constant('yes'), fc.constant(7), fc.constant(true), fc.constant(['needs-help', 'nonsense']), fc.constant('needs-help'));
const storedAnswers = fc.tuple(answerSets(set, 0.25), fc.dictionary(fc.constantFrom(...questions.map((q) => q.id)), junk, { maxKeys: 4 })).map(([valid, wrong]) => ({ ...valid, ...wrong }) as Record<string, AnswerValue>);

/** Few outcomes a person cannot achieve, some unanswered: the edge of the Care Act's "two or more", where it is decided. */
const outcomeIds = questions.filter((q) => q.id.startsWith('outcome-')).map((q) => q.id);
const sparseOutcomes = fc
  .tuple(storedAnswers, fc.tuple(...outcomeIds.map(() => fc.constantFrom<AnswerValue | undefined>('without-difficulty', 'without-difficulty', 'without-difficulty', 'without-difficulty', 'risk', undefined, undefined))))
  .map(([answers, outcomes]) => {
    const changed: Record<string, AnswerValue> = { ...answers };
    outcomeIds.forEach((id, index) => {
      if (outcomes[index] === undefined) delete changed[id];
      else changed[id] = outcomes[index];
    });
    return changed;
  });

const conditionRules: fc.Arbitrary<EligibilityRule> = fc.record({
  kind: fc.constant('conditions' as const),
  streamCode: fc.constant('random-stream'),
  match: fc.constantFrom('all' as const, 'any' as const),
  conditions: fc.array(fc.record({ when: conditionOn(questions), met: fc.constant('Met.'), notMet: fc.constant('Not met.') }), { minLength: 1, maxLength: 4 }),
});

function restricted(answers: Record<string, AnswerValue>, keys: ReadonlySet<string>): Record<string, AnswerValue> {
  return Object.fromEntries(Object.entries(answers).filter(([key]) => keys.has(key)));
}

describe('the population evaluator agrees with the domain', () => {
  it('on the answers that count and on every default rule', () => {
    const read = new Set([...defaultEligibilityRules.rules.flatMap(questionsReadByRule), ...questionsReadByTable(defaultRasTable), ...defaultCalculators.flatMap(questionsReadByCalculator)]);
    const needed = questionsNeeded(set, read);
    // Keys in a shuffled order and with extra questions the evaluator must ignore: order is the caller's choice.
    const keys = [...needed, 'not-a-question'].reverse();
    const evaluator = populationEvaluator(set, keys);
    fc.assert(
      fc.property(fc.oneof(storedAnswers, sparseOutcomes), (answers) => {
        const counted = evaluator.counted(keys.map((key) => answers[key] ?? null));
        expect(counted).toEqual(restricted(visibleAnswers(set, answers), needed));
        for (const rule of defaultEligibilityRules.rules) expect(evaluator.decide(rule), rule.streamCode).toBe(decideEligibility(rule, set, answers).decision);
      }),
      { numRuns: 1500 },
    );
  });

  it('on random condition rules, all or any', () => {
    fc.assert(
      fc.property(conditionRules, storedAnswers, (rule, answers) => {
        const keys = [...questionsNeeded(set, questionsReadByRule(rule))];
        const evaluator = populationEvaluator(set, keys);
        evaluator.counted(keys.map((key) => answers[key]));
        expect(evaluator.decide(rule)).toBe(decideEligibility(rule, set, answers).decision);
      }),
      { numRuns: 600 },
    );
  });

  it('needs the questions a question depends on to be shown, however far back', () => {
    expect([...questionsNeeded(set, ['work-support-worker-hours'])].sort()).toEqual(['work-status', 'work-support-needed', 'work-support-worker-hours']);
    expect([...questionsNeeded(set, ['no-such-question'])]).toEqual([]);
  });
});

describe('the population RAS agrees with the domain', () => {
  const numberIds = questions.filter((q) => q.kind === 'number').map((q) => q.id);
  // Hours and other numbers as stored, however odd: fractions of a hundredth, negative, huge, or not numbers at all.
  const oddNumbers = fc.dictionary(fc.constantFrom(...numberIds), fc.constantFrom<AnswerValue>(0, 0.005, 12.345, 37.5, -3, 1e9, 1e20, '20', true), { maxKeys: 3 });
  const anyAnswers = fc.tuple(fc.oneof(storedAnswers, sparseOutcomes), oddNumbers).map(([answers, numbers]) => ({ ...answers, ...numbers }));
  // Every question, in an order of the caller's choosing, from the second place, as the what-if passes them.
  const keys = [...questions.map((q) => q.id), 'not-a-question'].reverse();
  const byPosition = (answers: Record<string, AnswerValue | undefined>) => [undefined, ...keys.map((key) => answers[key])];

  it('on random valid tables, per point and banded, and any stored answers', () => {
    fc.assert(
      fc.property(rasTables(set), fc.array(anyAnswers, { minLength: 1, maxLength: 6 }), (table, people) => {
        const compiled = compileRasTable(table);
        const weeklyPence = populationRas(compiled, keys, 1);
        for (const answers of people) expect(weeklyPence(byPosition(answers))).toBe(indicativeWeeklyPence(compiled, answers));
      }),
      { numRuns: 800 },
    );
  });

  it('on the answers that count under the illustrative table, as the what-if passes them', () => {
    const compiled = compileRasTable(defaultRasTable);
    const needed = [...questionsNeeded(set, questionsReadByTable(defaultRasTable))];
    const weeklyPence = populationRas(compiled, needed);
    const evaluator = populationEvaluator(set, needed);
    fc.assert(
      fc.property(anyAnswers, (answers) => {
        const counted = evaluator.count(needed.map((key) => answers[key]));
        expect(weeklyPence(counted)).toBe(indicativeWeeklyPence(compiled, visibleAnswers(set, answers)));
      }),
      { numRuns: 1500 },
    );
  });

  it('even where a need is scored twice or a deduction names a need twice, which an import would refuse', () => {
    const twice = rasTables(set).map((table): RasTable => ({
      ...table,
      scoring: [...table.scoring, ...[...table.scoring].reverse()],
      deductions: table.deductions.map((deduction) => (deduction.kind === 'percent-of-points' ? { ...deduction, appliesTo: [...deduction.appliesTo, ...deduction.appliesTo] } : deduction)),
    }));
    fc.assert(
      fc.property(twice, fc.array(anyAnswers, { minLength: 1, maxLength: 4 }), (table, people) => {
        const compiled = compileRasTable(table);
        const weeklyPence = populationRas(compiled, keys, 1);
        for (const answers of people) expect(weeklyPence(byPosition(answers))).toBe(indicativeWeeklyPence(compiled, answers));
      }),
      { numRuns: 300 },
    );
  });

  it('where the money is too large to count exactly in numbers, by handing the person to the domain', () => {
    const hours = numberIds.find((id) => id === 'unpaid-support-hours')!;
    const table: RasTable = {
      ...defaultRasTable,
      scoring: [{ kind: 'per-unit', question: hours, need: 'hours of help', pointsPerUnit: 1000 }],
      pricing: { kind: 'per-point', pencePerPoint: 1_000_000 },
      deductions: [{ kind: 'pence-per-hour', reason: 'Unpaid support', when: [], hoursQuestion: hours, pencePerHour: 3_000, maxWeeklyPence: 10_000_000_000 }],
      maximumWeeklyPence: 10_000_000_000,
      contingencyPercent: 12.5,
    };
    const compiled = compileRasTable(table);
    const weeklyPence = populationRas(compiled, [hours]);
    for (const value of [1, 99.99, 100, 1e6, 1e20]) expect(weeklyPence([value]), String(value)).toBe(indicativeWeeklyPence(compiled, { [hours]: value }));
    // 100,000 points at £10,000 a point is far above the maximum, which the domain applies.
    expect(weeklyPence([1e20])).toBe(10_000_000_000);
  });
});

describe('synthetic assessments', () => {
  const today = '2026-03-01';
  const next = syntheticPeopleGenerator(11, today);
  const people = Array.from({ length: 400 }, () => next());

  it('are complete on the default question set, and only answer questions that are shown', () => {
    for (const person of people) {
      const answers = syntheticAnswers(person, today);
      expect(isComplete(set, answers)).toBe(true);
      expect(visibleAnswers(set, answers)).toEqual(answers);
      expect(syntheticAnswers(person, today)).toEqual(answers);
    }
  });

  it('agree with the profile: each outcome not achieved in its way, unpaid help, work and home', () => {
    const way = { 'needs help': 'needs-help', 'pain or distress': 'pain-distress-anxiety', endangers: 'risk', 'takes much longer': 'takes-much-longer' };
    for (const person of people) {
      const answers = syntheticAnswers(person, today);
      const { profile } = person;
      for (const { outcome, because } of profile.outcomesNotAchieved) expect(answers[`outcome-${outcome}`]).toBe(way[because]);
      const achieved = ['nutrition', 'hygiene', 'toilet', 'clothing', 'home-safety', 'habitable-home', 'relationships', 'work-learning', 'community', 'caring'].filter((code) => !profile.outcomesNotAchieved.some((o) => o.outcome === code));
      for (const code of achieved) expect(['without-difficulty', 'not-applicable']).toContain(answers[`outcome-${code}`]);
      expect(answers['unpaid-support']).toBe(profile.unpaidSupportHoursPerWeek > 0);
      if (profile.unpaidSupportHoursPerWeek > 0) {
        expect(answers['unpaid-support-hours']).toBe(profile.unpaidSupportHoursPerWeek);
        expect(answers['unpaid-support-sustainable']).toBe(profile.unpaidSupportSustainable);
      }
      expect(answers['home-adaptations-needed']).toBe(profile.needsHomeAdaptations);
      expect(answers['work-status']).toBe({ 'in work': 'in-work', 'looking for work': 'looking-for-work', 'not working': 'not-working', retired: 'not-working' }[profile.work]);
      expect(['significant', 'very-significant'].includes(answers['wellbeing-impact'] as string)).toBe(profile.significantImpactOnWellbeing);
    }
  });

  it('make a believable population: most are eligible for adult social care, some for work and housing streams', () => {
    const decisions = people.map((person) => {
      const answers = syntheticAnswers(person, today);
      return Object.fromEntries(defaultEligibilityRules.rules.map((rule) => [rule.streamCode, decideEligibility(rule, set, answers).decision]));
    });
    const share = (code: string) => decisions.filter((d) => d[code] === 'eligible').length / decisions.length;
    expect(share('adult-social-care')).toBeGreaterThan(0.5);
    expect(share('adult-social-care')).toBeLessThan(0.95);
    for (const code of ['access-to-work', 'disabled-facilities-grant', 'supporting-people']) expect(share(code)).toBeGreaterThan(0.02);
    expect(decisions.every((d) => Object.values(d).every((decision) => decision !== 'more information needed'))).toBe(true);
  });
});
