// An area administrator recalibrates the RAS table in a real browser: reads the settings, tries a bad import, changes
// the price per point, runs the what-if and publishes, with JavaScript off, and axe checks every page and error state.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RasTable } from '../../src/domain/budget/ras.ts';
import { areaConfigurations, areas } from '../../src/db/schema.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';
import { systemClock } from '../../src/platform/clock.ts';

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

async function heading(page: Awaited<ReturnType<Harness['newPage']>>) {
  return (await page.locator('h1').textContent())?.trim();
}

describe('recalibrating the RAS table', () => {
  it('a bad import lists its problems and saves nothing; the error state is accessible', async () => {
    const page = await harness.newPage();
    await signIn(page, 'admin@northshire.example', password);
    await page.goto(`/admin/areas/${areaId}/configuration`);
    await page.getByRole('button', { name: 'Import a file' }).click();
    expect(await heading(page)).toBe('Import a file');
    await expectAccessible(page, 'import form');

    const [table] = await harness.database.db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.kind, 'ras-table')));
    const bad = structuredClone(table!.definition) as Record<string, unknown>;
    bad.pricing = { kind: 'bands', bands: [{ fromPoints: 0, toPoints: 10, weeklyPence: 5000 }, { fromPoints: 8, toPoints: null, weeklyPence: -1 }] };
    await page.getByLabel('RAS table', { exact: true }).check();
    await page.getByLabel('Contents of the JSON file').fill(JSON.stringify(bad, null, 2));
    const response = await submitWith(page, page.getByRole('button', { name: 'Check and import' }));
    expect(response.status()).toBe(400);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('cannot be negative');
    await expect(page.locator('#definition-error').textContent()).resolves.toContain('Nothing has been saved');
    await expectAccessible(page, 'import with errors');
    const versions = await harness.database.db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.kind, 'ras-table')));
    expect(versions).toHaveLength(1);
  });

  it('without JavaScript: reads the table, changes the price per point, runs the what-if and publishes', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'admin@northshire.example', password);
    await page.goto(`/admin/areas/${areaId}/configuration`);
    expect(await heading(page)).toBe('Assessment and budget settings');
    await expectAccessible(page, 'settings overview');

    await page.getByRole('link', { name: 'View RAS table for Adult Social Care, version 1' }).click();
    expect(await heading(page)).toBe('Adult social care RAS (illustrative)');
    await expect(page.locator('main').textContent()).resolves.toContain('£9.00 a point');
    await expectAccessible(page, 'RAS table version 1');

    await page.getByRole('link', { name: /^Recalibrate/ }).click();
    expect(await heading(page)).toBe('Recalibrate the RAS table');
    await expectAccessible(page, 'recalibrate form');
    await page.getByLabel('Price of a point').fill('nine fifty');
    expect((await submitWith(page, page.getByRole('button', { name: 'Save as a draft' }))).status()).toBe(400);
    await expect(page.locator('#pricePerPoint-error').textContent()).resolves.toContain('Enter an amount in pounds and pence');
    await expectAccessible(page, 'recalibrate form with an error');
    await page.getByLabel('Price of a point').fill('9.50');
    expect((await submitWith(page, page.getByRole('button', { name: 'Save as a draft' }))).status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Saved as a new draft');
    await expect(page.locator('main').textContent()).resolves.toContain('£9.50 a point');
    await expectAccessible(page, 'the new draft');

    await page.getByRole('button', { name: 'See the effect on people' }).click();
    expect(await heading(page)).toBe('The effect on people');
    const whatIf = (await page.locator('main').textContent()) ?? '';
    expect(whatIf).toMatch(/People with a completed self-assessment\s*\d+/);
    expect(whatIf).toContain('£9.00 a point');
    expect(whatIf).toContain('By team');
    await expectAccessible(page, 'what-if');

    await page.getByRole('button', { name: 'Publish this draft' }).click();
    expect(pathOf(page)).toMatch(/\/publish$/);
    await expectAccessible(page, 'publish form');
    await page.getByLabel('Year').fill(String(Number(systemClock.today().slice(0, 4)) - 1));
    expect((await submitWith(page, page.getByRole('button', { name: 'Publish' }))).status()).toBe(400);
    await expect(page.locator('#reason-error').textContent()).resolves.toContain('Enter why this version applies from a date in the past');
    await expectAccessible(page, 'publish form with a past date and no reason');
    await page.getByLabel('Year').fill(systemClock.today().slice(0, 4));
    expect((await submitWith(page, page.getByRole('button', { name: 'Publish' }))).status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Published');
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toContain('In force');
    await expectAccessible(page, 'published version');

    const [published] = await harness.database.db
      .select()
      .from(areaConfigurations)
      .where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.kind, 'ras-table'), eq(areaConfigurations.version, 2)));
    expect(published!.publishedAt).not.toBeNull();
    expect(published!.effectiveFrom).toBe(systemClock.today());
    expect((published!.definition as RasTable).pricing).toEqual({ kind: 'per-point', pencePerPoint: 950 });
  });
});
