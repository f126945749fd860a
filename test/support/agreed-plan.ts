// For tests of what follows an agreed plan (direct payments, the API): the Riverton budget holder's plan written, sent and agreed by each owning agency's
// approver through the shared records functions, exactly as the sign-off pages would, so the offers exist as they
// would for a real person. An approver may record an exception for a stream, so no direct payment is offered for it.
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { roleAssignments } from '../../src/db/schema.ts';
import { personOf, userIdOf } from './submitted-plan.ts';
import type { DirectPaymentException } from '../../src/domain/support-plan/direct-payment.ts';
import type { PlanItem } from '../../src/domain/support-plan/plan.ts';
import { auditWriter } from '../../src/records/audit.ts';
import { approverFor, changePlan, decidePart, itemContext, planStreams, startPlan, submitPlan } from '../../src/records/support-plans.ts';
import type { Clock } from '../../src/platform/clock.ts';

export const rivertonBudgetHolder = 'budget.holder@riverton.example';

/** The demo area's approvers, one per agency that owns a stream: `riverton` → approver@riverton.example and the rest. */
export const demoApprovers = (areaSlug: string) => ['approver', 'work.approver', 'housing.approver'].map((name) => `${name}@${areaSlug}.example`);

function weeklyItem(id: string, streamCode: string, weeklyPence: number): PlanItem {
  return {
    id,
    replaces: null,
    what: `Support from ${streamCode}`,
    provider: 'A local provider',
    unit: 'week',
    frequency: { kind: 'weekly', unitsEachTime: 100, timesPerWeek: 1 },
    unitCostPence: weeklyPence,
    startDate: '2026-11-09',
    endDate: null,
    streamCode,
    delivery: 'direct-payment',
    outcomeIds: [],
  } as PlanItem;
}

/**
 * Writes a plan spending each weekly stream's indicative budget, sends it, and has each owning organisation's approver
 * agree its part at the indicative amount (their limits raised so no second approver is needed).
 */
export async function agreePlanFor(db: Database, clock: Clock, options: { email?: string; exceptions?: Exceptions } = {}) {
  const email = options.email ?? rivertonBudgetHolder;
  const person = await personOf(db, email);
  return agreePlan(db, clock, person, demoApprovers(email.split('@')[1]!.split('.')[0]!), options.exceptions);
}

type Exceptions = Partial<Record<string, { exception: DirectPaymentException; reasons: string }>>;

/** The same for any person with indicative budgets, agreed by the first of `approverEmails` who approves each part. */
export async function agreePlan(db: Database, clock: Clock, person: { id: string; areaId: string }, approverEmails: readonly string[], exceptions: Exceptions = {}) {
  const audit = auditWriter({ type: 'user', id: null, route: null, method: null, requestId: `agreed-plan-${person.id}` }, clock);
  const writer = { userId: null, writtenAs: 'self' as const, now: clock.now(), audit };
  const streams = (await planStreams(db, person)).filter((stream) => stream.weeklyPence > 0 && stream.owningOrganisationId);
  const approverIds = await Promise.all(approverEmails.map((email) => userIdOf(db, email)));
  await db.update(roleAssignments).set({ approvalLimitYearlyPence: 1_000_000_000 }).where(and(inArray(roleAssignments.userId, approverIds), eq(roleAssignments.role, 'approver')));

  const started = await startPlan(db, person, writer);
  if (!started.ok) throw new Error(started.reason);
  const items = streams.map((stream) => ({ kind: 'add-item' as const, item: weeklyItem(`item-${stream.streamCode}`, stream.streamCode, stream.weeklyPence) }));
  const written = await changePlan(db, person, started.plan.id, started.plan.revision, items, itemContext(streams), writer);
  if (!written.ok) throw new Error(written.reason);
  const sent = await submitPlan(db, person, started.plan.id, written.plan.revision, streams, writer);
  if (!sent.ok) throw new Error(sent.reason);
  let revision = sent.plan.revision;
  for (const part of sent.plan.signOff.parts) {
    let approver;
    for (const id of approverIds) approver ??= await approverFor(db, id, part.owningOrganisationId);
    if (!approver) throw new Error(`No demo approver for ${part.streamCode}`);
    const exception = exceptions[part.streamCode];
    const decided = await decidePart(
      db,
      person,
      started.plan.id,
      revision,
      approver,
      { kind: 'approve', streamCode: part.streamCode, actualYearlyPence: part.indicativeYearlyPence, exception: exception ? { streamCode: part.streamCode, ...exception } : null },
      streams,
      { userId: approver.id, now: clock.now(), audit },
    );
    if (!decided.ok) throw new Error(decided.reason);
    revision = decided.plan.revision;
  }
  return { person, planId: started.plan.id, streams };
}
