import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets } from '../assessment/arbitraries.ts';
import { defaultEligibilityRules } from '../assessment/default-eligibility-rules.ts';
import { defaultQuestionSet } from '../assessment/default-question-set.ts';
import type { AnswerValue } from '../assessment/question-set.ts';
import { defaultCalculators } from './default-calculators.ts';
import { defaultRasTable } from './default-ras.ts';
import { compileRasTable } from './ras.ts';
import { upFrontAmounts } from './up-front.ts';

const inputs = (answers: Record<string, AnswerValue>) => ({
  set: defaultQuestionSet,
  answers,
  rules: defaultEligibilityRules,
  rasTables: [compileRasTable(defaultRasTable)],
  calculators: defaultCalculators,
});

describe('the up-front amounts for one person', () => {
  it('gives an amount for each stream the person is eligible for, and only those', () => {
    const amounts = upFrontAmounts(
      inputs({
        impairment: true,
        'work-status': 'in-work',
        'work-support-needed': true,
        'work-support-worker-hours': 5,
        'home-adaptations-needed': false,
        'housing-support-hours': 3.5,
        'ilf-award': false,
      }),
    );
    const byStream = Object.fromEntries(amounts.map((a) => [a.streamCode, a]));
    expect(byStream['access-to-work']!.budget!.weeklyPence).toBe(8_000);
    expect(byStream['supporting-people']!.budget!.weeklyPence).toBe(6_300);
    expect(byStream['disabled-facilities-grant']!.eligibility.decision).toBe('not eligible');
    expect(byStream['disabled-facilities-grant']!.budget).toBeUndefined();
    expect(byStream['adult-social-care']!.eligibility.decision).toBe('more information needed');
    expect(byStream['adult-social-care']!.budget).toBeUndefined();
  });

  it('does not let answers to questions no longer asked fund anything', () => {
    const amounts = upFrontAmounts(inputs({ impairment: true, 'work-status': 'not-working', 'work-support-needed': true, 'work-support-worker-hours': 40 }));
    expect(amounts.find((a) => a.streamCode === 'access-to-work')!.budget).toBeUndefined();
  });

  it('over random answers, a budget is present exactly when the stream is eligible', () => {
    fc.assert(
      fc.property(answerSets(defaultQuestionSet, 0.05), (answers) => {
        for (const amount of upFrontAmounts(inputs(answers))) expect(amount.budget !== undefined).toBe(amount.eligibility.decision === 'eligible');
      }),
      { numRuns: 100 },
    );
  });
});
