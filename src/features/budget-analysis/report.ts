// What the managers' report says, worked out from the analysis: each difference in words, the one-sentence summary by
// age, the bars of the chart, and how long plans take (from each plan's process measures), all small numbers hidden.
import { ageBands } from '../../domain/age-bands.ts';
import { divideRoundHalfUp, formatPence } from '../../domain/budget/money.ts';
import { type SuppressedCount, describeCount, suppressSmall } from '../../domain/suppression.ts';
import { type Analysis, type GroupFigures, describeGroupCount } from '../../domain/support-plan/actual-vs-indicative.ts';
import { type PlanEvent, type PlanEventKind, planMeasures } from '../../domain/support-plan/process-measures.ts';

/** Groups of fewer people than this are hidden ("fewer than 10"), here and in the CSV and the API. */
export const reportThreshold = 10;

/** "£312", or "£312.40" when there are pence. */
function money(pence: number): string {
  const text = formatPence(Math.abs(pence));
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}

/** A difference a year in words, with its direction: "£312 a year below", "£1,040.50 a year above", "no different". */
export function differenceInWords(pence: number | null): string {
  if (pence === null) return 'not shown';
  if (pence === 0) return 'no different';
  return `${money(pence)} a year ${pence < 0 ? 'below' : 'above'}`;
}

