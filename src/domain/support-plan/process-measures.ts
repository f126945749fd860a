// How one person's plan went, from its dated events: days from first contact to an agreed budget, how many times the
// next step passed from one party to another, and how often the person was asked for the same information (ideally once).
import { londonDay } from '../age-bands.ts';
import { daysBetween, type ProcessEventKind, processEventNames } from '../process/process-events.ts';

/** The journey's steps these measures read: the process events from first contact to the direct payment. */
export const planEventKinds = [
  'first-contact',
  'plan-started',
  'plan-submitted',
  'plan-returned',
  'part-approved',
  'budget-agreed',
  'direct-payment-offered',
  'direct-payment-accepted',
  'direct-payment-declined',
] as const satisfies readonly ProcessEventKind[];
export type PlanEventKind = (typeof planEventKinds)[number];

/** Each step's name, as the journey's process events name it. */
export const planEventNames: Record<PlanEventKind, string> = Object.fromEntries(planEventKinds.map((kind) => [kind, processEventNames[kind]])) as Record<PlanEventKind, string>;

/** Who usually holds the next action after each step, when an event does not say. */
export const usualNextActionBy: Record<PlanEventKind, string> = {
  'first-contact': 'practitioner',
  'plan-started': 'person',
  'plan-submitted': 'approver',
  'plan-returned': 'person',
  'part-approved': 'approver',
  'budget-agreed': 'practitioner',
  'direct-payment-offered': 'person',
  'direct-payment-accepted': 'practitioner',
  'direct-payment-declined': 'practitioner',
};

export interface PlanEvent {
  kind: PlanEventKind;
  occurredAt: Date;
  streamCode?: string;
  /** Who holds the next action after this step (a party or an organisation); `usualNextActionBy` when absent, none when null. */
  nextActionBy?: string | null;
  /** The pieces of information the person was asked for at this step, by a stable name ("income", "gp-details"). */
  askedFor?: readonly string[];
}

export interface PlanMeasures {
  /** Calendar days (Europe/London) from first contact to the budget being agreed; null until both have happened. */
  daysToAgreedBudget: number | null;
  /** How many times the next action passed from one holder to a different one. */
  handOffs: number;
  /** How many times the plan was sent back. */
  returns: number;
  /** For each piece of information asked for, how many times it was asked, most first. */
  asked: { information: string; times: number }[];
  /** The most times any one piece was asked for: the goal is 1 (0 if nothing was asked). */
  mostTimesAsked: number;
  /** Asks beyond the first, over every piece of information: the goal is 0. */
  repeatAsks: number;
}

function order(events: readonly PlanEvent[]): PlanEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime() || planEventKinds.indexOf(a.event.kind) - planEventKinds.indexOf(b.event.kind) || a.index - b.index)
    .map(({ event }) => event);
}

/** The measures for one plan. Events may come in any order; those at the same moment are taken in the journey's order. */
export function planMeasures(events: readonly PlanEvent[]): PlanMeasures {
  const ordered = order(events);
  const first = ordered.find((event) => event.kind === 'first-contact');
  const agreed = ordered.find((event) => event.kind === 'budget-agreed');
  const daysToAgreedBudget = first && agreed ? daysBetween(londonDay(first.occurredAt), londonDay(agreed.occurredAt)) : null;

  let handOffs = 0;
  let holder: string | null = null;
  for (const event of ordered) {
    const next = event.nextActionBy === undefined ? usualNextActionBy[event.kind] : event.nextActionBy;
    if (next === null) continue;
    if (holder !== null && next !== holder) handOffs += 1;
    holder = next;
  }

  const counts = new Map<string, number>();
  for (const event of ordered) {
    // Asked twice in one step is still asked twice.
    for (const information of event.askedFor ?? []) counts.set(information, (counts.get(information) ?? 0) + 1);
  }
  const asked = [...counts].map(([information, times]) => ({ information, times })).sort((a, b) => b.times - a.times || a.information.localeCompare(b.information));
  return {
    daysToAgreedBudget,
    handOffs,
    returns: ordered.filter((event) => event.kind === 'plan-returned').length,
    asked,
    mostTimesAsked: asked[0]?.times ?? 0,
    repeatAsks: asked.reduce((sum, entry) => sum + entry.times - 1, 0),
  };
}

/** The sign-off's event names (sign-off.ts, direct-payment.ts) as plan event kinds, for recording them as process events. */
export const planEventForSignOffEvent: Readonly<Record<string, PlanEventKind>> = {
  'plan.submitted': 'plan-submitted',
  'plan.resubmitted': 'plan-submitted',
  'plan.returned': 'plan-returned',
  'plan.part.approved': 'part-approved',
  'plan.part.second-approval': 'part-approved',
  'plan.agreed': 'budget-agreed',
  'direct-payment.offered': 'direct-payment-offered',
  'direct-payment.accepted': 'direct-payment-accepted',
  'direct-payment.declined': 'direct-payment-declined',
};
