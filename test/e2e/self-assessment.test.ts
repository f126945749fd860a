// The whole journey as a newcomer takes it, in a real browser with JavaScript switched off: refer yourself, start
// the joined-up self-assessment, answer some sections, sign out, come back on a second visit, finish, change an
// answer on check your answers, send, and see the budget with its explanation. Every page and error state is checked
// with axe. (The self-referral form's own error states are covered in self-referral.test.ts.)
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

const email = 'sam.starter@example.com';
const password = 'a long and memorable password';
let harness: Harness;
let personId: string;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

const choose = (page: Page, question: string, value: string) => page.locator(`input[name="${question}"][value="${value}"]`).check();
const press = (page: Page, name: string) => submitWith(page, page.getByRole('button', { name, exact: true }));

async function heading(page: Page) {
  return (await page.locator('h1').first().textContent())?.trim();
}

/** The amounts in one column of a table, as pence. */
async function columnPence(page: Page, table: ReturnType<Page['locator']>, column: number) {
  const cells = await table.locator(`tbody tr td:nth-child(${column})`).allTextContents();
  return cells.map((text) => {
    const match = /^(−|-)?£([\d,]+)\.(\d{2})$/.exec(text.trim())!;
    const value = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3]);
    return match[1] ? -value : value;
  });
}

