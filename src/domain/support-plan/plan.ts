// The person's own support plan as data: their outcomes in their own words, what support meets them and what it costs,
// what to do if things go wrong, who helped write it, and its versions, where a change never overwrites what went before.
import { listInWords } from '../budget/explanation.ts';
import { formatPence, poundsToPence } from '../budget/money.ts';
import type { careActOutcomes } from '../care-act-outcomes.ts';
import { type Cost, type Frequency, type ServiceUnit, costOf, formatQuantity, isServiceUnit, parseQuantity, serviceUnitNames } from './costs.ts';
import { type TypedDay, checkTypedDay, dayBefore, formatDay, isDay } from './days.ts';

export type CareActOutcomeCode = (typeof careActOutcomes)[number]['code'];

/** The areas of wellbeing in the Care Act 2014, section 1(2), that an outcome belongs to. */
export const outcomeDomains = [
  { code: 'dignity', name: 'Being treated with dignity and respect' },
  { code: 'health', name: 'Physical and mental health and emotional wellbeing' },
  { code: 'safety', name: 'Being safe from abuse and neglect' },
  { code: 'control', name: 'Control over day-to-day life' },
  { code: 'work-learning-leisure', name: 'Work, education, training or leisure' },
  { code: 'social-economic', name: 'Social and economic wellbeing' },
  { code: 'relationships', name: 'Family and other relationships' },
  { code: 'home', name: 'A home that suits me' },
  { code: 'contribution', name: 'Contributing to society' },
] as const;
export type OutcomeDomainCode = (typeof outcomeDomains)[number]['code'];

export interface PlanOutcome {
  id: string;
  /** What the person wants, as they said it. */
  inOwnWords: string;
  careActOutcomes: CareActOutcomeCode[];
  domain: OutcomeDomainCode;
}

/** How one item is arranged: the person's choice for each part of the plan. */
export const deliveryMethods = ['direct-payment', 'council-managed', 'third-party-managed', 'arranged-by-agency', 'unpaid'] as const;
export type Delivery = (typeof deliveryMethods)[number];

export const deliveryNames: Record<Delivery, string> = {
  'direct-payment': 'a direct payment',
  'council-managed': 'a budget the council manages',
  'third-party-managed': 'an individual service fund (a provider manages the money)',
  'arranged-by-agency': 'a service the agency arranges',
  unpaid: 'unpaid or community support, at no cost',
};

/** Who helped write the plan; several may have. */
export const planAuthors = ['self', 'family', 'representative', 'broker', 'practitioner'] as const;
export type PlanAuthor = (typeof planAuthors)[number];

export const planAuthorNames: Record<PlanAuthor, string> = {
  self: 'the person themselves',
  family: 'family or friends',
  representative: 'a representative',
  broker: 'a support broker',
  practitioner: 'a practitioner',
};

/** One part of the plan, without its identity. */
export interface PlanItemDetails {
  what: string;
  /** Who provides it: a person, a provider, a group. */
  provider: string;
  unit: ServiceUnit;
  frequency: Frequency;
  unitCostPence: number;
  /** YYYY-MM-DD. */
  startDate: string;
  /** The last day it runs, YYYY-MM-DD, or null while it carries on. */
  endDate: string | null;
  /** The stream that pays for it; null only for unpaid support, which none does. */
  streamCode: string | null;
  delivery: Delivery;
  /** The outcomes it helps with. */
  outcomeIds: string[];
}

export interface PlanItem extends PlanItemDetails {
  id: string;
  /** The item this one took the place of. */
  replaces: string | null;
}

/** An item as the plan holds it: with the version it came in and, once it has stopped or been replaced, the version that did it. */
export interface PlanEntry {
  item: PlanItem;
  addedIn: number;
  closedIn: number | null;
  closedBecause: 'replaced' | 'removed' | null;
}

export interface SupportPlan {
  version: number;
  outcomes: PlanOutcome[];
  /** Every item the plan has ever had, in the order they were added: closed ones stay, with their end dates. */
  entries: PlanEntry[];
  /** What to do if things go wrong, in the person's words. */
  ifThingsGoWrong: string;
  writtenWith: PlanAuthor[];
}

