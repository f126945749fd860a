// Reading a section's form: each kind of question to GOV.UK fields and back, follow-ups judged on the answers before
// them, and where each section stands — all without a server.
import { describe, expect, it } from 'vitest';
import { defaultQuestionSet } from '../../domain/assessment/default-question-set.ts';
import type { Question, Section } from '../../domain/assessment/question-set.ts';
import { carriedAnswers } from './assessment-service.ts';
import { formValue, questionField, readSection, sectionProgress } from './section-form.ts';

const section = (id: string): Section => defaultQuestionSet.sections.find((candidate) => candidate.id === id)!;
const question = (id: string): Question => defaultQuestionSet.sections.flatMap((candidate) => candidate.questions).find((candidate) => candidate.id === id)!;

describe('question fields', () => {
  it('renders a yes-or-no as inline radios, keeping the answer and the error', () => {
    const field = questionField(question('impairment'), 'yes', 'Select yes');
    expect(field.macro).toBe('radios');
    expect(field.params).toMatchObject({ name: 'impairment', idPrefix: 'impairment', classes: 'govuk-radios--inline', errorMessage: { text: 'Select yes' } });
    expect((field.params.items as { value: string; checked: boolean }[]).map((item) => [item.value, item.checked])).toEqual([['yes', true], ['no', false]]);
  });

  it('renders money with a £ prefix and its unit as a suffix, hours with a suffix, and marks optional questions', () => {
    expect(questionField(question('work-travel-cost'), '60', undefined).params).toMatchObject({ prefix: { text: '£' }, suffix: { text: 'a week' }, inputmode: 'decimal', value: '60' });
    expect(questionField(question('work-equipment-cost'), '', undefined).params).toMatchObject({ prefix: { text: '£' }, suffix: undefined });
    expect(questionField(question('housing-support-hours'), '3', undefined).params).toMatchObject({ prefix: undefined, suffix: { text: 'hours a week' }, inputmode: 'decimal' });
    expect(questionField(question('home-adaptations-quotes'), '', undefined).params).toMatchObject({ label: { text: 'If you have quotes for the work, what do they add up to? (optional)' } });
  });

  it('renders multiple choice as checkboxes with every ticked option, and text as a textarea', () => {
    const boxes = questionField(question('impairment-kind'), ['physical', 'sensory'], undefined);
    expect(boxes.macro).toBe('checkboxes');
    expect((boxes.params.items as { checked: boolean }[]).filter((item) => item.checked)).toHaveLength(2);
    expect(questionField(question('anything-else'), 'hello', undefined)).toMatchObject({ macro: 'textarea', params: { value: 'hello' } });
  });
});

describe('reading a section', () => {
  it('judges each follow-up on the answers just sent: a revealed question is asked next, not an error', () => {
    const result = readSection(defaultQuestionSet, section('unpaid-support'), {}, { 'unpaid-support': 'yes' }, new Set(['unpaid-support']));
    expect(result.errors).toEqual([]);
    expect(result.changes).toEqual({ 'unpaid-support': true });
    expect(result.newlyShown).toEqual(['unpaid-support-who', 'unpaid-support-hours', 'unpaid-support-sustainable']);
    expect(result.visible.map((q) => q.id)).toEqual(['unpaid-support', 'unpaid-support-who', 'unpaid-support-hours', 'unpaid-support-sustainable']);
  });

  it('does not ask follow-ups an answer hides, even if sent, and keeps typed values for the page', () => {
    const shown = new Set(['unpaid-support', 'unpaid-support-who', 'unpaid-support-hours', 'unpaid-support-sustainable']);
    const result = readSection(defaultQuestionSet, section('unpaid-support'), { 'unpaid-support': true }, { 'unpaid-support': 'no', 'unpaid-support-hours': 'lots' }, shown);
    expect(result.errors).toEqual([]);
    expect(result.changes).toEqual({ 'unpaid-support': false });
    expect(result.visible.map((q) => q.id)).toEqual(['unpaid-support']);
  });

  it('lists errors in question order, clears blank optional answers, and turns input into typed answers', () => {
    const shown = new Set(section('home').questions.map((q) => q.id));
    const result = readSection(
      defaultQuestionSet,
      section('home'),
      { 'home-adaptations-quotes': 4000 },
      { 'home-adaptations-needed': 'yes', 'home-adaptations-quotes': ' ', 'home-means-test-contribution': '£1,250', 'housing-support-hours': 'x' },
      shown,
    );
    expect(result.changes).toEqual({ 'home-adaptations-needed': true, 'home-means-test-contribution': 1250 });
    expect(result.cleared).toEqual(['home-adaptations-quotes']);
    expect(result.errors).toEqual([{ id: 'housing-support-hours', text: 'Enter how many hours a week as a number, like 3' }]);
    expect(result.values['housing-support-hours']).toBe('x');
  });

  it('reads only text or lists of text from a form body', () => {
    const body = JSON.parse('{"a":"x","b":["y",3],"c":{"d":1},"__proto__":"p"}') as unknown;
    expect(formValue(body, 'a')).toBe('x');
    expect(formValue(body, 'b')).toEqual(['y']);
    expect(formValue(body, 'c')).toBeUndefined();
    expect(formValue(body, 'constructor')).toBeUndefined();
    expect(formValue(undefined, 'a')).toBeUndefined();
  });
});

describe('section progress and carried answers', () => {
  it('is not started with no answers, in progress part-way, completed when nothing required is missing', () => {
    const statuses = (answers: Record<string, unknown>) => Object.fromEntries(sectionProgress(defaultQuestionSet, answers as never).map((entry) => [entry.section.id, entry.status]));
    expect(statuses({})['about-you']).toBe('not-started');
    expect(statuses({ impairment: true })['about-you']).toBe('in-progress');
    expect(statuses({ impairment: true, 'impairment-kind': ['physical'], fluctuating: false })['about-you']).toBe('completed');
    // A stored answer of the wrong type counts for nothing.
    expect(statuses({ impairment: 'yes' })['about-you']).toBe('not-started');
    expect(statuses({ 'ilf-award': false })['existing-support']).toBe('completed');
  });

  it('carries forward only answers to questions that still exist and still accept them', () => {
    expect(carriedAnswers(defaultQuestionSet, { impairment: true, 'work-status': 'retired', 'gone-question': 'x', 'housing-support-hours': 3 })).toEqual({ impairment: true, 'housing-support-hours': 3 });
  });
});
