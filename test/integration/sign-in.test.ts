// Signing in and out: wrong details, lockout, multi-factor in production, and signing out everywhere.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { users } from '../../src/db/schema.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;

beforeAll(async () => {
  ({ app, database } = await testApp({ login: { maxFailures: 3, lockoutMinutes: 15, rateLimitPerMinute: 1000 } }));
  await seedDemo(database);
});
afterAll(() => app.close());

describe('signing in', () => {
  it('signs in with the right details and shows the home page for the role', async () => {
    const browser = new TestBrowser(app);
    const response = await browser.signIn('practitioner@northshire.example', password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const home = await browser.get('/');
    expect(home.body).toContain('Practitioner at Northshire County Council');
  });

  it('accepts the email in any letter case', async () => {
    const browser = new TestBrowser(app);
    expect((await browser.signIn('Practitioner@Northshire.EXAMPLE', password)).statusCode).toBe(303);
  });

  it('shows a GOV.UK error summary for an empty form and keeps the email typed', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: 'not-an-email', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(response.body).toContain('Enter your password');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toMatch(/<title>Error: /);
  });

  it('gives the same message for an unknown email as for a wrong password', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const unknown = await browser.post('/sign-in', { email: 'nobody@nowhere.example', password: 'whatever-password' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toContain('Enter a correct email address and password');
  });

  it('locks the account after repeated wrong passwords, with a clear message, even for the right password', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const first = await browser.post('/sign-in', { email: 'finance@riverton.example', password: 'wrong-1' });
    expect(first.body).toContain('Enter a correct email address and password');
    const second = await browser.post('/sign-in', { email: 'finance@riverton.example', password: 'wrong-2' });
    expect(second.body).toContain('You have 1 try left');
    const third = await browser.post('/sign-in', { email: 'finance@riverton.example', password: 'wrong-3' });
    expect(third.statusCode).toBe(429);
    expect(third.body).toContain('this account is locked until');
    const right = await browser.post('/sign-in', { email: 'finance@riverton.example', password });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('locked');
    expect(right.cookies.find((c) => c.name === 'rtc_session')).toBeUndefined();
  });

  it('rate-limits sign-in attempts from one place with a 429 page', async () => {
    const { app: limited } = await testApp({ login: { maxFailures: 100, lockoutMinutes: 15, rateLimitPerMinute: 3 } }, { reset: false });
    try {
      const browser = new TestBrowser(limited);
      await browser.get('/sign-in');
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await browser.post('/sign-in', { email: `nobody${i}@nowhere.example`, password: 'x' })).statusCode);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[3]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('sends people who are not signed in to the sign-in page, remembering where they were going', async () => {
    const response = await app.inject({ method: 'GET', url: '/account' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Faccount');
  });

  it('never redirects to another site after signing in', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in?returnTo=//evil.example/');
    const response = await browser.post('/sign-in?returnTo=//evil.example/', { email: 'director@northshire.example', password });
    expect(response.headers.location).toBe('/');
  });
});

describe('multi-factor sign-in for staff', () => {
  it('in production mode sends a staff user without MFA to set it up before any staff page', async () => {
    const { app: production } = await testApp({ mfaRequired: true }, { reset: false });
    try {
      const browser = new TestBrowser(production);
      await browser.signIn('approver@northshire.example', password);
      for (const url of ['/', '/account', '/people/00000000-0000-4000-8000-000000000000']) {
        const response = await browser.get(url);
        expect(response.statusCode, url).toBe(303);
        expect(String(response.headers.location), url).toMatch(/^\/account\/security-code\/set-up/);
      }
      const setUp = await browser.get('/account/security-code/set-up');
      expect(setUp.statusCode).toBe(200);
      expect(setUp.body).toContain('Staff must use a security code');

      const wrong = await browser.post('/account/security-code/set-up', { code: '000000' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('The security code is not correct');

      const key = /id="totp-secret">([^<]+)</.exec(wrong.body)![1]!.replace(/\s/g, '');
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key) }).generate();
      const done = await browser.post('/account/security-code/set-up', { code });
      expect(done.statusCode).toBe(303);
      expect((await browser.get('/')).statusCode).toBe(200);

      // Next time, the code is asked for after the password.
      const again = new TestBrowser(production);
      const signIn = await again.signIn('approver@northshire.example', password);
      expect(signIn.headers.location).toBe('/sign-in/security-code');
      expect((await again.get('/')).headers.location).toBe('/sign-in/security-code');
      await again.get('/sign-in/security-code');
      const bad = await again.post('/sign-in/security-code', { code: '12' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Enter the 6-digit security code');
      const [user] = await database.db.select().from(users).where(eq(users.email, 'approver@northshire.example'));
      // The code that switched it on has been used: the next one the app shows signs in.
      const next = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(user!.totpSecret!) }).generate({ timestamp: Date.now() + 30_000 });
      const good = await again.post('/sign-in/security-code', { code: next });
      expect(good.statusCode).toBe(303);
      expect((await again.get('/')).statusCode).toBe(200);
    } finally {
      await production.close();
    }
  });

  it('does not ask budget holders to set up MFA, even in production mode', async () => {
    const { app: production } = await testApp({ mfaRequired: true }, { reset: false });
    try {
      const browser = new TestBrowser(production);
      await browser.signIn('budget.holder@northshire.example', password);
      expect((await browser.get('/')).statusCode).toBe(200);
    } finally {
      await production.close();
    }
  });
});

describe('signing out', () => {
  it('signs out this device', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('broker@northshire.example', password);
    await browser.get('/');
    const response = await browser.post('/sign-out', {});
    expect(response.headers.location).toBe('/signed-out');
    expect((await browser.get('/account')).statusCode).toBe(303);
  });

  it('signs out every device at once', async () => {
    const laptop = new TestBrowser(app);
    const phone = new TestBrowser(app);
    await laptop.signIn('director@riverton.example', password);
    await phone.signIn('director@riverton.example', password);
    expect((await phone.get('/account')).statusCode).toBe(200);
    await laptop.get('/account');
    await laptop.post('/account/sign-out-everywhere', {});
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(303);
  });
});
