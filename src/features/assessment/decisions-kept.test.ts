// Changing some answers and sending the assessment again keeps each owning organisation's decision on the streams those
// answers do not touch, and flags the streams they do touch to their owner with what it decided before.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPence } from '../../domain/budget/money.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { assessments, consents, eligibilityDecisions, indicativeBudgets, organisations, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { answerEverything, answerSection, clearAssessments, formAnswers } from '../../../test/support/assessment-journey.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let personId: string;
let areaId: string;

beforeAll(async () => {
  ({ app, database } = await testApp());
  await seedDemo(database);
  const [row] = await database.db
    .select({ personId: roleAssignments.personId, areaId: roleAssignments.areaId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.email, 'budget.holder@northshire.example'));
  personId = row!.personId!;
  areaId = row!.areaId!;
  await clearAssessments(database, personId);
  for (const kind of ['county_council', 'jobcentre_plus']) {
    const [organisation] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
    const shared = await database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.organisationId, organisation!.id), isNull(consents.revokedAt)));
    if (shared.length === 0) await database.db.insert(consents).values({ areaId, personId, organisationId: organisation!.id });
  }
});
afterAll(() => app.close());

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  expect((await browser.signIn(email, password)).statusCode, email).toBe(303);
  return browser;
}

async function submit(browser: TestBrowser) {
  await browser.get(`/people/${personId}/assessment/check`);
  expect((await browser.post(`/people/${personId}/assessment/submit`, {})).statusCode).toBe(303);
}

async function decide(email: string, streamCode: string, form: Record<string, string>) {
  const browser = await signedIn(email);
  const path = `/people/${personId}/eligibility/${streamCode}`;
  expect((await browser.get(path)).statusCode).toBe(200);
  expect((await browser.post(path, form)).statusCode).toBe(303);
}

async function decisionsOf(assessmentId: string) {
  const rows = await database.db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.areaId, areaId), eq(eligibilityDecisions.assessmentId, assessmentId)));
  return Object.fromEntries(rows.map((row) => [row.streamCode, row]));
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/\s+/g, ' ');
}

describe('sending changed answers again', () => {
  it('keeps the decisions the changed answers do not touch, flags the ones they do, and shows the amounts that applied', async () => {
    const holder = await signedIn('budget.holder@northshire.example');
    await answerEverything(holder, personId);
    await submit(holder);
    const [first] = await database.db.select().from(assessments).where(eq(assessments.personId, personId));
    const firstBudgets = await database.db.select().from(indicativeBudgets).where(eq(indicativeBudgets.assessmentId, first!.id));
    expect(firstBudgets.map((budget) => budget.streamCode).sort()).toEqual(['access-to-work', 'adult-social-care', 'disabled-facilities-grant', 'supporting-people']);

    const reason = 'Your housing association already pays for this support.';
    await decide('practitioner@northshire.example', 'supporting-people', { outcome: 'not-eligible', reason });
    await decide('practitioner@northshire.example', 'adult-social-care', { outcome: 'confirm', reason: '' });
    await decide('work.coach@northshire.example', 'access-to-work', { outcome: 'confirm', reason: 'Checked with your employer.' });
    const before = await decisionsOf(first!.id);

    // Only the work answers change.
    await holder.get(`/people/${personId}/assessment`);
    await holder.post(`/people/${personId}/assessment/start`, {});
    expect((await answerSection(holder, personId, 'work', { ...formAnswers.work, 'work-support-worker-hours': '8' }, { returnTo: 'check' })).statusCode).toBe(303);
    await submit(holder);
    const [second] = await database.db.select().from(assessments).where(eq(assessments.personId, personId)).orderBy(desc(assessments.startedAt)).limit(1);
    expect(second!.id).not.toBe(first!.id);
    const after = await decisionsOf(second!.id);

    // The council's change of Supporting People, with its reason, and its confirmation of adult social care stand.
    for (const stream of ['supporting-people', 'adult-social-care']) {
      expect(after[stream], stream).toMatchObject({
        confirmedDecision: before[stream]!.confirmedDecision,
        confirmationReason: before[stream]!.confirmationReason,
        confirmedByUserId: before[stream]!.confirmedByUserId,
        confirmedAt: before[stream]!.confirmedAt,
        previousDecisionId: before[stream]!.id,
        answersChanged: false,
      });
    }
    expect(after['supporting-people']!.confirmedDecision).toBe('not eligible');
    expect(after['supporting-people']!.confirmationReason).toBe(reason);
    // Access to Work rests on the work answers: decided again by the rules and flagged to the Jobcentre.
    expect(after['access-to-work']).toMatchObject({ decision: 'eligible', confirmedDecision: null, answersChanged: true, previousDecisionId: before['access-to-work']!.id });

    const coach = await signedIn('work.coach@northshire.example');
    const confirmPage = text((await coach.get(`/people/${personId}/eligibility/access-to-work`)).body);
    expect(confirmPage).toContain('Answers changed since you decided');
    expect(confirmPage).toContain('What Northshire Jobcentre Plus decided before');
    expect(confirmPage).toContain('Checked with your employer.');
    const eligibility = text((await coach.get(`/people/${personId}/eligibility`)).body);
    expect(eligibility).toContain('Answers changed since Northshire Jobcentre Plus decided “Eligible”');

    // The earlier budget shows what applied: everything but the Supporting People amount the council overrode.
    const applied = firstBudgets.filter((budget) => budget.streamCode !== 'supporting-people');
    const weekly = applied.reduce((sum, budget) => sum + budget.weeklyPence, 0);
    const page = text((await holder.get(`/people/${personId}/budget`)).body);
    const history = page.slice(page.indexOf('Earlier budgets'));
    expect(history).toContain(formatPence(weekly));
    expect(history).toContain(formatPence(weekly * 52));
    expect(history).toContain(`Supporting People: nothing applied. Northshire County Council looked at this again and decided you cannot get this, because: ${reason}`);
    // Now, too, Supporting People is explained by the council's reason, not the rules' reason for the opposite.
    const now = page.slice(page.indexOf('Funding you cannot get at the moment'), page.indexOf('What happens next'));
    expect(now).toContain(`decided you cannot get this, because: ${reason}`);
    expect(now).not.toContain('You need help to keep your home and tenancy going.');

    // Once the Jobcentre decides again, the flag is gone.
    await decide('work.coach@northshire.example', 'access-to-work', { outcome: 'confirm', reason: '' });
    expect(text((await coach.get(`/people/${personId}/eligibility/access-to-work`)).body)).not.toContain('Answers changed since you decided');
  });
});
