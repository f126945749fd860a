// Past the database queue's bound a request is answered 503 with Retry-After at once, in plain words, and a form's
// answers are kept to send again.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
/** Holds every place in the queue until released, as slow requests would. */
let hold: Promise<void> = Promise.resolve();
let holding = 0;

beforeAll(async () => {
  let database;
  ({ app, database } = await testApp(
    { databaseQueue: { maxActive: 1, maxWaiting: 0, maxWaitMs: 1_000 } },
    {
      beforeReady: (app) => {
        app.get('/test/slow', { config: { access: 'public' } }, async () => {
          holding += 1;
          await hold;
          holding -= 1;
          return 'done';
        });
      },
    },
  ));
  await seedDemo(database);
});
afterAll(() => app.close());

async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  hold = new Promise((resolve) => (release = resolve));
  const slow = app.inject({ method: 'GET', url: '/test/slow' });
  while (holding === 0) await new Promise((resolve) => setImmediate(resolve));
  try {
    return await work();
  } finally {
    release();
    expect((await slow).statusCode).toBe(200);
  }
}

describe('when the database is busy', () => {
  it('answers a page with 503, Retry-After and plain words', async () => {
    const response = await whileBusy(() => app.inject({ method: 'GET', url: '/sign-in' }));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.body).toContain('The service is busy. Try again in a minute.');
    expect(response.body).toContain('Your answers have not been sent.');
    // Once the slow request is done, the same page works again.
    expect((await app.inject({ method: 'GET', url: '/sign-in' })).statusCode).toBe(200);
  });

  it('keeps a refused form’s answers, never its password, to send again', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in');
    const refused = await whileBusy(() => browser.post('/sign-in', { email: 'practitioner@northshire.example', password }));
    expect(refused.statusCode).toBe(503);
    expect(refused.body).toContain('Send your answers again');
    expect(refused.body).toContain('name="email" value="practitioner@northshire.example"');
    expect(refused.body).toContain('name="_csrf"');
    expect(refused.body).not.toContain(password);
  });

  it('answers the API with a problem and Retry-After', async () => {
    const response = await whileBusy(() => app.inject({ method: 'GET', url: '/api/v1/people', headers: { authorization: 'Bearer not-a-token' } }));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ type: 'about:blank', title: 'Service Unavailable', status: 503 });
  });
});

describe('when the server has been held too long to read new requests', () => {
  let heldApp: FastifyInstance;
  beforeAll(async () => {
    ({ app: heldApp } = await testApp({ serverMaxDelayMs: 200 }, { reset: false }));
  });
  afterAll(() => heldApp.close());

  /** Holds the thread as the embedded database does under load: the loop does not turn until it is done. */
  function holdThread(ms: number) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy on purpose
    }
  }
  const loopTurns = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('answers at once with 503 and Retry-After, then serves again once it has caught up', async () => {
    await loopTurns();
    holdThread(300);
    const refused = await heldApp.inject({ method: 'GET', url: '/sign-in' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toContain('The service is busy. Try again in a minute.');
    await loopTurns();
    expect((await heldApp.inject({ method: 'GET', url: '/sign-in' })).statusCode).toBe(200);
  });

  it('refuses the API the same way, with a problem', async () => {
    await loopTurns();
    holdThread(300);
    const refused = await heldApp.inject({ method: 'GET', url: '/api/v1/people', headers: { authorization: 'Bearer not-a-token' } });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it('never refuses while the loop turns freely', async () => {
    for (let i = 0; i < 5; i += 1) {
      await loopTurns();
      expect((await heldApp.inject({ method: 'GET', url: '/sign-in' })).statusCode).toBe(200);
    }
  });
});
