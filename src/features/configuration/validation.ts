// What the configuration forms accept: a pasted JSON file, the recalibration figures of a RAS table (money typed in
// pounds, percentages as people write them) and the day a version is published from, with a reason for a past day.
import { z } from 'zod';
import { hasAtMostDecimals } from '../../domain/assessment/data-errors.ts';
import { formatPence, poundsToPence } from '../../domain/budget/money.ts';
import type { RasTable } from '../../domain/budget/ras.ts';
import { configurationKinds } from '../../records/configuration-store.ts';

/** Large enough for any sensible question set, small enough to stay well under the request size limit. */
export const largestImportCharacters = 500_000;

export const importForm = z.object({
  kind: z.enum(configurationKinds, { error: 'Select what you are importing' }),
  definition: z
    .string({ error: 'Paste the contents of the JSON file' })
    .trim()
    .min(1, 'Paste the contents of the JSON file')
    .max(largestImportCharacters, `The file must be ${largestImportCharacters.toLocaleString('en-GB')} characters or fewer`),
});
export const importFieldOrder = ['kind', 'definition'] as const;

/**
 * Where JSON text first goes wrong, as an offset, found by walking the grammar (JSON.parse's own message gives no
 * position for some mistakes). Only called once parsing has failed, so it need not be fast.
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at += 1;
  };
  const fail = (): never => {
    throw at;
  };
  const literal = (word: string) => (text.startsWith(word, at) ? (at += word.length) : fail());
  const string = () => {
    if (text[at] !== '"') fail();
    at += 1;
    while (at < text.length && text[at] !== '"') {
      if (text.charCodeAt(at) < 0x20) fail();
      if (text[at] === '\\') {
        at += 1;
        if (text[at] === 'u' ? !/^u[0-9a-fA-F]{4}/.test(text.slice(at, at + 5)) : !'"\\/bfnrt'.includes(text[at] ?? 'x')) fail();
        at += text[at] === 'u' ? 5 : 1;
      } else at += 1;
    }
    if (at >= text.length) fail();
    at += 1;
  };
  const value = (depth: number): void => {
    if (depth > 500) fail();
    space();
    const next = text[at];
    if (next === '{') {
      at += 1;
      space();
      if (text[at] === '}') return void (at += 1);
      for (;;) {
        space();
        string();
        space();
        if (text[at] !== ':') fail();
        at += 1;
        value(depth + 1);
        space();
        if (text[at] === ',') at += 1;
        else if (text[at] === '}') return void (at += 1);
        else fail();
      }
    }
    if (next === '[') {
      at += 1;
      space();
      if (text[at] === ']') return void (at += 1);
      for (;;) {
        value(depth + 1);
        space();
        if (text[at] === ',') at += 1;
        else if (text[at] === ']') return void (at += 1);
        else fail();
      }
    }
    if (next === '"') return string();
    if (next === 't') return void literal('true');
    if (next === 'f') return void literal('false');
    if (next === 'n') return void literal('null');
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!number) fail();
    at += number![0].length;
  };
  try {
    value(0);
    space();
    return at < text.length ? at : -1;
  } catch (offset) {
    return typeof offset === 'number' ? offset : -1;
  }
}

/** Reads pasted text as JSON, or says in plain English where it stops making sense. */
export function parseJsonText(text: string): { ok: true; json: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch {
    const offset = jsonErrorOffset(text);
    if (offset >= 0) {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      return { ok: false, error: `The text is not valid JSON: check line ${line}, near character ${column} (for example a missing comma, quote or bracket)` };
    }
    return { ok: false, error: 'The text is not valid JSON: check that it is complete, from the first { to the last }' };
  }
}

export interface Recalibration {
  pricing: RasTable['pricing'];
  minimumWeeklyPence: number;
  maximumWeeklyPence: number;
  contingencyPercent: number;
  tolerancePercent: number;
}

/** Field names of the recalibration form for this table: the price per point, or one amount per band. */
export function recalibrationFields(table: RasTable): string[] {
  const prices = table.pricing.kind === 'per-point' ? ['pricePerPoint'] : table.pricing.bands.map((_, index) => `band-${index + 1}`);
  return [...prices, 'minimumWeekly', 'maximumWeekly', 'contingencyPercent', 'tolerancePercent'];
}

/** What the form shows before anything is typed: the table's own figures, in pounds and percentages. */
export function recalibrationAnswers(table: RasTable): Record<string, string> {
  const pounds = (pence: number) => formatPence(pence).replace('£', '');
  const answers: Record<string, string> = {
    minimumWeekly: pounds(table.minimumWeeklyPence),
    maximumWeekly: pounds(table.maximumWeeklyPence),
    contingencyPercent: String(table.contingencyPercent),
    tolerancePercent: String(table.tolerancePercent),
  };
  if (table.pricing.kind === 'per-point') answers.pricePerPoint = pounds(table.pricing.pencePerPoint);
  else table.pricing.bands.forEach((band, index) => (answers[`band-${index + 1}`] = pounds(band.weeklyPence)));
  return answers;
}

function percentFrom(raw: unknown, what: string): { ok: true; value: number } | { ok: false; error: string } {
  const text = typeof raw === 'string' ? raw.replace(/\s+/g, '').replace(/%$/, '') : '';
  if (text === '') return { ok: false, error: `Enter the ${what} as a percentage, like 5` };
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(text)) return { ok: false, error: `Enter the ${what} as a number from 0 to 100, like 5 or 2.5` };
  const value = Number(text);
  if (value > 100) return { ok: false, error: `The ${what} must be 100% or less` };
  if (!hasAtMostDecimals(value, 2)) return { ok: false, error: `Enter the ${what} with no more than 2 decimal places, like 2.25` };
  return { ok: true, value };
}

