// The JSON API on the real application, for a test file: the demo region, API tokens per organisation and role, a
// GET with a bearer token, and a new person who shares their record with the area's county council.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { AppConfig } from '../../src/platform/config.ts';
import { consents, people } from '../../src/db/schema.ts';
import { testApp, type TestAppOptions } from './app.ts';
import { issueToken } from './api-tokens.ts';
import { organisationOf as demoOrganisation, seedDemo } from './demo.ts';

export interface ApiTestContext {
  app: FastifyInstance;
  database: DatabaseHandle;
  place: { northshire: string; riverton: string };
}

/** Call at the top of a test file: builds the app and the demo before its tests, and closes it after. */
export function apiTestContext(overrides: Partial<AppConfig> = {}, options: TestAppOptions = {}) {
  const context = { place: { northshire: '', riverton: '' } } as ApiTestContext;
  const tokens = new Map<string, { token: string; id: string }>();
  let made = 0;

  beforeAll(async () => {
    ({ app: context.app, database: context.database } = await testApp(overrides, options));
    [context.place.northshire, context.place.riverton] = (await seedDemo(context.database)).areaIds as [string, string];
  });
  afterAll(() => context.app.close());

  const organisationOf = (areaId: string, kind: string) => demoOrganisation(context.database, areaId, kind);

  /** A new token each time, with the organisation it acts for. */
  async function issueFor(areaId: string, kind: string, role: string, name = `${kind} ${role}`) {
    const organisation = await organisationOf(areaId, kind);
    return { ...(await issueToken(context.database, organisation.id, role, name)), organisation };
  }

  /** One token per organisation kind and role in an area, issued the first time it is asked for. */
  async function tokenFor(areaId: string, kind: string, role: string) {
    const key = `${areaId}:${kind}:${role}`;
    const held = tokens.get(key);
    if (held) return held;
    const organisation = await organisationOf(areaId, kind);
    const made = await issueToken(context.database, organisation.id, role, `${kind} ${role}`);
    tokens.set(key, made);
    return made;
  }

  function call(url: string, token?: string, headers: Record<string, string> = {}) {
    return context.app.inject({ method: 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  }

  /** A new person for each test, sharing their record with the area's county council only. */
  async function newPerson(areaId = context.place.northshire) {
    const [person] = await context.database.db.insert(people).values({ areaId, givenName: 'Api', familyName: `Person ${++made}`, dateOfBirth: '1975-09-01' }).returning();
    await context.database.db.insert(consents).values({ areaId, personId: person!.id, organisationId: (await organisationOf(areaId, 'county_council')).id });
    return person!;
  }

  return { context, organisationOf, issueFor, tokenFor, call, newPerson };
}
