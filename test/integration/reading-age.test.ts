// Person-facing pages read at a reading age of 9 or under (Flesch-Kincaid grade + 5), measured on the words a
// person sees in the page's main content, so a rewrite that drifts back into officialese fails here.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, people, roleAssignments, users } from '../../src/db/schema.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { readability } from '../../src/domain/plain-language.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

const mostReadingAge = 9;

let app: FastifyInstance;
let database: DatabaseHandle;
let personId: string;
let ilfTeamId: string;
let areaId: string;

/** The text of the page's main content as a person reads it: one line per heading, paragraph, list item or cell. */
function mainText(html: string): string {
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/?(h[1-6]|p|li|td|th|caption|legend|label|dt|dd|div|br|tr|summary|button|a)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&rsquo;|&#x27;/g, '’')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  const [row] = await database.db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.email, 'budget.holder@northshire.example'));
  personId = row!.personId!;
  const [ilf] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, demo.areaIds[0]!), eq(organisations.kind, 'national_agency')));
  ilfTeamId = ilf!.id;
  areaId = demo.areaIds[0]!;
});
afterAll(() => app.close());

async function expectReadable(browser: TestBrowser, path: string) {
  const page = await browser.get(path);
  expect(page.statusCode, path).toBe(200);
  const score = readability(mainText(page.body));
  expect(score.words, path).toBeGreaterThan(20);
  expect(Math.round(score.readingAge * 10) / 10, `reading age of ${path}`).toBeLessThanOrEqual(mostReadingAge);
}

describe('reading age of the pages a person reads', () => {
  it('is 9 or under on the public pages', async () => {
    const browser = new TestBrowser(app);
    for (const path of ['/', '/accessibility', '/privacy', '/cookies', '/start', `/start?area=${areaId}`, `/cash-equivalent/${areaId}`, '/contribution-estimate', `/contribution-estimate/${areaId}`]) await expectReadable(browser, path);
  });

  it('is 9 or under on the contribution estimate a visitor works out', async () => {
    const browser = new TestBrowser(app);
    await browser.get(`/contribution-estimate/${areaId}`);
    const answers = { age: '40', pipDailyLiving: '73.90', otherIncome: '150', capital: '', capitalNotSure: 'yes', housingCosts: '60', disabilityCosts: '', disabilityCostsNotSure: 'yes', premiums: 'not-sure' };
    const result = await browser.post(`/contribution-estimate/${areaId}`, answers);
    expect(result.statusCode).toBe(200);
    const score = readability(mainText(result.body));
    expect(score.words).toBeGreaterThan(20);
    expect(Math.round(score.readingAge * 10) / 10, 'reading age of the estimate').toBeLessThanOrEqual(mostReadingAge);
  });

  it('is 9 or under on the pages a budget holder reads about their own record', async () => {
    await database.db.update(people).set({ accessibleFormat: 'easy read' }).where(eq(people.id, personId));
    const browser = new TestBrowser(app);
    await browser.signIn('budget.holder@northshire.example', password);
    for (const path of [`/people/${personId}/sharing`, `/people/${personId}/sharing/${ilfTeamId}`, `/people/${personId}/assessment`, `/people/${personId}/budget`, `/people/${personId}/budget/letter`, `/people/${personId}/history`, `/people/${personId}/plan`, `/people/${personId}/plan/direct-payments`]) {
      await expectReadable(browser, path);
    }
  });
});
