// The service catalogue in a real browser with JavaScript off: someone who has not signed in prices home care as
// money on the public calculator (making mistakes first), and an area administrator adds a service to the catalogue
// (with mistakes first). Axe checks each page and each error state at desktop width and at 320 pixels.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { areas, catalogueServices } from '../../src/db/schema.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let areaId: string;

beforeAll(async () => {
  harness = await startHarness();
  const [area] = await harness.database.db.select().from(areas).where(eq(areas.name, 'Northshire (illustrative)'));
  areaId = area!.id;
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('the cash-equivalent calculator', () => {
  it('turns 3 hours of home care a day into money, without signing in, explaining each mistake', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    await submitWith(page, page.getByRole('link', { name: 'what a service costs as money' }));
    expect(pathOf(page)).toBe('/cash-equivalent');
    await expectAccessible(page, 'choosing the area');
    await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select the area you live in');
    await expectAccessible(page, 'choosing no area');
    await page.getByLabel('Northshire (illustrative)').check();
    await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    expect(pathOf(page)).toBe(`/cash-equivalent/${areaId}`);
    await expectAccessible(page, 'the calculator');

    // Mistakes first: no service, a word for the amount, and no number of times.
    await page.getByLabel('How much each time?').fill('three');
    await page.getByLabel('Every week').check();
    const wrong = await submitWith(page, page.getByRole('button', { name: 'Work it out' }));
    expect(wrong.status()).toBe(400);
    const summary = (await page.locator('.govuk-error-summary').textContent())!.replace(/\s+/g, ' ');
    for (const message of ['Select a service', 'Enter how much each time as a number', 'Enter how many times a week']) expect(summary).toContain(message);
    await expect(page.getByLabel('How much each time?').inputValue()).resolves.toBe('three');
    await expectAccessible(page, 'the calculator with mistakes');

    await page.getByLabel('Home care, £24.50 an hour').check();
    await page.getByLabel('How much each time?').fill('3');
    await page.getByLabel('How many times?').fill('7');
    const right = await submitWith(page, page.getByRole('button', { name: 'Work it out' }));
    expect(right.status()).toBe(200);
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('3 hours a day of Home care costs £514.50 a week (£26,754.00 a year). You can take this as money instead, as a direct payment.');
    await expect(page.locator('main').textContent()).resolves.toContain('A direct payment is money paid to you');
    await expectAccessible(page, 'the cash equivalent');
  });
});

describe('the catalogue an area administrator keeps', () => {
  it('adds a service, after being told what was missing', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'admin@northshire.example', password);
    await submitWith(page, page.getByRole('link', { name: 'Service catalogue: services and their prices' }));
    expect(pathOf(page)).toBe(`/admin/areas/${areaId}/catalogue`);
    await expectAccessible(page, 'the catalogue');
    await submitWith(page, page.getByRole('button', { name: 'Add a service' }));
    await expectAccessible(page, 'adding a service');

    await page.getByLabel('Name', { exact: true }).fill('Swimming sessions');
    const wrong = await submitWith(page, page.getByRole('button', { name: 'Add service' }));
    expect(wrong.status()).toBe(400);
    const summary = (await page.locator('.govuk-error-summary').textContent())!.replace(/\s+/g, ' ');
    for (const message of ['Select the unit the service is priced in', 'Enter the unit cost', 'Enter the date this cost applies from', 'Select the funding streams']) expect(summary).toContain(message);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Swimming sessions');
    await expectAccessible(page, 'adding a service with mistakes');

    await page.getByLabel('Session', { exact: true }).check();
    await page.getByLabel('Price for one unit').fill('8.50');
    await page.locator('#effectiveFrom-day').fill('1');
    await page.locator('#effectiveFrom-month').fill('4');
    await page.locator('#effectiveFrom-year').fill('2025');
    await page.getByLabel('Adult Social Care').check();
    await submitWith(page, page.getByRole('button', { name: 'Add service' }));
    expect(pathOf(page)).toBe(`/admin/areas/${areaId}/catalogue`);
    await expect(page.locator('main').textContent()).resolves.toContain('£8.50 a session');
    const [added] = await harness.database.db.select().from(catalogueServices).where(and(eq(catalogueServices.areaId, areaId), eq(catalogueServices.name, 'Swimming sessions')));
    expect(added?.unit).toBe('session');
    await submitWith(page, page.getByRole('link', { name: 'Change Swimming sessions' }));
    await expectAccessible(page, 'changing a service');
  });
});
