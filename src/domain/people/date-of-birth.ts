// Reads a date of birth typed into the three boxes of a GOV.UK date input, with the GOV.UK messages for each way it
// can be wrong and which boxes to highlight. Being under 18 is not an error here: callers explain it kindly.

export type DatePart = 'day' | 'month' | 'year';

export type DateOfBirthCheck =
  | { ok: true; dateOfBirth: string }
  | { ok: false; message: string; parts: DatePart[] };

export interface TypedDate {
  day: string;
  month: string;
  year: string;
}

/** People born before this are not plausibly alive: a year like 1066 is a typing slip. */
export const earliestDateOfBirth = '1900-01-01';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function joinParts(parts: DatePart[]): string {
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * `today` is the day in Europe/London (YYYY-MM-DD); a date of birth must be before it. `whose` is "your" or "their",
 * for the message shown when nothing was entered.
 */
export function checkDateOfBirth(typed: TypedDate, today: string, whose: 'your' | 'their'): DateOfBirthCheck {
  const values = { day: typed.day.trim(), month: typed.month.trim(), year: typed.year.trim() };
  const all: DatePart[] = ['day', 'month', 'year'];
  const missing = all.filter((part) => values[part] === '');
  if (missing.length === 3) return { ok: false, message: `Enter ${whose} date of birth`, parts: all };
  if (missing.length > 0) return { ok: false, message: `Date of birth must include a ${joinParts(missing)}`, parts: missing };

  const notNumbers = all.filter((part) => !/^\d+$/.test(values[part]));
  if (notNumbers.length > 0) return { ok: false, message: 'Date of birth must be a real date', parts: notNumbers };
  if (values.year.length !== 4) return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };

  const day = Number(values.day);
  const month = Number(values.month);
  const year = Number(values.year);
  if (month < 1 || month > 12) return { ok: false, message: 'Date of birth must be a real date', parts: ['month'] };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, message: 'Date of birth must be a real date', parts: ['day'] };

  const dateOfBirth = `${values.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // YYYY-MM-DD strings compare in date order.
  if (dateOfBirth >= today) return { ok: false, message: 'Date of birth must be in the past', parts: all };
  if (dateOfBirth < earliestDateOfBirth) return { ok: false, message: 'Date of birth must be the same as or after 1 January 1900', parts: all };
  return { ok: true, dateOfBirth };
}

/** The three boxes for a stored YYYY-MM-DD date, to fill the form for a change. */
export function dateToTyped(date: string): TypedDate {
  const [year = '', month = '', day = ''] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}
