// Turns a question set section into GOV.UK form fields, and a submitted section back into answers and error messages.
// Works without JavaScript: a follow-up question (showIf) appears on the next page load once its condition holds.
import {
  type AnswerValue,
  type Question,
  type QuestionSet,
  type Section,
  answerFits,
  answerToFormInput,
  missingAnswers,
  validateAnswer,
  visibleQuestions,
} from '../../domain/assessment/question-set.ts';
import type { StoredAnswers } from './assessment-service.ts';

export type SectionStatus = 'not-started' | 'in-progress' | 'completed';

export const sectionStatusNames: Record<SectionStatus, string> = {
  'not-started': 'Not yet started',
  'in-progress': 'In progress',
  completed: 'Completed',
};

export interface SectionProgress {
  section: Section;
  /** The questions of this section a person sees, given all their answers so far. */
  visible: Question[];
  status: SectionStatus;
}

/** Where the person is with each section, from their answers alone: nothing else is stored. */
export function sectionProgress(set: QuestionSet, answers: StoredAnswers): SectionProgress[] {
  const visible = visibleQuestions(set, answers);
  const missing = new Set(missingAnswers(set, answers).map((question) => question.id));
  return set.sections.map((section) => {
    const ids = new Set(section.questions.map((question) => question.id));
    const shown = visible.filter((question) => ids.has(question.id));
    const answered = shown.some((question) => answerFits(question, answers[question.id]));
    const stillMissing = shown.some((question) => missing.has(question.id));
    const status: SectionStatus = !stillMissing ? 'completed' : answered ? 'in-progress' : 'not-started';
    return { section, visible: shown, status };
  });
}

function isMoney(question: Question): boolean {
  return question.kind === 'number' && /^pounds\b/.test(question.unit ?? '');
}

function labelText(question: Question): string {
  return question.optional ? `${question.text} (optional)` : question.text;
}

type FormValue = string | string[];

export interface QuestionField {
  id: string;
  /** Which GOV.UK macro renders it. */
  macro: 'radios' | 'checkboxes' | 'input' | 'textarea';
  params: Record<string, unknown>;
}

/** The GOV.UK component parameters for one question, showing `value` (what the form holds) and any error. */
export function questionField(question: Question, value: FormValue | undefined, error: string | undefined): QuestionField {
  const hint = question.hint ? { text: question.hint } : undefined;
  const errorMessage = error ? { text: error } : undefined;
  const legend = { fieldset: { legend: { text: labelText(question), classes: 'govuk-fieldset__legend--m' } } };
  const single = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  switch (question.kind) {
    case 'yes-no':
      return {
        id: question.id,
        macro: 'radios',
        params: {
          name: question.id,
          idPrefix: question.id,
          ...legend,
          hint,
          errorMessage,
          classes: 'govuk-radios--inline',
          items: [
            { value: 'yes', text: 'Yes', checked: single === 'yes' },
            { value: 'no', text: 'No', checked: single === 'no' },
          ],
        },
      };
    case 'single-choice':
      return {
        id: question.id,
        macro: 'radios',
        params: {
          name: question.id,
          idPrefix: question.id,
          ...legend,
          hint,
          errorMessage,
          items: question.options.map((option) => ({ value: option.value, text: option.label, hint: option.hint ? { text: option.hint } : undefined, checked: single === option.value })),
        },
      };
    case 'multiple-choice': {
      const ticked = Array.isArray(value) ? value : value ? [value] : [];
      return {
        id: question.id,
        macro: 'checkboxes',
        params: {
          name: question.id,
          idPrefix: question.id,
          ...legend,
          hint,
          errorMessage,
          items: question.options.map((option) => ({ value: option.value, text: option.label, hint: option.hint ? { text: option.hint } : undefined, checked: ticked.includes(option.value) })),
        },
      };
    }
    case 'number': {
      const money = isMoney(question);
      const suffix = money ? (question.unit ?? '').replace(/^pounds\s*/, '') : (question.unit ?? '');
      return {
        id: question.id,
        macro: 'input',
        params: {
          id: question.id,
          name: question.id,
          label: { text: labelText(question), classes: 'govuk-label--m' },
          hint,
          errorMessage,
          value: single,
          inputmode: (question.decimalPlaces ?? 0) > 0 || money ? 'decimal' : 'numeric',
          spellcheck: false,
          autocomplete: 'off',
          classes: money ? 'govuk-input--width-10' : 'govuk-input--width-5',
          prefix: money ? { text: '£' } : undefined,
          suffix: suffix ? { text: suffix } : undefined,
        },
      };
    }
    case 'text':
      return {
        id: question.id,
        macro: 'textarea',
        params: { id: question.id, name: question.id, label: { text: labelText(question), classes: 'govuk-label--m' }, hint, errorMessage, value: single, rows: 5 },
      };
  }
}

