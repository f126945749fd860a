// Security headers, CSRF and cookies, checked on the real application with security exactly as in production.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;

beforeAll(async () => {
  const built = await testApp();
  app = built.app;
  await seedDemo(built.database);
});
afterAll(() => app.close());

function nonceOf(csp: string): string | undefined {
  return /script-src[^;]*'nonce-([^']+)'/.exec(csp)?.[1];
}

describe('security headers', () => {
  it('sends a CSP with a fresh nonce per response, matching the nonce on the page scripts', async () => {
    const pages = ['/', '/sign-in', '/accessibility', '/no-such-page'];
    const nonces = new Set<string>();
    for (const url of pages) {
      const response = await app.inject({ method: 'GET', url });
      expect(String(response.headers['content-type'])).toContain('text/html');
      const csp = String(response.headers['content-security-policy']);
      const nonce = nonceOf(csp);
      expect(nonce, url).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.body).toContain(`nonce="${nonce}"`);
      // No script on the page may run without the nonce.
      for (const tag of response.body.match(/<script\b[^>]*>/g) ?? []) expect(tag, url).toContain(`nonce="${nonce}"`);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('same-origin');
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(pages.length);
  });

  it('sends the same headers on a signed-in page', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    const response = await browser.get('/');
    expect(response.statusCode).toBe(200);
    expect(nonceOf(String(response.headers['content-security-policy']))).toBeTruthy();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sets session cookies HttpOnly and SameSite=Lax, and not Secure outside production', async () => {
    const browser = new TestBrowser(app);
    const response = await browser.signIn('practitioner@northshire.example', password);
    const session = (response.cookies as { name: string; httpOnly?: boolean; sameSite?: string; secure?: boolean }[]).find((c) => c.name === 'rtc_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(session?.secure).toBeFalsy();
  });
});

describe('CSRF protection', () => {
  it('refuses a form POST without a token with 403 and a plain-English page', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: 'practitioner@northshire.example', password }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Sorry, your form could not be sent');
    expect(response.cookies.find((c) => c.name === 'rtc_session')).toBeUndefined();
  });

  it('refuses a forged token and a token from another browser', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    expect((await browser.post('/sign-in', { email: 'a@b.example', password: 'x' }, { csrf: 'forged-token' })).statusCode).toBe(403);
    const other = new TestBrowser(app);
    await other.get('/sign-in');
    expect((await browser.post('/sign-in', { email: 'a@b.example', password: 'x' }, { csrf: other.lastCsrfToken! })).statusCode).toBe(403);
  });

  it('protects signed-in forms too (sign out everywhere)', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('director@northshire.example', password);
    const response = await browser.post('/account/sign-out-everywhere', {}, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect((await browser.get('/account')).statusCode).toBe(200);
  });
});

describe('production cookies', () => {
  it('marks cookies Secure and uses the __Host- prefix in production', async () => {
    const { app: production } = await testApp({ secureCookies: true, environment: 'production' }, { reset: false });
    try {
      const browser = new TestBrowser(production);
      const page = await browser.get('/sign-in');
      const csrf = (page.cookies as { name: string; secure?: boolean }[]).find((c) => c.name.endsWith('rtc_csrf'));
      expect(csrf).toMatchObject({ name: '__Host-rtc_csrf', secure: true });
      expect(String(page.headers['strict-transport-security'])).toContain('max-age=');
      const signedIn = await browser.post('/sign-in', { email: 'budget.holder@northshire.example', password });
      const session = (signedIn.cookies as { name: string; secure?: boolean }[]).find((c) => c.name === '__Host-rtc_session');
      expect(session).toMatchObject({ secure: true });
      // A browser only drops a __Host- cookie when the clearing Set-Cookie is Secure too.
      await browser.get('/');
      const signedOut = await browser.post('/sign-out', {});
      const cleared = (signedOut.cookies as { name: string; secure?: boolean; value: string }[]).find((c) => c.name === '__Host-rtc_session');
      expect(cleared).toMatchObject({ secure: true, value: '' });
    } finally {
      await production.close();
    }
  });
});
