// The steps of a person's journey that are recorded as process events, in plain English, and the days between them:
// where the process measures (how long from first contact to an assessment, a decision, a budget) start.
import { londonDay } from '../age-bands.ts';

export const processEventKinds = [
  'first-contact',
  'assessment-started',
  'assessment-completed',
  'eligibility-decided',
  'eligibility-confirmed',
  'indicative-budget-issued',
  'plan-started',
  'plan-submitted',
  'plan-returned',
  'part-approved',
  'budget-agreed',
  'direct-payment-offered',
  'direct-payment-accepted',
  'direct-payment-declined',
] as const;

export type ProcessEventKind = (typeof processEventKinds)[number];

export const processEventNames: Record<ProcessEventKind, string> = {
  'first-contact': 'First contact',
  'assessment-started': 'Self-assessment started',
  'assessment-completed': 'Self-assessment completed',
  'eligibility-decided': 'Eligibility decided',
  'eligibility-confirmed': 'Eligibility checked by the organisation that owns the funding',
  'indicative-budget-issued': 'Indicative budget issued',
  'plan-started': 'Support plan started',
  'plan-submitted': 'Support plan sent for approval',
  'plan-returned': 'Support plan sent back to change',
  'part-approved': 'Part of the plan approved',
  'budget-agreed': 'Budget agreed',
  'direct-payment-offered': 'Direct payment offered',
  'direct-payment-accepted': 'Direct payment accepted',
  'direct-payment-declined': 'Direct payment declined',
};

/** Kinds that are about one funding stream, so each event carries the stream's code. */
export const perStreamKinds: readonly ProcessEventKind[] = [
  'eligibility-decided',
  'eligibility-confirmed',
  'indicative-budget-issued',
  'plan-returned',
  'part-approved',
  'direct-payment-offered',
  'direct-payment-accepted',
  'direct-payment-declined',
];

export function isProcessEventKind(value: string): value is ProcessEventKind {
  return (processEventKinds as readonly string[]).includes(value);
}

/**
 * The usual dedupe key: one event of a kind per subject (the person for first contact, the assessment, the decision
 * or the budget), so a retried request or a double click records the step once, at the time it first happened.
 */
export function processEventKey(kind: ProcessEventKind, subjectId: string): string {
  return `${kind}:${subjectId}`;
}

/** "Eligibility decided: Access to Work". Kinds recorded by a newer version than this one are shown as stored. */
export function describeProcessEvent(kind: string, streamName?: string | null): string {
  const name = isProcessEventKind(kind) ? processEventNames[kind] : kind;
  return streamName ? `${name}: ${streamName}` : name;
}

/** Whole days from one day to another, both YYYY-MM-DD; calendar days, so clock changes make no difference. */
export function daysBetween(from: string, to: string): number {
  const dayNumber = (day: string) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, date) / 86_400_000;
  };
  return dayNumber(to) - dayNumber(from);
}

/** "the same day", "1 day", "12 days". */
export function daysInWords(days: number): string {
  if (days === 0) return 'the same day';
  return days === 1 ? '1 day' : `${days} days`;
}

export interface TimelineStep<E> {
  event: E;
  /** The day it happened in Europe/London, YYYY-MM-DD. */
  day: string;
  daysSinceFirst: number;
  /** Null for the first step. */
  daysSincePrevious: number | null;
}

/** Where a kind comes in the journey, for events recorded at the same moment; kinds this version does not know go last. */
function stepOrder(kind: string | undefined): number {
  const index = kind === undefined ? -1 : (processEventKinds as readonly string[]).indexOf(kind);
  return index === -1 ? processEventKinds.length : index;
}

/**
 * A person's events in the order they happened, with the days each step took. Steps recorded in the same moment (a
 * submission completes the assessment, decides and issues the budget in one transaction) come in the journey's own
 * order; after that, ties keep their given order.
 */
export function timeline<E extends { occurredAt: Date; kind?: string }>(events: readonly E[]): TimelineStep<E>[] {
  const ordered = events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime() || stepOrder(a.event.kind) - stepOrder(b.event.kind) || a.index - b.index);
  const steps: TimelineStep<E>[] = [];
  for (const { event } of ordered) {
    const day = londonDay(event.occurredAt);
    const first = steps[0]?.day ?? day;
    const previous = steps.at(-1);
    steps.push({ event, day, daysSinceFirst: daysBetween(first, day), daysSincePrevious: previous ? daysBetween(previous.day, day) : null });
  }
  return steps;
}
