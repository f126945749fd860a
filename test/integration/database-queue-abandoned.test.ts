// A client that gives up while its request waits for the database queue (a closed tab, a load generator stopping)
// must not keep a place: otherwise a few such clients leave every later request waiting, then refused.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.ts';

let app: FastifyInstance;
let base: string;
let release!: () => void;
let hold: Promise<void>;
let holding = 0;
let arrived = 0;

beforeAll(async () => {
  ({ app } = await testApp(
    { databaseQueue: { maxActive: 1, maxWaiting: 5, maxWaitMs: 3_000 } },
    {
      beforeReady: (app) => {
        app.addHook('onRequest', async (request) => {
          if (request.url === '/test/quick') arrived += 1;
        });
        app.get('/test/slow', { config: { access: 'public' } }, async () => {
          holding += 1;
          await hold;
          holding -= 1;
          return 'done';
        });
        app.get('/test/quick', { config: { access: 'public' } }, async () => 'quick');
      },
    },
  ));
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const settle = async () => {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('a client that goes away while queued', () => {
  it('gives its place back, so the next request is answered', async () => {
    hold = new Promise((resolve) => (release = resolve));
    const slow = fetch(`${base}/test/slow`);
    while (holding === 0) await settle();
    // The second request waits behind the slow one, and its client gives up.
    const gone = httpRequest(`${base}/test/quick`);
    gone.on('error', () => {});
    gone.end();
    while (arrived === 0) await settle();
    await settle();
    gone.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    expect((await slow).status).toBe(200);
    // With the abandoned request still holding the only place, this would wait and then be refused with a 503.
    const next = await fetch(`${base}/test/quick`);
    expect(next.status).toBe(200);
  });
});
