// The managers' report in a real browser with JavaScript off: the director follows the link on their home page to
// actual against indicative budgets, reads the summary, the chart and the tables, and downloads the CSV file. Axe
// checks the page at desktop width and at 320 pixels.
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { areas } from '../../src/db/schema.ts';
import { createDemoRegion } from '../../src/demo/demo-region.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let areaId: string;

beforeAll(async () => {
  harness = await startHarness();
  // A demo big enough for every age group to have agreed budgets to show.
  await createDemoRegion(harness.database.db, { people: 120, seed: 7 });
  const [area] = await harness.database.db.select().from(areas).where(eq(areas.name, 'Northshire (illustrative)'));
  areaId = area!.id;
}, 120_000);
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('actual against indicative budgets', () => {
  it('is one click from the director’s home page, reads in words, and downloads as a CSV file', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false, acceptDownloads: true });
    await signIn(page, 'director@northshire.example', password);
    await submitWith(page, page.getByRole('link', { name: 'Actual against indicative budgets, and how long plans take' }));
    expect(pathOf(page)).toBe(`/areas/${areaId}/reports/actual-vs-indicative`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Actual against indicative budgets');
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/^On average, people aged .* were agreed less than their indicative budget; people aged .* more\.$/);
    const chart = page.getByRole('img', { name: /Mean difference a year between agreed and indicative budgets, by age/ });
    await expect(chart.count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'How long plans take' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'actual against indicative budgets');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these figures as a CSV file' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^actual-vs-indicative-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF"Breakdown","Group","People"')).toBe(true);
    expect(csv).toContain('"Everyone","Everyone",');
    expect(csv).toContain('"Age band","Aged 65 to 74",');
  });
});
