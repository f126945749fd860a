import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rightToControlStreams } from '../funding-streams.ts';
import { answerSets, answerTo } from './arbitraries.ts';
import { defaultQuestionSet } from './default-question-set.ts';
import {
  type NumberQuestion,
  type Question,
  type QuestionSet,
  allQuestions,
  answerToFormInput,
  describeAnswer,
  isComplete,
  missingAnswers,
  pageOfQuestion,
  questionsById,
  sectionPages,
  validateAnswer,
  validateQuestionSet,
  visibleAnswers,
  visibleQuestions,
} from './question-set.ts';

const streamCodes = rightToControlStreams.map((stream) => stream.code);
const question = (id: string): Question => questionsById(defaultQuestionSet).get(id)!;

function clone(set: QuestionSet): QuestionSet {
  return JSON.parse(JSON.stringify(set)) as QuestionSet;
}

function errorsOf(json: unknown): string[] {
  const result = validateQuestionSet(json, { streamCodes });
  return result.ok ? [] : result.errors;
}

describe('the illustrative question set', () => {
  it('passes its own checks, says it is illustrative, and feeds only known streams', () => {
    expect(errorsOf(defaultQuestionSet)).toEqual([]);
    expect(defaultQuestionSet.illustrative).toBe(true);
    expect(defaultQuestionSet.title).toMatch(/illustrative/i);
    for (const code of streamCodes) expect(allQuestions(defaultQuestionSet).some((q) => q.feeds.includes(code))).toBe(true);
  });

  it('asks about every one of the ten outcomes with the four ways of being unable as options', () => {
    const outcomes = allQuestions(defaultQuestionSet).filter((q) => q.id.startsWith('outcome-'));
    expect(outcomes).toHaveLength(10);
    for (const q of outcomes) {
      expect(q.kind).toBe('single-choice');
      const values = q.kind === 'single-choice' ? q.options.map((o) => o.value) : [];
      expect(values).toEqual(expect.arrayContaining(['without-difficulty', 'needs-help', 'pain-distress-anxiety', 'risk', 'takes-much-longer']));
    }
  });

  it('asks no more than 6 questions on any page, each question on exactly one page, in order', () => {
    for (const section of defaultQuestionSet.sections) {
      const pages = sectionPages(defaultQuestionSet, section);
      for (const page of pages) expect(page.length).toBeLessThanOrEqual(6);
      expect(pages.flat()).toEqual(section.questions);
      for (const [index, page] of pages.entries()) for (const q of page) expect(pageOfQuestion(defaultQuestionSet, section, q.id)).toBe(index + 1);
    }
    const daily = defaultQuestionSet.sections.find((section) => section.id === 'daily-living')!;
    expect(sectionPages(defaultQuestionSet, daily).map((page) => page.length)).toEqual([6, 6]);
  });

  it('splits a long section into pages as even as they can be, never longer than the set allows', () => {
    const section = (count: number) => ({ id: 's', title: 'S', questions: Array.from({ length: count }, (_, i) => ({ ...question('impairment'), id: `q-${i}` })) });
    const sizes = (count: number, perPage?: number) => sectionPages({ ...defaultQuestionSet, questionsPerPage: perPage }, section(count)).map((page) => page.length);
    expect(sizes(7)).toEqual([4, 3]);
    expect(sizes(12)).toEqual([6, 6]);
    expect(sizes(13)).toEqual([5, 4, 4]);
    expect(sizes(3)).toEqual([3]);
    expect(sizes(5, 2)).toEqual([2, 2, 1]);
    expect(errorsOf({ ...clone(defaultQuestionSet), questionsPerPage: 12 })).toEqual([expect.stringContaining('questionsPerPage')]);
  });

  it('survives a JSON round trip unchanged (export then import)', () => {
    const result = validateQuestionSet(JSON.parse(JSON.stringify(defaultQuestionSet)));
    expect(result.ok && result.set).toEqual(defaultQuestionSet);
  });
});

