// A person's support plan as stored: its versions, its sign-off, the actual budgets it agreed and the direct payments
// offered for it. Every write runs in one transaction with its audit entry and process events, checks the plan's
// revision so two people saving at once cannot overwrite each other unseen, and is safe to retry.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { ageBand, ageOn, londonDay } from '../domain/age-bands.ts';
import { defaultRasTable } from '../domain/budget/default-ras.ts';
import { type PlanEventKind, planEventForSignOffEvent } from '../domain/support-plan/process-measures.ts';
import { type IndicativeAmount, type PlanChange, type PlanItemContext, type SupportPlan, emptyPlan, nextVersion, planChanges, planTotals, streamsChanged } from '../domain/support-plan/plan.ts';
import { type Approver, type PartInput, type PlanState, type SignOff, type SignOffAction, type SignOffRules, actualBudgets, applySignOff, startSignOff } from '../domain/support-plan/sign-off.ts';
import { type DirectPaymentOffer, type OfferAction, type RecordedException, applyOffer, offerDirectPayments } from '../domain/support-plan/direct-payment.ts';
import type { Database, Queryable } from '../db/database.ts';
import {
  agreedBudgets,
  budgetReasonCodes,
  directPaymentOffers,
  fundingStreams,
  indicativeBudgets,
  organisations,
  people,
  roleAssignments,
  supportPlanDecisions,
  supportPlanVersions,
  supportPlans,
  users,
} from '../db/schema.ts';
import type { AuditWriter } from './audit.ts';
import { configurationsByIds } from './configuration-store.ts';
import type { PersonRef } from './people.ts';
import { recordProcessEvent } from './process-events.ts';

/** How the writer of a version stands to the person. */
export type WrittenAs = 'self' | 'representative' | 'broker' | 'practitioner';

export interface PlanRecord {
  id: string;
  areaId: string;
  personId: string;
  state: PlanState;
  currentVersion: number;
  revision: number;
  signOff: SignOff;
  /** The plan at its current version. */
  document: SupportPlan;
  submittedAt: Date | null;
  agreedAt: Date | null;
  updatedAt: Date;
  createdAt: Date;
}

/** A funding stream the person has an indicative budget for, with who owns it and the tolerance its RAS table allows. */
export interface PlanStream extends IndicativeAmount {
  owningOrganisationId: string | null;
  owningOrganisationName: string | null;
  tolerancePercent: number;
}

/** Why a write did not happen: the plan changed under the writer, a rule refused it, or there is no plan. */
export type PlanRefusal =
  | { ok: false; kind: 'conflict'; reason: string }
  | { ok: false; kind: 'refused'; reason: string; errors?: Record<string, string> }
  | { ok: false; kind: 'missing'; reason: string };

export type PlanWrite = { ok: true; plan: PlanRecord; events: string[]; notes: string[]; alreadyDone?: boolean } | PlanRefusal;

const conflict: PlanRefusal = { ok: false, kind: 'conflict', reason: 'Someone else changed this plan while you had it open. Look at it again and make your change once more' };
const missing: PlanRefusal = { ok: false, kind: 'missing', reason: 'There is no support plan here' };

const planColumns = {
  id: supportPlans.id,
  areaId: supportPlans.areaId,
  personId: supportPlans.personId,
  state: supportPlans.state,
  currentVersion: supportPlans.currentVersion,
  revision: supportPlans.revision,
  signOff: supportPlans.signOff,
  document: supportPlanVersions.document,
  submittedAt: supportPlans.submittedAt,
  agreedAt: supportPlans.agreedAt,
  updatedAt: supportPlans.updatedAt,
  createdAt: supportPlans.createdAt,
};

function planRecord(row: { [K in keyof typeof planColumns]: unknown }): PlanRecord {
  return { ...(row as Omit<PlanRecord, 'state' | 'signOff' | 'document'>), state: row.state as PlanState, signOff: row.signOff as SignOff, document: row.document as SupportPlan };
}

/** The person's open plan at its current version, in one read, or undefined before they start one. */
export async function openPlan(db: Queryable, person: PersonRef): Promise<PlanRecord | undefined> {
  const [row] = await db
    .select(planColumns)
    .from(supportPlans)
    .innerJoin(supportPlanVersions, and(eq(supportPlanVersions.areaId, supportPlans.areaId), eq(supportPlanVersions.planId, supportPlans.id), eq(supportPlanVersions.version, supportPlans.currentVersion)))
    .where(and(eq(supportPlans.areaId, person.areaId), eq(supportPlans.personId, person.id), isNull(supportPlans.supersededAt)));
  return row ? planRecord(row) : undefined;
}

