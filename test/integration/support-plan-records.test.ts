// The stored support plan: versions never overwritten, a stale save refused, a plan sent to two agencies whose
// approvers each act on their own part only (one sends it back once), agreed budgets and direct payment offers
// recorded once, process events for each step, and every attempt audited, refused ones too.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { agreedBudgets, auditLog, directPaymentOffers, fundingStreams, indicativeBudgets, organisations, people, processEvents, roleAssignments, supportPlanDecisions, supportPlanVersions, supportPlans, users } from '../../src/db/schema.ts';
import type { PlanItem } from '../../src/domain/support-plan/plan.ts';
import { planEventKinds } from '../../src/domain/support-plan/process-measures.ts';
import type { AuditWriter } from '../../src/records/audit.ts';
import { auditWriter } from '../../src/records/audit.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import {
  type PlanStream,
  answerOffer,
  approverFor,
  changePlan,
  decidePart,
  itemContext,
  openPlan,
  planOffers,
  planStreams,
  planVersions,
  reasonCodes,
  startPlan,
  submitPlan,
} from '../../src/records/support-plans.ts';
import { seedDemo } from '../support/demo.ts';
import { resetDatabase, testDatabase } from '../support/database.ts';

let database: DatabaseHandle;
let person: { id: string; areaId: string };
let streams: PlanStream[];
const clock = new FixedClock('2026-11-02T10:00:00Z');
const requestId = `support-plan-records-${Date.now()}`;
const audit: AuditWriter = auditWriter({ type: 'user', id: null, route: null, method: null, requestId }, clock);
const writer = (userId: string | null, writtenAs: 'self' | 'broker' = 'self') => ({ userId, writtenAs, now: clock.now(), audit });

async function userId(email: string) {
  const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user!.id;
}

function item(id: string, streamCode: string, hoursAWeek: number, unitCostPence: number): PlanItem {
  return {
    id,
    replaces: null,
    what: `Support ${id}`,
    provider: 'A provider',
    unit: 'hour',
    frequency: { kind: 'weekly', unitsEachTime: hoursAWeek * 100, timesPerWeek: 1 },
    unitCostPence,
    startDate: '2026-11-09',
    endDate: null,
    streamCode,
    delivery: 'direct-payment',
    outcomeIds: [],
  } as PlanItem;
}

beforeAll(async () => {
  database = await testDatabase();
  await resetDatabase(database);
  await seedDemo(database, 40);
  // The demo gives many of its people plans of their own: this file starts its plans from nothing.
  for (const table of [agreedBudgets, directPaymentOffers, supportPlanDecisions, supportPlanVersions, supportPlans]) await database.db.delete(table);
  await database.db.delete(processEvents).where(inArray(processEvents.kind, [...planEventKinds]));
  // Someone with indicative budgets from two streams owned by different organisations.
  const rows = await database.db
    .select({ personId: indicativeBudgets.personId, areaId: indicativeBudgets.areaId, streamCode: indicativeBudgets.streamCode })
    .from(indicativeBudgets)
    .innerJoin(people, and(eq(people.areaId, indicativeBudgets.areaId), eq(people.id, indicativeBudgets.personId)));
  const byPerson = new Map<string, { areaId: string; codes: Set<string> }>();
  for (const row of rows) {
    const entry = byPerson.get(row.personId) ?? { areaId: row.areaId, codes: new Set<string>() };
    entry.codes.add(row.streamCode);
    byPerson.set(row.personId, entry);
  }
  const [found] = [...byPerson.entries()].filter(([, entry]) => entry.codes.has('adult-social-care') && entry.codes.has('access-to-work'));
  if (!found) throw new Error('The demo has no one with both adult social care and Access to Work');
  person = { id: found[0], areaId: found[1].areaId };
  streams = await planStreams(database.db, person);
});

afterAll(async () => {
  await resetDatabase(database);
});