/** A plan with nothing in it yet: version 1. */
export function emptyPlan(): SupportPlan {
  return { version: 1, outcomes: [], entries: [], ifThingsGoWrong: '', writtenWith: [] };
}

/** The items the plan holds now: not replaced, not stopped. */
export function currentItems(plan: SupportPlan): PlanItem[] {
  return plan.entries.filter((entry) => entry.closedIn === null).map((entry) => entry.item);
}

/** Every item, current or not, that runs on `day`: its history, day by day. */
export function itemsOn(plan: SupportPlan, day: string): PlanItem[] {
  return plan.entries.map((entry) => entry.item).filter((item) => item.startDate <= day && (item.endDate === null || item.endDate >= day));
}

export function itemCost(item: PlanItemDetails): Cost {
  return costOf(item.unitCostPence, item.frequency);
}

// Totals against the indicative budget

export interface IndicativeAmount {
  streamCode: string;
  streamName: string;
  weeklyPence: number;
  /** The weekly amount × 52. */
  yearlyPence: number;
  /** Money paid once (a grant for adaptations): counted in the year. */
  oneOffPence?: number;
}

export interface StreamTotal {
  streamCode: string;
  streamName: string;
  /** False when the plan uses a stream the person has no indicative budget for. */
  hasIndicative: boolean;
  /** The plan's weekly cost: every weekly and 4-weekly item's weekly cost added up (one-off items cost nothing in a week). */
  planWeeklyPence: number;
  /** The plan's yearly cost, one-off items included: every item's yearly cost added up. */
  planYearlyPence: number;
  planOneOffPence: number;
  indicativeWeeklyPence: number;
  /** The indicative yearly amount plus any one-off amount. */
  indicativeYearlyPence: number;
  /** Plan yearly − indicative yearly: more than 0 is over, less than 0 under. */
  differencePence: number;
  position: 'over' | 'under' | 'exactly';
  /** "£12.40 a week over the £300.00 a week available for Adult Social Care": the position in words, never by colour alone. */
  sentence: string;
}

export interface PlanTotals {
  streams: StreamTotal[];
  planYearlyPence: number;
  indicativeYearlyPence: number;
  differencePence: number;
}

function positionOf(difference: number): StreamTotal['position'] {
  return difference > 0 ? 'over' : difference < 0 ? 'under' : 'exactly';
}

/**
 * The weekly wording is used only where it says the same as the yearly figures (no one-off money on either side and the
 * weekly difference × 52 is the yearly one); otherwise the sentence is in yearly amounts, so it can never mislead.
 */
function totalSentence(total: Omit<StreamTotal, 'sentence'>): string {
  if (!total.hasIndicative) {
    return `${formatPence(total.planYearlyPence)} a year from ${total.streamName}, which has no money available to you`;
  }
  const weeklyDifference = total.planWeeklyPence - total.indicativeWeeklyPence;
  const weekly = total.planOneOffPence === 0 && total.indicativeYearlyPence === total.indicativeWeeklyPence * 52 && weeklyDifference * 52 === total.differencePence;
  const [available, difference] = weekly
    ? [`${formatPence(total.indicativeWeeklyPence)} a week`, `${formatPence(Math.abs(weeklyDifference))} a week`]
    : [`${formatPence(total.indicativeYearlyPence)} a year`, `${formatPence(Math.abs(total.differencePence))} a year`];
  if (total.position === 'exactly') return `Exactly the ${available} available for ${total.streamName}`;
  return `${difference} ${total.position} the ${available} available for ${total.streamName}`;
}

/**
 * The plan's current items added up per stream and set against the indicative budget. Every figure is a sum of whole
 * pence (each item's cost is rounded once, by costOf), so totals and differences are exact. Unpaid items cost nothing
 * and belong to no stream. Streams come in the order of `indicative`, then any stream the plan uses without one.
 */