/** The plan locked for a change, checked to be this person's. */
async function lockedPlan(tx: Queryable, person: PersonRef, planId: string): Promise<PlanRecord | undefined> {
  const [row] = await tx
    .select(planColumns)
    .from(supportPlans)
    .innerJoin(supportPlanVersions, and(eq(supportPlanVersions.areaId, supportPlans.areaId), eq(supportPlanVersions.planId, supportPlans.id), eq(supportPlanVersions.version, supportPlans.currentVersion)))
    .where(and(eq(supportPlans.areaId, person.areaId), eq(supportPlans.personId, person.id), eq(supportPlans.id, planId)))
    .for('update', { of: supportPlans });
  return row ? planRecord(row) : undefined;
}

/** Every version of the plan, newest first, with what changed and who wrote it. */
export function planVersions(db: Queryable, plan: { areaId: string; id: string }) {
  return db
    .select({
      version: supportPlanVersions.version,
      document: supportPlanVersions.document,
      changes: supportPlanVersions.changes,
      writtenAs: supportPlanVersions.writtenAs,
      writtenBy: users.displayName,
      createdAt: supportPlanVersions.createdAt,
    })
    .from(supportPlanVersions)
    .leftJoin(users, eq(users.id, supportPlanVersions.writtenByUserId))
    .where(and(eq(supportPlanVersions.areaId, plan.areaId), eq(supportPlanVersions.planId, plan.id)))
    .orderBy(desc(supportPlanVersions.version)) as Promise<
    { version: number; document: SupportPlan; changes: string[]; writtenAs: WrittenAs; writtenBy: string | null; createdAt: Date }[]
  >;
}

/** Every step of the plan's sign-off, oldest first, with the organisation that took it. */
export function planDecisions(db: Queryable, plan: { areaId: string; id: string }) {
  return db
    .select({
      id: supportPlanDecisions.id,
      action: supportPlanDecisions.action,
      streamCode: supportPlanDecisions.streamCode,
      planVersion: supportPlanDecisions.planVersion,
      byUserId: supportPlanDecisions.byUserId,
      byName: users.displayName,
      organisationId: supportPlanDecisions.organisationId,
      organisationName: organisations.name,
      actualYearlyPence: supportPlanDecisions.actualYearlyPence,
      reasonCode: supportPlanDecisions.reasonCode,
      reason: supportPlanDecisions.reason,
      events: supportPlanDecisions.events,
      notes: supportPlanDecisions.notes,
      occurredAt: supportPlanDecisions.occurredAt,
    })
    .from(supportPlanDecisions)
    .leftJoin(users, eq(users.id, supportPlanDecisions.byUserId))
    .leftJoin(organisations, eq(organisations.id, supportPlanDecisions.organisationId))
    .where(and(eq(supportPlanDecisions.areaId, plan.areaId), eq(supportPlanDecisions.planId, plan.id)))
    .orderBy(asc(supportPlanDecisions.occurredAt), asc(supportPlanDecisions.id)) as Promise<
    {
      id: string;
      action: string;
      streamCode: string | null;
      planVersion: number;
      byUserId: string | null;
      byName: string | null;
      organisationId: string | null;
      organisationName: string | null;
      actualYearlyPence: number | null;
      reasonCode: string | null;
      reason: string | null;
      events: string[];
      notes: string[];
      occurredAt: Date;
    }[]
  >;
}

/**
 * The person's current indicative budgets, one per stream, with the stream's name and owner and the tolerance of the
 * RAS table (or calculator) that set it: what a plan is written against and what its parts are sent to.
 */
