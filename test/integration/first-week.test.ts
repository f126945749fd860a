// What a first week of real use found, fixed at the root: return addresses that could leave the site, and pages a
// browser kept for "back" after signing out.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, csrfTokenIn, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
beforeAll(async () => {
  const built = await testApp();
  app = built.app;
  await seedDemo(built.database);
});
afterAll(() => app.close());

async function signInWith(returnTo: string) {
  const browser = new TestBrowser(app);
  const page = await browser.get('/sign-in');
  const query = `?returnTo=${returnTo}`;
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return app.inject({
    method: 'POST',
    url: `/sign-in${query}`,
    payload: new URLSearchParams({ email: 'practitioner@northshire.example', password, _csrf: csrfTokenIn(page.body) }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
}

describe('going back after signing in', () => {
  it('refuses a return address a browser would turn into another site, and goes home instead', async () => {
    for (const returnTo of ['%2F%09%2Fevil.example', '%2F%2509%2Fevil.example', '%2F%252F%2Fevil.example', '%2F%5Cevil.example']) {
      const response = await signInWith(returnTo);
      expect(response.statusCode, returnTo).toBe(303);
      expect(response.headers.location, returnTo).toBe('/');
    }
  });

  it('answers CR, LF or NUL in the return address with a redirect home, never a 500', async () => {
    for (const returnTo of ['%2Fa%0d%0aSet-Cookie%3A%20x%3D1', '%2F%00', '%2F%0a']) {
      const response = await signInWith(returnTo);
      expect(response.statusCode, returnTo).toBe(303);
      expect(response.headers.location, returnTo).toBe('/');
    }
  });

  it('still goes back to a plain page on this site', async () => {
    const response = await signInWith(encodeURIComponent('/admin/users?created=1'));
    expect(response.headers.location).toBe('/admin/users?created=1');
  });
});

describe('pages kept by the browser', () => {
  it('tells the browser to keep no copy of signed-in and personal pages, and switches off what the service never uses', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('budget.holder@northshire.example', password);
    const home = await browser.get('/');
    const personId = /\/people\/([0-9a-f-]{36})/.exec(home.body)![1]!;
    for (const url of ['/', `/people/${personId}`, `/people/${personId}/budget`, '/account', '/sign-in']) {
      const response = await browser.get(url);
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(String(response.headers['permissions-policy']), url).toContain('camera=()');
    }
  });

  it('leaves the static assets their own caching', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/govuk-frontend.css' });
    expect(response.headers['cache-control']).not.toBe('no-store');
  });
});
