// What a service or a plan item costs: its unit, how often it happens and its unit cost in pence, turned into a weekly
// and a yearly cost exactly, rounded once. Shared by the service catalogue's cash equivalents and the support plan.
import { divideRoundHalfUp, weeksPerFourWeeks, weeksPerYear } from '../budget/money.ts';

/** The units a service is priced in. */
export const serviceUnits = ['hour', 'day', 'night', 'week', 'session', 'mile', 'one-off'] as const;
export type ServiceUnit = (typeof serviceUnits)[number];

export const serviceUnitNames: Record<ServiceUnit, { one: string; many: string }> = {
  hour: { one: 'hour', many: 'hours' },
  day: { one: 'day', many: 'days' },
  night: { one: 'night', many: 'nights' },
  week: { one: 'week', many: 'weeks' },
  session: { one: 'session', many: 'sessions' },
  mile: { one: 'mile', many: 'miles' },
  'one-off': { one: 'one-off payment', many: 'one-off payments' },
};

export function isServiceUnit(value: string): value is ServiceUnit {
  return (serviceUnits as readonly string[]).includes(value);
}

/**
 * Quantities are held in hundredths of a unit (1.5 hours is 150), so that every cost is an exact integer sum before
 * its one rounding. People type quantities with at most two decimal places.
 */
export const hundredthsPerUnit = 100;

/**
 * How often something happens: so many times a week, so many times every 4 weeks, or once. `unitsEachTime` is in
 * hundredths of a unit ("3 hours a day" is 300 hundredths, 7 times a week).
 */
export type Frequency =
  | { kind: 'weekly'; timesPerWeek: number; unitsEachTime: number }
  | { kind: 'four-weekly'; timesPerFourWeeks: number; unitsEachTime: number }
  | { kind: 'one-off'; unitsEachTime: number };

export interface Cost {
  /** The cost of a typical week (0 for a one-off), to the nearest penny. */
  weeklyPence: number;
  /** The cost of a year of 52 weeks (or the one-off cost), to the nearest penny: rounded once, not weekly × 52. */
  yearlyPence: number;
  /** Whether it happens once rather than every week or 4 weeks. */
  oneOff: boolean;
}

function assertWhole(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number, 0 or more`);
}

/** The cost of `frequency` at `unitCostPence` a unit. Exact: the only rounding is to the nearest penny, halves up. */
export function costOf(unitCostPence: number, frequency: Frequency): Cost {
  assertWhole(unitCostPence, 'A unit cost in pence');
  assertWhole(frequency.unitsEachTime, 'A quantity in hundredths');
  if (frequency.kind === 'one-off') {
    return { weeklyPence: 0, yearlyPence: divideRoundHalfUp(unitCostPence * frequency.unitsEachTime, hundredthsPerUnit), oneOff: true };
  }
  const times = frequency.kind === 'weekly' ? frequency.timesPerWeek : frequency.timesPerFourWeeks;
  assertWhole(times, 'How many times');
  const weeks = frequency.kind === 'weekly' ? 1 : weeksPerFourWeeks;
  // In hundredths of a penny for `weeks` weeks.
  const exact = unitCostPence * frequency.unitsEachTime * times;
  if (!Number.isSafeInteger(exact * weeksPerYear)) throw new RangeError('This cost is too large');
  return {
    weeklyPence: divideRoundHalfUp(exact, hundredthsPerUnit * weeks),
    yearlyPence: divideRoundHalfUp(exact * weeksPerYear, hundredthsPerUnit * weeks),
    oneOff: false,
  };
}

/** A quantity in hundredths as people write it: 150 → "1.5", 300 → "3". */
export function formatQuantity(hundredths: number): string {
  const whole = Math.floor(hundredths / hundredthsPerUnit);
  const part = hundredths % hundredthsPerUnit;
  return part === 0 ? String(whole) : `${whole}.${String(part).padStart(2, '0').replace(/0$/, '')}`;
}

export type ParsedQuantity = { ok: true; hundredths: number } | { ok: false; error: string };

/** Reads a quantity as a person types it ("3", "1.5", "0.25") into hundredths, by string handling alone. */
export function parseQuantity(input: string | undefined, what = 'how many'): ParsedQuantity {
  const text = (input ?? '').trim();
  if (text === '') return { ok: false, error: `Enter ${what}` };
  const match = /^(\d{1,6})?(?:\.(\d{1,2}))?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return { ok: false, error: `Enter ${what} as a number, like 3 or 1.5` };
  const hundredths = Number(match[1] ?? '0') * hundredthsPerUnit + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths === 0) return { ok: false, error: `Enter ${what} that is more than 0` };
  return { ok: true, hundredths };
}