export async function planStreams(db: Queryable, person: PersonRef): Promise<PlanStream[]> {
  const rows = await db
    .select({
      streamCode: indicativeBudgets.streamCode,
      streamName: fundingStreams.name,
      weeklyPence: indicativeBudgets.weeklyPence,
      yearlyPence: indicativeBudgets.yearlyPence,
      oneOffPence: indicativeBudgets.oneOffPence,
      configurationId: indicativeBudgets.configurationId,
      owningOrganisationId: fundingStreams.owningOrganisationId,
      owningOrganisationName: organisations.name,
    })
    .from(indicativeBudgets)
    .innerJoin(fundingStreams, and(eq(fundingStreams.areaId, indicativeBudgets.areaId), eq(fundingStreams.code, indicativeBudgets.streamCode)))
    .leftJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(and(eq(indicativeBudgets.areaId, person.areaId), eq(indicativeBudgets.personId, person.id), isNull(indicativeBudgets.supersededAt)))
    .orderBy(asc(fundingStreams.createdAt), asc(fundingStreams.code));
  const configurations = await configurationsByIds(db, person.areaId, [...new Set(rows.map((row) => row.configurationId))]);
  return rows.map(({ configurationId, ...row }) => {
    const definition = configurations.find((configuration) => configuration.id === configurationId)?.definition as { tolerancePercent?: unknown } | undefined;
    const tolerancePercent = typeof definition?.tolerancePercent === 'number' ? definition.tolerancePercent : defaultRasTable.tolerancePercent;
    return { ...row, tolerancePercent };
  });
}

/** The context a plan item is checked in: the streams it may be paid from, by name. */
export function itemContext(streams: readonly PlanStream[]): PlanItemContext {
  return { indicativeStreamCodes: streams.map((stream) => stream.streamCode), streamNames: Object.fromEntries(streams.map((stream) => [stream.streamCode, stream.streamName])) };
}

/** The area's reasons an actual budget may differ from the indicative one, in use now, in the order they were added. */
export function reasonCodes(db: Queryable, areaId: string): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: budgetReasonCodes.code, name: budgetReasonCodes.name })
    .from(budgetReasonCodes)
    .where(and(eq(budgetReasonCodes.areaId, areaId), isNull(budgetReasonCodes.retiredAt)))
    .orderBy(asc(budgetReasonCodes.createdAt), asc(budgetReasonCodes.code));
}

/** The reasons a new area starts with, labelled illustrative in the area's configuration until it words its own. */
export const defaultReasonCodes = [
  { code: 'needs-not-in-assessment', name: 'The plan meets needs the self-assessment did not show' },
  { code: 'unpaid-support', name: 'Unpaid or community support meets some of the needs' },
  { code: 'local-costs', name: 'Support costs more or less here than the allocation assumes' },
  { code: 'one-off-costs', name: 'There are one-off costs in the first year' },
  { code: 'person-chose-less', name: 'The person chose support that costs less' },
  { code: 'risk-or-health', name: 'A risk or health condition needs more support' },
] as const;

/** Gives a new area the default reasons. Call inside the transaction that creates the area. */
export async function seedReasonCodes(tx: Queryable, areaId: string, at: Date): Promise<void> {
  const now = at.getTime();
  // A millisecond apart, so the list reads back in this order.
  await tx.insert(budgetReasonCodes).values(defaultReasonCodes.map((reason, position) => ({ areaId, ...reason, createdAt: new Date(now + position) }))).onConflictDoNothing();
}

/** The user as an approver for streams this organisation owns, with their approval limit, if they are one. */
export async function approverFor(db: Queryable, userId: string, organisationId: string): Promise<Approver | undefined> {
  const [row] = await db
    .select({ limit: roleAssignments.approvalLimitYearlyPence })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'approver'), eq(roleAssignments.organisationId, organisationId)));
  if (!row) return undefined;
  // An approver with no limit recorded may approve nothing alone: a second approver must agree every part.
  return { id: userId, organisationId, limitYearlyPence: row.limit ?? 0 };
}

/** Sets an approver's limit (pence a year); refuses a negative or fractional amount. */
export async function setApprovalLimit(tx: Queryable, userId: string, organisationId: string, limitYearlyPence: number | null, audit: AuditWriter): Promise<boolean> {
  if (limitYearlyPence !== null && (!Number.isSafeInteger(limitYearlyPence) || limitYearlyPence < 0)) return false;
  const updated = await tx
    .update(roleAssignments)
    .set({ approvalLimitYearlyPence: limitYearlyPence })
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'approver'), eq(roleAssignments.organisationId, organisationId)))
    .returning({ id: roleAssignments.id });
  if (updated.length === 0) return false;
  await audit(tx, { action: 'user.approval-limit', subjectType: 'user', subjectId: userId, detail: 'approval limit changed' });
  return true;
}

interface Writer {
  userId: string | null;
  writtenAs: WrittenAs;
  now: Date;
  audit: AuditWriter;
}

function processKind(event: string): PlanEventKind | undefined {
  return planEventForSignOffEvent[event];
}