describe('the self-assessment without JavaScript', () => {
  it('is done over two visits, changed on check your answers, sent, and the budget is explained', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });

    // A newcomer refers themselves, and is signed in to their new record.
    await page.goto('/');
    await submitWith(page, page.getByRole('button', { name: 'Refer yourself' }));
    await page.getByLabel('Northshire (illustrative)').check();
    await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    await page.getByLabel('First name').fill('Sam');
    await page.getByLabel('Last name').fill('Starter');
    await page.getByLabel('Day').fill('12');
    await page.getByLabel('Month').fill('6');
    await page.getByLabel('Year').fill('1958');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Create a password').fill(password);
    await page.locator('input[name="preferredContact"][value="email"]').check();
    await page.locator('input[name="accessibleFormat"][value="large-print"]').check();
    const made = await submitWith(page, page.getByRole('button', { name: 'Make my record' }));
    expect(made.status()).toBe(200);
    personId = pathOf(page).split('/')[2]!.split('?')[0]!;
    await page.getByRole('link', { name: 'Start or continue your self-assessment' }).click();
    expect(pathOf(page)).toBe(`/people/${personId}/assessment`);

    // First visit: start, and answer the first sections.
    expect(await heading(page)).toBe('Your self-assessment');
    await expectAccessible(page);
    await press(page, 'Start your self-assessment');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment`);
    await expect(page.locator('.govuk-task-list').textContent()).resolves.toContain('Not yet started');
    await expectAccessible(page, 'task list, nothing answered');

    await page.getByRole('link', { name: 'About you' }).click();
    expect(await heading(page)).toBe('About you');
    await expectAccessible(page);
    const empty = await press(page, 'Save and continue');
    expect(empty.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Select yes if you have a physical or mental impairment or illness');
    await expect(page.locator('#impairment-error').textContent()).resolves.toContain('Select yes if you have a physical or mental impairment or illness');
    await expectAccessible(page, 'about you with nothing answered');

    await choose(page, 'impairment', 'yes');
    await choose(page, 'fluctuating', 'no');
    await press(page, 'Save and continue');
    // The follow-up question appears on the next page load, since nothing can reveal it without JavaScript.
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/sections/about-you?added=1`);
    await expect(page.locator('.govuk-inset-text').textContent()).resolves.toContain('we need to ask you a bit more');
    await expect(page.locator('input[name="impairment"][value="yes"]').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'about you with a follow-up question');
    await choose(page, 'impairment-kind', 'physical');
    await choose(page, 'impairment-kind', 'long-term-condition');
    await press(page, 'Save and continue');

    expect(await heading(page)).toBe('Day-to-day living');
    await expectAccessible(page);
    const outcomes: Record<string, string> = {
      nutrition: 'needs-help',
      hygiene: 'risk',
      toilet: 'without-difficulty',
      clothing: 'takes-much-longer',
      'home-safety': 'needs-help',
      'habitable-home': 'pain-distress-anxiety',
      relationships: 'without-difficulty',
      'work-learning': 'without-difficulty',
      community: 'needs-help',
      caring: 'not-applicable',
    };
    // Twelve questions come in two pages of six.
    const [firstPage, secondPage] = [Object.entries(outcomes).slice(0, 6), Object.entries(outcomes).slice(6)];
    for (const [outcome, value] of firstPage) await choose(page, `outcome-${outcome}`, value);
    await press(page, 'Save and continue');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/sections/daily-living?page=2`);
    expect(await heading(page)).toBe('Day-to-day living');
    await expectAccessible(page, 'day-to-day living, page 2');
    for (const [outcome, value] of secondPage!) await choose(page, `outcome-${outcome}`, value);
    await choose(page, 'wellbeing-impact', 'significant');
    await choose(page, 'isolation', 'sometimes');
    await press(page, 'Save and continue');

    expect(await heading(page)).toBe('Help from family and friends');
    await choose(page, 'unpaid-support', 'no');
    await press(page, 'Save and continue');

    expect(await heading(page)).toBe('Work');
    await choose(page, 'work-status', 'in-work');
    await press(page, 'Save and come back later');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment?saved=all`);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Your answers have been saved');
    await expect(page.locator('body').textContent()).resolves.toContain('You have completed 3 of 6 sections');
    await expectAccessible(page, 'task list after saving for later');

    // Sign out, and come back another day.
    await press(page, 'Sign out');
    await signIn(page, email, password);
    await page.goto(`/people/${personId}/assessment`);
    await expect(page.locator('body').textContent()).resolves.toContain('You have completed 3 of 6 sections');
    await page.getByRole('link', { name: 'Work' }).click();
    await expect(page.locator('input[name="work-status"][value="in-work"]').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'work, on the second visit');
    await choose(page, 'work-support-needed', 'yes');
    await press(page, 'Save and continue');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/sections/work?added=1`);
    await page.locator('#work-support-worker-hours').fill('four');
    await page.locator('#work-equipment-cost').fill('£2,400');
    const badHours = await press(page, 'Save and continue');
    expect(badHours.status()).toBe(400);
    await expect(page.locator('#work-support-worker-hours-error').textContent()).resolves.toContain('Enter how many hours a week as a number');
    await expect(page.locator('#work-equipment-cost').inputValue()).resolves.toBe('£2,400');
    await expectAccessible(page, 'work with a number that is not a number');
    await page.locator('#work-support-worker-hours').fill('4');
    await press(page, 'Save and continue');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/sections/work?page=2`);
    await page.locator('#work-travel-cost').fill('£35.50');
    await choose(page, 'employer-size', '250-or-more');
    await press(page, 'Save and continue');

    expect(await heading(page)).toBe('Your home');
    await choose(page, 'home-adaptations-needed', 'yes');
    await page.locator('#housing-support-hours').fill('2');
    await press(page, 'Save and continue');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/sections/home?added=1`);
    await expectAccessible(page, 'your home with the questions about quotes');
    await page.locator('#home-adaptations-quotes').fill('6,000');
    await press(page, 'Save and continue');

    expect(await heading(page)).toBe('Support you already get');
    await choose(page, 'ilf-award', 'no');
    await press(page, 'Save and continue');

    // Check your answers, and change one.
    expect(pathOf(page)).toBe(`/people/${personId}/assessment`);
    await expect(page.locator('body').textContent()).resolves.toContain('You have completed 6 of 6 sections');
    await expectAccessible(page, 'task list, all sections completed');
    await page.getByRole('link', { name: 'Check your answers and send them' }).click();
    expect(await heading(page)).toBe('Check your answers before sending them');
    await expect(page.locator('main').textContent()).resolves.toContain('2 hours a week');
    await expectAccessible(page);
    await page.locator(`a[href="/people/${personId}/assessment/sections/home?returnTo=check#housing-support-hours"]`).click();
    await expect(page.locator('#housing-support-hours').inputValue()).resolves.toBe('2');
    await expectAccessible(page, 'changing an answer from check your answers');
    await page.locator('#housing-support-hours').fill('5');
    await press(page, 'Save and continue');
    expect(pathOf(page)).toBe(`/people/${personId}/assessment/check`);
    await expect(page.locator('main').textContent()).resolves.toContain('5 hours a week');

    // Send, and see the budget and how it was worked out.
    await press(page, 'Send your answers');
    expect(pathOf(page)).toBe(`/people/${personId}/budget?completed=1`);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Your self-assessment has been sent');
    const panel = (await page.locator('.govuk-panel').textContent())!.replace(/\s+/g, ' ');
    expect(panel).toMatch(/Money available: £[\d,]+\.\d{2} a week/);
    expect(panel).toMatch(/That is £[\d,]+\.\d{2} a year/);
    expect(panel).toMatch(/Plus £6,000\.00 paid once/);
    await expectAccessible(page, 'the budget');

    const housing = page.locator('#stream-supporting-people ~ table').first();
    const lines = await columnPence(page, housing, 2);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const total = lines.pop()!;
    expect(lines.reduce((sum, amount) => sum + amount, 0)).toBe(total);
    await expect(housing.textContent()).resolves.toContain('5 hours a week of housing-related support');
    await expect(page.locator('main').textContent()).resolves.toContain('What happens next');

    await page.getByRole('link', { name: 'Get this as a letter to keep or print' }).click();
    expect(await heading(page)).toBe('Your indicative personal budget');
    await expectAccessible(page, 'the budget letter');
    const pdf = await page.request.get(`/people/${personId}/budget/letter.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
