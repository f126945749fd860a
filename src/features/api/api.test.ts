// The JSON API end to end on the real application: its OpenAPI document, bearer tokens, and that a token sees only
// what the access policy allows, with every read of a person audited.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, notInArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { apiTokens, auditLog, consents, organisations, people } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, password, seedDemo } from '../../../test/support/demo.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { fundingStreamsSchema, meSchema, peoplePageSchema, personSchema, problemSchema } from './schemas.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
const place = { northshire: '', riverton: '' };

beforeAll(async () => {
  ({ app, database } = await testApp());
  [place.northshire, place.riverton] = (await seedDemo(database)).areaIds as [string, string];
});
afterAll(() => app.close());

function organisationOf(areaId: string, kind: string) {
  return demoOrganisation(database, areaId, kind);
}

async function tokenFor(areaId: string, kind: string, role: string, name = `${kind} ${role}`) {
  const organisation = await organisationOf(areaId, kind);
  const result = await issueToken(database, organisation.id, role, name);
  return { ...result, organisation };
}

function call(url: string, token?: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
}

async function personIn(areaId: string) {
  const [person] = await database.db.select().from(people).where(eq(people.areaId, areaId)).limit(1);
  return person!;
}

async function auditEntries(subjectId: string, actorId: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectId, subjectId), eq(auditLog.actorType, 'api_token'), eq(auditLog.actorId, actorId)));
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
      '/api/v1/areas/{areaId}/configuration',
      '/api/v1/areas/{areaId}/funding-streams',
      '/api/v1/areas/{areaId}/people',
      '/api/v1/configuration/{configurationId}',
      '/api/v1/me',
      '/api/v1/people/{personId}',
      '/api/v1/people/{personId}/assessment',
      '/api/v1/people/{personId}/eligibility',
      '/api/v1/people/{personId}/indicative-budget',
    ]);
    for (const page of ['/sign-in', '/', '/health', '/people/{personId}', '/admin/api-tokens', '/api/v1/openapi.json']) expect(paths).not.toContain(page);
    for (const path of paths) {
      const operation = document.paths[path].get;
      expect(operation.security, path).toEqual([{ bearerAuth: [] }]);
      expect(operation.tags?.length, path).toBeGreaterThan(0);
      expect(operation.responses['401'], path).toBeDefined();
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Person', 'PeoplePage', 'FundingStreams', 'TokenHolder', 'Problem', 'Assessment', 'Eligibility', 'EligibilityDecision', 'IndicativeBudgets', 'ExplanationLine', 'AreaConfiguration', 'ConfigurationVersion', 'Configuration']),
    );
    expect(Object.keys(document.components.schemas).filter((name) => name.endsWith('Input'))).toEqual([]);
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
      expect(problemSchema.parse(response.json())).toMatchObject({ statusCode: 401 });
    }
  });

  it('accepts a good token, in any case of the word Bearer, and says whose it is', async () => {
    const { token, id, organisation } = await tokenFor(place.northshire, 'county_council', 'practitioner', 'Case system');
    const response = await call('/api/v1/me', undefined, { authorization: `bearer ${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = meSchema.strict().parse(response.json());
    expect(body).toMatchObject({ tokenId: id, name: 'Case system', role: 'practitioner', organisation: { id: organisation.id, name: organisation.name }, areaId: place.northshire });
    expect(new Date(body.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
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

describe('GET /api/v1/people/:personId', () => {
  it('lets a Northshire county council practitioner token read a person who consented, and audits the read', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const person = await personIn(place.northshire);
    const response = await call(`/api/v1/people/${person.id}`, token);
    expect(response.statusCode).toBe(200);
    const body = personSchema.strict().parse(response.json());
    expect(body).toMatchObject({ id: person.id, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, areaId: place.northshire });
    const county = await organisationOf(place.northshire, 'county_council');
    expect(body.sharedWith.map((shared) => shared.organisationId)).toContain(county.id);
    const entries = await auditEntries(person.id, id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'person.read', outcome: 'allowed', subjectType: 'person', areaId: place.northshire, route: '/api/v1/people/:personId', method: 'GET' });
  });

  it('refuses a Riverton person with 403 JSON, and audits the refusal', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const person = await personIn(place.riverton);
    const response = await call(`/api/v1/people/${person.id}`, token);
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/json');
    expect(problemSchema.strict().parse(response.json())).toMatchObject({ statusCode: 403 });
    expect(response.body).not.toContain(person.familyName);
    const entries = await auditEntries(person.id, id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'person.read', outcome: 'denied' });
  });

  it('refuses a Northshire person who has not agreed to share with the token’s organisation, until they do', async () => {
    const district = await tokenFor(place.northshire, 'district_council', 'practitioner');
    const person = await personIn(place.northshire);
    // Make the test's own facts: no current consent to the district council, then one.
    await database.db.update(consents).set({ revokedAt: new Date() }).where(and(eq(consents.personId, person.id), eq(consents.organisationId, district.organisation.id)));
    const refused = await call(`/api/v1/people/${person.id}`, district.token);
    expect(refused.statusCode).toBe(403);
    const [denial] = await auditEntries(person.id, district.id);
    expect(denial).toMatchObject({ outcome: 'denied', detail: 'no consent from the person to share with this organisation' });

    await database.db.insert(consents).values({ areaId: place.northshire, personId: person.id, organisationId: district.organisation.id });
    const allowed = await call(`/api/v1/people/${person.id}`, district.token);
    expect(allowed.statusCode).toBe(200);
    expect(personSchema.parse(allowed.json()).sharedWith.map((shared) => shared.organisationId)).toContain(district.organisation.id);
  });

  it('refuses a token whose role is not casework, even in the right area', async () => {
    const { token } = await tokenFor(place.northshire, 'county_council', 'director');
    const person = await personIn(place.northshire);
    expect((await call(`/api/v1/people/${person.id}`, token)).statusCode).toBe(403);
  });

  it('answers 400 JSON for an id that is not a UUID, and 404 JSON for an unknown person', async () => {
    const { token } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const invalid = await call('/api/v1/people/not-a-uuid', token);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/json');
    const problem = problemSchema.strict().parse(invalid.json());
    expect(problem.issues?.length).toBeGreaterThan(0);
    const unknown = await call(`/api/v1/people/${randomUUID()}`, token);
    expect(unknown.statusCode).toBe(404);
    expect(problemSchema.strict().parse(unknown.json())).toEqual({ statusCode: 404, error: 'There is no person with this id' });
  });

  it('asks for a token before saying whether an id is valid', async () => {
    expect((await call('/api/v1/people/not-a-uuid')).statusCode).toBe(401);
  });
});

describe('GET /api/v1/areas/:areaId/funding-streams', () => {
  it('lists the area’s streams with their owning organisation for staff of the area', async () => {
    const { token } = await tokenFor(place.northshire, 'jobcentre_plus', 'practitioner');
    const response = await call(`/api/v1/areas/${place.northshire}/funding-streams`, token);
    expect(response.statusCode).toBe(200);
    const body = fundingStreamsSchema.strict().parse(response.json());
    expect(body.areaId).toBe(place.northshire);
    expect(body.streams.length).toBeGreaterThan(0);
    const owners = await database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.areaId, place.northshire));
    for (const stream of body.streams) {
      expect(stream.code).not.toBe('');
      expect(owners.map((owner) => owner.id)).toContain(stream.owningOrganisation.id);
    }
  });

  it('refuses another area (403, audited), answers 404 for an unknown area and 400 for a bad id', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const refused = await call(`/api/v1/areas/${place.riverton}/funding-streams`, token);
    expect(refused.statusCode).toBe(403);
    const [denial] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'area.read')));
    expect(denial).toMatchObject({ outcome: 'denied', subjectId: place.riverton });
    expect((await call(`/api/v1/areas/${randomUUID()}/funding-streams`, token)).statusCode).toBe(404);
    expect((await call('/api/v1/areas/northshire/funding-streams', token)).statusCode).toBe(400);
  });
});

describe('GET /api/v1/areas/:areaId/people', () => {
  it('lists only people who agreed to share with the token’s organisation, a page at a time', async () => {
    const { token, organisation } = await tokenFor(place.northshire, 'district_council', 'practitioner');
    const consenting = await database.db
      .select({ personId: consents.personId })
      .from(consents)
      .where(and(eq(consents.organisationId, organisation.id), isNull(consents.revokedAt)));
    const consentingIds = new Set(consenting.map((row) => row.personId));
    expect(consentingIds.size).toBeGreaterThan(1);
    const [notConsenting] = await database.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.areaId, place.northshire), notInArray(people.id, [...consentingIds])));
    expect(notConsenting).toBeDefined();

    const all = peoplePageSchema.strict().parse((await call(`/api/v1/areas/${place.northshire}/people?limit=100`, token)).json());
    expect(all.total).toBe(consentingIds.size);
    expect(new Set(all.people.map((person) => person.id))).toEqual(consentingIds);

    const first = await call(`/api/v1/areas/${place.northshire}/people?limit=1`, token);
    expect(first.statusCode).toBe(200);
    const firstPage = peoplePageSchema.strict().parse(first.json());
    expect(firstPage).toMatchObject({ areaId: place.northshire, total: consentingIds.size, limit: 1, offset: 0 });
    expect(firstPage.people).toHaveLength(1);
    const second = peoplePageSchema.parse((await call(`/api/v1/areas/${place.northshire}/people?limit=1&offset=1`, token)).json());
    expect(second.people[0]!.id).not.toBe(firstPage.people[0]!.id);
    expect(peoplePageSchema.parse((await call(`/api/v1/areas/${place.northshire}/people`, token)).json()).limit).toBe(25);
  });

  it('audits the listing, refuses another area and non-casework roles, and checks the paging numbers', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    await call(`/api/v1/areas/${place.northshire}/people`, token);
    const [listed] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'person.list')));
    expect(listed).toMatchObject({ outcome: 'allowed', subjectId: place.northshire });
    expect((await call(`/api/v1/areas/${place.riverton}/people`, token)).statusCode).toBe(403);
    const director = await tokenFor(place.northshire, 'county_council', 'director');
    expect((await call(`/api/v1/areas/${place.northshire}/people`, director.token)).statusCode).toBe(403);
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'offset=-1', 'limit=2.5']) {
      const response = await call(`/api/v1/areas/${place.northshire}/people?${query}`, token);
      expect(response.statusCode, query).toBe(400);
      expect(problemSchema.parse(response.json()).statusCode).toBe(400);
    }
  });
});

describe('other paths under /api/v1', () => {
  it('answers 404 JSON, never a page', async () => {
    const response = await call('/api/v1/no-such-thing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
  });
});