/**
 * Starts the person's plan, empty at version 1, or answers the plan they already have: starting twice (a retry, two
 * tabs) makes one plan.
 */
export async function startPlan(db: Database, person: PersonRef, writer: Writer): Promise<PlanWrite> {
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(supportPlans)
      .values({ areaId: person.areaId, personId: person.id, signOff: startSignOff(1), startedByUserId: writer.userId, createdAt: writer.now, updatedAt: writer.now })
      .onConflictDoNothing()
      .returning({ id: supportPlans.id });
    if (created) {
      await tx.insert(supportPlanVersions).values({ areaId: person.areaId, planId: created.id, version: 1, document: emptyPlan(), changes: [], writtenByUserId: writer.userId, writtenAs: writer.writtenAs, createdAt: writer.now });
      await recordProcessEvent(tx, { areaId: person.areaId, personId: person.id, kind: 'plan-started', dedupeKey: `plan-started:${created.id}`, occurredAt: writer.now });
      await writer.audit(tx, { action: 'plan.start', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: `as ${writer.writtenAs}` });
    }
    const plan = await openPlan(tx, person);
    if (!plan) return missing;
    return { ok: true, plan, events: created ? ['plan.started'] : [], notes: [], ...(created ? {} : { alreadyDone: true }) };
  });
}

async function saveSignOff(tx: Queryable, plan: PlanRecord, signOff: SignOff, now: Date, extra: { currentVersion?: number } = {}): Promise<void> {
  const submitted = signOff.state === 'submitted' && plan.state !== 'submitted';
  await tx
    .update(supportPlans)
    .set({
      state: signOff.state,
      signOff,
      revision: plan.revision + 1,
      updatedAt: now,
      ...(extra.currentVersion ? { currentVersion: extra.currentVersion } : {}),
      ...(submitted ? { submittedAt: now } : {}),
      ...(signOff.state === 'agreed' ? { agreedAt: now } : {}),
    })
    .where(and(eq(supportPlans.areaId, plan.areaId), eq(supportPlans.id, plan.id)));
}

/**
 * Makes the next version of the plan from `changes`. An agreed plan is not changed here (it changes at a review); a
 * plan with the approvers stays with them, and its changed parts go back to them when the person sends it again.
 */
export async function changePlan(db: Database, person: PersonRef, planId: string, expectedRevision: number, changes: readonly PlanChange[], context: PlanItemContext, writer: Writer): Promise<PlanWrite> {
  return db.transaction(async (tx) => {
    const plan = await lockedPlan(tx, person, planId);
    if (!plan) return missing;
    if (plan.revision !== expectedRevision) return conflict;
    if (plan.state === 'agreed') return { ok: false, kind: 'refused', reason: 'This plan is agreed. It can change at a review' };
    const next = nextVersion(plan.document, changes, context);
    if (!next.ok) return { ok: false, kind: 'refused', reason: next.reason, ...(next.errors ? { errors: next.errors as Record<string, string> } : {}) };
    const described = planChanges(plan.document, next.plan, context.streamNames ?? {});
    await tx.insert(supportPlanVersions).values({
      areaId: plan.areaId,
      planId: plan.id,
      version: next.plan.version,
      document: next.plan,
      changes: described,
      writtenByUserId: writer.userId,
      writtenAs: writer.writtenAs,
      createdAt: writer.now,
    });
    await tx
      .update(supportPlans)
      .set({ currentVersion: next.plan.version, revision: plan.revision + 1, updatedAt: writer.now })
      .where(and(eq(supportPlans.areaId, plan.areaId), eq(supportPlans.id, plan.id)));
    await writer.audit(tx, { action: 'plan.change', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: `version ${next.plan.version} as ${writer.writtenAs}` });
    return { ok: true, plan: { ...plan, document: next.plan, currentVersion: next.plan.version, revision: plan.revision + 1, updatedAt: writer.now }, events: ['plan.changed'], notes: described };
  });
}

/** The parts a plan sends for approval: one per stream it spends from, with the stream's owner and indicative amount. */
export function planParts(document: SupportPlan, streams: readonly PlanStream[]): { parts: PartInput[]; unowned: string[] } {
  const totals = planTotals(document, streams, Object.fromEntries(streams.map((stream) => [stream.streamCode, stream.streamName])));
  const parts: PartInput[] = [];
  const unowned: string[] = [];
  for (const total of totals.streams) {
    if (total.planYearlyPence === 0) continue;
    const stream = streams.find((s) => s.streamCode === total.streamCode);
    if (!stream?.owningOrganisationId) {
      unowned.push(total.streamName);
      continue;
    }
    parts.push({ streamCode: total.streamCode, owningOrganisationId: stream.owningOrganisationId, indicativeYearlyPence: total.indicativeYearlyPence, planYearlyPence: total.planYearlyPence });
  }
  return { parts, unowned };
}

