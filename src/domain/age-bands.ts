// Age on a given day, and the age bands used in statutory returns and in the indicative vs actual budget analysis.

export const ageBands = ['18 to 24', '25 to 64', '65 to 74', '75 to 84', '85 and over'] as const;
export type AgeBand = (typeof ageBands)[number] | 'under 18';

/** Whole years between a date of birth and a day, both as YYYY-MM-DD (dates that mean a day, not instants). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

export function ageBand(age: number): AgeBand {
  if (age < 18) return 'under 18';
  if (age <= 24) return '18 to 24';
  if (age <= 64) return '25 to 64';
  if (age <= 74) return '65 to 74';
  if (age <= 84) return '75 to 84';
  return '85 and over';
}

const londonDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The day an instant falls on in Europe/London, as YYYY-MM-DD: the day that matters for ages and payments, whatever
 * the server's zone. Pure: "today" is `clock.today()` (platform/clock.ts), never read here.
 */
export function londonDay(instant: Date): string {
  return londonDayFormat.format(instant);
}
