// A limit per API token: past it, a clear 429 with Retry-After, and other tokens carry on.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { organisations } from '../../src/db/schema.ts';
import { testApp } from '../support/app.ts';
import { issueToken } from '../support/api-tokens.ts';
import { seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
beforeAll(async () => {
  ({ app, database } = await testApp({ apiRateLimitPerMinute: 3 }));
  await seedDemo(database);
});
afterAll(() => app.close());

describe('API rate limit', () => {
  it('stops a token after its limit with a 429 and Retry-After, while another token is still answered', async () => {
    const [council] = await database.db.select().from(organisations).where(and(eq(organisations.kind, 'county_council'), eq(organisations.name, 'Northshire County Council')));
    const busy = await issueToken(database, council!.id, 'practitioner', 'busy');
    const quiet = await issueToken(database, council!.id, 'practitioner', 'quiet');
    const call = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i += 1) expect((await call(busy.token)).statusCode).toBe(200);
    const refused = await call(busy.token);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ status: 429 });
    expect((await call(quiet.token)).statusCode).toBe(200);
  });
});