async function recordDecision(
  tx: Queryable,
  plan: PlanRecord,
  input: { action: string; streamCode: string | null; planVersion: number; userId: string | null; organisationId: string | null; actualYearlyPence?: number | null; reasonCode?: string | null; reason?: string | null; events: string[]; notes: string[]; exception?: RecordedException | null; now: Date },
): Promise<string> {
  const [row] = await tx
    .insert(supportPlanDecisions)
    .values({
      areaId: plan.areaId,
      planId: plan.id,
      personId: plan.personId,
      action: input.action,
      streamCode: input.streamCode,
      planVersion: input.planVersion,
      byUserId: input.userId,
      organisationId: input.organisationId,
      actualYearlyPence: input.actualYearlyPence ?? null,
      reasonCode: input.reasonCode ?? null,
      reason: input.reason ?? null,
      events: input.events,
      notes: input.notes,
      directPaymentException: input.exception ?? null,
      occurredAt: input.now,
    })
    .returning({ id: supportPlanDecisions.id });
  const decisionId = row!.id;
  for (const event of input.events) {
    const kind = processKind(event);
    if (!kind) continue;
    const perStream = kind === 'part-approved' || kind === 'plan-returned';
    await recordProcessEvent(tx, {
      areaId: plan.areaId,
      personId: plan.personId,
      kind,
      streamCode: perStream ? input.streamCode : null,
      dedupeKey: `${kind}:${decisionId}`,
      occurredAt: input.now,
    });
  }
  return decisionId;
}

/** The exceptions approvers recorded with their approvals of this plan's current sign-off. */
async function recordedExceptions(tx: Queryable, plan: PlanRecord): Promise<RecordedException[]> {
  const rows = await tx
    .select({ exception: supportPlanDecisions.directPaymentException })
    .from(supportPlanDecisions)
    .where(and(eq(supportPlanDecisions.areaId, plan.areaId), eq(supportPlanDecisions.planId, plan.id), eq(supportPlanDecisions.action, 'approve'), eq(supportPlanDecisions.planVersion, plan.signOff.planVersion)))
    .orderBy(asc(supportPlanDecisions.occurredAt));
  const exceptions = new Map<string, RecordedException>();
  for (const row of rows) if (row.exception) exceptions.set((row.exception as RecordedException).streamCode, row.exception as RecordedException);
  return [...exceptions.values()];
}

/** On agreement: the actual budget per stream for the analysis (older agreements superseded) and a direct payment offer per stream. */
async function recordAgreement(tx: Queryable, plan: PlanRecord, signOff: SignOff, now: Date): Promise<string[]> {
  const [person] = await tx.select({ dateOfBirth: people.dateOfBirth, team: people.team }).from(people).where(and(eq(people.areaId, plan.areaId), eq(people.id, plan.personId)));
  const agreedOn = londonDay(now);
  const band = person ? ageBand(ageOn(person.dateOfBirth, agreedOn)) : 'under 18';
  const actuals = actualBudgets(signOff);
  await tx
    .update(agreedBudgets)
    .set({ supersededAt: now })
    .where(and(eq(agreedBudgets.areaId, plan.areaId), eq(agreedBudgets.personId, plan.personId), isNull(agreedBudgets.supersededAt)));
  await tx.delete(agreedBudgets).where(and(eq(agreedBudgets.areaId, plan.areaId), eq(agreedBudgets.planId, plan.id)));
  await tx.insert(agreedBudgets).values(
    actuals.map((actual) => ({
      areaId: plan.areaId,
      personId: plan.personId,
      planId: plan.id,
      streamCode: actual.streamCode,
      ageBand: band,
      team: person?.team ?? null,
      indicativeYearlyPence: signOff.parts.find((part) => part.streamCode === actual.streamCode)!.indicativeYearlyPence,
      actualYearlyPence: actual.actualYearlyPence,
      reasonCode: actual.reasonCode,
      agreedOn,
      createdAt: now,
    })),
  );
  const existing = await tx
    .select({ streamCode: directPaymentOffers.streamCode })
    .from(directPaymentOffers)
    .where(and(eq(directPaymentOffers.areaId, plan.areaId), eq(directPaymentOffers.planId, plan.id)));
  const fresh = actuals.filter((actual) => !existing.some((row) => row.streamCode === actual.streamCode));
  const { offers, events } = offerDirectPayments(fresh, await recordedExceptions(tx, plan));
  if (offers.length > 0) {
    await tx.insert(directPaymentOffers).values(
      offers.map((offer) => ({ areaId: plan.areaId, planId: plan.id, personId: plan.personId, streamCode: offer.streamCode, state: offer.state, offer, createdAt: now, updatedAt: now })),
    );
  }
  for (const event of events) {
    if (event.name !== 'direct-payment.offered') continue;
    await recordProcessEvent(tx, { areaId: plan.areaId, personId: plan.personId, kind: 'direct-payment-offered', streamCode: event.streamCode, dedupeKey: `direct-payment-offered:${plan.id}:${event.streamCode}`, occurredAt: now });
  }
  return events.map((event) => event.name);
}

