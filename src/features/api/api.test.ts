// The JSON API end to end on the real application: its OpenAPI document and bearer tokens. Each feature's endpoints
// are tested beside them (<feature>/api.test.ts).
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { apiTokens, people } from '../../db/schema.ts';
import { problemSchema } from '../../platform/api.ts';
import { TestBrowser } from '../../../test/support/app.ts';
import { password } from '../../../test/support/demo.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';

const api = apiTestContext();
const place = api.context.place;
let app: FastifyInstance;
let database: DatabaseHandle;
beforeAll(() => {
  ({ app, database } = api.context);
});
const { call, issueFor: tokenFor } = api;

async function personIn(areaId: string) {
  const [person] = await database.db.select().from(people).where(eq(people.areaId, areaId)).limit(1);
  return person!;
}

describe('the OpenAPI document', () => {
  it('is public, OpenAPI 3.1, lists the API paths with bearer security, and no page routes', async () => {
    const response = await call('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const document = response.json();
    expect(document.openapi).toMatch(/^3\.1/);
    expect(document.info).toMatchObject({ title: 'Right to Control API', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(document.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    const paths = Object.keys(document.paths).sort();
    expect(paths).toEqual([
      '/api/v1/approvals',
      '/api/v1/areas/{areaId}/budget-reasons',
      '/api/v1/areas/{areaId}/catalogue',
      '/api/v1/areas/{areaId}/catalogue/{serviceId}/cash-equivalent',
      '/api/v1/areas/{areaId}/configuration',
      '/api/v1/areas/{areaId}/funding-streams',
      '/api/v1/areas/{areaId}/people',
      '/api/v1/areas/{areaId}/reports/actual-vs-indicative',
      '/api/v1/areas/{areaId}/reports/plan-process',
      '/api/v1/configuration/{configurationId}',
      '/api/v1/me',
      '/api/v1/people/{personId}',
      '/api/v1/people/{personId}/assessment',
      '/api/v1/people/{personId}/eligibility',
      '/api/v1/people/{personId}/indicative-budget',
      '/api/v1/people/{personId}/plan',
      '/api/v1/people/{personId}/plan/approval',
      '/api/v1/people/{personId}/plan/changes',
      '/api/v1/people/{personId}/plan/direct-payments',
      '/api/v1/people/{personId}/plan/submit',
      '/api/v1/people/{personId}/plan/versions',
    ]);
    for (const page of ['/sign-in', '/', '/health', '/people/{personId}', '/admin/api-tokens', '/api/v1/openapi.json']) expect(paths).not.toContain(page);
    for (const path of paths) {
      for (const [method, operation] of Object.entries(document.paths[path] as Record<string, { security: unknown; tags?: string[]; responses: Record<string, unknown> }>)) {
        expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(operation.responses['401'], `${method} ${path}`).toBeDefined();
      }
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Person', 'PeoplePage', 'FundingStreams', 'TokenHolder', 'Problem', 'Assessment', 'Eligibility', 'EligibilityDecision', 'IndicativeBudgets', 'ExplanationLine', 'AreaConfiguration', 'ConfigurationVersion', 'Configuration']),
    );
    // A schema gets an "Input" twin only where a client sends it as well as reads it: the plan's outcomes and changes.
    expect(Object.keys(document.components.schemas).filter((name) => name.endsWith('Input')).sort()).toEqual(['PlanChangeInput', 'PlanOutcomeInput']);
  });

  it('describes a configuration definition with the domain schemas every import is checked against', async () => {
    const { components } = (await call('/api/v1/openapi.json')).json();
    expect(components.schemas.Configuration.properties.definition.anyOf).toEqual(
      ['QuestionSet', 'EligibilityRuleSet', 'RasTable', 'Calculator'].map((name) => ({ $ref: `#/components/schemas/${name}` })),
    );
    expect(components.schemas.QuestionSet.required).toEqual(expect.arrayContaining(['id', 'version', 'title', 'sections']));
    expect(components.schemas.Calculator.oneOf).toHaveLength(5);
  });
});

describe('bearer tokens', () => {
  it('refuses a request with no token, a malformed header, or an unknown token, with 401 JSON and a Bearer challenge', async () => {
    const { token } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer' }, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, { authorization: `Token ${token}` }, { authorization: 'Bearer rtc_not-a-real-token' }];
    for (const headers of attempts) {
      const response = await call('/api/v1/me', undefined, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(String(response.headers['www-authenticate'])).toMatch(/^Bearer\b/);
      expect(problemSchema.parse(response.json())).toMatchObject({ status: 401 });
    }
  });


  it('refuses a revoked token and an expired token', async () => {
    const revoked = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const expired = await tokenFor(place.northshire, 'county_council', 'practitioner');
    expect((await call('/api/v1/me', revoked.token)).statusCode).toBe(200);
    await database.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, revoked.id));
    await database.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expired.id));
    for (const token of [revoked.token, expired.token]) {
      const response = await call('/api/v1/me', token);
      expect(response.statusCode).toBe(401);
      expect(String(response.headers['www-authenticate'])).toContain('error="invalid_token"');
    }
  });

  it('is not satisfied by a signed-in session cookie', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    expect(browser.cookies.size).toBeGreaterThan(0);
    const response = await browser.get('/api/v1/me');
    expect(response.statusCode).toBe(401);
    const person = await personIn(place.northshire);
    expect((await browser.get(`/api/v1/people/${person.id}`)).statusCode).toBe(401);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const lastUsed = async () => (await database.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0]!.at;
    expect(await lastUsed()).toBeNull();
    await call('/api/v1/me', token);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await call('/api/v1/me', token);
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await database.db.update(apiTokens).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiTokens.id, id));
    await call('/api/v1/me', token);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime());
  });
});

describe('other paths under /api/v1', () => {
  it('answers 404 JSON, never a page', async () => {
    const response = await call('/api/v1/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
