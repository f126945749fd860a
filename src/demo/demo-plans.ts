// Illustrative support plans for the demo people, in every state of the sign-off (drafts, waiting for each agency's
// approver, a part sent back, a part waiting for a second approver, agreed with a direct payment offered, accepted or
// declined), so every role has real work to see. The agreed amounts follow a known pattern, as the seeds report: on
// average people aged 65 and over are agreed less than their indicative budget and working-age adults more.
// Plans left with someone to act on go through the support plan records, as people using the service would make them;
// the many agreed plans are worked out by the same domain rules and written in a few inserts, so the demo stays quick.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { type AgeBand, ageBand, ageOn, londonDay } from '../domain/age-bands.ts';
import { divideRoundHalfUp } from '../domain/budget/money.ts';
import type { OrganisationKind } from '../domain/roles.ts';
import { type DirectPaymentOffer, applyOffer, offerDirectPayments } from '../domain/support-plan/direct-payment.ts';
import { type PlanChange, type PlanItem, emptyPlan, nextVersion, planChanges } from '../domain/support-plan/plan.ts';
import { type PlanEventKind, planEventForSignOffEvent } from '../domain/support-plan/process-measures.ts';
import { type Approver, type SignOff, type SignOffRules, actualBudgets, applySignOff, panelCheck, startSignOff } from '../domain/support-plan/sign-off.ts';
import { processEventKey } from '../domain/process/process-events.ts';
import type { Database, Queryable } from '../db/database.ts';
import { agreedBudgets, assessments, directPaymentOffers, people, processEvents, supportPlanDecisions, supportPlanVersions, supportPlans } from '../db/schema.ts';
import type { AuditWriter } from '../records/audit.ts';
import { recordProcessEvent } from '../records/process-events.ts';
import { type PlanRecord, type PlanStream, approverFor, changePlan, decidePart, itemContext, planParts, planStreams, reasonCodes, startPlan, submitPlan } from '../records/support-plans.ts';

/**
 * What the generator does, for a test to work out what the demo must show. `agreedChangePercent` is the change from
 * the indicative to the agreed (actual) budget, in whole percent, per age band on the day the plan is agreed: each
 * agreed plan takes the next number in its band's list, round and round. Every list for 65 and over is zero or below,
 * and every list for 18 to 64 zero or above, so the mean difference of each band has that sign whatever the amounts.
 * Each change is applied to the weekly indicative amount (rounded to the penny, halves up) and the year is 52 weeks.
 */
export const demoPlanParameters = {
  agreedChangePercent: {
    'under 18': [0],
    '18 to 24': [6, 3, 0, 8, 4],
    '25 to 64': [5, 2, 7, 0, 9, 4],
    '65 to 74': [-4, 0, -7, -2, -6],
    '75 to 84': [-6, -3, 0, -8, -5],
    '85 and over': [-8, -5, -9, 0, -3, -6],
  } satisfies Record<AgeBand, readonly number[]>,
  /** The reasons recorded when the agreed budget is more, or less, than the indicative one. */
  reasonAbove: 'needs-not-in-assessment',
  reasonsBelow: ['person-chose-less', 'unpaid-support'],
  /** At most this many people in an area get a plan, so a demo of any size stays quick to make. */
  mostPlansPerArea: 150,
  /** For agreed plans after the first three: the share whose direct payment is accepted, then declined; the rest are still offered. */
  acceptedShare: 0.5,
  declinedShare: 0.15,
} as const;

/** The weekly actual for a weekly indicative amount changed by `percent`: what the plan costs and the approver agrees. */
export function changedWeekly(indicativeWeeklyPence: number, percent: number): number {
  return indicativeWeeklyPence + divideRoundHalfUp(indicativeWeeklyPence * percent, 100);
}

/** The states the demo's plans are left in, besides agreed; each is made for the first person who can have it. */
const workScenarios = ['waiting-county', 'waiting-district', 'waiting-jobcentre', 'returned', 'second-approval', 'draft', 'waiting-county', 'draft'] as const;
type Scenario = (typeof workScenarios)[number] | 'agreed';

/** The organisation kinds whose approvers the demo has, with their demo accounts in the order they approve. */
const approversByKind: Partial<Record<OrganisationKind, readonly string[]>> = {
  county_council: ['approver', 'senior.approver'],
  jobcentre_plus: ['work.approver'],
  district_council: ['housing.approver'],
};