/**
 * Sends the plan's current version for approval: first time, or again after a change or a return (only the parts whose
 * items changed, and parts sent back, go back to the approvers). Sending the same version twice does nothing new.
 */
export async function submitPlan(db: Database, person: PersonRef, planId: string, expectedRevision: number, streams: readonly PlanStream[], writer: Writer): Promise<PlanWrite> {
  return db.transaction(async (tx) => {
    const plan = await lockedPlan(tx, person, planId);
    if (!plan) return missing;
    if (plan.state === 'submitted' && plan.signOff.planVersion === plan.currentVersion) {
      return { ok: true, plan, events: [], notes: [], alreadyDone: true };
    }
    if (plan.revision !== expectedRevision) return conflict;
    const { parts, unowned } = planParts(plan.document, streams);
    if (unowned.length > 0) return { ok: false, kind: 'refused', reason: `No organisation approves ${unowned.join(' or ')} yet, so that part cannot be sent` };
    let action: SignOffAction;
    if (plan.signOff.state === 'draft') {
      action = { kind: 'submit', planVersion: plan.currentVersion, parts };
    } else {
      const [sent] = await tx
        .select({ document: supportPlanVersions.document })
        .from(supportPlanVersions)
        .where(and(eq(supportPlanVersions.areaId, plan.areaId), eq(supportPlanVersions.planId, plan.id), eq(supportPlanVersions.version, plan.signOff.planVersion)));
      const changed = sent ? [...streamsChanged(sent.document as SupportPlan, plan.document)] : parts.map((part) => part.streamCode);
      action = { kind: 'resubmit', planVersion: plan.currentVersion, parts, changedStreams: changed };
    }
    // Tolerance matters only for approvals; the submission's own rules need none.
    const result = applySignOff(plan.signOff, action, { tolerancePercent: 0, reasonCodes: [] });
    if (!result.ok) return { ok: false, kind: 'refused', reason: result.reason };
    await saveSignOff(tx, plan, result.signOff, writer.now);
    await recordDecision(tx, plan, { action: action.kind, streamCode: null, planVersion: plan.currentVersion, userId: writer.userId, organisationId: null, events: result.events, notes: result.notes, now: writer.now });
    const offerEvents = result.signOff.state === 'agreed' ? await recordAgreement(tx, plan, result.signOff, writer.now) : [];
    await writer.audit(tx, { action: 'plan.submit', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: [...result.events, ...offerEvents].join(' ') });
    return { ok: true, plan: { ...plan, state: result.signOff.state, signOff: result.signOff, revision: plan.revision + 1 }, events: [...result.events, ...offerEvents], notes: result.notes };
  });
}

export type PartDecision =
  | { kind: 'approve'; streamCode: string; actualYearlyPence: number; reasonCode?: string | null; panelAgreed?: boolean; exception?: RecordedException | null }
  | { kind: 'return'; streamCode: string; reason: string };

/**
 * An approver approves or sends back one part. The state machine decides; a refusal (another organisation's part, over
 * the approver's limit as second approver, the same approver twice) changes nothing but is audited as refused. A retry
 * of a decision already made answers as done.
 */