function penceFrom(raw: unknown, messages: { missing: string; atLeastOnePenny?: string }): { ok: true; value: number } | { ok: false; error: string } {
  const text = typeof raw === 'string' ? raw : undefined;
  if (!text || text.trim() === '') return { ok: false, error: messages.missing };
  const parsed = poundsToPence(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (messages.atLeastOnePenny && parsed.pence < 1) return { ok: false, error: messages.atLeastOnePenny };
  return { ok: true, value: parsed.pence };
}

/**
 * Reads the recalibration form for a table. Errors are keyed by field, GOV.UK style; the figures must also make a
 * valid table (the minimum no more than the maximum), which is said next to the maximum.
 */
export function readRecalibration(body: unknown, table: RasTable): { ok: true; value: Recalibration } | { ok: false; messages: Record<string, string> } {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const messages: Record<string, string> = {};
  let pricing: RasTable['pricing'] | undefined;
  if (table.pricing.kind === 'per-point') {
    const price = penceFrom(form.pricePerPoint, { missing: 'Enter the price of a point, like 9.00', atLeastOnePenny: 'The price of a point must be at least 1p' });
    if (price.ok) {
      if (price.value > 1_000_000) messages.pricePerPoint = 'The price of a point must be £10,000.00 or less';
      else pricing = { kind: 'per-point', pencePerPoint: price.value };
    } else messages.pricePerPoint = price.error;
  } else {
    const bands = table.pricing.bands.map((band, index) => {
      const field = `band-${index + 1}`;
      const amount = penceFrom(form[field], { missing: `Enter the weekly amount for band ${index + 1}, like 150.00` });
      if (!amount.ok) messages[field] = amount.error;
      return amount.ok ? { ...band, weeklyPence: amount.value } : band;
    });
    pricing = { kind: 'bands', bands };
  }
  const minimum = penceFrom(form.minimumWeekly, { missing: 'Enter the minimum weekly amount, like 50.00' });
  if (!minimum.ok) messages.minimumWeekly = minimum.error;
  const maximum = penceFrom(form.maximumWeekly, { missing: 'Enter the maximum weekly amount, like 1,500.00' });
  if (!maximum.ok) messages.maximumWeekly = maximum.error;
  if (minimum.ok && maximum.ok && minimum.value > maximum.value) messages.maximumWeekly = `The maximum must be at least the minimum (${formatPence(minimum.value)} a week)`;
  const contingency = percentFrom(form.contingencyPercent, 'contingency');
  if (!contingency.ok) messages.contingencyPercent = contingency.error;
  const tolerance = percentFrom(form.tolerancePercent, 'tolerance');
  if (!tolerance.ok) messages.tolerancePercent = tolerance.error;
  if (Object.keys(messages).length || !pricing || !minimum.ok || !maximum.ok || !contingency.ok || !tolerance.ok) return { ok: false, messages };
  return {
    ok: true,
    value: { pricing, minimumWeeklyPence: minimum.value, maximumWeeklyPence: maximum.value, contingencyPercent: contingency.value, tolerancePercent: tolerance.value },
  };
}

/** The publish form's fields, in order, for the error summary: the date input's first box, then the reason. */
export const publishFieldOrder = ['effectiveFrom', 'reason'] as const;

/**
 * Reads the day a version applies from (a GOV.UK date input) and the reason, which is needed when the day is before
 * today: nobody's budget changes retroactively without a recorded decision.
 */
export function readPublish(body: unknown, today: string): { ok: true; effectiveFrom: string; reason: string | undefined } | { ok: false; messages: Record<string, string>; invalidParts: string[] } {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const part = (name: string) => (typeof form[`effectiveFrom-${name}`] === 'string' ? (form[`effectiveFrom-${name}`] as string).trim() : '');
  const [day, month, year] = [part('day'), part('month'), part('year')];
  const reasonText = typeof form.reason === 'string' ? form.reason.trim() : '';
  const messages: Record<string, string> = {};
  let invalidParts: string[] = [];
  let effectiveFrom: string | undefined;
  const missing = [['day', day], ['month', month], ['year', year]].filter(([, value]) => value === '').map(([name]) => name!);
  if (missing.length === 3) {
    messages.effectiveFrom = 'Enter the date this version applies from';
    invalidParts = ['day', 'month', 'year'];
  } else if (missing.length) {
    messages.effectiveFrom = `The date this version applies from must include a ${missing.join(' and a ')}`;
    invalidParts = missing;
  } else if (![day, month, year].every((value) => /^\d+$/.test(value)) || year.length !== 4) {
    messages.effectiveFrom = 'The date this version applies from must be a real date, like 1 4 2026';
    invalidParts = ['day', 'month', 'year'];
  } else {
    const [d, m, y] = [Number(day), Number(month), Number(year)];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
      messages.effectiveFrom = 'The date this version applies from must be a real date, like 1 4 2026';
      invalidParts = ['day', 'month', 'year'];
    } else if (y < 2000 || y > 2100) {
      messages.effectiveFrom = 'The year must be between 2000 and 2100';
      invalidParts = ['year'];
    } else effectiveFrom = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  if (reasonText.length > 2000) messages.reason = 'The reason must be 2,000 characters or fewer';
  else if (effectiveFrom && effectiveFrom < today && reasonText === '') {
    messages.reason = 'Enter why this version applies from a date in the past';
  }
  if (!effectiveFrom || Object.keys(messages).length) return { ok: false, messages, invalidParts };
  return { ok: true, effectiveFrom, reason: effectiveFrom < today ? reasonText : reasonText || undefined };
}
