import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { careActOutcomes } from '../care-act-outcomes.ts';
import { rightToControlStreams } from '../funding-streams.ts';
import { answerSets } from './arbitraries.ts';
import { defaultEligibilityRules } from './default-eligibility-rules.ts';
import { defaultQuestionSet } from './default-question-set.ts';
import { type EligibilityRule, type EligibilityRuleSet, decideAllEligibility, decideEligibility, unableCases, validateEligibilityRules } from './eligibility.ts';
import type { AnswerValue } from './question-set.ts';

const careAct = defaultEligibilityRules.rules.find((rule) => rule.streamCode === 'adult-social-care')!;
const ruleFor = (code: string) => defaultEligibilityRules.rules.find((rule) => rule.streamCode === code)!;
const decide = (rule: EligibilityRule, answers: Record<string, AnswerValue>) => decideEligibility(rule, defaultQuestionSet, answers);

/** Someone who manages every outcome without difficulty; tests change only what they are about. */
function manages(overrides: Record<string, AnswerValue> = {}): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = { impairment: true, 'impairment-kind': ['physical'], fluctuating: false, 'wellbeing-impact': 'significant' };
  for (const outcome of careActOutcomes) answers[`outcome-${outcome.code}`] = 'without-difficulty';
  answers['outcome-caring'] = 'not-applicable';
  return { ...answers, ...overrides };
}

