// Whatever a user can send, no route answers 5xx: random and malformed form bodies, odd query strings and bad ids,
// on every route the application registers, signed in as several roles and not signed in at all.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let personId: string;
const browsers: Record<string, TestBrowser> = {};

interface RouteInfo {
  path: string;
  methods: string[];
}

/** Every route the app registered (static files aside). */
function routesOf(instance: FastifyInstance): RouteInfo[] {
  const byPath = new Map<string, string[]>();
  for (const route of instance.routeCatalogue) {
    if (route.url.includes('*') || route.url.startsWith('/assets/')) continue;
    byPath.set(route.url, [...(byPath.get(route.url) ?? []), route.method]);
  }
  return [...byPath].map(([path, methods]) => ({ path, methods }));
}

const fieldNames = ['email', 'password', 'code', 'displayName', 'organisationId', 'role', 'name', 'expiry', 'personId', 'returnTo', '__proto__', 'constructor', '_csrf', 'x'];
const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'null', 'undefined', '<script>alert(1)</script>', "' or 1=1 --", '\u0000', '../../etc/passwd', '00000000-0000-0000-0000-000000000000', 'a'.repeat(5000)),
);
const formBody = fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(nastyText, fc.array(nastyText, { maxLength: 3 })), { maxKeys: 6 });

function fill(path: string, id: string) {
  return path.replace(/:[A-Za-z]+/g, id);
}

beforeAll(async () => {
  const built = await testApp();
  app = built.app;
  await seedDemo(built.database);
  for (const email of ['sysadmin@platform.example', 'admin@northshire.example', 'practitioner@northshire.example', 'budget.holder@northshire.example']) {
    const browser = new TestBrowser(app);
    await browser.signIn(email, password);
    await browser.get('/');
    browsers[email] = browser;
  }
  const home = await browsers['practitioner@northshire.example']!.get('/');
  personId = /\/people\/([0-9a-f-]{36})/.exec(home.body)![1]!;
}, 120_000);
afterAll(() => app.close());

describe('no 5xx for anything a user can send', () => {
  it('answers every GET route with random ids and query strings below 500', async () => {
    const routes = routesOf(app).filter((route) => route.methods.includes('GET'));
    expect(routes.length).toBeGreaterThan(10);
    for (const browser of [new TestBrowser(app), ...Object.values(browsers)]) {
      for (const route of routes) {
        for (const id of [personId, '00000000-0000-4000-8000-000000000000', 'not-an-id', '%00', '..']) {
          const query = `?returnTo=${encodeURIComponent('//evil.example')}&limit=-5&offset=abc&created=%ff`;
          const response = await browser.get(fill(route.path, id) + query);
          expect(response.statusCode, `GET ${route.path} ${id}`).toBeLessThan(500);
        }
      }
    }
  });

  it('answers every POST route with random form bodies below 500', async () => {
    const routes = routesOf(app).filter((route) => route.methods.includes('POST') && !route.path.startsWith('/api/'));
    expect(routes.map((r) => r.path)).toContain('/sign-in');
    const signedIn = browsers['sysadmin@platform.example']!;
    for (const route of routes) {
      // Sign-out routes would end the session the rest of the test relies on.
      if (route.path.includes('sign-out')) continue;
      await fc.assert(
        fc.asyncProperty(formBody, fc.constantFrom(personId, 'junk', '00000000-0000-4000-8000-000000000000'), async (body, id) => {
          const url = fill(route.path, id);
          await signedIn.get('/');
          const response = await signedIn.post(url, body as Record<string, string | string[]>);
          expect(response.statusCode, `POST ${url} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('answers malformed and oversized bodies below 500', async () => {
    const browser = browsers['admin@northshire.example']!;
    await browser.get('/admin/users/new');
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const attempts: { type: string; payload: string }[] = [
      { type: 'application/x-www-form-urlencoded', payload: '%%%&&&=%zz' },
      { type: 'application/x-www-form-urlencoded', payload: `displayName=${'a'.repeat(200_000)}` },
      { type: 'application/json', payload: '{"displayName":' },
      { type: 'application/json', payload: JSON.stringify({ displayName: { nested: true }, _csrf: browser.lastCsrfToken }) },
      { type: 'text/plain', payload: 'hello' },
      { type: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--' },
    ];
    for (const route of ['/sign-in', '/admin/users/new', '/account/security-code/set-up', '/sign-in/security-code']) {
      for (const attempt of attempts) {
        const response = await app.inject({ method: 'POST', url: route, payload: attempt.payload, headers: { 'content-type': attempt.type, cookie } });
        expect(response.statusCode, `${route} ${attempt.type} ${attempt.payload.slice(0, 40)}`).toBeLessThan(500);
        expect(response.statusCode).toBeGreaterThanOrEqual(300);
      }
    }
  });
});
