// A question set is the joined-up self-assessment as data: versioned per area, answered once, and read by every
// funding stream. This module checks an imported set, turns form input into typed answers, and says what shows.
import { z } from 'zod';
import { describeAt, itemLabel, plainIssues } from './data-errors.ts';

export const questionKinds = ['yes-no', 'single-choice', 'multiple-choice', 'number', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** Lower-case words joined by hyphens: ids end up in form field names, URLs and stored answers, so they never change. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lower-case letters and numbers joined by hyphens, like "help-with-meals"' });

const textSchema = z.string().trim().min(1);

/**
 * A simple test on one answer. On a multiple-choice answer, `equals` means "this option is ticked" and `one-of` means
 * "any of these is ticked". A question not answered (or not shown) passes no test, not even `at-most`.
 */
export const conditionSchema = z.discriminatedUnion('test', [
  z.strictObject({ question: idSchema, test: z.literal('equals'), value: z.union([z.string(), z.number(), z.boolean()], { error: 'must be text, a number, or true or false' }) }),
  z.strictObject({ question: idSchema, test: z.literal('one-of'), values: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ question: idSchema, test: z.literal('at-least'), value: z.number() }),
  z.strictObject({ question: idSchema, test: z.literal('more-than'), value: z.number() }),
  z.strictObject({ question: idSchema, test: z.literal('at-most'), value: z.number() }),
  z.strictObject({ question: idSchema, test: z.literal('answered') }),
]);
export type Condition = z.infer<typeof conditionSchema>;

const optionSchema = z.strictObject({ value: idSchema, label: textSchema, hint: textSchema.optional() });
export type QuestionOption = z.infer<typeof optionSchema>;

const common = {
  id: idSchema,
  text: textSchema,
  hint: textSchema.optional(),
  /** Optional questions may be left blank; the set is complete without them. */
  optional: z.boolean().optional(),
  /** The question shows only when this holds for an earlier answer. */
  showIf: conditionSchema.optional(),
  /** The codes of the funding streams this answer informs. */
  feeds: z.array(idSchema).min(1),
  /** The error shown when a required answer is left blank, when the general one will not do. */
  requiredMessage: textSchema.optional(),
};

const yesNoSchema = z.strictObject({ ...common, kind: z.literal('yes-no') });
const singleChoiceSchema = z.strictObject({ ...common, kind: z.literal('single-choice'), options: z.array(optionSchema).min(2) });
const multipleChoiceSchema = z.strictObject({ ...common, kind: z.literal('multiple-choice'), options: z.array(optionSchema).min(1) });
const numberSchema = z.strictObject({
  ...common,
  kind: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  /**
   * What is counted, as a plural phrase that reads after "how many": "hours a week". A unit that starts with "pounds"
   * ("pounds", "pounds a week") makes it a money question: £ and commas are accepted and errors talk about amounts.
   */
  unit: textSchema.optional(),
  /** How many decimal places a person may type: 0 (the default) for whole numbers; money takes pence (2) unless set. */
  decimalPlaces: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  /** The example in error messages ("like 10"). */
  example: textSchema.optional(),
});
const textQuestionSchema = z.strictObject({ ...common, kind: z.literal('text'), maxLength: z.number().int().positive().optional() });

export const questionSchema = z.discriminatedUnion('kind', [yesNoSchema, singleChoiceSchema, multipleChoiceSchema, numberSchema, textQuestionSchema]);
export type Question = z.infer<typeof questionSchema>;
export type ChoiceQuestion = Extract<Question, { kind: 'single-choice' | 'multiple-choice' }>;
export type NumberQuestion = Extract<Question, { kind: 'number' }>;

const sectionSchema = z.strictObject({ id: idSchema, title: textSchema, description: textSchema.optional(), questions: z.array(questionSchema).min(1) });
export type Section = z.infer<typeof sectionSchema>;

export const questionSetSchema = z.strictObject({
  id: idSchema,
  /** A completed assessment keeps the version it was answered on, so a set is never changed once in use: a new version is made. */
  version: z.number().int().min(1),
  title: textSchema,
  description: textSchema.optional(),
  /** True for seeded sets that show how things work and are not any council's real questions. */
  illustrative: z.boolean(),
  /**
   * The most questions one page asks (default and most 6): a longer section is split into pages of about equal size,
   * so nobody faces a wall of questions.
   */
  questionsPerPage: z.number().int().min(1).max(6).optional(),
  sections: z.array(sectionSchema).min(1),
});
export type QuestionSet = z.infer<typeof questionSetSchema>;

/** yes-no → boolean, single-choice and text → string, multiple-choice → the ticked option values, number → number. */
export type AnswerValue = boolean | number | string | readonly string[];
export type Answers = Readonly<Record<string, AnswerValue | undefined>>;

export type Validated<K extends string, T> = ({ ok: true } & { [key in K]: T }) | { ok: false; errors: string[] };

// ---------------------------------------------------------------------------------------------------------------
// Conditions

/** Does the condition hold on these answers? Unanswered questions pass no test. */
export function conditionHolds(condition: Condition, answers: Answers): boolean {
  return answerMeets(condition, answers[condition.question]);
}

/** Does this one answer (undefined when unanswered) pass the condition's test? */
export function answerMeets(condition: Condition, answer: AnswerValue | undefined): boolean {
  if (answer === undefined) return false;
  switch (condition.test) {
    case 'answered':
      return true;
    case 'equals':
      return Array.isArray(answer) ? answer.includes(condition.value as string) : answer === condition.value;
    case 'one-of':
      if (Array.isArray(answer)) return answer.some((value) => condition.values.includes(value));
      return typeof answer === 'string' && condition.values.includes(answer);
    case 'at-least':
      return typeof answer === 'number' && answer >= condition.value;
    case 'more-than':
      return typeof answer === 'number' && answer > condition.value;
    case 'at-most':
      return typeof answer === 'number' && answer <= condition.value;
  }
}

function optionValues(question: Question): readonly string[] {
  return question.kind === 'single-choice' || question.kind === 'multiple-choice' ? question.options.map((o) => o.value) : [];
}

/**
 * What is wrong with a condition given the questions it may use, as fragments to follow "it" (empty when fine). Shared
 * by question sets (showIf), eligibility rules and RAS tables, so every condition is checked the same way.
 */
export function conditionProblems(condition: Condition, questions: ReadonlyMap<string, Question>, later?: ReadonlySet<string>): string[] {
  const question = questions.get(condition.question);
  if (!question) {
    return later?.has(condition.question)
      ? [`uses question "${condition.question}", which comes later: a question can only depend on answers given before it`]
      : [`uses question "${condition.question}", which is not in the question set`];
  }
  const name = `question "${question.id}"`;
  const options = optionValues(question);
  switch (condition.test) {
    case 'answered':
      return [];
    case 'equals':
      if (question.kind === 'yes-no') return typeof condition.value === 'boolean' ? [] : [`tests yes-or-no ${name}, so "value" must be true or false`];
      if (question.kind === 'number') return typeof condition.value === 'number' ? [] : [`tests number ${name}, so "value" must be a number`];
      if (question.kind === 'text') return typeof condition.value === 'string' ? [] : [`tests ${name}, so "value" must be text`];
      return typeof condition.value === 'string' && options.includes(condition.value)
        ? []
        : [`tests ${name} for ${JSON.stringify(condition.value)}, which is not one of its options (${options.join(', ')})`];
    case 'one-of': {
      if (question.kind !== 'single-choice' && question.kind !== 'multiple-choice') return [`uses "one-of" on ${name}, which is not a choice question`];
      const unknown = condition.values.filter((value) => !options.includes(value));
      return unknown.length ? [`tests ${name} for ${unknown.map((v) => `"${v}"`).join(', ')}, not among its options (${options.join(', ')})`] : [];
    }
    case 'at-least':
    case 'more-than':
    case 'at-most':
      return question.kind === 'number' ? [] : [`uses "${condition.test}" on ${name}, which is not a number question`];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a set

export function allQuestions(set: QuestionSet): Question[] {
  return set.sections.flatMap((section) => section.questions);
}

export const mostQuestionsPerPage = 6;

/**
 * A section's questions split into pages, in order, none longer than the set's `questionsPerPage`, the pages as
 * even as they can be (7 questions make pages of 4 and 3, not 6 and 1). Pages are fixed by the set, not by the
 * answers, so a page number always means the same questions; a page whose questions are all hidden is skipped.
 */
export function sectionPages(set: QuestionSet, section: Section): Question[][] {
  const perPage = set.questionsPerPage ?? mostQuestionsPerPage;
  const count = Math.ceil(section.questions.length / perPage);
  const pages: Question[][] = [];
  let start = 0;
  for (let page = 0; page < count; page += 1) {
    const size = Math.ceil((section.questions.length - start) / (count - page));
    pages.push(section.questions.slice(start, start + size));
    start += size;
  }
  return pages;
}

/** The page (1, 2, …) of its section on which a question is asked. */
export function pageOfQuestion(set: QuestionSet, section: Section, questionId: string): number {
  const index = sectionPages(set, section).findIndex((page) => page.some((question) => question.id === questionId));
  return index === -1 ? 1 : index + 1;
}

export function questionsById(set: QuestionSet): Map<string, Question> {
  return new Map(allQuestions(set).map((question) => [question.id, question]));
}

export interface QuestionSetCheckOptions {
  /** When given, every stream a question feeds must be one of these codes (the area's funding streams). */
  streamCodes?: readonly string[];
}

/** Checks imported JSON as a question set: the shape first, then the things a shape cannot say. Nothing half-valid passes. */
export function validateQuestionSet(json: unknown, options: QuestionSetCheckOptions = {}): Validated<'set', QuestionSet> {
  const parsed = questionSetSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: plainIssues(parsed.error, json) };
  const set = parsed.data;
  const errors: string[] = [];
  const sectionIds = new Set<string>();
  const earlier = new Map<string, Question>();
  const all = allQuestions(set);
  const later = new Set(all.map((q) => q.id));
  set.sections.forEach((section, s) => {
    const sectionLabel = itemLabel('sections', s, section);
    if (sectionIds.has(section.id)) errors.push(`${sectionLabel} has the same id as an earlier section`);
    sectionIds.add(section.id);
    section.questions.forEach((question, q) => {
      const context = [sectionLabel, itemLabel('questions', q, question).toLowerCase()];
      if (earlier.has(question.id)) errors.push(describeAt(context, [], 'has the same id as an earlier question: ids must be unique in the set'));
      later.delete(question.id);
      if (question.kind === 'single-choice' || question.kind === 'multiple-choice') {
        const seen = new Set<string>();
        for (const option of question.options) {
          if (seen.has(option.value)) errors.push(describeAt(context, [], `has the option "${option.value}" twice`));
          seen.add(option.value);
        }
      }
      if (question.kind === 'number' && question.min !== undefined && question.max !== undefined && question.min > question.max) {
        errors.push(describeAt(context, [], `has "min" (${question.min}) above "max" (${question.max})`));
      }
      if (question.showIf) {
        if (question.showIf.question === question.id) errors.push(describeAt(context, ['showIf'], 'uses the question itself'));
        else for (const p of conditionProblems(question.showIf, earlier, later)) errors.push(describeAt(context, ['showIf'], p));
      }
      if (options.streamCodes) {
        for (const code of question.feeds) {
          if (!options.streamCodes.includes(code)) errors.push(describeAt(context, ['feeds'], `names "${code}", which is not one of the area's funding streams`));
        }
      }
      earlier.set(question.id, question);
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, set };
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

export type AnswerResult = { ok: true; value: AnswerValue | undefined } | { ok: false; error: string };

function isMoney(question: NumberQuestion): boolean {
  return /^pounds\b/.test(question.unit ?? '');
}

/** The decimal places a person may type: money is pounds and pence unless the set asks for whole pounds. */
export function decimalPlacesOf(question: NumberQuestion): number {
  return question.decimalPlaces ?? (isMoney(question) ? 2 : 0);
}

function formatLimit(question: NumberQuestion, limit: number): string {
  const number = limit.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return isMoney(question) ? `£${number}` : number;
}

function numberMessages(question: NumberQuestion) {
  const money = isMoney(question);
  const places = decimalPlacesOf(question);
  const example = question.example ?? (money ? (places ? '12.50' : '250') : places ? '7.5' : '10');
  const unit = question.unit;
  const what = money ? `the amount in ${unit}` : unit ? `how many ${unit}` : 'a number';
  const subject = money ? 'The amount' : unit ? unit.charAt(0).toUpperCase() + unit.slice(1) : 'The number';
  return {
    required: question.requiredMessage ?? `Enter ${what}, like ${example}`,
    notNumber: money || !unit ? `Enter ${what} using numbers only, like ${example}` : `Enter ${what} as a number, like ${example}`,
    places: money
      ? places
        ? `Enter the amount to the nearest penny, like ${example}`
        : `Enter the amount in whole ${unit}, like ${example}`
      : places
        ? `Enter ${what} with no more than ${places} decimal place${places === 1 ? '' : 's'}, like ${example}`
        : unit
          ? `Enter a whole number of ${unit}, like ${example}`
          : `Enter a whole number, like ${example}`,
    min: (min: number) => `${subject} must be ${formatLimit(question, min)} or more`,
    max: (max: number) => `${subject} must be ${formatLimit(question, max)} or less`,
  };
}

function single(raw: string | readonly string[] | undefined): string {
  if (Array.isArray(raw)) return String(raw.find((value) => String(value).trim() !== '') ?? '').trim();
  return typeof raw === 'string' ? raw.trim() : '';
}

/**
 * Turns what a form sent for one question into a typed answer, or the GOV.UK error message to show next to the field.
 * A blank optional question gives `{ ok: true, value: undefined }` (an optional multiple-choice gives `[]`).
 */
export function validateAnswer(question: Question, raw: string | readonly string[] | undefined): AnswerResult {
  switch (question.kind) {
    case 'yes-no': {
      const value = single(raw).toLowerCase();
      if (value === 'yes') return { ok: true, value: true };
      if (value === 'no') return { ok: true, value: false };
      if (value === '' && question.optional) return { ok: true, value: undefined };
      return { ok: false, error: question.requiredMessage ?? 'Select yes or no' };
    }
    case 'single-choice': {
      const value = single(raw);
      if (value === '') return question.optional ? { ok: true, value: undefined } : { ok: false, error: question.requiredMessage ?? 'Select one option' };
      return question.options.some((option) => option.value === value) ? { ok: true, value } : { ok: false, error: 'Select one of the options shown' };
    }
    case 'multiple-choice': {
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw as string];
      const values = [...new Set(list.map((value) => String(value).trim()).filter((value) => value !== ''))];
      if (values.length === 0) return question.optional ? { ok: true, value: [] } : { ok: false, error: question.requiredMessage ?? 'Select all that apply' };
      const known = new Set(question.options.map((option) => option.value));
      if (values.some((value) => !known.has(value))) return { ok: false, error: 'Select from the options shown' };
      // Stored in the order the options are listed, so the same choices always give the same answer.
      return { ok: true, value: question.options.map((option) => option.value).filter((value) => values.includes(value)) };
    }
    case 'number': {
      const messages = numberMessages(question);
      let text = single(raw).replace(/\s+/g, '');
      if (text === '') return question.optional ? { ok: true, value: undefined } : { ok: false, error: messages.required };
      if (isMoney(question)) text = text.replace(/^(-?)£/, '$1');
      text = text.replace(/(\d),(?=\d{3}(\D|$))/g, '$1');
      const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
      if (!match || (match[2] === '' && !match[3])) return { ok: false, error: messages.notNumber };
      const places = decimalPlacesOf(question);
      if ((match[3]?.length ?? 0) > places && /[1-9]/.test(match[3]!.slice(places))) {
        return { ok: false, error: messages.places };
      }
      const value = Number(text);
      if (!Number.isFinite(value)) return { ok: false, error: messages.notNumber };
      if (question.min !== undefined && value < question.min) return { ok: false, error: messages.min(question.min) };
      if (question.max !== undefined && value > question.max) return { ok: false, error: messages.max(question.max) };
      return { ok: true, value: value === 0 ? 0 : value };
    }
    case 'text': {
      const value = single(raw);
      if (value === '') return question.optional ? { ok: true, value: undefined } : { ok: false, error: question.requiredMessage ?? 'Enter your answer' };
      const maxLength = question.maxLength ?? 5000;
      if (value.length > maxLength) return { ok: false, error: `Your answer must be ${maxLength.toLocaleString('en-GB')} characters or fewer` };
      return { ok: true, value };
    }
  }
}

/** Is this stored value a possible answer to the question? (Stored answers outlive edits to forms; trust nothing.) */
export function answerFits(question: Question, value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  switch (question.kind) {
    case 'yes-no':
      return typeof value === 'boolean';
    case 'single-choice':
      return typeof value === 'string' && question.options.some((option) => option.value === value);
    case 'multiple-choice':
      return Array.isArray(value) && value.every((v) => question.options.some((option) => option.value === v));
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (question.min === undefined || value >= question.min) &&
        (question.max === undefined || value <= question.max)
      );
    case 'text':
      return typeof value === 'string' && value.trim() !== '';
  }
}

/** Turns a stored answer back into what a form field shows, so a person can change it. */
export function answerToFormInput(question: Question, value: AnswerValue | undefined): string | string[] {
  if (value === undefined) return question.kind === 'multiple-choice' ? [] : '';
  if (question.kind === 'yes-no') return value === true ? 'yes' : value === false ? 'no' : '';
  if (Array.isArray(value)) return [...value];
  return String(value);
}

/** An answer as a person reads it on a check-your-answers page: "Yes", an option's label, "10 hours a week", "£250". */
export function describeAnswer(question: Question, value: AnswerValue | undefined): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return 'Not answered';
  switch (question.kind) {
    case 'yes-no':
      return value === true ? 'Yes' : 'No';
    case 'single-choice':
    case 'multiple-choice': {
      const values = Array.isArray(value) ? value : [String(value)];
      return values.map((v) => question.options.find((option) => option.value === v)?.label ?? v).join(', ');
    }
    case 'number': {
      const number = Number(value).toLocaleString('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
      if (isMoney(question)) {
        const rest = question.unit!.replace(/^pounds\s*/, '');
        const money = Number.isInteger(value) ? `£${number}` : `£${Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
        return rest ? `${money} ${rest}` : money;
      }
      return question.unit ? `${number} ${question.unit}` : number;
    }
    case 'text':
      return String(value);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What shows and what is missing

/**
 * The questions a person sees, in order, given their answers so far. A question whose `showIf` depends on a hidden
 * question is hidden too: an answer left over from a path the person no longer takes counts for nothing.
 */
export function visibleQuestions(set: QuestionSet, answers: Answers): Question[] {
  const shown: Question[] = [];
  const seen: Record<string, AnswerValue | undefined> = {};
  for (const question of allQuestions(set)) {
    if (question.showIf && !conditionHolds(question.showIf, seen)) continue;
    shown.push(question);
    const answer = answers[question.id];
    if (answerFits(question, answer)) seen[question.id] = answer;
  }
  return shown;
}

/**
 * Only the answers that count: to questions now shown, and of the right type. Pass these, not raw stored answers, to
 * eligibility rules, the RAS and the calculators, so that a stale "in work" answer cannot fund anything.
 */
export function visibleAnswers(set: QuestionSet, answers: Answers): Record<string, AnswerValue> {
  const result: Record<string, AnswerValue> = {};
  for (const question of visibleQuestions(set, answers)) {
    const answer = answers[question.id];
    if (answerFits(question, answer)) result[question.id] = answer!;
  }
  return result;
}

/** The questions shown and required but not yet answered, in the order asked. */
export function missingAnswers(set: QuestionSet, answers: Answers): Question[] {
  return visibleQuestions(set, answers).filter((question) => {
    if (question.optional) return false;
    const answer = answers[question.id];
    if (!answerFits(question, answer)) return true;
    return question.kind === 'multiple-choice' && (answer as readonly string[]).length === 0;
  });
}

export function isComplete(set: QuestionSet, answers: Answers): boolean {
  return missingAnswers(set, answers).length === 0;
}
