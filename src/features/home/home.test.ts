// The director's home page counts everyone in the area by the domain's age bands, under-18s included, so the table,
// its total and the area's people agree; the band limits worked out for the database match `ageOn` on every day.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageBand, ageOn } from '../../domain/age-bands.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { people } from '../../db/schema.ts';
import { FixedClock } from '../../platform/clock.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';
import { latestBirthDateAtAge } from './queries.ts';

const clock = new FixedClock('2028-02-29T12:00:00Z');
let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;

beforeAll(async () => {
  ({ app, database } = await testApp({}, { clock }));
  northshire = (await seedDemo(database)).areaIds[0]!;
});
afterAll(() => app.close());

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

describe('the latest date of birth for an age', () => {
  it('agrees with ageOn for every day of birth around each boundary, 29 February included', () => {
    const days = ['2028-02-29', '2027-02-28', '2027-03-01', '2026-12-31', '2026-01-01', '2024-02-29'];
    for (const day of days) {
      for (const age of [18, 25, 65, 75, 85]) {
        const limit = latestBirthDateAtAge(day, age);
        const start = new Date(`${limit}T00:00:00Z`).getTime();
        for (let offset = -3; offset <= 3; offset++) {
          const born = isoDay(new Date(start + offset * 86_400_000));
          expect(ageOn(born, day) >= age, `${born} on ${day}, age ${age}`).toBe(born <= limit);
        }
      }
    }
  });
});

describe('the director’s home page', () => {
  it('shows everyone in the area by age band, with an under-18 row, adding up to the total', async () => {
    const today = clock.today();
    const born = (yearsAgo: number, days = 0) => isoDay(new Date(Date.UTC(2028 - yearsAgo, 1, 29 + days)));
    const extra = [born(16), born(18), born(18, 1), born(85), born(85, 1), born(24), born(25)];
    await database.db.insert(people).values(extra.map((dateOfBirth, index) => ({ areaId: northshire, givenName: 'Age', familyName: `Band ${index}`, dateOfBirth })));

    const everyone = await database.db.select({ dateOfBirth: people.dateOfBirth }).from(people).where(eq(people.areaId, northshire));
    const expected = new Map<string, number>();
    for (const person of everyone) {
      const band = ageBand(ageOn(person.dateOfBirth, today));
      expected.set(band, (expected.get(band) ?? 0) + 1);
    }
    expect(expected.get('under 18')).toBeGreaterThan(0);

    const browser = new TestBrowser(app);
    await browser.signIn('director@northshire.example', password);
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    const rows = [...home.body.matchAll(/<td class="govuk-table__cell"[^>]*>([^<]+)<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric"[^>]*>(\d+)<\/td>/g)].map((match) => [match[1]!.trim(), Number(match[2])] as const);
    expect(rows.map(([band]) => band)).toEqual(['under 18', '18 to 24', '25 to 64', '65 to 74', '75 to 84', '85 and over']);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(rows.map(([band]) => [band, expected.get(band) ?? 0])));
    const total = Number(/(\d+) people have a record in/.exec(home.body)![1]);
    expect(total).toBe(everyone.length);
    expect(rows.reduce((sum, [, count]) => sum + count, 0)).toBe(total);
  });
});
