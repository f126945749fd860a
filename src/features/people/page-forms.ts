// What the person pages share when showing a form: the id a form carries so that sending it twice changes things
// once, a failed check turned into what the page shows, and the voice a page speaks in.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DatePart } from '../../domain/people/date-of-birth.ts';
import type { FormErrors } from '../../platform/forms.ts';
import type { Viewer } from '../../platform/person-access.ts';
import type { Voice } from './validation.ts';
import { contactFormItems, dateErrorFlags } from './view-items.ts';

/** What a form page is shown with: the answers so far and, after a failed check, the messages. */
export interface FormContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

/** The page again after a failed check: the answers kept, a message beside each field and the summary above. */
export function withErrors(answers: Record<string, unknown>, errors: FormErrors): FormContext {
  return { answers, errors: errors.fields, errorList: errors.list };
}

/**
 * The id a form was given when first shown (a new one if it has none that fits): the record it makes takes that id,
 * so the same form sent twice finds the first record instead of making another.
 */
export function formId(value: unknown): string {
  return z.uuid().safeParse(value).success ? String(value) : randomUUID();
}

/** A form that makes a record (self-referral, or staff adding someone): its answers, messages and date boxes. */
export type NewRecordContext = FormContext & { dateParts?: DatePart[] };

/**
 * What both forms that make a record are shown with besides their own fields: which date boxes to mark, the contact
 * choices, and the record's id, fixed when the form is first shown so the same form sent twice makes one record.
 */
export function newRecordForm(context: NewRecordContext) {
  return { ...context, dateErrors: dateErrorFlags(context.dateParts), ...contactFormItems(context.answers), personId: formId(context.answers.personId) };
}

/** Messages say "your" to the person themselves and "their" to anyone acting for them. */
export function voiceFor(viewer: Viewer): Voice {
  return viewer === 'self' ? 'your' : 'their';
}
