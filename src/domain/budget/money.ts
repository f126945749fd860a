// Money as integer pence: formatting, weekly and yearly amounts, percentages and parsing what people type. Every
// rounding in budgets goes through here so there is one rule for it: to the nearest penny, halves rounded up.

/** Weeks in a budget year. A yearly amount is the weekly amount × 52; a 4-weekly amount is the weekly amount × 4. */
export const weeksPerYear = 52;
export const weeksPerFourWeeks = 4;

/** The largest amount we accept anywhere (£100 million), so every sum and product of pence stays an exact integer. */
export const largestPence = 10_000_000_000;

function assertPence(pence: number, what = 'An amount in pence'): void {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`${what} must be a whole number of pence`);
}

/**
 * Integer division rounded to the nearest whole number, halves up (towards plus infinity): 5/2 → 3, −5/2 → −2.
 * Exact for safe integers, which floating-point `Math.round(a / b)` is not near halves.
 */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('divideRoundHalfUp needs whole numbers and a positive divisor');
  }
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return 2 * remainder >= denominator ? quotient + 1 : quotient;
}

/** "1234567" → "1,234,567". By hand rather than `toLocaleString`, which is slow enough to matter in what-if runs. */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "£1,234.56"; negative amounts as "−£20.00" with a true minus sign. */
export function formatPence(pence: number): string {
  assertPence(pence);
  const sign = pence < 0 ? '−' : '';
  const abs = Math.abs(pence);
  return `${sign}£${groupThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, '0')}`;
}

export function weeklyToYearly(weeklyPence: number): number {
  assertPence(weeklyPence);
  return weeklyPence * weeksPerYear;
}

export function weeklyToFourWeekly(weeklyPence: number): number {
  assertPence(weeklyPence);
  return weeklyPence * weeksPerFourWeeks;
}

/**
 * A yearly amount as a weekly one. This loses up to half a penny a week, so say which way: `nearest` (halves up) for
 * costs, `down` for limits, so that a weekly limit × 52 never comes to more than the yearly limit.
 */
export function yearlyToWeekly(yearlyPence: number, rounding: 'nearest' | 'down' = 'nearest'): number {
  assertPence(yearlyPence);
  return rounding === 'down' ? Math.floor(yearlyPence / weeksPerYear) : divideRoundHalfUp(yearlyPence, weeksPerYear);
}

export function fourWeeklyToWeekly(fourWeeklyPence: number, rounding: 'nearest' | 'down' = 'nearest'): number {
  assertPence(fourWeeklyPence);
  return rounding === 'down' ? Math.floor(fourWeeklyPence / weeksPerFourWeeks) : divideRoundHalfUp(fourWeeklyPence, weeksPerFourWeeks);
}

/** A percentage with up to two decimal places as hundredths of a percent (5.25% → 525), exactly. */
export function percentToBasisPoints(percent: number): number {
  const basisPoints = Math.round(percent * 100);
  if (!Number.isFinite(percent) || Math.abs(basisPoints - percent * 100) > 1e-6) throw new RangeError('A percentage may have at most two decimal places');
  return basisPoints;
}

/** `percent`% of an amount, to the nearest penny with halves rounded up: 5% of £63.10 is £3.155 → £3.16. */
export function percentOfPence(pence: number, percent: number): number {
  assertPence(pence);
  return divideRoundHalfUp(pence * percentToBasisPoints(percent), 10_000);
}

/** Pounds as a person answered a question (at most two decimal places) in pence. Exact, since the answer was checked. */
export function poundsAnswerToPence(pounds: number): number {
  const pence = Math.round(pounds * 100);
  if (!Number.isSafeInteger(pence)) throw new RangeError('An amount in pounds is too large');
  return pence;
}

export type ParsedPence = { ok: true; pence: number } | { ok: false; error: string };

/**
 * Reads an amount of money as a person types it ("1,234.50", "£30,000", "12.5") into pence, by string handling alone
 * so nothing passes through a float. Errors are GOV.UK messages to show next to the field.
 */
export function poundsToPence(input: string | undefined): ParsedPence {
  const text = (input ?? '').replace(/\s+/g, '');
  if (text === '') return { ok: false, error: 'Enter an amount, like £1,234.50' };
  if (/^-|^£-|^−/.test(text)) return { ok: false, error: 'Enter an amount that is £0 or more' };
  const match = /^£?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === undefined && !match[2])) return { ok: false, error: 'Enter an amount in pounds and pence using numbers only, like £1,234.50' };
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, error: 'Enter an amount to the nearest penny, like £12.50' };
  const whole = (match[1] ?? '0').replace(/,/g, '');
  if (whole.length > 9) return { ok: false, error: `Enter an amount less than ${formatPence(largestPence)}` };
  const pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (pence >= largestPence) return { ok: false, error: `Enter an amount less than ${formatPence(largestPence)}` };
  return { ok: true, pence };
}

/**
 * Shares `total` out in proportion to `weights` (whole numbers, not all 0) in whole units that add up to it exactly: each
 * share is rounded down and the units left over go to the largest remainders, the earlier first on a tie.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total) || sum <= 0 || weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError('largestRemainder needs a whole total and whole, non-negative weights');
  }
  const shares = weights.map((weight) => Math.floor((total * weight) / sum));
  const remainders = weights.map((weight, index) => ({ index, remainder: total * weight - shares[index]! * sum }));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const { index } of remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (left <= 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

/** `numerator / denominator` rounded down, for whole numbers of any size and a positive divisor. */
function floorDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator < 0n ? quotient - 1n : quotient;
}

function safeNumber(value: bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError('An amount in pence is too large');
  return number;
}

/**
 * Rounds exact amounts, given in `unitsPerPenny`ths of a penny, to whole pence once for their total: the total goes to
 * the nearest penny (halves up), and each amount to the penny just below or just above it, so that the rounded amounts
 * add up to exactly the rounded total. Amounts already in whole pence stay as they are; the pennies left over go to the
 * amounts with the largest remainders, the earlier first on a tie.
 */
export function roundOnce(exact: readonly bigint[], unitsPerPenny: bigint): number[] {
  if (unitsPerPenny <= 0n) throw new RangeError('roundOnce needs a positive number of units a penny');
  const total = exact.reduce((a, b) => a + b, 0n);
  const roundedTotal = floorDivide(2n * total + unitsPerPenny, 2n * unitsPerPenny);
  const down = exact.map((amount) => floorDivide(amount, unitsPerPenny));
  let left = roundedTotal - down.reduce((a, b) => a + b, 0n);
  const order = exact
    .map((amount, index) => ({ index, remainder: amount - down[index]! * unitsPerPenny }))
    .filter((entry) => entry.remainder > 0n)
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left <= 0n) break;
    down[index]! += 1n;
    left -= 1n;
  }
  return down.map(safeNumber);
}

/** Exact amounts in `unitsPerPenny`ths of a penny, added up and rounded to the nearest penny once, halves up. */
export function roundedTotal(exact: bigint, unitsPerPenny: bigint): number {
  return safeNumber(floorDivide(2n * exact + unitsPerPenny, 2n * unitsPerPenny));
}
