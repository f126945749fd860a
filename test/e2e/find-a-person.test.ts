// A practitioner finds a person in a real browser with JavaScript off: searches by name from the staff home page,
// goes to page 3 of the results and opens the record; a date of birth that cannot be right is explained, with the
// search kept. Axe checks each page against WCAG 2.2 AA, at desktop width and at 320 pixels.
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { areas, consents, organisations, people } from '../../src/db/schema.ts';
import { brokenErrorSummaryLinks } from './support/crawl.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  const { db } = harness.database;
  const [area] = await db.select().from(areas).where(eq(areas.name, 'Northshire (illustrative)'));
  const [county] = await db.select().from(organisations).where(and(eq(organisations.areaId, area!.id), eq(organisations.kind, 'county_council')));
  // 55 people share a surname with the person to find, whose first name sorts last: she is on page 3 of 25 a page.
  const namesakes = Array.from({ length: 55 }, (_unused, index) => ({ givenName: `Alex${String(index).padStart(2, '0')}`, familyName: 'Ashdown-Vale', dateOfBirth: '1961-05-04' }));
  const made = await db
    .insert(people)
    .values([...namesakes, { givenName: 'Zelda', familyName: 'Ashdown-Vale', dateOfBirth: '1958-11-23', postcode: 'NS4 7QT' }].map((person) => ({ ...person, areaId: area!.id })))
    .returning({ id: people.id });
  await db.insert(consents).values(made.map((person) => ({ areaId: area!.id, personId: person.id, organisationId: county!.id })));
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

/** Checks the page as it is, then again in a 320 pixel wide window. */
async function expectAccessibleAtBothWidths(page: Page, label: string): Promise<void> {
  await expectAccessible(page, label);
  const desktop = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  await expectAccessible(page, `${label} at 320 px`);
  if (desktop) await page.setViewportSize(desktop);
}

const showing = async (page: Page) => (await page.locator('main').textContent())!.replace(/\s+/g, ' ').match(/Showing \d+ to \d+ of \d+ (people|person)/)?.[0];

describe('finding a person without JavaScript', () => {
  it('searches by name, goes to page 3 of the results and opens the record', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example', password);
    await expect(showing(page)).resolves.toMatch(/^Showing 1 to 25 of \d+ people$/);
    await expectAccessibleAtBothWidths(page, 'staff home');

    await page.getByLabel('Name', { exact: true }).fill('ashdown');
    await submitWith(page, page.getByRole('button', { name: 'Search' }));
    expect(pathOf(page)).toContain('name=ashdown');
    await expect(showing(page)).resolves.toBe('Showing 1 to 25 of 56 people');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('ashdown');
    await expectAccessibleAtBothWidths(page, 'search results, page 1');

    const pages = page.getByRole('navigation', { name: /Pages of people/ });
    await submitWith(page, pages.getByRole('link', { name: 'Next' }));
    await expect(showing(page)).resolves.toBe('Showing 26 to 50 of 56 people');
    await submitWith(page, pages.getByRole('link', { name: 'Page 3' }));
    expect(pathOf(page)).toMatch(/name=ashdown.*page=3/);
    await expect(showing(page)).resolves.toBe('Showing 51 to 56 of 56 people');
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('ashdown');
    await expectAccessibleAtBothWidths(page, 'search results, page 3');

    await submitWith(page, page.getByRole('link', { name: 'Zelda Ashdown-Vale' }));
    expect(pathOf(page)).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    await expect(page.locator('h1').textContent()).resolves.toContain('Zelda Ashdown-Vale');
  });

  it('sorts the results and keeps the search, and explains a date of birth that cannot be right', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example', password);
    await page.getByLabel('Name', { exact: true }).fill('Ashdown-Vale');
    await page.getByLabel('Sort by').selectOption('date-of-birth');
    await submitWith(page, page.getByRole('button', { name: 'Search' }));
    await expect(page.locator('table tbody tr').first().textContent()).resolves.toContain('Zelda Ashdown-Vale');

    await page.getByLabel('Day').fill('31');
    await page.getByLabel('Month').fill('2');
    await page.getByLabel('Year').fill('1958');
    const refused = await submitWith(page, page.getByRole('button', { name: 'Search' }));
    expect(refused.status()).toBe(200);
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Date of birth must be a real date');
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Ashdown-Vale');
    await expect(page.getByLabel('Day').inputValue()).resolves.toBe('31');
    await expect(page.getByLabel('Sort by').inputValue()).resolves.toBe('date-of-birth');
    await expectAccessibleAtBothWidths(page, 'a date of birth that cannot be right');

    await page.getByLabel('Day').fill('23');
    await page.getByLabel('Month').fill('11');
    await submitWith(page, page.getByRole('button', { name: 'Search' }));
    await expect(showing(page)).resolves.toBe('Showing 1 to 1 of 1 person');
  });
});
