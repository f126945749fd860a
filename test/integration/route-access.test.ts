// Default deny at the door: every route is for signed-in users unless it is on this short, deliberate public list.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';

const publicRoutes = [
  'GET /',
  'GET /health',
  'GET /sign-in',
  'POST /sign-in',
  'GET /signed-out',
  'GET /start',
  'POST /start',
  'GET /accessibility',
  'GET /privacy',
  'GET /cookies',
  'GET /cash-equivalent',
  'GET /cash-equivalent/:areaId',
  'GET /contribution-estimate',
  'GET /contribution-estimate/:areaId',
  'POST /contribution-estimate/:areaId',
  'GET /sign-in/oidc',
  'GET /sign-in/oidc/callback',
  'GET /api/v1/openapi.json',
  'GET /assets/govuk-frontend.css',
  'GET /assets/govuk-frontend.min.js',
];
// Static files (/assets/*) are public too: stylesheets, scripts, fonts and images only.

let app: FastifyInstance;
beforeAll(async () => {
  ({ app } = await testApp());
});
afterAll(() => app.close());

describe('route access', () => {
  it('names its access on every route, and on every route about a person the audit action its loader records', () => {
    const routes = app.routeCatalogue.filter((route) => route.method !== 'HEAD');
    expect(routes.filter((route) => route.access === undefined).map((route) => `${route.method} ${route.url}`)).toEqual([]);
    const personRoutes = routes.filter((route) => route.url.includes(':personId'));
    expect(personRoutes.length).toBeGreaterThan(15);
    const undeclared = personRoutes.filter((route) => route.audit !== 'person.read' && route.audit !== 'person.change' && route.audit !== 'person.history.read' && route.audit !== 'plan.write');
    expect(undeclared.map((route) => `${route.method} ${route.url}`)).toEqual([]);
    // A form that changes a record must say so: its audit entry is the record of who changed what (a support plan's
    // writers are checked and recorded as `plan.write`).
    const postsThatRead = personRoutes.filter((route) => route.method === 'POST' && route.audit !== 'person.change' && route.audit !== 'plan.write');
    expect(postsThatRead.map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it('has exactly the expected public routes (adding one is a decision, so this test must change with it)', () => {
    const declaredPublic = app.routeCatalogue
      .filter((route) => route.access === 'public' && route.url !== '/assets/*' && route.method !== 'HEAD')
      .map((route) => `${route.method} ${route.url}`);
    expect([...new Set(declaredPublic)].sort()).toEqual([...publicRoutes].sort());
  });

  it('sends anonymous visitors of every other page to sign in, and refuses every API call without a token', async () => {
    const guarded = app.routeCatalogue.filter((route) => route.access !== 'public' && route.method === 'GET');
    expect(guarded.length).toBeGreaterThan(5);
    for (const route of guarded) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({ method: 'GET', url });
      if (route.access === 'api') expect(response.statusCode, url).toBe(401);
      else {
        expect(response.statusCode, url).toBe(303);
        expect(String(response.headers.location), url).toMatch(/^\/sign-in/);
      }
    }
  });

  it('refuses anonymous POSTs to every non-public form', async () => {
    const guarded = app.routeCatalogue.filter((route) => route.access !== 'public' && route.access !== 'api' && route.method === 'POST');
    for (const route of guarded) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({ method: 'POST', url, payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect([303, 403], url).toContain(response.statusCode);
    }
  });
});