describe('checking an imported question set', () => {
  it('refuses repeated ids', () => {
    const set = clone(defaultQuestionSet);
    set.sections[1]!.questions[1]!.id = 'outcome-nutrition';
    expect(errorsOf(set)).toEqual(['Section "daily-living", question "outcome-nutrition" has the same id as an earlier question: ids must be unique in the set']);
  });

  it('refuses a showIf that looks ahead, or at a question that does not exist, or at an option that does not exist', () => {
    const ahead = clone(defaultQuestionSet);
    ahead.sections[0]!.questions[0]!.showIf = { question: 'work-status', test: 'equals', value: 'in-work' };
    expect(errorsOf(ahead)).toEqual([
      'Section "about-you", question "impairment": "showIf" uses question "work-status", which comes later: a question can only depend on answers given before it',
    ]);
    const missing = clone(defaultQuestionSet);
    missing.sections[0]!.questions[1]!.showIf = { question: 'impairement', test: 'equals', value: true };
    expect(errorsOf(missing)).toEqual(['Section "about-you", question "impairment-kind": "showIf" uses question "impairement", which is not in the question set']);
    const option = clone(defaultQuestionSet);
    option.sections[3]!.questions[1]!.showIf = { question: 'work-status', test: 'one-of', values: ['in-work', 'retired'] };
    expect(errorsOf(option)[0]).toMatch(/"showIf" tests question "work-status" for "retired", not among its options/);
    const kind = clone(defaultQuestionSet);
    kind.sections[0]!.questions[1]!.showIf = { question: 'impairment', test: 'equals', value: 'yes' };
    expect(errorsOf(kind)[0]).toMatch(/tests yes-or-no question "impairment", so "value" must be true or false/);
  });

  it('refuses choice questions without options, and repeated options', () => {
    const set = clone(defaultQuestionSet) as unknown as { sections: { questions: Record<string, unknown>[] }[] };
    delete set.sections[3]!.questions[0]!.options;
    expect(errorsOf(set)).toEqual(['Section "work", question "work-status": "options" is missing']);
    const repeated = clone(defaultQuestionSet);
    const q = repeated.sections[3]!.questions[0]!;
    if (q.kind === 'single-choice') q.options.push({ value: 'in-work', label: 'Again' });
    expect(errorsOf(repeated)).toEqual(['Section "work", question "work-status" has the option "in-work" twice']);
  });

  it('names misspelt settings, bad ids, limits the wrong way round and unknown streams', () => {
    const set = clone(defaultQuestionSet) as unknown as { sections: { questions: Record<string, unknown>[] }[] };
    set.sections[0]!.questions[0]!.optinal = true;
    expect(errorsOf(set)).toEqual(['Section "about-you", question "impairment" has a setting we do not recognise: "optinal" (check the spelling)']);
    const id = clone(defaultQuestionSet);
    id.sections[0]!.questions[0]!.id = 'Has Impairment';
    expect(errorsOf(id)[0]).toMatch(/"id" must be lower-case letters and numbers joined by hyphens/);
    const limits = clone(defaultQuestionSet);
    const hours = limits.sections[2]!.questions[2]!;
    if (hours.kind === 'number') hours.min = 200;
    expect(errorsOf(limits)).toEqual(['Section "unpaid-support", question "unpaid-support-hours" has "min" (200) above "max" (168)']);
    const stream = clone(defaultQuestionSet);
    stream.sections[0]!.questions[2]!.feeds = ['adult-social-care', 'carers-budget'];
    expect(errorsOf(stream)).toEqual([`Section "about-you", question "fluctuating": "feeds" names "carers-budget", which is not one of the area's funding streams`]);
  });

  it('refuses things that are not a question set at all', () => {
    expect(errorsOf('hello')).toEqual(['The file must be a group of settings in { }']);
    expect(errorsOf({})).toEqual(expect.arrayContaining(['"id" is missing', '"version" is missing', '"sections" is missing']));
  });
});