export function planTotals(plan: SupportPlan, indicative: readonly IndicativeAmount[], streamNames: Readonly<Record<string, string>> = {}): PlanTotals {
  const sums = new Map<string, { weekly: number; yearly: number; oneOff: number }>();
  for (const item of currentItems(plan)) {
    if (item.streamCode === null) continue;
    const cost = itemCost(item);
    const sum = sums.get(item.streamCode) ?? { weekly: 0, yearly: 0, oneOff: 0 };
    sum.weekly += cost.weeklyPence;
    sum.yearly += cost.yearlyPence;
    if (cost.oneOff) sum.oneOff += cost.yearlyPence;
    sums.set(item.streamCode, sum);
  }
  const codes = [...indicative.map((amount) => amount.streamCode), ...[...sums.keys()].filter((code) => !indicative.some((amount) => amount.streamCode === code))];
  const streams = codes.map((streamCode): StreamTotal => {
    const amount = indicative.find((a) => a.streamCode === streamCode);
    const sum = sums.get(streamCode) ?? { weekly: 0, yearly: 0, oneOff: 0 };
    const indicativeYearlyPence = amount ? amount.yearlyPence + (amount.oneOffPence ?? 0) : 0;
    const differencePence = sum.yearly - indicativeYearlyPence;
    const total = {
      streamCode,
      streamName: amount?.streamName ?? streamNames[streamCode] ?? streamCode,
      hasIndicative: amount !== undefined,
      planWeeklyPence: sum.weekly,
      planYearlyPence: sum.yearly,
      planOneOffPence: sum.oneOff,
      indicativeWeeklyPence: amount?.weeklyPence ?? 0,
      indicativeYearlyPence,
      differencePence,
      position: positionOf(differencePence),
    };
    return { ...total, sentence: totalSentence(total) };
  });
  const planYearlyPence = streams.reduce((sum, s) => sum + s.planYearlyPence, 0);
  const indicativeYearlyPence = streams.reduce((sum, s) => sum + s.indicativeYearlyPence, 0);
  return { streams, planYearlyPence, indicativeYearlyPence, differencePence: planYearlyPence - indicativeYearlyPence };
}

// Checking a plan item

/** The fields of the plan item form, in the order the error summary lists them. */
export const planItemFields = ['what', 'provider', 'outcomeIds', 'delivery', 'streamCode', 'unit', 'howOften', 'times', 'quantity', 'unitCost', 'start', 'end'] as const;
export type PlanItemField = (typeof planItemFields)[number];
export type PlanItemErrors = Partial<Record<PlanItemField, string>>;

export interface PlanItemContext {
  /** The streams the person has an indicative budget for: the only ones a plan item may be paid from. */
  indicativeStreamCodes: readonly string[];
  streamNames?: Readonly<Record<string, string>>;
  /** The outcomes in the plan, so an item links only to real ones. */
  outcomeIds?: readonly string[];
}

/** What a person typed into the plan item form. */
export interface TypedPlanItem {
  what?: string;
  provider?: string;
  delivery?: string;
  streamCode?: string;
  unit?: string;
  howOften?: string;
  times?: string;
  quantity?: string;
  unitCost?: string;
  start?: TypedDay;
  end?: TypedDay;
  outcomeIds?: readonly string[];
}

export const longestText = 200;

function isDelivery(value: string): value is Delivery {
  return (deliveryMethods as readonly string[]).includes(value);
}

