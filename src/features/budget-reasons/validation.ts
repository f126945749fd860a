// What the reason forms accept: the wording as people will read it, and a code that stays the same for the life of
// the reason (typed, or made from the wording), with GOV.UK messages for each field.

type Form = Record<string, unknown>;

export const longestReasonName = 200;
export const longestReasonCode = 60;
/** Lower-case words joined by hyphens: safe in an address, a file and a report. */
export const reasonCodePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const text = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');

/** "Costs are higher here" → "costs-are-higher-here"; letters and numbers only, cut at a word near 60 characters. */
export function codeFromName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  let code = '';
  for (const word of words) {
    const next = code === '' ? word : `${code}-${word}`;
    if (next.length > longestReasonCode) break;
    code = next;
  }
  return code === '' ? (words[0] ?? '').slice(0, longestReasonCode) : code;
}

function readName(form: Form, messages: Record<string, string>): string {
  const name = text(form, 'name').replace(/\s+/g, ' ');
  if (name === '') messages.name = 'Enter the reason, as the person will read it';
  else if (name.length > longestReasonName) messages.name = `The reason must be ${longestReasonName} characters or fewer`;
  return name;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; messages: Record<string, string> };

export const newReasonFieldOrder = ['name', 'code'] as const;

/** A new reason: its wording, and its code as typed or made from the wording. */
export function readNewReason(form: Form): Checked<{ name: string; code: string }> {
  const messages: Record<string, string> = {};
  const name = readName(form, messages);
  const typed = text(form, 'code').toLowerCase();
  const code = typed === '' ? codeFromName(name) : typed;
  if (typed !== '' && typed.length > longestReasonCode) messages.code = `The code must be ${longestReasonCode} characters or fewer`;
  else if (typed !== '' && !reasonCodePattern.test(typed)) messages.code = 'The code can only have letters, numbers and hyphens between words, like local-costs';
  else if (typed === '' && name !== '' && code === '') messages.code = 'Enter a code, like local-costs: the reason has no letters or numbers to make one from';
  return Object.keys(messages).length > 0 ? { ok: false, messages } : { ok: true, value: { name, code } };
}

/** A change to a reason's wording; its code stays. */
export function readReasonWording(form: Form): Checked<{ name: string }> {
  const messages: Record<string, string> = {};
  const name = readName(form, messages);
  return Object.keys(messages).length > 0 ? { ok: false, messages } : { ok: true, value: { name } };
}
