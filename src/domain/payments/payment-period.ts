// A payment run's period and what each person is paid for it: the period's last day, the amount from the agreed
// yearly budget, the ledger id that makes each payment once per person per stream per period, and the Bacs reference.
import { divideRoundHalfUp, weeksPerFourWeeks, weeksPerYear } from '../budget/money.ts';
import { isDay } from '../support-plan/days.ts';

/** Direct payments are paid in advance every 4 weeks unless an area chooses another length. */
export const defaultPeriodDays = weeksPerFourWeeks * 7;

/** The budget year in days: 52 weeks, as every yearly amount is a weekly one × 52. */
const daysPerYear = weeksPerYear * 7;

function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The last day of a period of `lengthDays` starting on `periodStart`, inclusive. */
export function periodEnd(periodStart: string, lengthDays: number): string {
  return addDays(periodStart, lengthDays - 1);
}

/**
 * The payment for a period: the yearly amount × days ÷ 364, to the nearest penny with halves up. For the default
 * 4 weeks that is the yearly amount ÷ 13 (52 ÷ 4), so a budget agreed as weekly × 52 is paid exactly weekly × 4.
 */
export function paymentForPeriod(yearlyPence: number, lengthDays: number = defaultPeriodDays): number {
  if (!Number.isSafeInteger(lengthDays) || lengthDays < 1 || lengthDays > 366) throw new RangeError('A payment period is 1 to 366 days long');
  return divideRoundHalfUp(yearlyPence * lengthDays, daysPerYear);
}

/** What is wrong with a period as someone gave it; undefined when nothing is. */
export function periodProblem(periodStart: string, lengthDays: number): string | undefined {
  if (!isDay(periodStart)) return 'The period start must be a real date written like 2026-11-09';
  if (!Number.isSafeInteger(lengthDays) || lengthDays < 1 || lengthDays > 366) return 'The period must be between 1 and 366 days long';
  return undefined;
}

/**
 * The id of the ledger hold for one person's payment for one stream and period. It is derived, not random, so
 * preparing the same period again (after a crash, or by mistake) finds the hold already made instead of paying twice.
 */
export function paymentTransferId(areaId: string, periodStart: string, personId: string, streamCode: string): string {
  return `direct-payment:${areaId}:${periodStart}:${personId}:${streamCode}`;
}

/** The id that posts that hold when the run is released. */
export function releaseTransferId(holdId: string): string {
  return `${holdId}:release`;
}

/** The id that voids that hold when the run is cancelled. */
export function cancelTransferId(holdId: string): string {
  return `${holdId}:cancel`;
}

/** What the person's bank statement shows: "DIRECT PAYMENT" and the period's first day, in Bacs characters. */
export function paymentReference(periodStart: string): string {
  return `DP ${periodStart.replaceAll('-', '')}`;
}

/** A Bacs submission serial for the run (6 letters or digits): the period's first day as YYMMDD, one run per period. */
export function submissionSerial(periodStart: string): string {
  return periodStart.replaceAll('-', '').slice(2);
}
