// The demo's support plans: every state of the sign-off for someone to act on, never a plan for the people the budget
// holder and representative accounts belong to, and agreed budgets that follow the generator's known pattern.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { agreedBudgets, directPaymentOffers, organisations, processEvents, roleAssignments, supportPlanVersions, supportPlans, users } from '../db/schema.ts';
import { type AgeBand, ageBands } from '../domain/age-bands.ts';
import { actualVsIndicative } from '../domain/support-plan/actual-vs-indicative.ts';
import type { SignOff } from '../domain/support-plan/sign-off.ts';
import { FixedClock } from '../platform/clock.ts';
import { resetDatabase, testDatabase } from '../../test/support/database.ts';
import { changedWeekly, demoPlanParameters } from './demo-plans.ts';
import { createDemoRegion } from './demo-region.ts';

let database: DatabaseHandle;
let areaIds: string[];

beforeAll(async () => {
  database = await testDatabase();
  await resetDatabase(database);
  ({ areaIds } = await createDemoRegion(database.db, { people: 160, seed: 7, clock: new FixedClock('2026-12-02T10:00:00Z') }));
}, 240_000);

afterAll(async () => {
  await resetDatabase(database);
});

describe('the demo’s support plans', () => {
  it('never gives the budget holder or the represented person a plan', async () => {
    const personal = await database.db
      .select({ personId: roleAssignments.personId })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .where(sql`${roleAssignments.role} in ('budget_holder', 'representative') and ${users.illustrative}`);
    expect(personal.length).toBe(4);
    for (const { personId } of personal) {
      expect(await database.db.select().from(supportPlans).where(eq(supportPlans.personId, personId!))).toEqual([]);
    }
  });

  it('leaves work for every approver in each area: waiting, sent back with a reason, waiting for a second approval', async () => {
    for (const areaId of areaIds) {
      const open = await database.db.select({ state: supportPlans.state, signOff: supportPlans.signOff }).from(supportPlans).where(and(eq(supportPlans.areaId, areaId), isNull(supportPlans.supersededAt)));
      const kinds = new Map((await database.db.select({ id: organisations.id, kind: organisations.kind }).from(organisations).where(eq(organisations.areaId, areaId))).map((row) => [row.id, row.kind]));
      const parts = open.flatMap((plan) => (plan.signOff as SignOff).parts.map((part) => ({ ...part, plan: plan.state, kind: kinds.get(part.owningOrganisationId) })));
      const waiting = (kind: string) => parts.filter((part) => part.plan === 'submitted' && part.state === 'awaiting-approval' && part.kind === kind).length;
      expect(open.filter((plan) => plan.state === 'draft').length, 'drafts').toBeGreaterThanOrEqual(2);
      expect(waiting('county_council'), 'county').toBeGreaterThanOrEqual(1);
      expect(waiting('jobcentre_plus'), 'Jobcentre Plus').toBeGreaterThanOrEqual(1);
      expect(waiting('district_council'), 'district council').toBeGreaterThanOrEqual(1);
      expect(parts.filter((part) => part.state === 'awaiting-second-approval' && part.approvals.length === 1)).toHaveLength(1);
      const returned = parts.filter((part) => part.state === 'returned');
      expect(returned).toHaveLength(1);
      expect(returned[0]!.returnReason).toMatch(/^Illustrative: /);
      expect(open.filter((plan) => plan.state === 'agreed').length).toBeGreaterThan(20);
    }
  });

  it('offers a direct payment for every agreed part, some accepted, some declined, some still open', async () => {
    const offers = await database.db.select({ state: directPaymentOffers.state }).from(directPaymentOffers);
    const states = new Set(offers.map((offer) => offer.state));
    expect([...states].sort()).toEqual(['accepted', 'declined', 'offered']);
    const [agreed] = await database.db.select({ value: sql<number>`count(*)::int` }).from(agreedBudgets);
    expect(offers.length).toBe(agreed!.value);
  });

  it('labels every plan illustrative and records the steps each took, first contact included', async () => {
    const versions = await database.db.select({ document: supportPlanVersions.document }).from(supportPlanVersions).where(eq(supportPlanVersions.version, 2));
    expect(versions.length).toBeGreaterThan(0);
    for (const { document } of versions) expect(JSON.stringify(document)).toContain('(illustrative)');
    const kinds = new Set((await database.db.selectDistinct({ kind: processEvents.kind }).from(processEvents)).map((row) => row.kind));
    for (const kind of ['first-contact', 'plan-started', 'plan-submitted', 'plan-returned', 'part-approved', 'budget-agreed', 'direct-payment-offered', 'direct-payment-accepted', 'direct-payment-declined']) expect(kinds, kind).toContain(kind);
  });

  it('agrees budgets in the known pattern: each difference is one of its age band’s changes, older people below, working-age adults above', async () => {
    const rows = await database.db.select().from(agreedBudgets).where(isNull(agreedBudgets.supersededAt));
    expect(rows.length).toBeGreaterThan(60);
    for (const row of rows) {
      const weekly = row.indicativeYearlyPence / 52;
      expect(Number.isInteger(weekly)).toBe(true);
      const allowed = demoPlanParameters.agreedChangePercent[row.ageBand as AgeBand].map((percent) => (changedWeekly(weekly, percent) - weekly) * 52);
      expect(allowed, `${row.ageBand}: ${row.actualYearlyPence - row.indicativeYearlyPence}`).toContain(row.actualYearlyPence - row.indicativeYearlyPence);
    }
    const analysis = actualVsIndicative(
      rows.map((row) => ({ ageBand: row.ageBand as AgeBand, streamCode: row.streamCode, team: row.team ?? '', indicativeYearlyPence: row.indicativeYearlyPence, actualYearlyPence: row.actualYearlyPence })),
      { threshold: 1 },
    );
    const mean = (band: string) => analysis.groups.find((group) => group.breakdown === 'age band' && group.key === band)!.meanDifferencePence;
    for (const band of ageBands) {
      const expected = band === '18 to 24' || band === '25 to 64' ? 1 : -1;
      expect(Math.sign(mean(band) ?? 0), band).toBe(expected);
    }
  });
});
