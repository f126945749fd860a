// Production's rule that staff must use a security code: a staff member is held at set-up until they finish it, in
// the browser, with a code computed from the key the page shows.
import * as OTPAuth from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, fillSignIn, pathOf, signIn, submitWith } from './support/pages.ts';

const setUpPath = '/account/security-code/set-up';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ MFA_REQUIRED: 'true' });
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

/** A six-digit code the server cannot accept now: not the code for this period or the one either side. */
function wrongCode(totp: OTPAuth.TOTP): string {
  const now = Date.now();
  const valid = new Set([-1, 0, 1].map((step) => totp.generate({ timestamp: now + step * totp.period * 1000 })));
  return ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!;
}

describe('when staff must use a security code', () => {
  it('a practitioner is sent to set one up, cannot reach home until they do, and can once they have', async () => {
    const page = await harness.newPage();
    const signedIn = await fillSignIn(page, 'practitioner@northshire.example', password);
    expect(signedIn.status()).toBe(200);
    expect(pathOf(page)).toBe(setUpPath);
    await expect(page.locator('h1').textContent()).resolves.toBe('Set up your security code');
    await expectAccessible(page, 'security code set-up');

    for (const elsewhere of ['/', '/account']) {
      await page.goto(elsewhere);
      expect(new URL(page.url()).pathname, `${elsewhere} before set-up`).toBe(setUpPath);
    }

    const key = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key) });

    await page.locator('#code').fill(wrongCode(totp));
    const refused = await submitWith(page, page.getByRole('button', { name: 'Turn on security code' }));
    expect(refused.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('The security code is not correct');
    // A wrong code must not change the key: the person has already added it to their app.
    await expect(page.locator('#totp-secret').textContent()).resolves.toBe(key.replace(/(.{4})/g, '$1 ').trim());
    await expectAccessible(page, 'security code set-up with a wrong code');

    await page.locator('#code').fill(totp.generate());
    const accepted = await submitWith(page, page.getByRole('button', { name: 'Turn on security code' }));
    expect(accepted.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/account');
    await expectAccessible(page, 'account page after turning on the security code');

    const home = await page.goto('/');
    expect(home?.status()).toBe(200);
    expect(pathOf(page)).toBe('/');
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Hello, /);
  });

  it('an empty code is refused with an error summary', async () => {
    const page = await harness.newPage();
    await fillSignIn(page, 'approver@riverton.example', password);
    expect(pathOf(page)).toBe(setUpPath);
    const refused = await submitWith(page, page.getByRole('button', { name: 'Turn on security code' }));
    expect(refused.status()).toBe(400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the security code');
    await expectAccessible(page, 'security code set-up with no code');
  });

  it('someone with a personal budget is not asked for one', async () => {
    const page = await harness.newPage();
    await signIn(page, 'budget.holder@northshire.example', password);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Hello, /);
  });
});