/** The rules an item must keep whichever way it was made: the form, a change, an import. Empty when it keeps them all. */
export function planItemProblems(item: PlanItemDetails, context: PlanItemContext): PlanItemErrors {
  const errors: PlanItemErrors = {};
  if (item.what.trim() === '') errors.what = 'Enter what the support is';
  else if (item.what.length > longestText) errors.what = `What the support is must be ${longestText} characters or fewer`;
  if (item.provider.trim() === '') errors.provider = 'Enter who gives this support';
  else if (item.provider.length > longestText) errors.provider = `Who gives this support must be ${longestText} characters or fewer`;
  if (item.delivery === 'unpaid') {
    if (item.unitCostPence !== 0) errors.unitCost = 'Unpaid support has no cost: enter £0, or choose another way to arrange it';
    if (item.streamCode !== null && !context.indicativeStreamCodes.includes(item.streamCode)) errors.streamCode = 'Select money you have available, or none for unpaid support';
  } else {
    if (item.unitCostPence <= 0) errors.unitCost = 'Enter a cost more than £0, or choose unpaid support';
    if (item.streamCode === null) errors.streamCode = 'Select which money pays for it';
    else if (!context.indicativeStreamCodes.includes(item.streamCode)) {
      const name = context.streamNames?.[item.streamCode] ?? 'that funding';
      errors.streamCode = `You do not have money available from ${name}: select money you have available`;
    }
  }
  if (!isDay(item.startDate)) errors.start = 'The start date must be a real date';
  if (item.endDate !== null && !isDay(item.endDate)) errors.end = 'The end date must be a real date';
  else if (item.endDate !== null && isDay(item.startDate) && item.endDate < item.startDate) errors.end = 'The end date must be the same as or after the start date';
  if (context.outcomeIds && item.outcomeIds.some((id) => !context.outcomeIds!.includes(id))) errors.outcomeIds = 'Select outcomes that are in your plan';
  return errors;
}

function wholeTimes(text: string | undefined, what: string): { ok: true; times: number } | { ok: false; error: string } {
  const value = (text ?? '').trim();
  if (value === '') return { ok: false, error: `Enter ${what}` };
  if (!/^\d{1,4}$/.test(value)) return { ok: false, error: `Enter ${what} as a whole number, like 3` };
  if (Number(value) === 0) return { ok: false, error: `Enter ${what} that is 1 or more` };
  return { ok: true, times: Number(value) };
}

export type PlanItemCheck = { ok: true; details: PlanItemDetails } | { ok: false; errors: PlanItemErrors };

/** Reads the plan item form into an item, or GOV.UK messages keyed by field (each field's first problem only). */
export function checkPlanItem(typed: TypedPlanItem, context: PlanItemContext): PlanItemCheck {
  const errors: PlanItemErrors = {};
  const delivery = typed.delivery !== undefined && isDelivery(typed.delivery) ? typed.delivery : null;
  if (delivery === null) errors.delivery = 'Select how it will be arranged';
  const unit = typed.unit !== undefined && isServiceUnit(typed.unit) ? typed.unit : null;
  if (unit === null) errors.unit = 'Select how it is counted, like by the hour or by the session';

  const unitName = unit ? serviceUnitNames[unit].many : 'units';
  const quantity = parseQuantity(typed.quantity, `how many ${unitName} each time`);
  if (!quantity.ok) errors.quantity = quantity.error;
  let frequency: Frequency | null = null;
  const howOften = typed.howOften;
  if (howOften === 'weekly' || howOften === 'four-weekly') {
    const times = wholeTimes(typed.times, howOften === 'weekly' ? 'how many times a week' : 'how many times every 4 weeks');
    if (!times.ok) errors.times = times.error;
    else if (quantity.ok) {
      frequency = howOften === 'weekly'
        ? { kind: 'weekly', timesPerWeek: times.times, unitsEachTime: quantity.hundredths }
        : { kind: 'four-weekly', timesPerFourWeeks: times.times, unitsEachTime: quantity.hundredths };
    }
  } else if (howOften === 'one-off') {
    if (quantity.ok) frequency = { kind: 'one-off', unitsEachTime: quantity.hundredths };
  } else {
    errors.howOften = 'Select how often it happens';
  }

  const cost = delivery === 'unpaid' && (typed.unitCost ?? '').trim() === '' ? ({ ok: true, pence: 0 } as const) : poundsToPence(typed.unitCost);
  if (!cost.ok) errors.unitCost = cost.error;
  const start = checkTypedDay(typed.start, 'The start date', false);
  if (!start.ok) errors.start = start.message;
  const end = checkTypedDay(typed.end, 'The end date', true);
  if (!end.ok) errors.end = end.message;
  const streamCode = (typed.streamCode ?? '').trim() === '' ? null : typed.streamCode!.trim();

  if (delivery === null || unit === null || frequency === null || !cost.ok || !start.ok || !end.ok) {
    // Say now what else is wrong, where the rest can already be judged, rather than one problem at a time: each rule's
    // message is kept only if everything that rule reads was itself typed correctly.
    const judged: Record<PlanItemField, boolean> = {
      what: true,
      provider: true,
      delivery: true,
      streamCode: delivery !== null,
      unit: true,
      howOften: true,
      times: true,
      quantity: true,
      unitCost: delivery !== null && cost.ok,
      start: start.ok,
      end: start.ok && end.ok,
      outcomeIds: true,
    };
    const problems = planItemProblems(
      {
        what: typed.what ?? '',
        provider: typed.provider ?? '',
        unit: unit ?? 'hour',
        frequency: { kind: 'one-off', unitsEachTime: 0 },
        unitCostPence: cost.ok ? cost.pence : 0,
        startDate: start.ok ? start.day! : '',
        endDate: end.ok ? end.day : null,
        streamCode,
        delivery: delivery ?? 'unpaid',
        outcomeIds: [...(typed.outcomeIds ?? [])],
      },
      context,
    );
    for (const field of planItemFields) {
      if (errors[field] === undefined && judged[field] && problems[field] !== undefined) errors[field] = problems[field];
    }
    return { ok: false, errors };
  }
  const details: PlanItemDetails = {
    what: (typed.what ?? '').trim(),
    provider: (typed.provider ?? '').trim(),
    unit,
    frequency,
    unitCostPence: cost.pence,
    startDate: start.day!,
    endDate: end.day,
    streamCode,
    delivery,
    outcomeIds: [...(typed.outcomeIds ?? [])],
  };
  const problems = planItemProblems(details, context);
  return Object.keys(problems).length === 0 ? { ok: true, details } : { ok: false, errors: problems };
}

