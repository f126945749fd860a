// The demo gives every role real work on first start: issued budgets, decisions confirmed, changed and still to look
// at, and a representative who is on the person's record.
import { createHash } from 'node:crypto';
import { and, count, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { possibleMatch } from '../../src/domain/people/possible-match.ts';
import { eligibilityDecisions, indicativeBudgets, people, personSupporters, referralChecks, roleAssignments, users } from '../../src/db/schema.ts';
import { createDemoRegion } from '../../src/demo/demo-region.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
beforeAll(async () => {
  ({ app, database } = await testApp());
  await seedDemo(database);
});
afterAll(() => app.close());

async function howMany(table: typeof eligibilityDecisions | typeof indicativeBudgets, where?: ReturnType<typeof and>) {
  const [row] = await database.db.select({ value: count() }).from(table).where(where);
  return Number(row?.value ?? 0);
}

describe('the demo region', () => {
  it('has issued budgets, and decisions confirmed, changed with a reason, and not yet looked at', async () => {
    expect(await howMany(indicativeBudgets)).toBeGreaterThan(0);
    expect(await howMany(eligibilityDecisions, and(isNotNull(eligibilityDecisions.confirmedDecision), eq(eligibilityDecisions.confirmedDecision, eligibilityDecisions.decision)))).toBeGreaterThan(0);
    expect(await howMany(eligibilityDecisions, and(ne(eligibilityDecisions.confirmedDecision, eligibilityDecisions.decision), isNotNull(eligibilityDecisions.confirmationReason)))).toBeGreaterThan(0);
    expect(await howMany(eligibilityDecisions, isNull(eligibilityDecisions.confirmedDecision))).toBeGreaterThan(0);
  });

  it('has self-referrals for staff to check in each area, one flagged as a possible duplicate that really matches', async () => {
    const demo = await database.db.select().from(referralChecks).where(and(eq(referralChecks.source, 'self-referral'), isNull(referralChecks.checkedAt)));
    expect(demo.length).toBeGreaterThanOrEqual(4);
    const flagged = demo.filter((check) => check.possibleMatchIds.length > 0);
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    for (const check of flagged) {
      const [referred] = await database.db.select().from(people).where(and(eq(people.areaId, check.areaId), eq(people.id, check.personId)));
      const [known] = await database.db.select().from(people).where(and(eq(people.areaId, check.areaId), eq(people.id, check.possibleMatchIds[0]!)));
      expect(referred!.referral).toBe('self-referral');
      expect(possibleMatch(referred!, known!)).toBeDefined();
    }
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    const list = await browser.get('/people/self-referrals');
    expect(list.statusCode).toBe(200);
    expect(list.body.match(/Mark as checked/g)?.length).toBeGreaterThanOrEqual(2);
    expect(list.body).toContain('Possible duplicate');
  });

  it('puts the representative on the record of the person they act for, with their account', async () => {
    const [representative] = await database.db
      .select({ userId: users.id, personId: roleAssignments.personId })
      .from(users)
      .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
      .where(eq(users.email, 'representative@northshire.example'));
    const [supporter] = await database.db
      .select()
      .from(personSupporters)
      .where(and(eq(personSupporters.personId, representative!.personId!), eq(personSupporters.userId, representative!.userId), sql`${personSupporters.kind} = 'representative'`));
    expect(supporter).toBeDefined();

    const browser = new TestBrowser(app);
    await browser.signIn('representative@northshire.example', password);
    const record = await browser.get(`/people/${representative!.personId}`);
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Northshire Representative');
    expect(record.body).not.toContain('No representative or suitable person is recorded');
  });

  it('shows the budget holder their budget straight away', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('budget.holder@northshire.example', password);
    const personId = /\/people\/([0-9a-f-]{36})/.exec((await browser.get('/')).body)![1]!;
    const budget = await browser.get(`/people/${personId}/budget`);
    expect(budget.statusCode).toBe(200);
    expect(budget.body).toMatch(/£[\d,]+\.\d\d/);
  });

  // Last, as it resets the demo. Made in batches, the demo is still the same people, answers, decisions and budgets for
  // the same seed and day: a fingerprint of everything it makes but ids and the database's own timestamps.
  it('makes the same people, answers, decisions and budgets for the same seed as it always has', async () => {
    await createDemoRegion(database.db, { people: 40, seed: 7, clock: new FixedClock('2026-12-02T10:00:00Z') });
    const person = sql`a.name, p.postcode`;
    const rows = await Promise.all([
      database.db.execute(sql`select ${person}, p.given_name, p.family_name, p.date_of_birth, p.team, p.nhs_number, p.referral, p.illustrative_profile from people p join areas a on a.id = p.area_id order by 1, 2`),
      database.db.execute(sql`select ${person}, o.kind from consents c join people p on p.id = c.person_id join areas a on a.id = p.area_id join organisations o on o.id = c.organisation_id order by 1, 2, 3`),
      database.db.execute(sql`select ${person}, s.status, s.answers, s.completed_at from assessments s join people p on p.id = s.person_id join areas a on a.id = p.area_id order by 1, 2`),
      database.db.execute(sql`select ${person}, d.stream_code, d.decision, d.reasons, d.confirmed_decision, d.confirmation_reason from eligibility_decisions d join people p on p.id = d.person_id join areas a on a.id = p.area_id order by 1, 2, 3`),
      database.db.execute(sql`select ${person}, b.stream_code, b.weekly_pence, b.yearly_pence, b.one_off_pence, b.lines from indicative_budgets b join people p on p.id = b.person_id join areas a on a.id = p.area_id order by 1, 2, 3`),
      database.db.execute(sql`select ${person}, r.source, jsonb_array_length(r.possible_match_ids) as matches from referral_checks r join people p on p.id = r.person_id join areas a on a.id = p.area_id order by 1, 2`),
      database.db.execute(sql`select u.email, u.display_name, ra.role from users u join role_assignments ra on ra.user_id = u.id where u.illustrative order by 1`),
    ]);
    // PGlite and node-postgres both answer with { rows }.
    const text = JSON.stringify(rows.map((result) => (result as { rows: unknown[] }).rows));
    expect(text).toContain('illustrative');
    expect(createHash('sha256').update(text).digest('hex')).toBe('5b387cf5411d582fcaab9bcf6d7a6a3ff5f8a912718e33432d1f49dfef66c2f2');
  });
});