export async function decidePart(
  db: Database,
  person: PersonRef,
  planId: string,
  expectedRevision: number,
  approver: Approver,
  decision: PartDecision,
  streams: readonly PlanStream[],
  writer: Omit<Writer, 'writtenAs'>,
): Promise<PlanWrite> {
  const auditAction = decision.kind === 'approve' ? 'plan.approve' : 'plan.return';
  const outcome = await db.transaction(async (tx): Promise<PlanWrite> => {
    const plan = await lockedPlan(tx, person, planId);
    if (!plan) return missing;
    if (plan.revision !== expectedRevision) {
      const [done] = await tx
        .select({ id: supportPlanDecisions.id })
        .from(supportPlanDecisions)
        .where(
          and(
            eq(supportPlanDecisions.areaId, plan.areaId),
            eq(supportPlanDecisions.planId, plan.id),
            eq(supportPlanDecisions.action, decision.kind),
            eq(supportPlanDecisions.streamCode, decision.streamCode),
            eq(supportPlanDecisions.planVersion, plan.signOff.planVersion),
            eq(supportPlanDecisions.byUserId, approver.id),
          ),
        );
      return done ? { ok: true, plan, events: [], notes: [], alreadyDone: true } : conflict;
    }
    const stream = streams.find((s) => s.streamCode === decision.streamCode);
    const rules: SignOffRules = { tolerancePercent: stream?.tolerancePercent ?? defaultRasTable.tolerancePercent, reasonCodes: await reasonCodes(tx, plan.areaId) };
    const action: SignOffAction =
      decision.kind === 'approve'
        ? { kind: 'approve', streamCode: decision.streamCode, approver, actualYearlyPence: decision.actualYearlyPence, reasonCode: decision.reasonCode ?? null, panelAgreed: decision.panelAgreed === true }
        : { kind: 'return', streamCode: decision.streamCode, approver, reason: decision.reason };
    const result = applySignOff(plan.signOff, action, rules);
    if (!result.ok) return { ok: false, kind: 'refused', reason: result.reason };
    await saveSignOff(tx, plan, result.signOff, writer.now);
    await recordDecision(tx, plan, {
      action: decision.kind,
      streamCode: decision.streamCode,
      planVersion: plan.signOff.planVersion,
      userId: approver.id,
      organisationId: approver.organisationId,
      actualYearlyPence: decision.kind === 'approve' ? decision.actualYearlyPence : null,
      reasonCode: decision.kind === 'approve' ? (decision.reasonCode ?? null) : null,
      reason: decision.kind === 'return' ? decision.reason.trim() : null,
      events: result.events,
      notes: result.notes,
      exception: decision.kind === 'approve' ? (decision.exception ?? null) : null,
      now: writer.now,
    });
    const offerEvents = result.signOff.state === 'agreed' ? await recordAgreement(tx, plan, result.signOff, writer.now) : [];
    await writer.audit(tx, { action: auditAction, subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: [...result.events, ...offerEvents].join(' ') });
    return { ok: true, plan: { ...plan, state: result.signOff.state, signOff: result.signOff, revision: plan.revision + 1 }, events: [...result.events, ...offerEvents], notes: result.notes };
  });
  if (!outcome.ok && outcome.kind === 'refused') {
    // Nothing changed, but the attempt is on the record: who tried to approve what, and that the rules said no.
    await db.transaction((tx) => writer.audit(tx, { action: auditAction, outcome: 'denied', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: 'refused by the sign-off rules' }));
  }
  return outcome;
}

export interface OfferRecord {
  id: string;
  streamCode: string;
  state: DirectPaymentOffer['state'];
  offer: DirectPaymentOffer;
  revision: number;
  updatedAt: Date;
}

/** The direct payments offered for a plan, one per agreed stream. */
export function planOffers(db: Queryable, plan: { areaId: string; id: string }): Promise<OfferRecord[]> {
  return db
    .select({ id: directPaymentOffers.id, streamCode: directPaymentOffers.streamCode, state: directPaymentOffers.state, offer: directPaymentOffers.offer, revision: directPaymentOffers.revision, updatedAt: directPaymentOffers.updatedAt })
    .from(directPaymentOffers)
    .where(and(eq(directPaymentOffers.areaId, plan.areaId), eq(directPaymentOffers.planId, plan.id)))
    .orderBy(asc(directPaymentOffers.createdAt), asc(directPaymentOffers.streamCode)) as Promise<OfferRecord[]>;
}

export type OfferWrite = { ok: true; offer: OfferRecord; event: string | null; alreadyDone?: boolean } | { ok: false; kind: 'conflict' | 'missing' | 'refused'; reason: string; errors?: Record<string, string> };