const needs: Record<Exclude<Scenario, 'agreed'>, OrganisationKind | null> = {
  'waiting-county': 'county_council',
  'waiting-district': 'district_council',
  'waiting-jobcentre': 'jobcentre_plus',
  returned: null,
  'second-approval': 'county_council',
  draft: null,
};

const itemNames: Record<string, string> = {
  'adult-social-care': 'Personal assistant, mornings and evenings (illustrative)',
  'supporting-people': 'Housing support visits (illustrative)',
  'access-to-work': 'Support worker at work (illustrative)',
  'work-choice': 'Job coach sessions (illustrative)',
};

export interface DemoPlanInput {
  areaId: string;
  /** The area's people in the order they were made: the first two have accounts and never get a plan here. */
  personIds: readonly string[];
  /** The area's organisations by kind. */
  organisations: ReadonlyMap<OrganisationKind, string>;
  /** The area's staff by the part of their email before the @ (approver, senior.approver, work.approver…). */
  staffIds: ReadonlyMap<string, string>;
  now: Date;
  /** The demo's seed: the plans draw from their own random numbers, so the people, answers and budgets never change. */
  seed: number;
}

export interface DemoPlanSummary {
  plans: number;
  byScenario: Record<Scenario, number>;
}

/** A small seeded random source (mulberry32): the demo's plans are the same for the same seed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// The demo's plans are illustrative: no one made them, so no one is audited for them.
const noAudit: AuditWriter = async () => {};
const day = 24 * 60 * 60 * 1000;


interface Candidate {
  personId: string;
  dateOfBirth: string;
  team: string | null;
  completedAt: Date;
  /** The person's indicative budgets from agencies with an approver in the demo. */
  streams: PlanStream[];
  ownerKinds: Map<string, OrganisationKind>;
}

/** Weekly money only: one-off grants are in a plan only where the district council's approver is to see one. */
function isWeekly(stream: PlanStream): boolean {
  return stream.weeklyPence > 0 && !stream.oneOffPence && stream.yearlyPence === stream.weeklyPence * 52;
}

interface Context {
  input: DemoPlanInput;
  approvers: Map<OrganisationKind, Approver[]>;
  rules: (stream: PlanStream) => SignOffRules;
  random: () => number;
  bandTurns: Map<AgeBand, number>;
  agreedSoFar: number;
}

