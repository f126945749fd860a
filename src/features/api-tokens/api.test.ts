// GET /api/v1/me on the real application: a good token learns whose it is.
import { describe, expect, it } from 'vitest';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { meSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
const { call, issueFor: tokenFor } = api;

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
