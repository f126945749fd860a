// Turns a zod schema's verdict on a submitted form into GOV.UK error messages: one per field, in form order, with
// the user's answers kept so nothing they typed is lost.
import type { z } from 'zod';

export interface FormErrors {
  /** Field name → message, for the message next to each field. */
  fields: Record<string, { text: string }>;
  /** For the error summary at the top of the page, linking to each field. */
  list: { text: string; href: string }[];
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; answers: Record<string, unknown> };

export function noErrors(): FormErrors {
  return { fields: {}, list: [] };
}

export function formErrors(messages: Record<string, string>, order: readonly string[] = Object.keys(messages)): FormErrors {
  const errors = noErrors();
  for (const field of order) {
    const text = messages[field];
    if (!text) continue;
    errors.fields[field] = { text };
    errors.list.push({ text, href: `#${field}` });
  }
  return errors;
}

/**
 * Characters a person never means to type into a form, stripped from every submitted value: control characters
 * (NUL and the rest; the database refuses NUL, and the others hide in logs and letters), and the invisible ones that
 * make text read differently from what it is — bidirectional overrides and isolates, zero-width spaces, byte-order
 * marks. Line breaks and tabs stay (a tab becomes a space). The zero-width joiner and non-joiner stay: names written
 * in Persian and Indic scripts need them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what this expression is for.
const invisible = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function plainText(value: string): string {
  return value.replace(invisible, '').replaceAll('\t', ' ');
}

/** The same, through a parsed form body: every string, in arrays too. */
export function plainForm(body: unknown): unknown {
  if (typeof body === 'string') return plainText(body);
  if (Array.isArray(body)) return body.map(plainForm);
  if (body && typeof body === 'object') {
    const cleaned: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) cleaned[key] = plainForm(value);
    return cleaned;
  }
  return body;
}

/** Strips the CSRF token and keeps only string values, so answers can be shown back safely. */
export function answersOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string' || Array.isArray(value)) answers[key] = value;
  }
  return answers;
}

export function validateForm<S extends z.ZodType>(schema: S, body: unknown, fieldOrder: readonly string[]): FormResult<z.infer<S>> {
  const answers = answersOf(body);
  const parsed = schema.safeParse(answers);
  if (parsed.success) return { ok: true, value: parsed.data };
  const messages: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? fieldOrder[0] ?? 'form');
    messages[field] ??= issue.message;
  }
  const order = [...fieldOrder, ...Object.keys(messages).filter((field) => !fieldOrder.includes(field))];
  return { ok: false, errors: formErrors(messages, order), answers };
}
