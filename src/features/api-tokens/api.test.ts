// GET /api/v1/me on the real application: a good token learns whose it is.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, seedDemo } from '../../../test/support/demo.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { meSchema } from './api.ts';

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

describe('bearer tokens', () => {
  it('accepts a good token, in any case of the word Bearer, and says whose it is', async () => {
    const { token, id, organisation } = await tokenFor(place.northshire, 'county_council', 'practitioner', 'Case system');
    const response = await call('/api/v1/me', undefined, { authorization: `bearer ${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = meSchema.strict().parse(response.json());
    expect(body).toMatchObject({ tokenId: id, name: 'Case system', role: 'practitioner', organisation: { id: organisation.id, name: organisation.name }, areaId: place.northshire });
    expect(new Date(body.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });
});