/** Makes the plans; call inside the transaction that makes the demo area, after its people. */
export async function createDemoPlans(tx: Queryable, input: DemoPlanInput): Promise<DemoPlanSummary> {
  const random = randomSource(input.seed * 7919 + input.personIds.length);
  const kindOf = new Map([...input.organisations].map(([kind, id]) => [id, kind]));
  const approvers = new Map<OrganisationKind, Approver[]>();
  for (const [kind, localParts] of Object.entries(approversByKind) as [OrganisationKind, string[]][]) {
    const organisationId = input.organisations.get(kind);
    if (!organisationId) continue;
    const found: Approver[] = [];
    for (const localPart of localParts) {
      const userId = input.staffIds.get(localPart);
      const approver = userId ? await approverFor(tx, userId, organisationId) : undefined;
      if (approver) found.push(approver);
    }
    if (found.length > 0) approvers.set(kind, found);
  }
  const reasons = await reasonCodes(tx, input.areaId);

  const chosen = input.personIds.slice(2, 2 + demoPlanParameters.mostPlansPerArea);
  const counts = emptyCount();
  if (chosen.length === 0) return { plans: 0, byScenario: counts };
  const rows = await tx
    .select({ id: people.id, dateOfBirth: people.dateOfBirth, team: people.team, completedAt: assessments.completedAt })
    .from(people)
    .innerJoin(assessments, and(eq(assessments.areaId, people.areaId), eq(assessments.personId, people.id), isNotNull(assessments.completedAt)))
    .where(and(eq(people.areaId, input.areaId), inArray(people.id, chosen)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const candidates: Candidate[] = [];
  for (const personId of chosen) {
    const row = byId.get(personId);
    if (!row) continue;
    const streams = (await planStreams(tx, { id: personId, areaId: input.areaId })).filter((stream) => {
      const kind = stream.owningOrganisationId ? kindOf.get(stream.owningOrganisationId) : undefined;
      return kind !== undefined && approvers.has(kind) && (isWeekly(stream) || (kind === 'district_council' && (stream.oneOffPence ?? 0) > 0));
    });
    if (streams.length === 0) continue;
    candidates.push({ ...row, personId, completedAt: row.completedAt!, streams, ownerKinds: new Map(streams.map((stream) => [stream.streamCode, kindOf.get(stream.owningOrganisationId!)!])) });
  }

  const assigned = new Map<Candidate, Scenario>();
  for (const scenario of workScenarios) {
    const kind = needs[scenario];
    const next = candidates.find((candidate) => !assigned.has(candidate) && (kind === null || [...candidate.ownerKinds.values()].includes(kind)) && (kind === 'district_council' || candidate.streams.some(isWeekly)));
    if (next) assigned.set(next, scenario);
  }
  const context: Context = {
    input,
    approvers,
    rules: (stream) => ({ tolerancePercent: stream.tolerancePercent, reasonCodes: reasons }),
    random,
    bandTurns: new Map(),
    agreedSoFar: 0,
  };
  const agreed = new AgreedRows();
  for (const candidate of candidates) {
    const scenario = assigned.get(candidate) ?? 'agreed';
    const made = scenario === 'agreed' ? agreedPlan(context, candidate, agreed) : await planWithWork(tx as Database, context, candidate, scenario);
    if (!made) continue;
    counts[scenario] += 1;
    if (scenario === 'agreed') context.agreedSoFar += 1;
  }
  await agreed.write(tx);
  return { plans: Object.values(counts).reduce((a, b) => a + b, 0), byScenario: counts };
}

function emptyCount(): Record<Scenario, number> {
  return { 'waiting-county': 0, 'waiting-district': 0, 'waiting-jobcentre': 0, returned: 0, 'second-approval': 0, draft: 0, agreed: 0 };
}

/** When each step happened: spread between the self-assessment and now, in order; first contact a little before. */
function timeline(context: Context, candidate: Candidate) {
  const gap = Math.max(0, context.input.now.getTime() - candidate.completedAt.getTime());
  const at = (share: number) => new Date(candidate.completedAt.getTime() + Math.floor(gap * share));
  return { at, firstContact: new Date(candidate.completedAt.getTime() - (4 + Math.floor(context.random() * 21)) * day), agreedAt: at(0.8) };
}

/** The change from indicative to actual for this plan: the next in its age band's list when it is to be agreed. */
function percentFor(context: Context, candidate: Candidate, agreedAt: Date, agreeing: boolean): number {
  const band = ageBand(ageOn(candidate.dateOfBirth, londonDay(agreedAt)));
  const list = demoPlanParameters.agreedChangePercent[band];
  const turn = context.bandTurns.get(band) ?? 0;
  if (agreeing) context.bandTurns.set(band, turn + 1);
  return list[(agreeing ? turn : turn + 1) % list.length]!;
}

/**
 * What each stream's part of the plan costs: the pattern applied to the weekly amount, or the whole grant for a one-off,
 * kept within what the agency's approvers may agree between them. A plan left for a second approval asks for just more
 * than the first approver may agree alone, in its first part paid by the county council.
 */
function amountsFor(context: Context, candidate: Candidate, percent: number, scenario: Scenario): Map<string, { pence: number; oneOff: boolean }> {
  const amounts = new Map<string, { pence: number; oneOff: boolean }>();
  for (const stream of candidate.streams) {
    const kind = candidate.ownerKinds.get(stream.streamCode)!;
    const approvers = context.approvers.get(kind)!;
    if (!isWeekly(stream)) {
      if (scenario === 'waiting-district') amounts.set(stream.streamCode, { pence: stream.oneOffPence!, oneOff: true });
      continue;
    }
    let weekly = changedWeekly(stream.weeklyPence, percent);
    const raised = scenario === 'second-approval' && kind === 'county_council' && ![...amounts.keys()].some((code) => candidate.ownerKinds.get(code) === 'county_council');
    if (raised) weekly = Math.max(weekly, Math.floor(approvers[0]!.limitYearlyPence / 52) + 100);
    if (weekly * 52 > Math.max(...approvers.map((approver) => approver.limitYearlyPence))) continue;
    amounts.set(stream.streamCode, { pence: weekly, oneOff: false });
  }
  return amounts;
}

function changesFor(context: Context, amounts: Map<string, { pence: number; oneOff: boolean }>, startDay: string): PlanChange[] {
  const { random } = context;
  return [
    { kind: 'set-outcomes', outcomes: [{ id: 'outcome-1', inOwnWords: 'Illustrative: I want to get up, washed and dressed at a time that suits me, and get out to see friends.', careActOutcomes: ['hygiene', 'clothing', 'relationships'], domain: 'control' }] },
    { kind: 'set-if-things-go-wrong', text: 'Illustrative: call my sister first, then the out-of-hours number in this plan.' },
    { kind: 'set-written-with', authors: random() < 0.4 ? ['self', 'broker'] : ['self', 'family'] },
    ...[...amounts].map(
      ([streamCode, amount], index): PlanChange => ({
        kind: 'add-item',
        item: {
          id: `item-${index + 1}`,
          replaces: null,
          what: amount.oneOff ? 'Level-access shower (illustrative)' : (itemNames[streamCode] ?? 'Weekly support (illustrative)'),
          provider: 'Illustrative Support Co-operative',
          unit: amount.oneOff ? 'one-off' : 'week',
          frequency: amount.oneOff ? { kind: 'one-off', unitsEachTime: 100 } : { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 },
          unitCostPence: amount.pence,
          startDate: startDay,
          endDate: null,
          streamCode,
          delivery: random() < 0.8 ? 'direct-payment' : 'council-managed',
          outcomeIds: ['outcome-1'],
        } satisfies PlanItem,
      }),
    ),
  ];
}

/** The approval an approver gives a part at the amount the plan asks for, with a reason and the panel where the rules need them. */
function approval(context: Context, candidate: Candidate, part: SignOff['parts'][number]) {
  const actual = part.planYearlyPence;
  const reasonCode = actual > part.indicativeYearlyPence ? demoPlanParameters.reasonAbove : actual < part.indicativeYearlyPence ? demoPlanParameters.reasonsBelow[context.agreedSoFar % 2]! : null;
  const tolerance = candidate.streams.find((stream) => stream.streamCode === part.streamCode)!.tolerancePercent;
  return { kind: 'approve' as const, streamCode: part.streamCode, actualYearlyPence: actual, reasonCode, panelAgreed: panelCheck(part.indicativeYearlyPence, actual, tolerance).needed };
}

function ok(write: { ok: boolean }): write is { ok: true; plan: PlanRecord; events: string[] } {
  return write.ok;
}

/** A plan left with someone to act on, made through the records. False if the records refused a step. */
async function planWithWork(db: Database, context: Context, candidate: Candidate, scenario: Exclude<Scenario, 'agreed'>): Promise<boolean> {
  const { input, approvers } = context;
  const person = { id: candidate.personId, areaId: input.areaId };
  const { at, firstContact, agreedAt } = timeline(context, candidate);
  const amounts = amountsFor(context, candidate, percentFor(context, candidate, agreedAt, false), scenario);
  if (amounts.size === 0) return false;
  await recordProcessEvent(db, { areaId: input.areaId, personId: candidate.personId, kind: 'first-contact', dedupeKey: processEventKey('first-contact', candidate.personId), occurredAt: firstContact });
  const writer = (share: number) => ({ userId: null, writtenAs: 'self' as const, now: at(share), audit: noAudit });
  const started = await startPlan(db, person, writer(0.2));
  if (!ok(started) || started.plan.state !== 'draft' || started.plan.currentVersion !== 1) return false;
  const written = await changePlan(db, person, started.plan.id, started.plan.revision, changesFor(context, amounts, londonDay(at(0.2))), itemContext(candidate.streams), writer(0.3));
  if (!ok(written)) return false;
  if (scenario === 'draft') return true;
  const sent = await submitPlan(db, person, written.plan.id, written.plan.revision, candidate.streams, writer(0.4));
  if (!ok(sent)) return false;
  if (scenario === 'waiting-county') return true;

  const waitFor: OrganisationKind | null = scenario === 'waiting-district' ? 'district_council' : scenario === 'waiting-jobcentre' ? 'jobcentre_plus' : null;
  let plan = sent.plan;
  const parts = [...plan.signOff.parts];
  // A part sent back is the last one looked at, so the others are approved first and stay approved.
  const returnedStream = scenario === 'returned' ? parts[parts.length - 1]!.streamCode : null;
  let step = 0;
  const decidedAt = () => ({ userId: null, now: new Date(agreedAt.getTime() + 1000 * step++), audit: noAudit });
  for (const part of parts) {
    const kind = candidate.ownerKinds.get(part.streamCode)!;
    if (kind === waitFor) continue;
    const [first, second] = approvers.get(kind)!;
    if (part.streamCode === returnedStream) {
      const reason = 'Illustrative: please say which days the support comes, so we can check the hours add up.';
      return ok(await decidePart(db, person, plan.id, plan.revision, first!, { kind: 'return', streamCode: part.streamCode, reason }, candidate.streams, decidedAt()));
    }
    const decision = approval(context, candidate, part);
    const approved = await decidePart(db, person, plan.id, plan.revision, first!, decision, candidate.streams, decidedAt());
    if (!ok(approved)) return false;
    plan = approved.plan;
    // Over the first approver's limit: left for a second approver in this scenario, otherwise agreed by one.
    if (approved.events.includes('plan.part.first-approval') && scenario !== 'second-approval' && second) {
      const again = await decidePart(db, person, plan.id, plan.revision, second, decision, candidate.streams, decidedAt());
      if (!ok(again)) return false;
      plan = again.plan;
    }
  }
  return true;
}

/** The rows of every agreed plan in the area, gathered to be written together. */
class AgreedRows {
  plans: (typeof supportPlans.$inferInsert)[] = [];
  versions: (typeof supportPlanVersions.$inferInsert)[] = [];
  decisions: (typeof supportPlanDecisions.$inferInsert)[] = [];
  budgets: (typeof agreedBudgets.$inferInsert)[] = [];
  offers: (typeof directPaymentOffers.$inferInsert)[] = [];
  events: (typeof processEvents.$inferInsert)[] = [];

  async write(tx: Queryable): Promise<void> {
    // Parents first; a few hundred rows at a time keeps each insert well inside PostgreSQL's limit on parameters.
    const inChunks = async <Row>(rows: Row[], insert: (chunk: Row[]) => Promise<unknown>) => {
      for (let start = 0; start < rows.length; start += 500) await insert(rows.slice(start, start + 500));
    };
    await inChunks(this.plans, (chunk) => tx.insert(supportPlans).values(chunk));
    await inChunks(this.versions, (chunk) => tx.insert(supportPlanVersions).values(chunk));
    await inChunks(this.decisions, (chunk) => tx.insert(supportPlanDecisions).values(chunk));
    await inChunks(this.budgets, (chunk) => tx.insert(agreedBudgets).values(chunk));
    await inChunks(this.offers, (chunk) => tx.insert(directPaymentOffers).values(chunk));
    await inChunks(this.events, (chunk) => tx.insert(processEvents).values(chunk).onConflictDoNothing({ target: [processEvents.areaId, processEvents.dedupeKey] }));
  }
}

/**
 * An agreed plan worked out in memory by the domain rules the records use (the plan's versions, the sign-off, the
 * agreement and the direct payment offers), with the same rows, events and process events the records would write.
 * False, and nothing kept, if the rules would refuse any step.
 */
function agreedPlan(context: Context, candidate: Candidate, rows: AgreedRows): boolean {
  const { input, approvers } = context;
  const areaId = input.areaId;
  const personId = candidate.personId;
  const { at, firstContact, agreedAt } = timeline(context, candidate);
  const streams = candidate.streams.filter(isWeekly);
  const amounts = amountsFor(context, { ...candidate, streams }, percentFor(context, candidate, agreedAt, true), 'agreed');
  if (amounts.size === 0) return false;
  const streamNames = Object.fromEntries(streams.map((stream) => [stream.streamCode, stream.streamName]));
  const first = emptyPlan();
  const second = nextVersion(first, changesFor(context, amounts, londonDay(at(0.2))), itemContext(streams));
  if (!second.ok) return false;
  const { parts, unowned } = planParts(second.plan, streams);
  if (unowned.length > 0) return false;
  const submitted = applySignOff(startSignOff(1), { kind: 'submit', planVersion: 2, parts }, { tolerancePercent: 0, reasonCodes: [] });
  if (!submitted.ok) return false;

  const planId = randomUUID();
  const plan: typeof rows.plans = [];
  const decisions: typeof rows.decisions = [];
  const events: typeof rows.events = [];
  const event = (kind: PlanEventKind | 'first-contact', dedupeKey: string, occurredAt: Date, streamCode: string | null = null) => events.push({ areaId, personId, kind, streamCode, dedupeKey, occurredAt });
  event('first-contact', processEventKey('first-contact', personId), firstContact);
  event('plan-started', `plan-started:${planId}`, at(0.2));
  const decision = (row: Omit<typeof rows.decisions[number], 'areaId' | 'planId' | 'personId' | 'planVersion'>, signOffEvents: readonly string[]) => {
    const id = randomUUID();
    decisions.push({ ...row, id, areaId, planId, personId, planVersion: 2, events: [...signOffEvents] });
    for (const name of signOffEvents) {
      const kind = planEventForSignOffEvent[name];
      if (!kind) continue;
      event(kind, `${kind}:${id}`, row.occurredAt, kind === 'part-approved' || kind === 'plan-returned' ? (row.streamCode ?? null) : null);
    }
  };
  decision({ action: 'submit', streamCode: null, byUserId: null, organisationId: null, notes: submitted.notes, occurredAt: at(0.4) }, submitted.events);

  let signOff = submitted.signOff;
  let revision = 3;
  let step = 0;
  for (const part of signOff.parts) {
    const stream = streams.find((s) => s.streamCode === part.streamCode)!;
    const action = approval(context, candidate, part);
    for (const approver of approvers.get(candidate.ownerKinds.get(part.streamCode)!)!) {
      const result = applySignOff(signOff, { ...action, approver }, context.rules(stream));
      if (!result.ok) return false;
      signOff = result.signOff;
      revision += 1;
      decision(
        { action: 'approve', streamCode: part.streamCode, byUserId: approver.id, organisationId: approver.organisationId, actualYearlyPence: action.actualYearlyPence, reasonCode: action.reasonCode, notes: result.notes, occurredAt: new Date(agreedAt.getTime() + 1000 * step++) },
        result.events,
      );
      if (!result.events.includes('plan.part.first-approval')) break;
    }
  }
  if (signOff.state !== 'agreed') return false;
  const agreedOn = londonDay(new Date(agreedAt.getTime() + 1000 * (step - 1)));
  const agreedTime = new Date(agreedAt.getTime() + 1000 * (step - 1));
  const band = ageBand(ageOn(candidate.dateOfBirth, agreedOn));
  const actuals = actualBudgets(signOff);
  const budgets = actuals.map((actual) => ({
    areaId,
    personId,
    planId,
    streamCode: actual.streamCode,
    ageBand: band,
    team: candidate.team,
    indicativeYearlyPence: signOff.parts.find((part) => part.streamCode === actual.streamCode)!.indicativeYearlyPence,
    actualYearlyPence: actual.actualYearlyPence,
    reasonCode: actual.reasonCode,
    agreedOn,
    createdAt: agreedTime,
  }));

  // The first agreed plans show each answer to a direct payment offer; after that, chance decides.
  const roll = context.random();
  const n = context.agreedSoFar;
  const answer = n === 0 ? 'offered' : n === 1 ? 'accept' : n === 2 ? 'decline' : roll < demoPlanParameters.acceptedShare ? 'accept' : roll < demoPlanParameters.acceptedShare + demoPlanParameters.declinedShare ? 'decline' : 'offered';
  const answeredAt = at(0.9);
  const made = offerDirectPayments(actuals, []);
  const offers = made.offers.map((offer) => {
    const id = randomUUID();
    event('direct-payment-offered', `direct-payment-offered:${planId}:${offer.streamCode}`, agreedTime, offer.streamCode);
    let stored: DirectPaymentOffer = offer;
    let offerRevision = 1;
    if (answer !== 'offered' && offer.state === 'offered') {
      const result = applyOffer(offer, answer === 'accept' ? { kind: 'accept', agreement: { amount: offer.amount, repaymentAcknowledged: true, signedBy: { by: 'person' }, signedOn: londonDay(answeredAt), suitablePerson: null } } : { kind: 'decline' });
      if (result.ok) {
        stored = result.offer;
        offerRevision = 2;
        const kind = planEventForSignOffEvent[result.event];
        if (kind) event(kind, `${kind}:${id}:2`, answeredAt, offer.streamCode);
      }
    }
    return { id, areaId, planId, personId, streamCode: offer.streamCode, state: stored.state, offer: stored, revision: offerRevision, createdAt: agreedTime, updatedAt: offerRevision === 2 ? answeredAt : agreedTime };
  });

  plan.push({ id: planId, areaId, personId, state: 'agreed', currentVersion: 2, signOff, revision, startedByUserId: null, submittedAt: at(0.4), agreedAt: agreedTime, updatedAt: agreedTime, createdAt: at(0.2) });
  rows.plans.push(...plan);
  rows.versions.push(
    { areaId, planId, version: 1, document: first, changes: [], writtenByUserId: null, writtenAs: 'self', createdAt: at(0.2) },
    { areaId, planId, version: 2, document: second.plan, changes: planChanges(first, second.plan, streamNames), writtenByUserId: null, writtenAs: 'self', createdAt: at(0.3) },
  );
  rows.decisions.push(...decisions);
  rows.budgets.push(...budgets);
  rows.offers.push(...offers);
  rows.events.push(...events);
  return true;
}