/** What each shown question's field holds when the page is first opened: the stored answer. */
export function storedFormValues(questions: readonly Question[], answers: StoredAnswers): Record<string, FormValue> {
  const values: Record<string, FormValue> = {};
  for (const question of questions) values[question.id] = answerToFormInput(question, answers[question.id]);
  return values;
}

/** The raw value a form sent for a field: text or a list of texts, nothing else (no objects, no prototype keys). */
export function formValue(body: unknown, name: string): FormValue | undefined {
  if (!body || typeof body !== 'object' || !Object.hasOwn(body, name)) return undefined;
  const value = (body as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return undefined;
}

export interface SectionSubmission {
  /** Valid answers to save. */
  changes: StoredAnswers;
  /** Questions answered blank that are optional: their stored answers are removed. */
  cleared: string[];
  /** Question id → GOV.UK error message, in the order the questions are asked. */
  errors: { id: string; text: string }[];
  /** The required questions among `errors` that were simply left blank: not yet answered, rather than answered wrongly. */
  unanswered: string[];
  /** Questions that now show because of an answer on this page but were not on the page the person saw. */
  newlyShown: string[];
  /** The questions to show if the page is shown again, given these answers. */
  visible: Question[];
  /** What the person sent, to show back in the fields. */
  values: Record<string, FormValue>;
}

function isBlank(raw: FormValue | undefined): boolean {
  if (raw === undefined) return true;
  return (Array.isArray(raw) ? raw : [raw]).every((value) => value.trim() === '');
}

/**
 * Reads one section's form (or one page of it: pass the section with that page's questions). Questions are read in order, each one's visibility judged on the answers before it
 * (including those just sent), so answering "yes" reveals its follow-up, and answering "no" hides it. `shown` lists the
 * questions the page showed: a question that becomes visible on this submit is not an error, it is asked next.
 */
export function readSection(set: QuestionSet, section: Section, stored: StoredAnswers, body: unknown, shown: ReadonlySet<string>): SectionSubmission {
  const working: Record<string, AnswerValue | undefined> = { ...stored };
  const result: SectionSubmission = { changes: {}, cleared: [], errors: [], unanswered: [], newlyShown: [], visible: [], values: {} };
  for (const question of section.questions) {
    const isVisible = visibleQuestions(set, working).some((candidate) => candidate.id === question.id);
    if (!isVisible) continue;
    if (!shown.has(question.id)) {
      result.newlyShown.push(question.id);
      result.values[question.id] = answerToFormInput(question, stored[question.id]);
      continue;
    }
    const raw = formValue(body, question.id);
    result.values[question.id] = raw ?? (question.kind === 'multiple-choice' ? [] : '');
    const answer = validateAnswer(question, raw);
    if (!answer.ok) {
      result.errors.push({ id: question.id, text: answer.error });
      if (isBlank(raw)) result.unanswered.push(question.id);
      continue;
    }
    const empty = answer.value === undefined || (Array.isArray(answer.value) && answer.value.length === 0);
    if (empty) {
      result.cleared.push(question.id);
      delete working[question.id];
    } else {
      result.changes[question.id] = answer.value!;
      working[question.id] = answer.value;
    }
  }
  const ids = new Set(section.questions.map((question) => question.id));
  result.visible = visibleQuestions(set, working).filter((question) => ids.has(question.id));
  return result;
}
