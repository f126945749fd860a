// The county council practitioner confirms one eligibility decision and changes another with a reason, in a real
// browser with JavaScript off; the person then reads the outcome, changes one answer that only another agency's stream
// rests on, and sends the answers again: the council's decisions stand. Axe checks every page and the error state.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assessments, consents, eligibilityDecisions, organisations, processEvents, roleAssignments, users } from '../../src/db/schema.ts';
import { recordCompletedAssessment } from '../support/assessment-records.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { brokenErrorSummaryLinks } from './support/crawl.ts';
import { expectAccessible, focusedClass, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let personId: string;
let assessmentId: string;

beforeAll(async () => {
  harness = await startHarness();
  // The person who holds the Northshire budget holder account, so they can read the outcome themselves afterwards.
  const [holder] = await harness.database.db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(users.email, 'budget.holder@northshire.example'), eq(roleAssignments.role, 'budget_holder')));
  personId = holder!.personId!;
  ({ assessmentId } = await recordCompletedAssessment(harness.database.db, personId));
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

async function decision(streamCode: string) {
  const [row] = await harness.database.db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.assessmentId, assessmentId), eq(eligibilityDecisions.streamCode, streamCode)));
  return row!;
}

describe('confirming and changing eligibility, without JavaScript', () => {
  it('the county council practitioner confirms Adult Social Care and changes Supporting People with a reason', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example', password);

    const overview = await page.goto(`/people/${personId}/eligibility`);
    expect(overview?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Eligibility for each funding stream');
    await expectAccessible(page);
    // The Jobcentre's stream is shown but not offered to the council.
    await expect(page.getByRole('link', { name: 'Confirm or change the decision (Access to Work)' }).count()).resolves.toBe(0);

    await submitWith(page, page.getByRole('link', { name: 'Confirm or change the decision (Adult Social Care)' }));
    expect(pathOf(page)).toBe(`/people/${personId}/eligibility/adult-social-care`);
    await expectAccessible(page);
    await page.getByLabel('Confirm the decision: eligible').check();
    const confirmed = await submitWith(page, page.getByRole('button', { name: 'Save decision' }));
    expect(confirmed.status()).toBe(200);
    expect(pathOf(page)).toBe(`/people/${personId}/eligibility?confirmed=adult-social-care`);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Decision saved for Adult Social Care');
    await expectAccessible(page);
    expect(await decision('adult-social-care')).toMatchObject({ confirmedDecision: 'eligible', confirmationReason: null });

    // Supporting People: the rules said not eligible; the practitioner changes it, first forgetting the reason.
    await submitWith(page, page.getByRole('link', { name: 'Confirm or change the decision (Supporting People)' }));
    await page.getByLabel('Change the decision to eligible').check();
    const refused = await submitWith(page, page.getByRole('button', { name: 'Save decision' }));
    expect(refused.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the reason for changing the decision');
    await expect(page.locator('#reason-error').textContent()).resolves.toContain('Enter the reason for changing the decision');
    await expect(page.getByLabel('Change the decision to eligible').isChecked()).resolves.toBe(true);
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    // Without JavaScript nothing moves focus; the summary is still first in the content for screen readers.
    expect(await focusedClass(page)).not.toContain('govuk-error-summary');
    await expectAccessible(page);

    const reason = 'You told us on the phone that you need help with letters and bills every week.';
    await page.getByLabel('Reason').fill(reason);
    const changed = await submitWith(page, page.getByRole('button', { name: 'Save decision' }));
    expect(changed.status()).toBe(200);
    const card = page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name: 'Supporting People' }) });
    await expect(card.textContent()).resolves.toContain(reason);
    await expect(card.textContent()).resolves.toContain('Changed from “Not eligible”');
    expect(await decision('supporting-people')).toMatchObject({ decision: 'not eligible', confirmedDecision: 'eligible', confirmationReason: reason });

    await submitWith(page, page.getByRole('link', { name: 'See the timeline: when each step happened' }));
    expect(pathOf(page)).toBe(`/people/${personId}/timeline`);
    const steps = await page.locator('tbody tr th').allTextContents();
    const confirmations = steps.map((step) => step.trim()).filter((step) => step.startsWith('Eligibility checked'));
    expect(confirmations).toEqual(['Eligibility checked by the organisation that owns the funding: Adult Social Care', 'Eligibility checked by the organisation that owns the funding: Supporting People']);
    await expectAccessible(page);
    const recorded = await harness.database.db.select().from(processEvents).where(and(eq(processEvents.personId, personId), eq(processEvents.kind, 'eligibility-confirmed')));
    expect(recorded.map((event) => event.streamCode).sort()).toEqual(['adult-social-care', 'supporting-people']);
  });

  it('the person reads their decisions, and the reason for the change, in plain English', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'budget.holder@northshire.example', password);
    const response = await page.goto(`/people/${personId}/eligibility`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Funding you can get');
    await expect(page.getByRole('link', { name: /Confirm or change/ }).count()).resolves.toBe(0);
    const supporting = page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name: 'Supporting People' }) });
    await expect(supporting.textContent()).resolves.toContain('You can get this');
    await expect(supporting.textContent()).resolves.toContain('You told us on the phone');
    await expectAccessible(page);
    await page.goto(`/people/${personId}/timeline`);
    await expect(page.locator('h1').textContent()).resolves.toBe('What has happened so far');
    await expectAccessible(page);
  });

  it('the Jobcentre work coach reads the decisions, is offered only its own streams, and is refused the council’s', async () => {
    const [jobcentre] = await harness.database.db.select().from(organisations).where(eq(organisations.name, 'Northshire Jobcentre Plus'));
    const shared = await harness.database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.organisationId, jobcentre!.id), isNull(consents.revokedAt)));
    if (shared.length === 0) await harness.database.db.insert(consents).values({ areaId: jobcentre!.areaId!, personId, organisationId: jobcentre!.id });
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'work.coach@northshire.example', password);
    await page.goto(`/people/${personId}/eligibility`);
    await expect(page.getByRole('link', { name: 'Confirm or change the decision (Access to Work)' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Confirm or change the decision (Adult Social Care)' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    const response = await page.goto(`/people/${personId}/eligibility/adult-social-care`);
    expect(response?.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('You do not have permission to see this page');
    await expectAccessible(page);
  });

  it('the person changes one answer about work and sends the answers again; the council’s decisions stand', async () => {
    const council = { asc: await decision('adult-social-care'), supporting: await decision('supporting-people') };
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'budget.holder@northshire.example', password);
    await page.goto(`/people/${personId}/assessment`);
    await expect(page.locator('h1').textContent()).resolves.toBe('You have finished your self-assessment');
    await submitWith(page, page.getByRole('button', { name: 'Update your answers' }));

    await page.goto(`/people/${personId}/assessment/check`);
    await expectAccessible(page);
    await submitWith(page, page.getByRole('link', { name: 'Change how many hours a week of help from a support worker do you need at work' }));
    await page.getByLabel('How many hours a week of help from a support worker do you need at work?').fill('8');
    await submitWith(page, page.getByRole('button', { name: 'Save and continue' }));
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/check`);
    const sent = await submitWith(page, page.getByRole('button', { name: 'Send your answers' }));
    expect(sent.status()).toBe(200);

    const [latest] = await harness.database.db.select().from(assessments).where(eq(assessments.personId, personId)).orderBy(desc(assessments.startedAt)).limit(1);
    expect(latest!.id).not.toBe(assessmentId);
    expect(latest!.status).toBe('completed');
    const after = async (streamCode: string) => (await harness.database.db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.assessmentId, latest!.id), eq(eligibilityDecisions.streamCode, streamCode))))[0]!;
    expect(await after('adult-social-care')).toMatchObject({ confirmedDecision: council.asc.confirmedDecision, previousDecisionId: council.asc.id, answersChanged: false });
    expect(await after('supporting-people')).toMatchObject({ confirmedDecision: 'eligible', confirmationReason: council.supporting.confirmationReason, answersChanged: false });

    await page.goto(`/people/${personId}/eligibility`);
    const supporting = page.locator('.govuk-summary-card', { has: page.getByRole('heading', { name: 'Supporting People' }) });
    await expect(supporting.textContent()).resolves.toContain('You can get this');
    await expect(supporting.textContent()).resolves.toContain('You told us on the phone');
    await expectAccessible(page);
  });
});