// Versions: a change makes a new version, and what went before stays

export type PlanChange =
  | { kind: 'add-item'; item: PlanItem }
  /** The successor takes the old item's place: the old one ends the day before the successor starts. */
  | { kind: 'replace-item'; itemId: string; successor: PlanItem }
  /** The item stops: `lastDay` is the last day it runs. */
  | { kind: 'remove-item'; itemId: string; lastDay: string }
  | { kind: 'set-outcomes'; outcomes: PlanOutcome[] }
  | { kind: 'set-if-things-go-wrong'; text: string }
  | { kind: 'set-written-with'; authors: PlanAuthor[] };

export type NextVersion = { ok: true; plan: SupportPlan } | { ok: false; reason: string; errors?: PlanItemErrors };

function laterDay(a: string, b: string): string {
  return a > b ? a : b;
}

function earlierEnd(a: string | null, b: string): string {
  return a !== null && a < b ? a : b;
}

/**
 * The next version of the plan: `changes` applied in order to a copy, the old version untouched. A replaced item keeps
 * every detail and ends the day before its successor starts (an item replaced before it began ends the day before its
 * own start, so it runs on no day); a stopped item ends on its last day. Refuses, with the reason, any change that would
 * break a rule, and then nothing changes.
 */
export function nextVersion(plan: SupportPlan, changes: readonly PlanChange[], context: PlanItemContext): NextVersion {
  const version = plan.version + 1;
  const entries = plan.entries.map((entry) => ({ ...entry, item: { ...entry.item } }));
  let { outcomes, ifThingsGoWrong, writtenWith } = plan;
  const itemContext = () => ({ ...context, outcomeIds: outcomes.map((outcome) => outcome.id) });
  const open = (id: string) => entries.find((entry) => entry.item.id === id && entry.closedIn === null);
  const add = (item: PlanItem): NextVersion | null => {
    if (entries.some((entry) => entry.item.id === item.id)) return { ok: false, reason: 'This plan already has an item with that identity' };
    const errors = planItemProblems(item, itemContext());
    if (Object.keys(errors).length > 0) return { ok: false, reason: `“${item.what}” cannot go in the plan as it is`, errors };
    entries.push({ item: { ...item, outcomeIds: [...item.outcomeIds] }, addedIn: version, closedIn: null, closedBecause: null });
    return null;
  };
  for (const change of changes) {
    if (change.kind === 'add-item') {
      const refused = add({ ...change.item, replaces: null });
      if (refused) return refused;
    } else if (change.kind === 'replace-item') {
      const old = open(change.itemId);
      if (!old) return { ok: false, reason: 'That item is not in the plan now, so it cannot be changed' };
      const refused = add({ ...change.successor, replaces: old.item.id });
      if (refused) return refused;
      old.item.endDate = earlierEnd(old.item.endDate, dayBefore(laterDay(change.successor.startDate, old.item.startDate)));
      old.closedIn = version;
      old.closedBecause = 'replaced';
    } else if (change.kind === 'remove-item') {
      const old = open(change.itemId);
      if (!old) return { ok: false, reason: 'That item is not in the plan now, so it cannot be stopped' };
      if (!isDay(change.lastDay)) return { ok: false, reason: 'The last day must be a real date' };
      old.item.endDate = earlierEnd(old.item.endDate, laterDay(change.lastDay, dayBefore(old.item.startDate)));
      old.closedIn = version;
      old.closedBecause = 'removed';
    } else if (change.kind === 'set-outcomes') {
      const ids = change.outcomes.map((outcome) => outcome.id);
      if (new Set(ids).size !== ids.length) return { ok: false, reason: 'Each outcome must be listed once' };
      if (change.outcomes.some((outcome) => outcome.inOwnWords.trim() === '')) return { ok: false, reason: 'Enter each outcome in your own words' };
      const linked = entries.filter((entry) => entry.closedIn === null).flatMap((entry) => entry.item.outcomeIds);
      if (linked.some((id) => !ids.includes(id))) return { ok: false, reason: 'An item in the plan still helps with an outcome you took out: change the item first' };
      outcomes = change.outcomes.map((outcome) => ({ ...outcome, careActOutcomes: [...outcome.careActOutcomes] }));
    } else if (change.kind === 'set-if-things-go-wrong') {
      ifThingsGoWrong = change.text;
    } else {
      writtenWith = [...new Set(change.authors)];
    }
  }
  return { ok: true, plan: { version, outcomes, entries, ifThingsGoWrong, writtenWith } };
}

