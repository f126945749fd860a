// The test of honesty for up-front budgets: actual (agreed) budgets against indicative ones, by age band, by funding
// stream and by team, with small numbers hidden, and the same table as CSV that opens cleanly in a spreadsheet.
import { type AgeBand, ageBands } from '../age-bands.ts';
import { divideRoundHalfUp } from '../budget/money.ts';
import { type SuppressedCount, describeCount, suppressSmall } from '../suppression.ts';

export interface BudgetRow {
  ageBand: AgeBand;
  streamCode: string;
  team: string;
  indicativeYearlyPence: number;
  actualYearlyPence: number;
}

export type Breakdown = 'all' | 'age band' | 'stream' | 'team';

export interface GroupFigures {
  breakdown: Breakdown;
  /** The group's code: an age band, a stream code, a team, or "all". */
  key: string;
  /** The group as people read it. */
  label: string;
  count: SuppressedCount;
  /**
   * 'small': fewer people than the threshold. 'secondary': hidden too, because it was the only other way to work out
   * a small group from the total. Suppressed groups show no mean, median or percentages.
   */
  suppression: 'none' | 'small' | 'secondary';
  /** Mean of actual − indicative, in pence a year, rounded once to the nearest penny, halves up; null if hidden or empty. */
  meanDifferencePence: number | null;
  /** Median of actual − indicative, in pence a year; for an even count the mean of the middle two, rounded as the mean is. */
  medianDifferencePence: number | null;
  /**
   * Percentages below, equal to and above the indicative, in tenths of a percent (45.5% is 455), each rounded once
   * from exact counts, halves up, so they may add up to 99.9 or 100.1. Null when hidden: also when any of the three
   * counts is small, since a percentage would give it away.
   */
  belowTenths: number | null;
  equalTenths: number | null;
  aboveTenths: number | null;
}

export interface Analysis {
  threshold: number;
  groups: GroupFigures[];
}

export interface AnalysisOptions {
  /** Counts from 1 up to one less than this are hidden (suppression.ts). */
  threshold: number;
  streamNames?: Readonly<Record<string, string>>;
}

interface Sums {
  differences: number[];
  below: number;
  equal: number;
  above: number;
}

function summarise(rows: readonly BudgetRow[]): Sums {
  const differences = rows.map((row) => row.actualYearlyPence - row.indicativeYearlyPence);
  return {
    differences,
    below: differences.filter((d) => d < 0).length,
    equal: differences.filter((d) => d === 0).length,
    above: differences.filter((d) => d > 0).length,
  };
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : divideRoundHalfUp(sorted[middle - 1]! + sorted[middle]!, 2);
}

function tenthsOf(part: number, whole: number): number {
  return divideRoundHalfUp(part * 1000, whole);
}

function figures(breakdown: Breakdown, key: string, label: string, rows: readonly BudgetRow[], threshold: number): GroupFigures {
  const sums = summarise(rows);
  const count = suppressSmall(rows.length, threshold);
  const n = rows.length;
  const shown = !count.suppressed && n > 0;
  const anySmall = [sums.below, sums.equal, sums.above].some((part) => suppressSmall(part, threshold).suppressed);
  const sorted = [...sums.differences].sort((a, b) => a - b);
  return {
    breakdown,
    key,
    label,
    count,
    suppression: count.suppressed ? 'small' : 'none',
    meanDifferencePence: shown ? divideRoundHalfUp(sums.differences.reduce((a, b) => a + b, 0), n) : null,
    medianDifferencePence: shown ? median(sorted) : null,
    belowTenths: shown && !anySmall ? tenthsOf(sums.below, n) : null,
    equalTenths: shown && !anySmall ? tenthsOf(sums.equal, n) : null,
    aboveTenths: shown && !anySmall ? tenthsOf(sums.above, n) : null,
  };
}

function hide(group: GroupFigures, threshold: number): GroupFigures {
  return { ...group, count: { suppressed: true, threshold }, suppression: 'secondary', meanDifferencePence: null, medianDifferencePence: null, belowTenths: null, equalTenths: null, aboveTenths: null };
}

/**
 * Each breakdown adds up to the total shown in the "all" row, so a single hidden group could be worked out from the
 * rest: when exactly one group in a breakdown is hidden, the next smallest group with anyone in it is hidden as well.
 */
function secondarySuppression(groups: GroupFigures[], sizes: Map<GroupFigures, number>, threshold: number): GroupFigures[] {
  const hidden = groups.filter((group) => group.suppression === 'small');
  if (hidden.length !== 1) return groups;
  const candidates = groups.filter((group) => group.suppression === 'none' && sizes.get(group)! > 0).sort((a, b) => sizes.get(a)! - sizes.get(b)! || a.label.localeCompare(b.label));
  const next = candidates[0];
  return next ? groups.map((group) => (group === next ? hide(group, threshold) : group)) : groups;
}