describe('the Care Act rule (regulation 2)', () => {
  it('is eligible when all three conditions hold, naming the outcomes that counted and why', () => {
    const result = decide(careAct, manages({ 'outcome-nutrition': 'needs-help', 'outcome-community': 'takes-much-longer' }));
    expect(result.decision).toBe('eligible');
    expect(result.streamCode).toBe('adult-social-care');
    expect(result.reasons).toEqual([
      'You are eligible for care and support under the Care Act: all three conditions are met.',
      'Your needs come from a physical or mental impairment or illness.',
      'You are unable to achieve 2 of the 10 outcomes in the Care Act eligibility rules, and 2 or more are needed. These count:',
      'Managing and maintaining nutrition: you cannot do this without help.',
      'Making use of necessary facilities or services in the local community, including public transport and recreational facilities: it takes you significantly longer than would normally be expected.',
      'These difficulties have a significant impact on your wellbeing (you told us: “A lot: it makes a big difference to my life”).',
    ]);
  });

  it('is not eligible with fewer than two outcomes', () => {
    const none = decide(careAct, manages());
    expect(none.decision).toBe('not eligible');
    expect(none.reasons).toContain('You did not tell us about any of the 10 outcomes in the Care Act eligibility rules that you are unable to achieve. 2 or more are needed.');
    const one = decide(careAct, manages({ 'outcome-toilet': 'needs-help' }));
    expect(one.decision).toBe('not eligible');
    expect(one.reasons).toContain('You are unable to achieve only 1 of the 10 outcomes in the Care Act eligibility rules, and 2 or more are needed. This one counts:');
    expect(one.reasons).toContain('Managing toilet needs: you cannot do this without help.');
  });

  it('is not eligible with two outcomes but no significant impact on wellbeing', () => {
    for (const impact of ['little', 'some']) {
      const result = decide(careAct, manages({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help', 'wellbeing-impact': impact }));
      expect(result.decision).toBe('not eligible');
      expect(result.reasons.at(-1)).toMatch(/The Care Act needs a significant impact on wellbeing\.$/);
    }
    expect(decide(careAct, manages({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help', 'wellbeing-impact': 'very-significant' })).decision).toBe('eligible');
  });

  it.each(unableCases)('counts an outcome the person is unable to achieve in the sense "%s"', (unable) => {
    const value = careAct.kind === 'care-act' ? careAct.unableAnswers[unable][0]! : '';
    const result = decide(careAct, manages({ 'outcome-clothing': value, 'outcome-relationships': value }));
    expect(result.decision).toBe('eligible');
    expect(result.reasons).toContain('You are unable to achieve 2 of the 10 outcomes in the Care Act eligibility rules, and 2 or more are needed. These count:');
    expect(result.reasons.filter((reason) => reason.startsWith('Being appropriately clothed: ') || reason.startsWith('Developing and maintaining'))).toHaveLength(2);
    // Exactly one outcome in that sense is not enough.
    expect(decide(careAct, manages({ 'outcome-clothing': value })).decision).toBe('not eligible');
  });

  it('does not count managing without difficulty, or "does not apply"', () => {
    const result = decide(careAct, manages({ 'outcome-nutrition': 'needs-help', 'outcome-caring': 'not-applicable', 'outcome-toilet': 'without-difficulty' }));
    expect(result.decision).toBe('not eligible');
  });

  it('requires an impairment or illness, whatever else is true', () => {
    const everything = manages({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'risk', 'outcome-toilet': 'needs-help', 'wellbeing-impact': 'very-significant' });
    expect(decide(careAct, everything).decision).toBe('eligible');
    const result = decide(careAct, { ...everything, impairment: false });
    expect(result.decision).toBe('not eligible');
    expect(result.reasons).toContain(
      'You told us you do not have a physical or mental impairment or illness. Under the Care Act, needs must come from an impairment or illness.',
    );
  });

  it('asks for more information while a condition is undecided, but a condition already failed settles it', () => {
    const partial = decide(careAct, { impairment: true, 'outcome-nutrition': 'needs-help', 'wellbeing-impact': 'significant' });
    expect(partial.decision).toBe('more information needed');
    expect(partial.reasons).toContain(
      'So far you are unable to achieve 1 of the 10 outcomes in the Care Act eligibility rules. We need your answers about 9 more before we can tell whether 2 or more apply.',
    );
    expect(decide(careAct, {}).decision).toBe('more information needed');
    expect(decide(careAct, { impairment: false }).decision).toBe('not eligible');
    expect(decide(careAct, { ...manages({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help' }), 'wellbeing-impact': undefined as never }).decision).toBe(
      'more information needed',
    );
  });

  it('says when needs fluctuate that they were judged over time', () => {
    const result = decide(careAct, manages({ fluctuating: true, 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help' }));
    expect(result.reasons.at(-1)).toBe('Your needs change over time, so they have been looked at over a typical period, including bad days.');
  });

  it('over random answers, is eligible exactly when all three conditions hold', () => {
    const unable = new Set(['needs-help', 'pain-distress-anxiety', 'risk', 'takes-much-longer']);
    fc.assert(
      fc.property(answerSets(defaultQuestionSet, 0.05), (answers) => {
        const result = decide(careAct, answers);
        const outcomes = careActOutcomes.filter((o) => unable.has(String(answers[`outcome-${o.code}`]))).length;
        const holds = answers.impairment === true && outcomes >= 2 && ['significant', 'very-significant'].includes(String(answers['wellbeing-impact']));
        expect(result.decision === 'eligible').toBe(holds);
        if (answers.impairment === false || (answers['wellbeing-impact'] !== undefined && !holds && outcomes >= 2 && answers.impairment === true)) {
          expect(result.decision).toBe('not eligible');
        }
        expect(result.reasons.length).toBeGreaterThan(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the other streams’ illustrative rules', () => {
  it('Access to Work: in or starting work, and support needed at work', () => {
    const atw = ruleFor('access-to-work');
    const working = { impairment: true, 'work-status': 'in-work', 'work-support-needed': true };
    expect(decide(atw, working)).toEqual({
      streamCode: 'access-to-work',
      decision: 'eligible',
      reasons: ['You have a physical or mental impairment or illness.', 'You are in paid work, or about to start a job.', 'You need support at work because of your impairment or illness.'],
    });
    expect(decide(atw, { ...working, 'work-support-needed': false }).reasons).toEqual(['You told us you do not need support at work.']);
    // The support question is never asked of someone not working: only the answered reason is given.
    expect(decide(atw, { ...working, 'work-status': 'not-working' })).toEqual({
      streamCode: 'access-to-work',
      decision: 'not eligible',
      reasons: ['Access to Work is for people in paid work or about to start a job.'],
    });
    expect(decide(atw, { impairment: true, 'work-status': 'starting-work' })).toEqual({
      streamCode: 'access-to-work',
      decision: 'more information needed',
      reasons: [
        'You have a physical or mental impairment or illness.',
        'You are in paid work, or about to start a job.',
        'We still need your answer to “Do you need support at work because of your impairment or illness?”.',
      ],
    });
  });

  it('Work Choice, Disabled Facilities Grant, Supporting People and the Independent Living Fund', () => {
    expect(decide(ruleFor('work-choice'), { impairment: true, 'work-status': 'looking-for-work', 'employment-support-needed': true }).decision).toBe('eligible');
    expect(decide(ruleFor('work-choice'), { impairment: true, 'work-status': 'in-work', 'employment-support-needed': true }).decision).toBe('not eligible');
    expect(decide(ruleFor('disabled-facilities-grant'), { impairment: true, 'home-adaptations-needed': true }).decision).toBe('eligible');
    expect(decide(ruleFor('disabled-facilities-grant'), { impairment: true, 'home-adaptations-needed': false }).decision).toBe('not eligible');
    expect(decide(ruleFor('supporting-people'), { 'housing-support-hours': 2 }).decision).toBe('eligible');
    expect(decide(ruleFor('supporting-people'), { 'housing-support-hours': 0 }).reasons).toEqual(['You told us you do not need help to keep your home and tenancy going.']);
    expect(decide(ruleFor('supporting-people'), {}).decision).toBe('more information needed');
    expect(decide(ruleFor('independent-living-fund'), { 'ilf-award': true }).decision).toBe('eligible');
    expect(decide(ruleFor('independent-living-fund'), { 'ilf-award': false }).decision).toBe('not eligible');
  });

  it('an "any" rule is met by one condition', () => {
    const rule: EligibilityRule = {
      kind: 'conditions',
      streamCode: 'carers-budget',
      match: 'any',
      conditions: [
        { when: { question: 'unpaid-support', test: 'equals', value: true }, met: 'Someone cares for you.', notMet: 'No one cares for you.' },
        { when: { question: 'outcome-caring', test: 'one-of', values: ['needs-help', 'risk'] }, met: 'You care for a child.', notMet: 'You do not care for a child.' },
      ],
    };
    expect(decide(rule, { 'unpaid-support': false, 'outcome-caring': 'risk' })).toEqual({ streamCode: 'carers-budget', decision: 'eligible', reasons: ['You care for a child.'] });
    expect(decide(rule, { 'unpaid-support': false, 'outcome-caring': 'not-applicable' }).reasons).toEqual(['No one cares for you.', 'You do not care for a child.']);
    expect(decide(rule, { 'unpaid-support': false }).decision).toBe('more information needed');
  });

  it('decides every stream at once from one set of answers', () => {
    const results = decideAllEligibility(defaultEligibilityRules, defaultQuestionSet, { impairment: false, 'ilf-award': true });
    expect(results.map((r) => r.streamCode).sort()).toEqual(rightToControlStreams.map((s) => s.code).sort());
    expect(results.find((r) => r.streamCode === 'independent-living-fund')!.decision).toBe('eligible');
    expect(results.find((r) => r.streamCode === 'adult-social-care')!.decision).toBe('not eligible');
  });
});

describe('checking imported eligibility rules', () => {
  const streamCodes = rightToControlStreams.map((s) => s.code);
  const clone = (): EligibilityRuleSet => JSON.parse(JSON.stringify(defaultEligibilityRules)) as EligibilityRuleSet;
  const errorsOf = (json: unknown) => {
    const result = validateEligibilityRules(json, defaultQuestionSet, { streamCodes });
    return result.ok ? [] : result.errors;
  };

  it('accepts the illustrative rules, which say they are illustrative', () => {
    expect(errorsOf(defaultEligibilityRules)).toEqual([]);
    expect(defaultEligibilityRules.illustrative).toBe(true);
    expect(errorsOf(JSON.parse(JSON.stringify(defaultEligibilityRules)))).toEqual([]);
  });

  it('requires the Care Act rule to cover all ten outcomes once, with answers that exist', () => {
    const missing = clone();
    const rule = missing.rules[0]!;
    if (rule.kind === 'care-act') rule.outcomes = rule.outcomes.filter((o) => o.outcome !== 'caring');
    expect(errorsOf(missing)).toEqual(['Rule for "adult-social-care" must name a question for each of the ten outcomes: "caring" is missing']);

    const wrongAnswer = clone();
    const rule2 = wrongAnswer.rules[0]!;
    if (rule2.kind === 'care-act') rule2.unableAnswers.risk = ['dangerous'];
    expect(errorsOf(wrongAnswer)).toHaveLength(10);
    expect(errorsOf(wrongAnswer)[0]).toBe('Rule for "adult-social-care": "unableAnswers.risk" lists "dangerous", not an option of question "outcome-nutrition"');

    const unknown = clone();
    const rule3 = unknown.rules[0]!;
    if (rule3.kind === 'care-act') rule3.wellbeingQuestion = 'happiness';
    expect(errorsOf(unknown)).toEqual(['Rule for "adult-social-care" uses question "happiness", which is not in the question set']);

    const twoMeanings = clone();
    const rule4 = twoMeanings.rules[0]!;
    if (rule4.kind === 'care-act') rule4.unableAnswers.risk = ['risk', 'needs-help'];
    expect(errorsOf(twoMeanings)).toEqual(['Rule for "adult-social-care": "unableAnswers" gives the answer "needs-help" two meanings ("needs-help" and "risk")']);

    const badCase = clone() as unknown as { rules: Record<string, unknown>[] };
    delete (badCase.rules[0]!.unableAnswers as Record<string, unknown>)['takes-much-longer'];
    expect(errorsOf(badCase)).toEqual(['Rule for "adult-social-care": "unableAnswers.takes-much-longer" is missing']);
  });

  it('checks simple conditions against the questions, and one rule per stream', () => {
    const bad = clone();
    const rule = bad.rules[1]!;
    if (rule.kind === 'conditions') rule.conditions[0]!.when = { question: 'ilf-award', test: 'at-least', value: 1 };
    expect(errorsOf(bad)).toEqual(['Rule for "independent-living-fund", condition 1 uses "at-least" on question "ilf-award", which is not a number question']);
    const twice = clone();
    twice.rules.push(twice.rules[1]!);
    expect(errorsOf(twice)).toEqual(['Rule for "independent-living-fund" repeats a stream that already has a rule: one rule per stream']);
    const stream = clone();
    stream.rules[1]!.streamCode = 'ilf';
    expect(errorsOf(stream)).toEqual([`Rule for "ilf" is for "ilf", which is not one of the area's funding streams`]);
    const noText = clone() as unknown as { rules: { conditions?: Record<string, unknown>[] }[] };
    delete noText.rules[1]!.conditions![0]!.notMet;
    expect(errorsOf(noText)).toEqual(['Rule for "independent-living-fund", condition 1: "notMet" is missing']);
  });
});