// What changed, in plain English, for the person to see every change

export function describeFrequency(unit: ServiceUnit, frequency: Frequency): string {
  const names = serviceUnitNames[unit];
  const amount = `${formatQuantity(frequency.unitsEachTime)} ${frequency.unitsEachTime === 100 ? names.one : names.many}`;
  if (frequency.kind === 'one-off') return `${amount}, once`;
  if (frequency.kind === 'weekly') return `${amount}, ${frequency.timesPerWeek === 1 ? 'once' : `${frequency.timesPerWeek} times`} a week`;
  return `${amount}, ${frequency.timesPerFourWeeks === 1 ? 'once' : `${frequency.timesPerFourWeeks} times`} every 4 weeks`;
}

export function describeCost(item: PlanItemDetails): string {
  const cost = itemCost(item);
  if (item.delivery === 'unpaid') return 'no cost';
  return cost.oneOff ? `${formatPence(cost.yearlyPence)} once` : `${formatPence(cost.weeklyPence)} a week (${formatPence(cost.yearlyPence)} a year)`;
}

function nameOf(code: string | null, streamNames: Readonly<Record<string, string>>): string {
  return code === null ? 'no funding' : (streamNames[code] ?? code);
}

function describeItem(item: PlanItem, streamNames: Readonly<Record<string, string>>): string {
  const paid = item.delivery === 'unpaid' ? 'unpaid' : `paid from ${nameOf(item.streamCode, streamNames)} as ${deliveryNames[item.delivery]}`;
  const until = item.endDate === null ? '' : ` until ${formatDay(item.endDate)}`;
  return `${item.what} from ${item.provider}: ${describeFrequency(item.unit, item.frequency)}, ${describeCost(item)}, ${paid}, from ${formatDay(item.startDate)}${until}`;
}

