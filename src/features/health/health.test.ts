// The health check answers without sign-in, naming the database it reached and the version running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../../../test/support/app.ts';

describe('GET /health', () => {
  let app: FastifyInstance;
  let kind: string;
  beforeAll(async () => {
    const built = await testApp();
    app = built.app;
    kind = built.database.kind;
  });
  afterAll(() => app.close());

  it('answers without sign-in with status, database kind and version', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({ status: 'ok', database: kind, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(['pglite', 'postgres']).toContain(body.database);
    expect(body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });
});