describe('a support plan as stored', () => {
  it('knows each stream’s owner and tolerance, and the area’s reasons', async () => {
    const codes = streams.map((stream) => stream.streamCode);
    expect(codes).toEqual(expect.arrayContaining(['adult-social-care', 'access-to-work']));
    const asc = streams.find((stream) => stream.streamCode === 'adult-social-care')!;
    const atw = streams.find((stream) => stream.streamCode === 'access-to-work')!;
    expect(asc.owningOrganisationId).not.toBe(atw.owningOrganisationId);
    expect(asc.tolerancePercent).toBe(10);
    expect((await reasonCodes(database.db, person.areaId)).length).toBeGreaterThanOrEqual(5);
  });

  it('goes from an empty draft to agreed across two agencies, with one return, each step recorded once', async () => {
    const budgetHolder = null;
    const started = await startPlan(database.db, person, writer(budgetHolder));
    expect(started.ok).toBe(true);
    const again = await startPlan(database.db, person, writer(budgetHolder));
    expect(again.ok && again.alreadyDone).toBe(true);
    if (!started.ok) return;
    const planId = started.plan.id;
    const asc = streams.find((stream) => stream.streamCode === 'adult-social-care')!;
    const atw = streams.find((stream) => stream.streamCode === 'access-to-work')!;
    const context = itemContext(streams);

    // Over the adult social care budget on purpose, within Access to Work.
    const ascWeekly = asc.weeklyPence;
    const over = item('care', 'adult-social-care', 1, ascWeekly + 5000);
    const work = item('work', 'access-to-work', 1, Math.max(1, atw.weeklyPence - 100));
    const first = await changePlan(database.db, person, planId, started.plan.revision, [{ kind: 'add-item', item: over }, { kind: 'add-item', item: work }], context, writer(budgetHolder));
    expect(first.ok).toBe(true);
    if (!first.ok) return;

    const stale = await changePlan(database.db, person, planId, started.plan.revision, [{ kind: 'set-if-things-go-wrong', text: 'Call my sister' }], context, writer(budgetHolder));
    expect(stale).toMatchObject({ ok: false, kind: 'conflict' });

    // Fixed: the care item replaced by one inside the budget.
    const fixed = await changePlan(database.db, person, planId, first.plan.revision, [{ kind: 'replace-item', itemId: 'care', successor: item('care-2', 'adult-social-care', 1, ascWeekly) }], context, writer(budgetHolder));
    expect(fixed.ok).toBe(true);
    if (!fixed.ok) return;
    const versions = await planVersions(database.db, fixed.plan);
    expect(versions.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(versions[1]!.document.entries).toHaveLength(2);
    expect(versions[0]!.changes.length).toBeGreaterThan(0);

    const sent = await submitPlan(database.db, person, planId, fixed.plan.revision, streams, writer(budgetHolder));
    expect(sent).toMatchObject({ ok: true, events: ['plan.submitted'] });
    if (!sent.ok) return;
    const twice = await submitPlan(database.db, person, planId, fixed.plan.revision, streams, writer(budgetHolder));
    expect(twice).toMatchObject({ ok: true, alreadyDone: true });

    const councilApprover = (await approverFor(database.db, await userId('approver@northshire.example'), asc.owningOrganisationId!))!;
    const workApprover = (await approverFor(database.db, await userId('work.approver@northshire.example'), atw.owningOrganisationId!))!;
    expect(councilApprover.limitYearlyPence).toBe(2_000_000);

    // The council's approver cannot act on the Jobcentre's part; the refusal is audited.
    const crossed = await decidePart(database.db, person, planId, sent.plan.revision, councilApprover, { kind: 'approve', streamCode: 'access-to-work', actualYearlyPence: sent.plan.signOff.parts.find((p) => p.streamCode === 'access-to-work')!.indicativeYearlyPence }, streams, writer(councilApprover.id));
    expect(crossed).toMatchObject({ ok: false, kind: 'refused', reason: expect.stringContaining('your own organisation') });

    const ascPart = sent.plan.signOff.parts.find((p) => p.streamCode === 'adult-social-care')!;
    const approved = await decidePart(database.db, person, planId, sent.plan.revision, councilApprover, { kind: 'approve', streamCode: 'adult-social-care', actualYearlyPence: ascPart.indicativeYearlyPence }, streams, writer(councilApprover.id));
    expect(approved.ok).toBe(true);
    if (!approved.ok) return;
    const returned = await decidePart(database.db, person, planId, approved.plan.revision, workApprover, { kind: 'return', streamCode: 'access-to-work', reason: 'Say which days the support worker comes' }, streams, writer(workApprover.id));
    expect(returned).toMatchObject({ ok: true, events: ['plan.part.returned', 'plan.returned'] });
    if (!returned.ok) return;

    // The person changes only the Access to Work item and sends it again: the council's part stays approved.
    const changed = await changePlan(database.db, person, planId, returned.plan.revision, [{ kind: 'replace-item', itemId: 'work', successor: { ...work, id: 'work-2', what: 'Support worker, Mondays and Thursdays' } }], context, writer(budgetHolder));
    expect(changed.ok).toBe(true);
    if (!changed.ok) return;
    const resent = await submitPlan(database.db, person, planId, changed.plan.revision, streams, writer(budgetHolder));
    expect(resent.ok).toBe(true);
    if (!resent.ok) return;
    expect(resent.plan.signOff.parts.find((p) => p.streamCode === 'adult-social-care')!.state).toBe('approved');
    const atwPart = resent.plan.signOff.parts.find((p) => p.streamCode === 'access-to-work')!;
    expect(atwPart.state).toBe('awaiting-approval');

    const agreed = await decidePart(database.db, person, planId, resent.plan.revision, workApprover, { kind: 'approve', streamCode: 'access-to-work', actualYearlyPence: atwPart.indicativeYearlyPence }, streams, writer(workApprover.id));
    expect(agreed).toMatchObject({ ok: true, events: expect.arrayContaining(['plan.part.approved', 'plan.agreed', 'direct-payment.offered']) });
    // A retry of the same approval is answered as done, not made twice.
    const retried = await decidePart(database.db, person, planId, resent.plan.revision, workApprover, { kind: 'approve', streamCode: 'access-to-work', actualYearlyPence: atwPart.indicativeYearlyPence }, streams, writer(workApprover.id));
    expect(retried).toMatchObject({ ok: true, alreadyDone: true });

    const budgets = await database.db.select().from(agreedBudgets).where(and(eq(agreedBudgets.areaId, person.areaId), eq(agreedBudgets.personId, person.id)));
    expect(budgets.map((b) => b.streamCode).sort()).toEqual(['access-to-work', 'adult-social-care']);
    expect(budgets.every((b) => b.actualYearlyPence === b.indicativeYearlyPence && b.supersededAt === null)).toBe(true);

    const offers = await planOffers(database.db, { areaId: person.areaId, id: planId });
    expect(offers.map((offer) => offer.state)).toEqual(['offered', 'offered']);
    const offer = offers.find((o) => o.streamCode === 'adult-social-care')!;
    const accepted = await answerOffer(
      database.db,
      person,
      planId,
      'adult-social-care',
      offer.revision,
      { kind: 'accept', agreement: { amount: offer.offer.amount, repaymentAcknowledged: true, signedBy: { by: 'person' }, signedOn: '2026-11-02', suitablePerson: null } },
      writer(budgetHolder),
    );
    expect(accepted).toMatchObject({ ok: true, event: 'direct-payment.accepted' });
    const stored = await database.db.select().from(directPaymentOffers).where(and(eq(directPaymentOffers.areaId, person.areaId), eq(directPaymentOffers.planId, planId), eq(directPaymentOffers.streamCode, 'adult-social-care')));
    expect(stored[0]!.state).toBe('accepted');

    const kinds = (await database.db.select({ kind: processEvents.kind }).from(processEvents).where(and(eq(processEvents.areaId, person.areaId), eq(processEvents.personId, person.id)))).map((row) => row.kind);
    for (const kind of ['plan-started', 'plan-submitted', 'plan-returned', 'part-approved', 'budget-agreed', 'direct-payment-offered', 'direct-payment-accepted']) expect(kinds, kind).toContain(kind);
    expect(kinds.filter((kind) => kind === 'plan-started')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'budget-agreed')).toHaveLength(1);

    const entries = await database.db.select({ action: auditLog.action, outcome: auditLog.outcome }).from(auditLog).where(eq(auditLog.requestId, requestId));
    expect(entries).toEqual(expect.arrayContaining([{ action: 'plan.approve', outcome: 'denied' }, { action: 'plan.return', outcome: 'succeeded' }, { action: 'plan.submit', outcome: 'succeeded' }]));
    expect((await openPlan(database.db, person))!.state).toBe('agreed');
    const agreedVersions = await database.db.select({ version: supportPlanVersions.version }).from(supportPlanVersions).where(and(eq(supportPlanVersions.areaId, person.areaId), eq(supportPlanVersions.planId, planId)));
    expect(agreedVersions).toHaveLength(4);
  });

  it('sends an amount over the first approver’s limit to a second approver, who cannot be the same person', async () => {
    const [other] = await database.db
      .select({ personId: indicativeBudgets.personId })
      .from(indicativeBudgets)
      .where(and(eq(indicativeBudgets.areaId, person.areaId), eq(indicativeBudgets.streamCode, 'adult-social-care'), inArray(indicativeBudgets.personId, database.db.select({ id: people.id }).from(people).where(eq(people.areaId, person.areaId)))))
      .limit(50)
      .then((rows) => rows.filter((row) => row.personId !== person.id));
    const someone = { id: other!.personId, areaId: person.areaId };
    const theirStreams = await planStreams(database.db, someone);
    const asc = theirStreams.find((stream) => stream.streamCode === 'adult-social-care')!;
    const started = await startPlan(database.db, someone, writer(null));
    if (!started.ok) throw new Error('no plan');
    const withItem = await changePlan(database.db, someone, started.plan.id, started.plan.revision, [{ kind: 'add-item', item: item('care', 'adult-social-care', 1, asc.weeklyPence) }], itemContext(theirStreams), writer(null));
    if (!withItem.ok) throw new Error(withItem.reason);
    const sent = await submitPlan(database.db, someone, started.plan.id, withItem.plan.revision, theirStreams, writer(null));
    if (!sent.ok) throw new Error(sent.reason);
    const part = sent.plan.signOff.parts[0]!;
    const [organisation] = await database.db.select({ id: fundingStreams.owningOrganisationId }).from(fundingStreams).where(and(eq(fundingStreams.areaId, person.areaId), eq(fundingStreams.code, 'adult-social-care')));
    const lowLimitId = await userId('approver@northshire.example');
    await database.db.update(roleAssignments).set({ approvalLimitYearlyPence: part.indicativeYearlyPence - 1 }).where(eq(roleAssignments.userId, lowLimitId));
    const low = (await approverFor(database.db, lowLimitId, organisation!.id!))!;
    const first = await decidePart(database.db, someone, started.plan.id, sent.plan.revision, low, { kind: 'approve', streamCode: 'adult-social-care', actualYearlyPence: part.indicativeYearlyPence }, theirStreams, writer(low.id));
    expect(first).toMatchObject({ ok: true, events: ['plan.part.first-approval'] });
    if (!first.ok) return;
    const alone = await decidePart(database.db, someone, started.plan.id, first.plan.revision, low, { kind: 'approve', streamCode: 'adult-social-care', actualYearlyPence: part.indicativeYearlyPence }, theirStreams, writer(low.id));
    expect(alone).toMatchObject({ ok: false, kind: 'refused' });
    const senior = (await approverFor(database.db, await userId('senior.approver@northshire.example'), organisation!.id!))!;
    const second = await decidePart(database.db, someone, started.plan.id, first.plan.revision, senior, { kind: 'approve', streamCode: 'adult-social-care', actualYearlyPence: part.indicativeYearlyPence }, theirStreams, writer(senior.id));
    expect(second).toMatchObject({ ok: true, events: expect.arrayContaining(['plan.part.second-approval', 'plan.agreed']) });
    const [owner] = await database.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisation!.id!));
    expect(owner!.name).toBeTruthy();
  });
});

