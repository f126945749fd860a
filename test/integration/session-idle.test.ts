// The idle timeout counts from the session's real last use: a session in use never ends early, one left alone ends on
// time, without writing the session row on every request.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { lastSeenMark, readLastSeenMark } from '../../src/records/sessions.ts';
import { observeStatements } from '../../src/db/database.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

const clock = new FixedClock('2026-11-22T10:00:00Z');
const idleMinutes = 60;
const window = idleMinutes * 60_000;
let app: FastifyInstance;
let database: DatabaseHandle;

beforeAll(async () => {
  ({ app, database } = await testApp({ sessionIdleMinutes: idleMinutes, sessionMaxHours: 12 }, { clock }));
  await seedDemo(database);
});
afterAll(() => app.close());

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  expect((await browser.signIn(email, password)).statusCode).toBe(303);
  return browser;
}

describe('idle timeout', () => {
  it('never ends a session used within the window, however the uses fall against the last-seen writes', async () => {
    clock.set('2026-11-22T10:00:00Z');
    const browser = await signedIn('practitioner@northshire.example');
    // Used again 59 seconds later (too soon for the row to be written), then each time just inside the window.
    clock.advance(59_000);
    expect((await browser.get('/account')).statusCode).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      clock.advance(window - 1_000);
      expect((await browser.get('/account')).statusCode, `use ${i + 1}`).toBe(200);
      clock.advance(30_000);
      expect((await browser.get('/account')).statusCode, `use ${i + 1}, 30 seconds on`).toBe(200);
    }
  });

  it('ends a session idle for longer than the window, to the second', async () => {
    clock.set('2026-11-22T10:00:00Z');
    const browser = await signedIn('broker@northshire.example');
    clock.advance(45_000);
    expect((await browser.get('/account')).statusCode).toBe(200);
    clock.advance(window + 1_000);
    const late = await browser.get('/account');
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toMatch(/^\/sign-in/);
  });

  it('does not write the session row on every request', async () => {
    clock.set('2026-11-22T10:00:00Z');
    const browser = await signedIn('approver@northshire.example');
    const writes: string[] = [];
    const stop = observeStatements((statement) => {
      if (/^update "sessions"/i.test(statement)) writes.push(statement);
    });
    try {
      for (let i = 0; i < 5; i += 1) {
        clock.advance(5_000);
        expect((await browser.get('/account')).statusCode).toBe(200);
      }
    } finally {
      stop();
    }
    expect(writes).toEqual([]);
  });
});

describe('the signed last-seen mark', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  const at = new Date('2026-11-22T09:30:00Z');

  it('reads back the time it was made with, for the same session only', () => {
    const mark = lastSeenMark('secret', 'session-a', at);
    expect(readLastSeenMark('secret', 'session-a', mark, now)).toEqual(at);
    expect(readLastSeenMark('secret', 'session-b', mark, now)).toBeUndefined();
    expect(readLastSeenMark('another secret', 'session-a', mark, now)).toBeUndefined();
  });

  it('ignores an altered or malformed mark, and never reads a time later than now', () => {
    const [, signature] = lastSeenMark('secret', 'session-a', at).split('.');
    expect(readLastSeenMark('secret', 'session-a', `${now.getTime() + 3_600_000}.${signature}`, now)).toBeUndefined();
    for (const bad of [undefined, '', '.', 'abc.def', `${at.getTime()}`, `${at.getTime()}.${signature}.x`]) expect(readLastSeenMark('secret', 'session-a', bad, now)).toBeUndefined();
    const future = lastSeenMark('secret', 'session-a', new Date(now.getTime() + 60_000));
    expect(readLastSeenMark('secret', 'session-a', future, now)).toEqual(now);
  });
});
