// The direct payment offer and the area's reasons in a real browser with JavaScript off: the Riverton budget holder,
// whose plan both agencies have agreed, reads the offers (one not made, with its reasons), looks at saying no, then
// accepts the other after being told what the agreement was missing; an area administrator adds a reason to the list
// after a mistake. Axe checks each page and each error state at desktop width and at 320 pixels.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { budgetReasonCodes, directPaymentOffers } from '../../src/db/schema.ts';
import { agreePlanFor } from '../support/agreed-plan.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let person: { id: string; areaId: string };

beforeAll(async () => {
  harness = await startHarness();
  ({ person } = await agreePlanFor(harness.database.db, harness.app.clock, {
    exceptions: { 'supporting-people': { exception: 'need-not-met', reasons: 'Your housing support is paid to the provider under a contract that cannot be split.' } },
  }));
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('the person’s direct payment', () => {
  it('is accepted by the person, after being told what the agreement was missing', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'budget.holder@riverton.example', password);
    const offers = `/people/${person.id}/plan/direct-payments`;
    await page.goto(offers);
    const main = page.locator('main');
    await expect(main.textContent()).resolves.toContain('Not offered because the need cannot be met by a direct payment.');
    await expectAccessible(page, 'the offers');

    // Saying no has a confirm page; the person goes back instead.
    await submitWith(page, page.getByRole('link', { name: 'Say no to the direct payment for Adult social care' }));
    await expectAccessible(page, 'saying no');
    await submitWith(page, page.getByRole('link', { name: 'Go back' }));
    expect(pathOf(page)).toBe(offers);

    await submitWith(page, page.getByRole('button', { name: 'Accept the direct payment for Adult social care' }));
    expect(pathOf(page)).toBe(`${offers}/adult-social-care/accept`);
    await expectAccessible(page, 'the agreement');

    // Mistakes first: signed by someone else with no name, a date that is not real, no acknowledgement, and a
    // suitable person with one condition not confirmed.
    await page.locator('#signedBy-2').check();
    await page.locator('#signerRelationship').fill('Brother');
    await page.locator('#signedOn-day').fill('31');
    await page.locator('#signedOn-month').fill('2');
    await page.locator('#signedOn-year').fill('2026');
    await page.locator('#suitablePerson-2').check();
    for (const condition of ['surrogateConsent', 'consulted', 'wishesConsidered']) await page.locator(`#condition-${condition}`).check();
    const wrong = await submitWith(page, page.getByRole('button', { name: 'Sign and accept' }));
    expect(wrong.status()).toBe(400);
    const summary = (await page.locator('.govuk-error-summary').textContent())!.replace(/\s+/g, ' ');
    for (const message of ['Confirm that you understand when you may have to pay money back', 'Enter the name of the person signing', 'The date signed must be a real date', 'Record that an enhanced criminal record check was done']) {
      expect(summary).toContain(message);
    }
    await expect(page.locator('#signerRelationship').inputValue()).resolves.toBe('Brother');
    await expect(page.locator('#condition-consulted').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'the agreement with mistakes');

    const [year, month, day] = harness.app.clock.today().split('-');
    await page.getByLabel('I understand when money may have to be paid back').check();
    await page.locator('#signerName').fill('Sam Smith');
    await page.locator('#signedOn-day').fill(String(Number(day)));
    await page.locator('#signedOn-month').fill(String(Number(month)));
    await page.locator('#signedOn-year').fill(year!);
    await page.locator('#condition-enhancedCheck').check();
    const right = await submitWith(page, page.getByRole('button', { name: 'Sign and accept' }));
    expect(right.status()).toBe(200);
    expect(pathOf(page)).toBe(`${offers}/adult-social-care/accepted`);
    await expect(page.locator('.govuk-panel').textContent()).resolves.toContain('Direct payment accepted');
    await expect(main.textContent()).resolves.toContain('What happens next');
    await expectAccessible(page, 'the confirmation');

    await submitWith(page, page.getByRole('link', { name: 'Back to direct payments' }));
    await expect(main.textContent()).resolves.toContain('Sam Smith, as a suitable person');
    await expectAccessible(page, 'the offers once accepted');
    const [row] = await harness.database.db.select().from(directPaymentOffers).where(and(eq(directPaymentOffers.areaId, person.areaId), eq(directPaymentOffers.personId, person.id), eq(directPaymentOffers.streamCode, 'adult-social-care')));
    expect(row!.state).toBe('accepted');
  });
});

describe('the area’s reasons a budget may differ', () => {
  it('gets a new reason from the area administrator, after a mistake', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'admin@northshire.example', password);
    await submitWith(page, page.getByRole('link', { name: 'Reasons an agreed budget may differ from the indicative budget' }));
    expect(pathOf(page)).toMatch(/^\/admin\/areas\/[0-9a-f-]{36}\/budget-reasons$/);
    await expectAccessible(page, 'the reasons');
    await submitWith(page, page.getByRole('button', { name: 'Add a reason' }));
    await expectAccessible(page, 'adding a reason');

    await page.getByLabel('Reason', { exact: true }).fill('Help from a local charity covers some costs');
    await page.getByLabel('Code (optional)').fill('local-costs');
    const wrong = await submitWith(page, page.getByRole('button', { name: 'Add reason' }));
    expect(wrong.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The code local-costs is already used for another reason in this area');
    await expect(page.getByLabel('Reason', { exact: true }).inputValue()).resolves.toBe('Help from a local charity covers some costs');
    await expectAccessible(page, 'adding a reason with a mistake');

    await page.getByLabel('Code (optional)').fill('');
    const right = await submitWith(page, page.getByRole('button', { name: 'Add reason' }));
    expect(right.status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Help from a local charity covers some costs');
    await expectAccessible(page, 'the reasons with the new one');
    const added = await harness.database.db.select().from(budgetReasonCodes).where(eq(budgetReasonCodes.code, 'help-from-a-local-charity-covers-some-costs'));
    expect(added).toHaveLength(1);

    await submitWith(page, page.getByRole('link', { name: 'Change wording of help-from-a-local-charity-covers-some-costs' }));
    await expectAccessible(page, 'changing a reason');
    await submitWith(page, page.getByRole('link', { name: 'Back to the reasons' }));
    await submitWith(page, page.getByRole('button', { name: 'Retire help-from-a-local-charity-covers-some-costs' }));
    await expectAccessible(page, 'the reasons with one retired');
  });
});