describe('turning form input into answers', () => {
  it('reads yes and no', () => {
    expect(validateAnswer(question('unpaid-support'), 'yes')).toEqual({ ok: true, value: true });
    expect(validateAnswer(question('unpaid-support'), 'no')).toEqual({ ok: true, value: false });
    expect(validateAnswer(question('unpaid-support'), undefined)).toEqual({ ok: false, error: 'Select yes if anyone helps you without being paid' });
    const plain: Question = { id: 'q', kind: 'yes-no', text: 'Q?', feeds: ['x'] };
    expect(validateAnswer(plain, 'maybe')).toEqual({ ok: false, error: 'Select yes or no' });
    expect(validateAnswer({ ...plain, optional: true }, '')).toEqual({ ok: true, value: undefined });
  });

  it('reads choices, refusing options that were not offered', () => {
    expect(validateAnswer(question('work-status'), 'in-work')).toEqual({ ok: true, value: 'in-work' });
    expect(validateAnswer(question('work-status'), '')).toEqual({ ok: false, error: 'Select which best describes you' });
    expect(validateAnswer(question('work-status'), 'astronaut')).toEqual({ ok: false, error: 'Select one of the options shown' });
    expect(validateAnswer(question('unpaid-support-who'), 'friend-neighbour')).toEqual({ ok: true, value: ['friend-neighbour'] });
    expect(validateAnswer(question('unpaid-support-who'), ['friend-neighbour', 'partner', 'partner'])).toEqual({ ok: true, value: ['partner', 'friend-neighbour'] });
    expect(validateAnswer(question('unpaid-support-who'), [])).toEqual({ ok: false, error: 'Select who helps you' });
    expect(validateAnswer(question('unpaid-support-who'), ['partner', 'butler'])).toEqual({ ok: false, error: 'Select from the options shown' });
  });

  it('reads numbers as people type them, with GOV.UK messages naming the unit', () => {
    const hours = question('unpaid-support-hours');
    expect(validateAnswer(hours, ' 10 ')).toEqual({ ok: true, value: 10 });
    expect(validateAnswer(hours, '7.5')).toEqual({ ok: true, value: 7.5 });
    expect(validateAnswer(hours, '')).toEqual({ ok: false, error: 'Enter how many hours a week, like 10' });
    expect(validateAnswer(hours, 'ten')).toEqual({ ok: false, error: 'Enter how many hours a week as a number, like 10' });
    expect(validateAnswer(hours, '7.25')).toEqual({ ok: false, error: 'Enter how many hours a week with no more than 1 decimal place, like 10' });
    expect(validateAnswer(hours, '-1')).toEqual({ ok: false, error: 'Hours a week must be 0 or more' });
    expect(validateAnswer(hours, '169')).toEqual({ ok: false, error: 'Hours a week must be 168 or less' });
    const cost = question('work-equipment-cost');
    expect(validateAnswer(cost, '£1,200')).toEqual({ ok: true, value: 1200 });
    expect(validateAnswer(cost, '1200.00')).toEqual({ ok: true, value: 1200 });
    // Money is pounds and pence unless a question asks for whole pounds.
    expect(validateAnswer(cost, '1200.50')).toEqual({ ok: true, value: 1200.5 });
    expect(validateAnswer(question('work-travel-cost'), '25.50')).toEqual({ ok: true, value: 25.5 });
    expect(validateAnswer(question('work-travel-cost'), '£25.50')).toEqual({ ok: true, value: 25.5 });
    expect(validateAnswer(cost, '1200.505')).toEqual({ ok: false, error: 'Enter the amount to the nearest penny, like 1,200' });
    expect(validateAnswer({ ...(cost as NumberQuestion), decimalPlaces: 0 }, '1200.50')).toEqual({ ok: false, error: 'Enter the amount in whole pounds, like 1,200' });
    expect(validateAnswer(cost, '')).toEqual({ ok: false, error: 'Enter the amount in pounds, like 1,200' });
    expect(validateAnswer(cost, '12,00')).toEqual({ ok: false, error: 'Enter the amount in pounds using numbers only, like 1,200' });
    expect(validateAnswer(cost, '2000000')).toEqual({ ok: false, error: 'The amount must be £1,000,000 or less' });
    expect(validateAnswer(question('ilf-weekly-amount'), '£125.5')).toEqual({ ok: true, value: 125.5 });
    expect(validateAnswer(question('ilf-weekly-amount'), '125.555')).toEqual({ ok: false, error: 'Enter the amount to the nearest penny, like 125.50' });
    expect(validateAnswer(question('home-adaptations-quotes'), '')).toEqual({ ok: true, value: undefined });
  });

  it('reads text, trimmed and limited in length', () => {
    const text = question('anything-else');
    expect(validateAnswer(text, '  I have a dog  ')).toEqual({ ok: true, value: 'I have a dog' });
    expect(validateAnswer(text, '')).toEqual({ ok: true, value: undefined });
    expect(validateAnswer(text, 'x'.repeat(5001))).toEqual({ ok: false, error: 'Your answer must be 5,000 characters or fewer' });
    expect(validateAnswer({ ...text, optional: false }, ' ')).toEqual({ ok: false, error: 'Enter your answer' });
  });

  it('gives back every valid answer unchanged after a trip through the form', () => {
    for (const q of allQuestions(defaultQuestionSet)) {
      fc.assert(
        fc.property(answerTo(q), (answer) => {
          expect(validateAnswer(q, answerToFormInput(q, answer))).toEqual({ ok: true, value: answer });
        }),
        { numRuns: 30 },
      );
    }
  });

  it('describes answers for a check-your-answers page', () => {
    expect(describeAnswer(question('impairment'), true)).toBe('Yes');
    expect(describeAnswer(question('work-status'), 'in-work')).toBe('I am in paid work, or self-employed');
    expect(describeAnswer(question('unpaid-support-hours'), 12.5)).toBe('12.5 hours a week');
    expect(describeAnswer(question('work-equipment-cost'), 1200)).toBe('£1,200');
    expect(describeAnswer(question('ilf-weekly-amount'), 125.5)).toBe('£125.50 a week');
    expect(describeAnswer(question('unpaid-support-who'), [])).toBe('Not answered');
  });
});