function breakdown(kind: Exclude<Breakdown, 'all'>, keys: readonly string[], keyOf: (row: BudgetRow) => string, labelOf: (key: string) => string, rows: readonly BudgetRow[], threshold: number): GroupFigures[] {
  const sizes = new Map<GroupFigures, number>();
  const groups = keys.map((key) => {
    const members = rows.filter((row) => keyOf(row) === key);
    const group = figures(kind, key, labelOf(key), members, threshold);
    sizes.set(group, members.length);
    return group;
  });
  return secondarySuppression(groups, sizes, threshold);
}

/**
 * The analysis over `rows`: first everyone, then each age band (all five, in order, and under 18 only if present),
 * each stream and each team (in alphabetical order of code). Differences are actual − indicative: below 0 means the
 * agreed budget was less than the indicative one.
 */
export function actualVsIndicative(rows: readonly BudgetRow[], options: AnalysisOptions): Analysis {
  for (const row of rows) {
    if (!Number.isSafeInteger(row.indicativeYearlyPence) || !Number.isSafeInteger(row.actualYearlyPence)) throw new RangeError('Budgets must be whole pence');
  }
  const { threshold } = options;
  const bands: string[] = [...(rows.some((row) => row.ageBand === 'under 18') ? ['under 18'] : []), ...ageBands];
  const streams = [...new Set(rows.map((row) => row.streamCode))].sort();
  const teams = [...new Set(rows.map((row) => row.team))].sort();
  return {
    threshold,
    groups: [
      figures('all', 'all', 'Everyone', rows, threshold),
      ...breakdown('age band', bands, (row) => row.ageBand, (band) => `Aged ${band}`, rows, threshold),
      ...breakdown('stream', streams, (row) => row.streamCode, (code) => options.streamNames?.[code] ?? code, rows, threshold),
      ...breakdown('team', teams, (row) => row.team, (team) => team, rows, threshold),
    ],
  };
}

/** The count as people read it: "12", "fewer than 10", or "withheld" for a group hidden only to protect a smaller one. */
export function describeGroupCount(group: GroupFigures): string {
  return group.suppression === 'secondary' ? 'withheld' : describeCount(group.count);
}

// CSV

/** Prepend to the CSV for spreadsheets that need to be told it is UTF-8 (some versions of Excel). The caller decides. */
export const utf8Bom = '\uFEFF';

const breakdownNames: Record<Breakdown, string> = { all: 'Everyone', 'age band': 'Age band', stream: 'Funding stream', team: 'Team' };

/** Pence as pounds for a spreadsheet: "-1240.50", with a plain hyphen-minus so it reads as a number. */
function pounds(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function percent(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * One field: numbers stay numbers (a number cannot hold a formula, and the sheet can then add them up); any other text
 * that a spreadsheet would read as a formula (starting =, +, -, @, a tab or a carriage return) gets a leading single
 * quote; then the field is quoted, with quotes inside doubled (RFC 4180).
 */
export function csvField(value: string): string {
  const numeric = /^-?\d+(\.\d+)?$/.test(value);
  const guarded = !numeric && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${guarded.replace(/"/g, '""')}"`;
}

export const analysisColumns = [
  'Breakdown',
  'Group',
  'People',
  'Mean difference a year (£)',
  'Median difference a year (£)',
  'Below indicative (%)',
  'Same as indicative (%)',
  'Above indicative (%)',
] as const;

/**
 * The analysis as RFC 4180 CSV: a header row, every field quoted, lines ending CRLF, differences as actual − indicative
 * in pounds. Hidden figures read "withheld"; a small count reads "fewer than N". No byte order mark: add `utf8Bom` in
 * front if the file is for a spreadsheet that needs it.
 */
export function analysisCsv(analysis: Analysis): string {
  const withheld = 'withheld';
  const lines = [analysisColumns.map(csvField).join(',')];
  for (const group of analysis.groups) {
    const count = describeGroupCount(group);
    const money = (pence: number | null) => (pence === null ? (group.count.suppressed ? withheld : '') : pounds(pence));
    const share = (tenths: number | null) => (tenths === null ? (group.count.suppressed || group.meanDifferencePence !== null ? withheld : '') : percent(tenths));
    lines.push(
      [breakdownNames[group.breakdown], group.label, count, money(group.meanDifferencePence), money(group.medianDifferencePence), share(group.belowTenths), share(group.equalTenths), share(group.aboveTenths)]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
