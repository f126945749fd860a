// The one light-touch sign-off in a real browser with JavaScript off: the county council's approver and the district
// council's approver each sign off their own parts of the Riverton budget holder's plan (the district council sends
// its part back once, with a reason), and the person reads the decision letter. An administrator changes an approval
// limit. Axe checks each page and each error state at desktop width and at 320 pixels.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { systemClock } from '../../src/platform/clock.ts';
import type { PersonRef } from '../../src/records/people.ts';
import { changePlan, itemContext, openPlan, submitPlan } from '../../src/records/support-plans.ts';
import { personOf, planItem, submittedPlan, type TestPlan, userIdOf } from '../support/submitted-plan.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let person: PersonRef;
let made: TestPlan;

beforeAll(async () => {
  harness = await startHarness();
  person = await personOf(harness.database.db, 'budget.holder@riverton.example');
  made = await submittedPlan(harness.database, person, await userIdOf(harness.database.db, 'budget.holder@riverton.example'), systemClock, {
    'adult-social-care': 'Help to cook at home',
    'supporting-people': 'Help to manage my tenancy',
    'disabled-facilities-grant': 'A level-access shower',
  });
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

/** The decision form for one part of the plan. */
const partForm = (page: Page, streamCode: string) => page.locator('form', { has: page.locator(`#${streamCode}-decision`) });

async function approveAsPlanned(page: Page, streamCode: string, label: string) {
  const form = partForm(page, streamCode);
  await form.getByLabel('Approve', { exact: true }).check();
  const response = await submitWith(page, form.getByRole('button', { name: `Save decision on ${label}` }));
  expect(response.status()).toBe(200);
  await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(`You approved ${label}`);
}

describe('two agencies sign off their own parts of one plan', () => {
  it('the county council’s approver finds the plan from their home page and approves their two parts, after one mistake', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'approver@riverton.example', password);
    await expect(page.locator('main').textContent()).resolves.toMatch(/Plans to approve: \d+ waiting for Riverton County Council/);
    await submitWith(page, page.getByRole('link', { name: 'Plans to approve' }));
    expect(pathOf(page)).toBe('/approvals');
    await expectAccessible(page, 'plans to approve');
    await submitWith(page, page.locator(`a[href="/people/${person.id}/plan/approval"]`));
    await expectAccessible(page, 'the approval page');
    const main = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(main).toContain('Help to cook at home');
    expect(main).toContain('Within tolerance: no panel needed');
    expect(main).toMatch(/Disabled Facilities Grant: with Riverton District Council/);
    expect(main).not.toContain('A level-access shower');

    // A mistake first: saving without choosing.
    const wrong = await submitWith(page, partForm(page, 'adult-social-care').getByRole('button', { name: 'Save decision on Adult Social Care' }));
    expect(wrong.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select whether to approve this part or send it back');
    await expectAccessible(page, 'the approval page with a mistake');

    await approveAsPlanned(page, 'adult-social-care', 'Adult Social Care');
    await expectAccessible(page, 'a part approved');
    await approveAsPlanned(page, 'supporting-people', 'Supporting People');
  });

  it('the district council’s approver sends their part back once with a reason, then approves it changed', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'housing.approver@riverton.example', password);
    await page.goto(`/people/${person.id}/plan/approval`);
    const form = partForm(page, 'disabled-facilities-grant');
    await form.getByLabel('Send it back to the person to change').check();
    const empty = await submitWith(page, form.getByRole('button', { name: 'Save decision on Disabled Facilities Grant' }));
    expect(empty.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter why you are sending this part back');
    await expectAccessible(page, 'sending back without a reason');
    await partForm(page, 'disabled-facilities-grant').getByLabel('Why you are sending it back').fill('Send a second quote for the shower');
    const returned = await submitWith(page, partForm(page, 'disabled-facilities-grant').getByRole('button', { name: 'Save decision on Disabled Facilities Grant' }));
    expect(returned.status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('back to the person');
    await expectAccessible(page, 'a part sent back');

    // The person changes the part and sends the plan again (their pages are elsewhere): the county's parts stay approved.
    const plan = (await openPlan(harness.database.db, person))!;
    const dfg = made.streams.find((stream) => stream.streamCode === 'disabled-facilities-grant')!;
    const item = plan.document.entries.find((entry) => entry.item.streamCode === 'disabled-facilities-grant' && entry.closedIn === null)!.item;
    const changed = await changePlan(harness.database.db, person, plan.id, plan.revision, [{ kind: 'replace-item', itemId: item.id, successor: planItem('dfg-2', 'disabled-facilities-grant', 0, 'A level-access shower, second quote', dfg.oneOffPence ?? 0) }], itemContext(made.streams), made.writer);
    if (!changed.ok) throw new Error(changed.reason);
    const resent = await submitPlan(harness.database.db, person, plan.id, changed.plan.revision, made.streams, made.writer);
    if (!resent.ok) throw new Error(resent.reason);

    await page.goto(`/people/${person.id}/plan/approval`);
    await expect(page.locator('main').textContent()).resolves.toContain('A level-access shower, second quote');
    await approveAsPlanned(page, 'disabled-facilities-grant', 'Disabled Facilities Grant');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Every part of the plan is now agreed');
    await expectAccessible(page, 'the plan agreed');
  });

  it('the person reads the decision letter with each agreed budget and how to ask for a review', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'budget.holder@riverton.example', password);
    const response = await page.goto(`/people/${person.id}/plan/decision-letter`);
    expect(response!.status()).toBe(200);
    const letter = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(letter).toContain('Your support plan is agreed.');
    expect(letter).toContain('Agreed by Riverton County Council');
    expect(letter).toContain('Agreed by Riverton District Council');
    expect(letter).toContain('How to ask Riverton District Council for a review');
    await expectAccessible(page, 'the decision letter');

    const northshire = await harness.newPage({ javaScriptEnabled: false });
    await signIn(northshire, 'budget.holder@northshire.example', password);
    const own = await personOf(harness.database.db, 'budget.holder@northshire.example');
    const none = await northshire.goto(`/people/${own.id}/plan/decision-letter`);
    expect(none!.status()).toBe(404);
    await expectAccessible(northshire, 'no decision yet');
  });
});

describe('approval limits', () => {
  it('an administrator changes an approver’s limit, after one mistake', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'admin@riverton.example', password);
    await page.goto('/admin/users');
    await expectAccessible(page, 'the users list with approval limits');
    const approver = await userIdOf(harness.database.db, 'approver@riverton.example');
    await submitWith(page, page.locator(`a[href="/admin/users/${approver}/approval-limit"]`));
    await expectAccessible(page, 'changing an approval limit');
    await page.getByLabel(/Approval limit at/).fill('20,000.001');
    const wrong = await submitWith(page, page.getByRole('button', { name: 'Save approval limit' }));
    expect(wrong.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('to the nearest penny');
    await expectAccessible(page, 'an approval limit with a mistake');
    await page.getByLabel(/Approval limit at/).fill('£22,500');
    await submitWith(page, page.getByRole('button', { name: 'Save approval limit' }));
    expect(pathOf(page)).toBe('/admin/users');
    await expect(page.locator('main').textContent()).resolves.toContain('£22,500.00 a year');
  });
});
