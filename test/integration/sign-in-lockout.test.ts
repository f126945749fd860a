// Lockout cannot be used against an account's owner: guessing from one address locks that address only, and guessing
// from many addresses slows down new places while the owner's usual place still gets in.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/platform/clock.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

const clock = new FixedClock('2026-11-22T10:00:00Z');
let app: FastifyInstance;

beforeAll(async () => {
  let database;
  ({ app, database } = await testApp({ login: { maxFailures: 3, lockoutMinutes: 15, rateLimitPerMinute: 1000 } }, { clock }));
  await seedDemo(database);
});
afterAll(() => app.close());

async function tryPassword(address: string, email: string, attempt: string) {
  const browser = new TestBrowser(app, address);
  await browser.get('/sign-in');
  return { browser, response: await browser.post('/sign-in', { email, password: attempt }) };
}

describe('lockout per account and address', () => {
  it('locks out the address that keeps guessing, and the owner elsewhere still signs in', async () => {
    const email = 'practitioner@riverton.example';
    const attacker = new TestBrowser(app, '203.0.113.10');
    await attacker.get('/sign-in');
    for (const guess of ['guess-1', 'guess-2']) expect((await attacker.post('/sign-in', { email, password: guess })).statusCode).toBe(401);
    const locking = await attacker.post('/sign-in', { email, password: 'guess-3' });
    expect(locking.statusCode).toBe(429);
    expect(locking.body).toContain('this account is locked until 10:15am');
    const rightButLocked = await attacker.post('/sign-in', { email, password });
    expect(rightButLocked.statusCode).toBe(429);
    expect(rightButLocked.body).toContain('this account is locked until');
    expect(attacker.cookies.has('rtc_session')).toBe(false);

    const { browser: owner, response } = await tryPassword('198.51.100.20', email, password);
    expect(response.statusCode).toBe(303);
    expect((await owner.get('/')).statusCode).toBe(200);
  });

  it('slows down new addresses while many addresses guess, never the place the owner signs in from', async () => {
    const email = 'approver@riverton.example';
    expect((await tryPassword('198.51.100.30', email, password)).response.statusCode).toBe(303);
    // Six places, one wrong guess each: none is locked, but the account is now under attack.
    for (let i = 1; i <= 6; i += 1) expect((await tryPassword(`203.0.113.${100 + i}`, email, `guess-${i}`)).response.statusCode).toBe(401);

    const seventhGuess = await tryPassword('203.0.113.107', email, 'guess-7');
    expect(seventhGuess.response.statusCode).toBe(429);
    expect(seventhGuess.response.body).toContain('wait until 10:00:01am');

    const newPlace = await tryPassword('192.0.2.40', email, password);
    expect(newPlace.response.statusCode).toBe(429);
    expect(newPlace.response.body).toContain('There have been too many wrong sign-in attempts for this account. For your security, wait until 10:00:01am');
    expect(newPlace.response.body).toContain('govuk-error-summary');
    expect(newPlace.response.body).toContain(`value="${email}"`);
    expect(newPlace.browser.cookies.has('rtc_session')).toBe(false);

    expect((await tryPassword('198.51.100.30', email, password)).response.statusCode).toBe(303);

    clock.advance(1_000);
    expect((await tryPassword('192.0.2.40', email, password)).response.statusCode).toBe(303);
  });
});
