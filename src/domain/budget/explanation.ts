// The shape every indicative budget takes, RAS or calculator: a total and the lines that explain it, where the lines'
// amounts always add up exactly to the total, because the total is worked out as their sum.
import { groupThousands, weeklyToYearly } from './money.ts';

export interface ExplanationLine {
  /** Plain English, no full stop: "You scored 4 points for help with meals", "Contingency 5%: £3.15 a week". */
  text: string;
  /** Points added (or taken off, negative) by this line, for RAS scores. */
  pointsChange?: number;
  /** Pence a week added (or taken off, negative) by this line; 0 for lines that only explain. */
  weeklyPenceChange: number;
  /** Pence added to a one-off amount (a grant for adaptations, say), when the stream pays one. */
  oneOffPenceChange?: number;
}

export interface IndicativeBudget {
  streamCode: string;
  /** The sum of the lines' `weeklyPenceChange`. */
  weeklyPence: number;
  /** `weeklyPence` × 52. */
  yearlyPence: number;
  /** The sum of the lines' `oneOffPenceChange`: money paid once, not every week (0 for most streams). */
  oneOffPence: number;
  lines: ExplanationLine[];
}

/** Adds up lines as they are written, so a total can only ever be the sum of its explanation. */
export class LineBook {
  readonly lines: ExplanationLine[] = [];
  weeklyPence = 0;
  oneOffPence = 0;
  points = 0;

  /** `explain: false` keeps only the sums, for what-if runs over a whole population where no one reads the text. */
  constructor(private readonly explain = true) {}

  add(text: string | (() => string), change: { weekly?: number; oneOff?: number; points?: number } = {}): void {
    const weekly = change.weekly ?? 0;
    this.weeklyPence += weekly;
    if (change.oneOff !== undefined) this.oneOffPence += change.oneOff;
    if (change.points !== undefined) this.points += change.points;
    if (!this.explain) return;
    const line: ExplanationLine = { text: typeof text === 'function' ? text() : text, weeklyPenceChange: weekly };
    if (change.points !== undefined) line.pointsChange = change.points;
    if (change.oneOff !== undefined) line.oneOffPenceChange = change.oneOff;
    this.lines.push(line);
  }

  budget(streamCode: string): IndicativeBudget {
    return { streamCode, weeklyPence: this.weeklyPence, yearlyPence: weeklyToYearly(this.weeklyPence), oneOffPence: this.oneOffPence, lines: this.lines };
  }
}

/** "1 point", "4 points". */
export function points(count: number): string {
  return `${count} ${Math.abs(count) === 1 ? 'point' : 'points'}`;
}

/** A number as a person reads it: 7.5, 10, 1,200. */
export function quantity(value: number): string {
  const [whole, fraction] = String(Math.round(value * 100) / 100).split('.');
  return fraction ? `${groupThousands(whole!)}.${fraction}` : groupThousands(whole!);
}

/** "help with meals", "help with meals and washing", "meals, washing and dressing". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
