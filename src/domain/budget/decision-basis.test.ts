import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets, answerTo } from '../assessment/arbitraries.ts';
import { defaultEligibilityRules } from '../assessment/default-eligibility-rules.ts';
import { defaultQuestionSet } from '../assessment/default-question-set.ts';
import { type AnswerValue, allQuestions, missingAnswers } from '../assessment/question-set.ts';
import { calculators, rasTables } from './arbitraries.ts';
import { questionsReadByCalculator, questionsReadByRas, questionsReadByRule, sameBasis } from './decision-basis.ts';
import { defaultCalculators } from './default-calculators.ts';
import { defaultRasTable } from './default-ras.ts';
import { calculate } from './calculators.ts';
import { compileRasTable, indicativeBudget } from './ras.ts';
import { upFrontAmounts } from './up-front.ts';

const questions = allQuestions(defaultQuestionSet);
const inputs = (answers: Record<string, AnswerValue>) => ({
  set: defaultQuestionSet,
  answers,
  rules: defaultEligibilityRules,
  rasTables: [compileRasTable(defaultRasTable)],
  calculators: defaultCalculators,
});

/** Answers as a finished assessment has them: every required question shown is answered. */
const finishedAnswers = answerSets(defaultQuestionSet, 0.01).filter((answers) => missingAnswers(defaultQuestionSet, answers).length === 0);

/** Some of the answers changed: each question may get a new answer or lose its answer. */
const changedAnswers = (answers: Record<string, AnswerValue>) =>
  fc.tuple(...questions.map((question) => fc.option(fc.option(answerTo(question), { nil: undefined }), { freq: 3, nil: null }))).map((changes) => {
    const changed: Record<string, AnswerValue> = { ...answers };
    changes.forEach((change, index) => {
      if (change === null) return;
      const id = questions[index]!.id;
      if (change === undefined) delete changed[id];
      else changed[id] = change;
    });
    return changed;
  });

describe('the answers a decision rests on', () => {
  it('are the questions each rule reads, taken from the rule itself', () => {
    const rule = (code: string) => defaultEligibilityRules.rules.find((candidate) => candidate.streamCode === code)!;
    expect(questionsReadByRule(rule('supporting-people'))).toEqual(['housing-support-hours']);
    expect(questionsReadByRule(rule('access-to-work')).sort()).toEqual(['impairment', 'work-status', 'work-support-needed']);
    expect(questionsReadByRule(rule('adult-social-care'))).toEqual(expect.arrayContaining(['impairment', 'outcome-nutrition', 'outcome-caring', 'wellbeing-impact', 'fluctuating']));
    expect(questionsReadByRas(defaultRasTable)).toEqual(expect.arrayContaining(['outcome-nutrition', 'fluctuating', 'unpaid-support', 'unpaid-support-sustainable', 'isolation', 'wellbeing-impact']));
    const accessToWork = defaultCalculators.find((calculator) => calculator.kind === 'access-to-work')!;
    expect(questionsReadByCalculator(accessToWork).sort()).toEqual(['employer-size', 'work-equipment-cost', 'work-support-worker-hours', 'work-travel-cost']);
  });

  it('change for the work streams alone when only the work answers change', () => {
    const before = upFrontAmounts(inputs({ impairment: true, 'work-status': 'in-work', 'work-support-needed': true, 'work-support-worker-hours': 5, 'housing-support-hours': 3, 'ilf-award': false }));
    const after = upFrontAmounts(inputs({ impairment: true, 'work-status': 'in-work', 'work-support-needed': true, 'work-support-worker-hours': 8, 'housing-support-hours': 3, 'ilf-award': false }));
    const changed = before.filter((amount, index) => !sameBasis(amount.basis, after[index]!.basis)).map((amount) => amount.streamCode);
    expect(changed).toEqual(['access-to-work']);
  });

  it('over random finished answers, while a stream’s basis stays the same so do its decision, reasons and amount', () => {
    fc.assert(
      fc.property(finishedAnswers.chain((answers) => fc.tuple(fc.constant(answers), changedAnswers(answers))), ([answers, changed]) => {
        fc.pre(missingAnswers(defaultQuestionSet, changed).length === 0);
        const after = upFrontAmounts(inputs(changed));
        upFrontAmounts(inputs(answers)).forEach((amount, index) => {
          if (!sameBasis(amount.basis, after[index]!.basis)) return;
          expect(after[index]!.eligibility).toEqual(amount.eligibility);
          expect(after[index]!.budget).toEqual(amount.budget);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('cover every question a random RAS table or calculator prices, so an answer outside them never moves the amount', () => {
    fc.assert(
      fc.property(rasTables(defaultQuestionSet), calculators(defaultQuestionSet), answerSets(defaultQuestionSet), (table, calculator, answers) => {
        const readOnly = (read: string[]) => Object.fromEntries(Object.entries(answers).filter(([id]) => read.includes(id)));
        const compiled = compileRasTable(table);
        expect(indicativeBudget(compiled, readOnly(questionsReadByRas(table)))).toEqual(indicativeBudget(compiled, answers));
        expect(calculate(calculator, readOnly(questionsReadByCalculator(calculator)))).toEqual(calculate(calculator, answers));
      }),
      { numRuns: 200 },
    );
  });

  it('count an answer stored in another order, or as stored JSON, as the same', () => {
    expect(sameBasis({ a: ['x', 'y'], b: null }, { a: ['y', 'x'], b: null })).toBe(true);
    expect(sameBasis({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameBasis({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameBasis(null, {})).toBe(false);
  });
});
