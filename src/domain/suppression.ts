// Small-number suppression for anything shown outside the team that holds the records: a count below the threshold
// could identify someone, so it is shown as "fewer than N" instead.

export type SuppressedCount = { suppressed: false; value: number } | { suppressed: true; threshold: number };

export function suppressSmall(count: number, threshold: number): SuppressedCount {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('A count must be a whole number, zero or more');
  return count > 0 && count < threshold ? { suppressed: true, threshold } : { suppressed: false, value: count };
}

export function describeCount(count: SuppressedCount): string {
  return count.suppressed ? `fewer than ${count.threshold}` : String(count.value);
}
