// Self-referral makes an account and a record, so it is limited per internet address and per area: past a limit a
// clear 429 page with Retry-After says nothing was sent, keeps what was typed in view, and says who else to ask.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { people } from '../../src/db/schema.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { type AppConfig } from '../../src/platform/config.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { organisationOf, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;
let clock: FixedClock;

async function start(selfReferral: AppConfig['selfReferral']) {
  // Later than anything the demo made, so only this test's referrals count towards a day's ceiling.
  clock = new FixedClock('2027-03-01T10:00:00Z');
  ({ app, database } = await testApp({ selfReferral, login: { maxFailures: 5, lockoutMinutes: 15, rateLimitPerMinute: 1000 } }, { clock }));
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
}
afterEach(() => app.close());

let counter = 0;
/** One person referring themselves: a fresh browser each time, as each is signed in to the record it made. */
async function refer(areaId: string, overrides: Record<string, string> = {}) {
  counter += 1;
  const browser = new TestBrowser(app);
  const form = await browser.get(`/start?area=${areaId}`);
  const personId = /name="personId" value="([^"]+)"/.exec(form.body)![1]!;
  const council = await organisationOf(database, areaId, 'county_council');
  const response = await browser.post('/start', {
    areaId,
    personId,
    givenName: 'Limit',
    familyName: `Tester${counter}`,
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '4',
    'dateOfBirth-year': '1970',
    email: `limit.${counter}@example.com`,
    password: 'a long and memorable password',
    phone: '07700 900982',
    address: '2 Low Road\nNorthtown',
    postcode: 'NE1 4ST',
    preferredContact: 'email',
    accessibleFormat: 'standard',
    nhsNumber: '',
    organisationIds: council.id,
    ...overrides,
  });
  return { response, personId };
}

describe('self-referrals from one internet address', () => {
  beforeEach(() => start({ perAddressPerHour: 2, perAreaPerDay: 1000 }));

  it('are limited per hour; the page says nothing was sent, keeps the answers in view and says who else to ask', async () => {
    expect((await refer(northshire)).response.statusCode).toBe(303);
    expect((await refer(northshire)).response.statusCode).toBe(303);
    const { response, personId } = await refer(northshire, { familyName: 'Keptanswer' });
    expect(response.statusCode).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect(response.body).toContain('We could not make your record');
    expect(response.body).toContain('Your details have not been sent');
    expect(response.body).toContain('from this internet connection in the last hour');
    expect(response.body).toContain('Contact the adult social care team at Northshire County Council');
    // What they typed is on the page for them to keep, but never the password.
    expect(response.body).toContain('Limit Keptanswer');
    expect(response.body).toContain('2 Low Road');
    expect(response.body).not.toContain('a long and memorable password');
    expect(await database.db.select().from(people).where(eq(people.id, personId))).toHaveLength(0);
  });

  it('count only referrals that would make a record, not a form sent back with mistakes', async () => {
    for (let i = 0; i < 4; i += 1) expect((await refer(northshire, { givenName: '' })).response.statusCode).toBe(400);
    expect((await refer(northshire)).response.statusCode).toBe(303);
    expect((await refer(northshire)).response.statusCode).toBe(303);
  });
});

describe('self-referrals to one area', () => {
  beforeEach(() => start({ perAddressPerHour: 1000, perAreaPerDay: 2 }));

  it('stop at the daily ceiling, until a day after the earliest, while other areas carry on', async () => {
    expect((await refer(northshire)).response.statusCode).toBe(303);
    clock.advance(60 * 60 * 1000);
    expect((await refer(northshire)).response.statusCode).toBe(303);
    const { response, personId } = await refer(northshire);
    expect(response.statusCode).toBe(429);
    // The first of the day's referrals was an hour ago, so there is room again in 23 hours.
    expect(response.headers['retry-after']).toBe(String(23 * 60 * 60));
    expect(response.body).toContain('more requests to refer online in Northshire (illustrative) today than we can take');
    expect(response.body).toContain('try again in 23 hours');
    expect(await database.db.select().from(people).where(eq(people.id, personId))).toHaveLength(0);
    expect((await refer(riverton)).response.statusCode).toBe(303);
    clock.advance(23 * 60 * 60 * 1000);
    expect((await refer(northshire)).response.statusCode).toBe(303);
  });
});
