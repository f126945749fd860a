// What the support plan's pages show, worked out from the stored plan: items grouped by the money that pays for them,
// each stream's running total against the indicative budget in words, and each part's sign-off in plain English.
import { formatPence } from '../../domain/budget/money.ts';
import { careActOutcomes } from '../../domain/care-act-outcomes.ts';
import { serviceUnitNames } from '../../domain/support-plan/costs.ts';
import { formatDay } from '../../domain/support-plan/days.ts';
import {
  type PlanItem,
  type PlanOutcome,
  type StreamTotal,
  type SupportPlan,
  currentItems,
  deliveryNames,
  describeFrequency,
  itemCost,
  outcomeDomains,
  planAuthorNames,
  planTotals,
} from '../../domain/support-plan/plan.ts';
import { type PartState, type PlanState, partStateNames } from '../../domain/support-plan/sign-off.ts';
import type { PlanRecord, PlanStream } from '../../records/support-plans.ts';

/** The plan's state as the person reads it. */
export const planStateWords: Record<PlanState, string> = {
  draft: 'Draft: you have not sent it for approval yet',
  submitted: 'Sent for approval',
  returned: 'Some parts have been sent back to you to change',
  agreed: 'Agreed',
};

/** "£X a year planned of £Y indicative: £Z over", "… £Z left" or "… exactly on budget": never colour alone. */
export function runningTotal(total: StreamTotal): string {
  const planned = `${formatPence(total.planYearlyPence)} a year planned of ${formatPence(total.indicativeYearlyPence)} indicative`;
  if (!total.hasIndicative) return `${formatPence(total.planYearlyPence)} a year planned, but you have no money available from ${total.streamName}`;
  if (total.position === 'exactly') return `${planned}: exactly on budget`;
  return `${planned}: ${formatPence(Math.abs(total.differencePence))} ${total.position === 'over' ? 'over' : 'left'}`;
}

export function streamNamesOf(streams: readonly PlanStream[]): Record<string, string> {
  return Object.fromEntries(streams.map((stream) => [stream.streamCode, stream.streamName]));
}

function unitCostText(item: PlanItem): string {
  if (item.delivery === 'unpaid') return 'No cost';
  return item.unit === 'one-off' ? `${formatPence(item.unitCostPence)} each` : `${formatPence(item.unitCostPence)} a ${serviceUnitNames[item.unit].one}`;
}

export interface ItemView {
  id: string;
  what: string;
  provider: string;
  howOften: string;
  unitCost: string;
  weekly: string;
  yearly: string;
  delivery: string;
  start: string;
  end: string;
  outcomes: string[];
}

export function itemView(item: PlanItem, outcomes: readonly PlanOutcome[]): ItemView {
  const cost = itemCost(item);
  return {
    id: item.id,
    what: item.what,
    provider: item.provider,
    howOften: describeFrequency(item.unit, item.frequency),
    unitCost: unitCostText(item),
    weekly: cost.oneOff ? 'None: paid once' : formatPence(cost.weeklyPence),
    yearly: cost.oneOff ? `${formatPence(cost.yearlyPence)} once` : formatPence(cost.yearlyPence),
    delivery: deliveryNames[item.delivery],
    start: formatDay(item.startDate),
    end: item.endDate === null ? 'No end date' : formatDay(item.endDate),
    outcomes: item.outcomeIds.map((id) => outcomes.find((outcome) => outcome.id === id)?.inOwnWords).filter((text): text is string => text !== undefined),
  };
}

export interface OutcomeView {
  id: string;
  inOwnWords: string;
  careActOutcomes: string[];
  domain: string;
}

export function outcomeView(outcome: PlanOutcome): OutcomeView {
  return {
    id: outcome.id,
    inOwnWords: outcome.inOwnWords,
    careActOutcomes: outcome.careActOutcomes.map((code) => careActOutcomes.find((entry) => entry.code === code)?.name ?? code),
    domain: outcomeDomains.find((entry) => entry.code === outcome.domain)?.name ?? outcome.domain,
  };
}

export interface PartView {
  streamCode: string;
  streamName: string;
  organisation: string;
  state: PartState;
  stateText: string;
  returnReason: string | null;
}

export interface StreamView {
  streamCode: string;
  streamName: string;
  owner: string;
  total: string;
  position: StreamTotal['position'];
  items: ItemView[];
  part: PartView | undefined;
}

export interface PlanView {
  state: PlanState;
  stateText: string;
  version: number;
  revision: number;
  outcomes: OutcomeView[];
  streams: StreamView[];
  unpaid: ItemView[];
  ifThingsGoWrong: string;
  writtenWith: string[];
  hasItems: boolean;
  overStreams: string[];
}

/** The whole overview of a plan, from its current version and the person's indicative budgets. */
export function planView(plan: PlanRecord, streams: readonly PlanStream[]): PlanView {
  const document: SupportPlan = plan.document;
  const names = streamNamesOf(streams);
  const totals = planTotals(document, streams, names);
  const items = currentItems(document);
  const showParts = plan.state !== 'draft';
  const parts: PartView[] = showParts
    ? plan.signOff.parts.map((part) => {
        const stream = streams.find((candidate) => candidate.streamCode === part.streamCode);
        return {
          streamCode: part.streamCode,
          streamName: names[part.streamCode] ?? part.streamCode,
          organisation: stream?.owningOrganisationName ?? 'the organisation that runs this funding',
          state: part.state,
          stateText: partStateNames[part.state],
          returnReason: part.state === 'returned' ? part.returnReason : null,
        };
      })
    : [];
  const streamViews = totals.streams.map((total) => ({
    streamCode: total.streamCode,
    streamName: total.streamName,
    owner: streams.find((stream) => stream.streamCode === total.streamCode)?.owningOrganisationName ?? 'No organisation yet',
    total: runningTotal(total),
    position: total.position,
    items: items.filter((item) => item.streamCode === total.streamCode && item.delivery !== 'unpaid').map((item) => itemView(item, document.outcomes)),
    part: parts.find((part) => part.streamCode === total.streamCode),
  }));
  return {
    state: plan.state,
    stateText: planStateWords[plan.state],
    version: plan.currentVersion,
    revision: plan.revision,
    outcomes: document.outcomes.map(outcomeView),
    streams: streamViews,
    unpaid: items.filter((item) => item.delivery === 'unpaid').map((item) => itemView(item, document.outcomes)),
    ifThingsGoWrong: document.ifThingsGoWrong,
    writtenWith: document.writtenWith.map((author) => planAuthorNames[author]),
    hasItems: items.length > 0,
    overStreams: totals.streams.filter((total) => total.position === 'over').map((total) => total.streamName),
  };
}
