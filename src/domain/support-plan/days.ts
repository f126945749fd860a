// Days as YYYY-MM-DD strings for support plans: checking a day typed into a GOV.UK date input, the day before, and the
// day written out for people ("1 March 2026"). Days mean days, not instants, so no time zone enters.

export interface TypedDay {
  day: string;
  month: string;
  year: string;
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `value` is a real day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
}

/** "2026-03-01" → "1 March 2026", as GOV.UK writes dates. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return `${date} ${monthNames[month - 1]} ${year}`;
}

export type DayCheck = { ok: true; day: string | null } | { ok: false; message: string };

/**
 * Reads the three boxes of a date input. `label` names the date in messages ("The start date"); an empty date is
 * allowed only when `optional`, and then reads as null.
 */
export function checkTypedDay(typed: TypedDay | undefined, label: string, optional: boolean): DayCheck {
  const parts = [typed?.day ?? '', typed?.month ?? '', typed?.year ?? ''].map((part) => part.trim());
  if (parts.every((part) => part === '')) return optional ? { ok: true, day: null } : { ok: false, message: `Enter ${label.toLowerCase()}` };
  const [day, month, year] = parts as [string, string, string];
  if (!parts.every((part) => /^\d+$/.test(part))) return { ok: false, message: `${label} must be a real date` };
  if (year.length !== 4) return { ok: false, message: `${label} must include a year with 4 numbers` };
  const text = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (month.length > 2 || day.length > 2 || !isDay(text)) return { ok: false, message: `${label} must be a real date` };
  return { ok: true, day: text };
}