describe('which questions show, and when the assessment is complete', () => {
  const ids = (questions: Question[]) => questions.map((q) => q.id);

  it('asks about support at work only of people in or starting work', () => {
    expect(ids(visibleQuestions(defaultQuestionSet, {}))).not.toContain('work-support-needed');
    expect(ids(visibleQuestions(defaultQuestionSet, { 'work-status': 'looking-for-work' }))).not.toContain('work-support-needed');
    expect(ids(visibleQuestions(defaultQuestionSet, { 'work-status': 'starting-work' }))).toContain('work-support-needed');
  });

  it('hides a question when the question it depends on is hidden, so stale answers count for nothing', () => {
    const stale = { 'work-status': 'not-working', 'work-support-needed': true, 'work-support-worker-hours': 20 };
    expect(ids(visibleQuestions(defaultQuestionSet, stale))).not.toContain('work-support-worker-hours');
    expect(visibleAnswers(defaultQuestionSet, stale)).toEqual({ 'work-status': 'not-working' });
    expect(visibleAnswers(defaultQuestionSet, { ...stale, 'work-status': 'in-work' })).toEqual({ ...stale, 'work-status': 'in-work' });
  });

  it('ignores stored answers of the wrong type', () => {
    expect(visibleAnswers(defaultQuestionSet, { impairment: 'yes', 'work-status': 'retired', 'housing-support-hours': 99 })).toEqual({});
  });

  it('lists what is missing in the order asked, and is complete when nothing is', () => {
    const missing = ids(missingAnswers(defaultQuestionSet, {}));
    expect(missing[0]).toBe('impairment');
    expect(missing).not.toContain('anything-else');
    expect(missing).not.toContain('impairment-kind');
    expect(ids(missingAnswers(defaultQuestionSet, { impairment: true }))).toContain('impairment-kind');
    expect(ids(missingAnswers(defaultQuestionSet, { impairment: true, 'impairment-kind': [] }))).toContain('impairment-kind');
    expect(isComplete(defaultQuestionSet, {})).toBe(false);
  });

  it('over random answers: the answers that count are all to visible questions, and complete means nothing visible is missing', () => {
    fc.assert(
      fc.property(answerSets(defaultQuestionSet), (answers) => {
        const visible = new Set(ids(visibleQuestions(defaultQuestionSet, answers)));
        const counted = visibleAnswers(defaultQuestionSet, answers);
        for (const id of Object.keys(counted)) expect(visible.has(id)).toBe(true);
        // Answers that count decide the same questions as all answers do.
        expect(ids(visibleQuestions(defaultQuestionSet, counted))).toEqual([...visible]);
        expect(isComplete(defaultQuestionSet, answers)).toBe(missingAnswers(defaultQuestionSet, answers).length === 0);
        expect(isComplete(defaultQuestionSet, answers)).toBe(isComplete(defaultQuestionSet, counted));
      }),
      { numRuns: 100 },
    );
  });
});
