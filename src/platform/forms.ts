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
