// For tests: a submitted support plan for a demo person, written through the shared plan records as the person would
// write it: one outcome, and one item per stream costing exactly that stream's indicative budget.
import { eq } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../../src/db/database.ts';
import { roleAssignments, users } from '../../src/db/schema.ts';
import type { PlanItem } from '../../src/domain/support-plan/plan.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { auditWriter } from '../../src/records/audit.ts';
import type { PersonRef } from '../../src/records/people.ts';
import { type PlanRecord, type PlanStream, changePlan, itemContext, planStreams, startPlan, submitPlan } from '../../src/records/support-plans.ts';

export async function userIdOf(db: Database, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No demo user ${email}`);
  return user.id;
}

/** The person a budget holder's account belongs to. */
export async function personOf(db: Database, email: string): Promise<PersonRef> {
  const [row] = await db
    .select({ id: roleAssignments.personId, areaId: roleAssignments.areaId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.email, email));
  if (!row?.id || !row.areaId) throw new Error(`${email} holds no personal role`);
  return { id: row.id, areaId: row.areaId };
}

/** One item an hour a week at `weeklyPence` an hour (or, for money paid once, one thing bought), paid as a direct payment. */
export function planItem(id: string, streamCode: string, weeklyPence: number, what = `Support ${id}`, oneOffPence = 0): PlanItem {
  const once = weeklyPence === 0 && oneOffPence > 0;
  return {
    id,
    replaces: null,
    what,
    provider: 'Riverside Support',
    unit: once ? 'one-off' : 'hour',
    frequency: once ? { kind: 'one-off', unitsEachTime: 100 } : { kind: 'weekly', unitsEachTime: 100, timesPerWeek: 1 },
    unitCostPence: once ? oneOffPence : weeklyPence,
    startDate: '2026-11-09',
    endDate: null,
    streamCode,
    delivery: 'direct-payment',
    outcomeIds: ['o1'],
  };
}

export interface TestPlan {
  plan: PlanRecord;
  streams: PlanStream[];
  writer: { userId: string | null; writtenAs: 'self'; now: Date; audit: ReturnType<typeof auditWriter> };
}

/** Starts, writes and sends the person's plan; `what` names each stream's item, so a page can be searched for it. */
export async function submittedPlan(database: DatabaseHandle, person: PersonRef, userId: string, clock: Clock, what: Record<string, string> = {}): Promise<TestPlan> {
  const audit = auditWriter({ type: 'user', id: userId, route: null, method: null, requestId: `test-plan-${person.id}` }, clock);
  const writer = { userId, writtenAs: 'self' as const, now: clock.now(), audit };
  const streams = await planStreams(database.db, person);
  const started = await startPlan(database.db, person, writer);
  if (!started.ok) throw new Error(started.reason);
  const items = streams.map((stream, index) => planItem(`item-${index}`, stream.streamCode, stream.weeklyPence, what[stream.streamCode], stream.oneOffPence ?? 0));
  const written = await changePlan(
    database.db,
    person,
    started.plan.id,
    started.plan.revision,
    [{ kind: 'set-outcomes', outcomes: [{ id: 'o1', inOwnWords: 'I want to cook my own meals again', careActOutcomes: ['nutrition'], domain: 'health' }] }, ...items.map((item) => ({ kind: 'add-item' as const, item }))],
    itemContext(streams),
    writer,
  );
  if (!written.ok) throw new Error(written.reason);
  const sent = await submitPlan(database.db, person, started.plan.id, written.plan.revision, streams, writer);
  if (!sent.ok) throw new Error(sent.reason);
  return { plan: sent.plan, streams, writer };
}