/** The person accepts (signing the agreement), declines, or asks again for a direct payment for one stream. */
export async function answerOffer(db: Database, person: PersonRef, planId: string, streamCode: string, expectedRevision: number, action: OfferAction, writer: Omit<Writer, 'writtenAs'>): Promise<OfferWrite> {
  return db.transaction(async (tx): Promise<OfferWrite> => {
    const [row] = await tx
      .select({ id: directPaymentOffers.id, streamCode: directPaymentOffers.streamCode, state: directPaymentOffers.state, offer: directPaymentOffers.offer, revision: directPaymentOffers.revision, updatedAt: directPaymentOffers.updatedAt })
      .from(directPaymentOffers)
      .where(and(eq(directPaymentOffers.areaId, person.areaId), eq(directPaymentOffers.personId, person.id), eq(directPaymentOffers.planId, planId), eq(directPaymentOffers.streamCode, streamCode)))
      .for('update');
    if (!row) return { ok: false, kind: 'missing', reason: 'No direct payment has been offered for this part of the plan' };
    const current = row as OfferRecord;
    const target = action.kind === 'accept' ? 'accepted' : action.kind === 'decline' ? 'declined' : 'offered';
    if (current.revision !== expectedRevision) {
      if (current.state === target) return { ok: true, offer: current, event: null, alreadyDone: true };
      return { ok: false, kind: 'conflict', reason: 'This offer changed while you had it open. Look at it again' };
    }
    const result = applyOffer(current.offer, action);
    if (!result.ok) return { ok: false, kind: 'refused', reason: result.reason, ...(result.errors ? { errors: result.errors as Record<string, string> } : {}) };
    await tx
      .update(directPaymentOffers)
      .set({ state: result.offer.state, offer: result.offer, revision: current.revision + 1, updatedByUserId: writer.userId, updatedAt: writer.now })
      .where(and(eq(directPaymentOffers.areaId, person.areaId), eq(directPaymentOffers.id, current.id)));
    const kind = processKind(result.event);
    if (kind) {
      await recordProcessEvent(tx, { areaId: person.areaId, personId: person.id, kind, streamCode, dedupeKey: `${kind}:${current.id}:${current.revision + 1}`, occurredAt: writer.now });
    }
    await writer.audit(tx, { action: 'plan.direct-payment', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: result.event });
    return { ok: true, offer: { ...current, state: result.offer.state, offer: result.offer, revision: current.revision + 1, updatedAt: writer.now }, event: result.event };
  });
}

/** Plans with a part waiting for this organisation, oldest sent first: an approver's list of work. */
export function plansAwaiting(db: Queryable, areaId: string, organisationId: string, limit = 50) {
  return db
    .select({ planId: supportPlans.id, personId: supportPlans.personId, givenName: people.givenName, familyName: people.familyName, submittedAt: supportPlans.submittedAt, signOff: supportPlans.signOff, revision: supportPlans.revision })
    .from(supportPlans)
    .innerJoin(people, and(eq(people.areaId, supportPlans.areaId), eq(people.id, supportPlans.personId)))
    .where(
      and(
        eq(supportPlans.areaId, areaId),
        eq(supportPlans.state, 'submitted'),
        isNull(supportPlans.supersededAt),
        sql`exists (select 1 from jsonb_array_elements(${supportPlans.signOff} -> 'parts') part where part ->> 'owningOrganisationId' = ${organisationId} and part ->> 'state' in ('awaiting-approval', 'awaiting-second-approval'))`,
      ),
    )
    .orderBy(asc(supportPlans.submittedAt), asc(supportPlans.id))
    .limit(limit) as Promise<{ planId: string; personId: string; givenName: string; familyName: string; submittedAt: Date | null; signOff: SignOff; revision: number }[]>;
}

/** Whether any of these people's plans are in these states (for counts on home pages). */
export async function planStateCounts(db: Queryable, areaId: string, personIds: readonly string[]): Promise<Map<string, PlanState>> {
  if (personIds.length === 0) return new Map();
  const rows = await db
    .select({ personId: supportPlans.personId, state: supportPlans.state })
    .from(supportPlans)
    .where(and(eq(supportPlans.areaId, areaId), inArray(supportPlans.personId, [...personIds]), isNull(supportPlans.supersededAt)));
  return new Map(rows.map((row) => [row.personId, row.state as PlanState]));
}