/** Tenths of a percent as people read them: 455 → "45.5%". */
export function percentInWords(tenths: number | null): string {
  if (tenths === null) return 'not shown';
  return `${Math.floor(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`}%`;
}

const bandBounds: Record<string, [number, number | null]> = {
  '18 to 24': [18, 24],
  '25 to 64': [25, 64],
  '65 to 74': [65, 74],
  '75 to 84': [75, 84],
  '85 and over': [85, null],
};

type Direction = 'less' | 'more' | 'the same';

/** Neighbouring age bands that point the same way, read as one range: "aged 65 and over", "aged 18 to 64". */
function runs(groups: readonly GroupFigures[]): { words: string; direction: Direction }[] {
  const found: { from: number; to: number | null; direction: Direction }[] = [];
  let previous: GroupFigures | undefined;
  for (const band of ageBands) {
    const group = groups.find((candidate) => candidate.breakdown === 'age band' && candidate.key === band);
    const mean = group?.meanDifferencePence ?? null;
    if (mean === null) {
      previous = undefined;
      continue;
    }
    const direction: Direction = mean < 0 ? 'less' : mean > 0 ? 'more' : 'the same';
    const [from, to] = bandBounds[band]!;
    const last = found[found.length - 1];
    if (previous && last && last.direction === direction) last.to = to;
    else found.push({ from, to, direction });
    previous = group;
  }
  return found.map((run) => ({ words: run.to === null ? `aged ${run.from} and over` : `aged ${run.from} to ${run.to}`, direction: run.direction }));
}

/**
 * The report in one sentence, from the figures: "On average, people aged 65 and over were agreed less than their
 * indicative budget; people aged 18 to 64 more." Less first, as that is the question the report answers.
 */
export function summarySentence(analysis: Analysis): string {
  const found = runs(analysis.groups);
  if (found.length === 0) return `There are not yet enough agreed budgets to compare by age: each age group needs at least ${analysis.threshold} people.`;
  const order: Direction[] = ['less', 'more', 'the same'];
  const clauses = order
    .map((direction) => ({ direction, ranges: found.filter((run) => run.direction === direction).map((run) => run.words) }))
    .filter((clause) => clause.ranges.length > 0)
    .map((clause, index) => {
      const who = `people ${joinWords(clause.ranges)}`;
      const how = clause.direction === 'the same' ? 'the same as' : `${clause.direction} than`;
      return index === 0 ? `${who} were agreed ${how} their indicative budget` : `${who} ${clause.direction === 'the same' ? 'the same' : clause.direction}`;
    });
  return `On average, ${clauses.join('; ')}.`;
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

// The chart: horizontal bars of the mean difference per age band, either side of a zero line.

export interface ChartBar {
  label: string;
  /** The value written beside the bar, so the chart never relies on colour or length alone. */
  text: string;
  y: number;
  /** Where the bar starts and how wide it is, in the chart's own units; width 0 when there is no bar. */
  x: number;
  width: number;
  direction: 'below' | 'above' | 'none';
  textX: number;
  textAnchor: 'start' | 'end' | 'middle';
}

export interface Chart {
  width: number;
  height: number;
  zeroX: number;
  top: number;
  bottom: number;
  bars: ChartBar[];
  /** What the chart shows, in one or two sentences, for people who cannot see it. */
  description: string;
}

const chartWidth = 720;
const labelWidth = 140;
const zeroX = labelWidth + (chartWidth - labelWidth) / 2;
/** The longest bar, leaving room beside it for its value. */
const longestBar = (chartWidth - labelWidth) / 2 - 150;
const rowHeight = 36;

export function chartOf(analysis: Analysis): Chart {
  const groups = ageBands.map((band) => analysis.groups.find((group) => group.breakdown === 'age band' && group.key === band)!);
  const largest = Math.max(1, ...groups.map((group) => Math.abs(group?.meanDifferencePence ?? 0)));
  const top = 30;
  const bars = groups.map((group, index): ChartBar => {
    const y = top + index * rowHeight;
    const label = group.label;
    const mean = group.meanDifferencePence;
    if (mean === null) {
      const why = group.suppression === 'none' ? 'nobody yet' : `${describeGroupCount(group)} people, not shown`;
      return { label, text: why, y, x: zeroX, width: 0, direction: 'none', textX: zeroX + 6, textAnchor: 'start' };
    }
    const length = Math.round((Math.abs(mean) / largest) * longestBar);
    if (mean < 0) return { label, text: differenceInWords(mean), y, x: zeroX - length, width: length, direction: 'below', textX: zeroX - length - 6, textAnchor: 'end' };
    return { label, text: differenceInWords(mean), y, x: zeroX, width: length, direction: mean > 0 ? 'above' : 'none', textX: zeroX + length + 6, textAnchor: 'start' };
  });
  const description = `Mean difference between the agreed and the indicative budget for each age group, a year. ${bars.map((bar) => `${bar.label}: ${bar.text}`).join('. ')}.`;
  return { width: chartWidth, height: top + groups.length * rowHeight + 10, zeroX, top: top - 8, bottom: top + groups.length * rowHeight - 8, bars, description };
}

// How long plans take

/**
 * What the person is asked for at each step, as this service records it: their contact details at first contact, and
 * their plan when they start it and again each time a part is sent back to them. Being asked once for each is the goal.
 */
export const askedAtStep: Partial<Record<PlanEventKind, readonly string[]>> = {
  'first-contact': ['contact details'],
  'plan-started': ['support plan'],
  'plan-returned': ['support plan'],
};

export interface ProcessSummary {
  threshold: number;
  /** People whose plan has reached an agreed budget. */
  agreedPlans: SuppressedCount;
  /** Of them, those whose first contact is recorded too, so the days can be counted. */
  timed: SuppressedCount;
  medianDays: number | null;
  ninetiethPercentileDays: number | null;
  medianHandOffs: number | null;
  ninetiethPercentileHandOffs: number | null;
  /** People asked for each thing only once, and their share in tenths of a percent. */
  askedOnce: SuppressedCount;
  askedOnceTenths: number | null;
  /** Parts sent back to the person, in all, and the share of plans sent back at least once. */
  returnedParts: SuppressedCount;
  plansReturned: SuppressedCount;
  plansReturnedTenths: number | null;
}

/** The middle value; for an even count the mean of the middle two, rounded to a whole number, halves up (as the analysis rounds). */
export function medianOf(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : divideRoundHalfUp(sorted[middle - 1]! + sorted[middle]!, 2);
}

/** The nearest-rank percentile: the smallest value that at least `percent`% of the values are at or below. */
export function percentileOf(sorted: readonly number[], percent: number): number {
  return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)]!;
}

/**
 * The summary over every plan with an agreed budget, from each one's events. Nothing is shown of a group smaller than
 * the threshold; a share is hidden too when either side of it is small, since it would give the small side away.
 */
export function processSummary(eventsByPerson: ReadonlyMap<string, readonly PlanEvent[]>, threshold: number): ProcessSummary {
  const measures = [...eventsByPerson.values()].map((events) => planMeasures(events.map((event) => ({ ...event, askedFor: askedAtStep[event.kind] ?? [] }))));
  const n = measures.length;
  const agreedPlans = suppressSmall(n, threshold);
  const shown = !agreedPlans.suppressed && n > 0;
  const days = measures.flatMap((measure) => (measure.daysToAgreedBudget === null ? [] : [measure.daysToAgreedBudget])).sort((a, b) => a - b);
  const timed = suppressSmall(days.length, threshold);
  const daysShown = shown && !timed.suppressed && days.length > 0;
  const handOffs = measures.map((measure) => measure.handOffs).sort((a, b) => a - b);
  const once = measures.filter((measure) => measure.mostTimesAsked <= 1).length;
  const returned = measures.filter((measure) => measure.returns > 0).length;
  const shareShown = (part: number) => shown && !suppressSmall(part, threshold).suppressed && !suppressSmall(n - part, threshold).suppressed;
  const hidden = { suppressed: true, threshold } as const;
  return {
    threshold,
    agreedPlans,
    timed: shown ? timed : hidden,
    medianDays: daysShown ? medianOf(days) : null,
    ninetiethPercentileDays: daysShown ? percentileOf(days, 90) : null,
    medianHandOffs: shown ? medianOf(handOffs) : null,
    ninetiethPercentileHandOffs: shown ? percentileOf(handOffs, 90) : null,
    askedOnce: shareShown(once) ? suppressSmall(once, threshold) : hidden,
    askedOnceTenths: shareShown(once) ? divideRoundHalfUp(once * 1000, n) : null,
    returnedParts: shown ? suppressSmall(measures.reduce((sum, measure) => sum + measure.returns, 0), threshold) : hidden,
    plansReturned: shareShown(returned) ? suppressSmall(returned, threshold) : hidden,
    plansReturnedTenths: shareShown(returned) ? divideRoundHalfUp(returned * 1000, n) : null,
  };
}

/** A count as people read it, "fewer than 10" when hidden. */
export function countInWords(count: SuppressedCount): string {
  return describeCount(count);
}
