// Pages anyone can see, and every way signing in can go wrong, in a real browser with and without JavaScript.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/platform/passwords.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, fillSignIn, focusedClass, focusedId, signIn, submitWith } from './support/pages.ts';

// A short lockout limit keeps the lockout journey to a few attempts.
const maxFailures = 3;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ LOGIN_MAX_FAILURES: String(maxFailures) });
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('public pages', () => {
  const pages = [
    { path: '/', heading: 'Right to Control' },
    { path: '/sign-in', heading: 'Sign in' },
    { path: '/accessibility', heading: 'Accessibility statement for Right to Control' },
    { path: '/privacy', heading: 'Privacy notice' },
    { path: '/cookies', heading: 'Cookies' },
    { path: '/signed-out', heading: 'You have signed out' },
    { path: '/contribution-estimate', heading: 'Estimate what you might pay towards your support' },
  ];

  it.each(pages)('$path is accessible to a visitor who is not signed in', async ({ path, heading }) => {
    const page = await harness.newPage();
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(path);
    await expect(page.locator('h1').textContent()).resolves.toBe(heading);
    await expectAccessible(page);
  });

  it('an unknown address shows an accessible "Page not found" page with status 404', async () => {
    const page = await harness.newPage();
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await expectAccessible(page);
  });
});

describe('estimating what you might pay, without JavaScript', () => {
  it('asks the questions, explains a mistake next to its field, and gives the estimate', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await page.goto('/contribution-estimate');
    // A few areas are radios, many a list: the demo's two are radios.
    await page.getByLabel('Northshire (illustrative)').check();
    await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    await expect(page.locator('h1').textContent()).resolves.toBe('What you might pay towards your support');
    await expectAccessible(page, 'the estimate’s questions');

    await page.locator('#age').fill('forty');
    const mistake = await submitWith(page, page.getByRole('button', { name: 'Work it out' }));
    expect(mistake.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    await expect(page.locator('#age-error').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'the estimate’s questions with a mistake');

    await page.locator('#age').fill('40');
    await page.locator('#otherIncome').fill('200');
    await page.locator('#capital').fill('1,000');
    await page.locator('#housingCosts').fill('50');
    await page.locator('#disabilityCostsNotSure').check();
    await page.locator('input[name="premiums"][value="no"]').check();
    const result = await submitWith(page, page.getByRole('button', { name: 'Work it out' }));
    expect(result.status()).toBe(200);
    await expect(page.locator('main').textContent()).resolves.toMatch(/You are (likely|unlikely) to pay/);
    await expectAccessible(page, 'the estimate');
  });
});

describe('signing in', () => {
  it('an empty form shows an error summary that takes focus and links to each field', async () => {
    const page = await harness.newPage();
    await page.goto('/sign-in');
    const response = await submitWith(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    expect(response.status()).toBe(400);
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    // GOV.UK Frontend moves focus to the summary so screen reader users hear the problems first.
    await expect(focusedClass(page)).resolves.toContain('govuk-error-summary');
    await expect(page.locator('#email-error').textContent()).resolves.toContain('Enter your email address');
    await expect(page.locator('#password-error').textContent()).resolves.toContain('Enter your password');
    await expectAccessible(page, 'sign-in with an empty form');

    await summary.getByRole('link', { name: 'Enter your email address' }).click();
    await expect(focusedId(page)).resolves.toBe('email');
    await summary.getByRole('link', { name: 'Enter your password' }).click();
    await expect(focusedId(page)).resolves.toBe('password');
  });

  it('a wrong password says so and keeps the email address that was typed', async () => {
    const page = await harness.newPage();
    const response = await fillSignIn(page, 'practitioner@northshire.example', 'not-the-password');
    expect(response.status()).toBe(401);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter a correct email address and password');
    await expect(page.locator('#email').inputValue()).resolves.toBe('practitioner@northshire.example');
    await expect(page.locator('#password').inputValue()).resolves.toBe('');
    await expectAccessible(page, 'sign-in with a wrong password');
  });

  it(`after ${maxFailures} wrong passwords the account is locked, even for the right password`, async () => {
    const email = 'locked.out@test.example';
    const accountPassword = 'a-password-for-lockout-tests';
    await harness.database.db.insert(users).values({ email, displayName: 'Lockout Tester', passwordHash: await hashPassword(accountPassword) });
    const page = await harness.newPage();

    const warnings = [];
    for (let attempt = 1; attempt < maxFailures; attempt++) {
      const response = await fillSignIn(page, email, `wrong-${attempt}`);
      expect(response.status()).toBe(401);
      warnings.push(await page.locator('#email-error').textContent());
    }
    expect(warnings.join('\n')).toMatch(/2 tries left[\s\S]*1 try left/);

    const locking = await fillSignIn(page, email, 'wrong-again');
    expect(locking.status()).toBe(429);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('this account is locked until');
    await expectAccessible(page, 'sign-in when the account is locked');

    const rightPassword = await fillSignIn(page, email, accountPassword);
    expect(rightPassword.status()).toBe(429);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('this account is locked until');
  });
});

describe('without JavaScript', () => {
  it('a form error shows the error summary, and signing in reaches the home page', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await page.goto('/sign-in');
    const response = await submitWith(page, page.getByRole('button', { name: 'Sign in', exact: true }));
    expect(response.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').isVisible()).resolves.toBe(true);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter your email address');
    await expectAccessible(page, 'sign-in with an empty form, without JavaScript');

    await signIn(page, 'budget.holder@riverton.example', password);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Hello, /);
    await expectAccessible(page, 'home page without JavaScript');
  });
});