function itemDifferences(old: PlanItem, next: PlanItem, streamNames: Readonly<Record<string, string>>): string[] {
  const changed: string[] = [];
  const pair = (what: string, before: string, after: string) => {
    if (before !== after) changed.push(`${what} from ${before} to ${after}`);
  };
  pair('what it is', old.what, next.what);
  pair('who gives it', old.provider, next.provider);
  pair('how often', describeFrequency(old.unit, old.frequency), describeFrequency(next.unit, next.frequency));
  pair('the cost', describeCost(old), describeCost(next));
  pair('the money that pays for it', nameOf(old.streamCode, streamNames), nameOf(next.streamCode, streamNames));
  pair('how it is arranged', deliveryNames[old.delivery], deliveryNames[next.delivery]);
  pair('the end date', old.endDate === null ? 'none' : formatDay(old.endDate), next.endDate === null ? 'none' : formatDay(next.endDate));
  return changed;
}

/**
 * Every difference from `older` to `newer` (a later version of the same plan), one plain-English sentence each, in the
 * order of the plan: items added, changed and stopped, then outcomes, what to do if things go wrong, and who helped.
 */
export function planChanges(older: SupportPlan, newer: SupportPlan, streamNames: Readonly<Record<string, string>> = {}): string[] {
  const lines: string[] = [];
  const before = new Map(older.entries.map((entry) => [entry.item.id, entry]));
  for (const entry of newer.entries) {
    const was = before.get(entry.item.id);
    if (was === undefined && entry.item.replaces !== null && before.get(entry.item.replaces)?.closedIn === null) {
      const old = before.get(entry.item.replaces)!.item;
      const differences = itemDifferences(old, entry.item, streamNames);
      const what = differences.length > 0 ? listInWords(differences) : 'nothing but the dates';
      lines.push(`Changed ${old.what} from ${formatDay(entry.item.startDate)}: ${what}`);
    } else if (was === undefined) {
      lines.push(`Added ${describeItem(entry.item, streamNames)}`);
    } else if (was.closedIn === null && entry.closedIn !== null && entry.closedBecause === 'removed') {
      lines.push(`Stopped ${entry.item.what}: the last day is ${formatDay(entry.item.endDate!)}`);
    }
  }
  const outcomesBefore = new Map(older.outcomes.map((outcome) => [outcome.id, outcome]));
  for (const outcome of newer.outcomes) {
    const was = outcomesBefore.get(outcome.id);
    if (was === undefined) lines.push(`Added the outcome “${outcome.inOwnWords}”`);
    else if (was.inOwnWords !== outcome.inOwnWords) lines.push(`Changed the outcome “${was.inOwnWords}” to “${outcome.inOwnWords}”`);
    else if (was.domain !== outcome.domain || was.careActOutcomes.join() !== outcome.careActOutcomes.join()) lines.push(`Changed what the outcome “${outcome.inOwnWords}” is about`);
  }
  for (const outcome of older.outcomes) {
    if (!newer.outcomes.some((o) => o.id === outcome.id)) lines.push(`Took out the outcome “${outcome.inOwnWords}”`);
  }
  if (older.ifThingsGoWrong !== newer.ifThingsGoWrong) lines.push('Changed what to do if things go wrong');
  if ([...older.writtenWith].sort().join() !== [...newer.writtenWith].sort().join()) {
    lines.push(`Changed who helped write the plan to ${newer.writtenWith.length ? listInWords(newer.writtenWith.map((a) => planAuthorNames[a])) : 'no one named'}`);
  }
  return lines;
}

/**
 * The streams whose part of the plan changed from `older` to `newer`: any item added, replaced or stopped, counting
 * both the old and the new stream of a replaced item. A resubmitted plan reopens only these parts for approval.
 */
export function streamsChanged(older: SupportPlan, newer: SupportPlan): Set<string> {
  const touched = new Set<string>();
  const before = new Map(older.entries.map((entry) => [entry.item.id, entry]));
  const note = (code: string | null) => {
    if (code !== null) touched.add(code);
  };
  for (const entry of newer.entries) {
    const was = before.get(entry.item.id);
    if (was === undefined || was.closedIn !== entry.closedIn || was.item.endDate !== entry.item.endDate) {
      // An unpaid item costs nothing, so it changes no stream's money.
      if (entry.item.delivery !== 'unpaid') note(entry.item.streamCode);
    }
  }
  return touched;
}
