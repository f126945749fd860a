// How many statements a signed-in page sends to the database, counted as the app sends them. Each is a round trip
// under load, so the counts are held here (statement counts are exact, unlike timings, which live in bench/).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeStatements } from '../../src/db/database.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let browser: TestBrowser;
let personPath: string;

beforeAll(async () => {
  let database;
  ({ app, database } = await testApp());
  await seedDemo(database);
  browser = new TestBrowser(app);
  expect((await browser.signIn('practitioner@northshire.example', password)).statusCode).toBe(303);
  personPath = /href="(\/people\/[0-9a-f-]{36})"/.exec((await browser.get('/')).body)![1]!;
});
afterAll(() => app.close());

/** The statements one request sends (the page is fetched once first, so what is read once per process is read). */
async function statementsOf(url: string): Promise<string[]> {
  expect((await browser.get(url)).statusCode).toBe(200);
  const sent: string[] = [];
  const stop = observeStatements((statement) => sent.push(statement));
  try {
    expect((await browser.get(url)).statusCode).toBe(200);
  } finally {
    stop();
  }
  return sent;
}

describe('statements per signed-in page', () => {
  it('reads the session, its user and their roles in one statement', async () => {
    const sent = await statementsOf('/account');
    const [session, ...others] = sent.filter((statement) => /"sessions"|"users"|"role_assignments"/.test(statement));
    expect(session).toMatch(/from "sessions" inner join "users"/);
    expect(session).toMatch(/json_agg.*from "role_assignments"/);
    expect(others).toEqual([]);
  });

  it("names the user's organisations, areas and regions in one statement", async () => {
    const sent = await statementsOf('/');
    const naming = sent.filter((statement) => /from "(organisations|areas|regions)"/.test(statement));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toMatch(/union all/);
  });

  it('counts the home list only up to a bound, searched or not, so a county-sized list costs no more than a page', async () => {
    for (const url of ['/', '/?name=an&page=2']) {
      const counts = (await statementsOf(url)).filter((statement) => /^select count\(\*\)/.test(statement) && /"consents"/.test(statement) && !/referral_checks/.test(statement));
      expect(counts, url).toHaveLength(1);
      expect(counts[0], url).toMatch(/limit \$\d+\) "matches"/);
    }
  });

  it('reads a person and whom they share with in one statement, once', async () => {
    const sent = await statementsOf(personPath);
    expect(sent.filter((statement) => /from "people"/.test(statement))).toHaveLength(1);
    expect(sent.filter((statement) => /from "consents"/.test(statement))).toEqual([]);
  });

  it('keeps the budget page to its reads: each of budgets, assessments, decisions and streams once', async () => {
    const sent = await statementsOf(`${personPath}/budget`);
    const reading = (table: string) => sent.filter((statement) => new RegExp(`from "${table}"`).test(statement));
    expect(reading('indicative_budgets')).toHaveLength(1);
    expect(reading('assessments')).toHaveLength(1);
    expect(reading('eligibility_decisions')).toHaveLength(1);
    expect(reading('funding_streams')).toHaveLength(1);
    // Published configuration versions come from memory once read.
    expect(reading('area_configurations')).toEqual([]);
    // The session (1), the person with their sharing (1), the audit entry of the read (1: the lock and the insert in
    // one statement) and the page's five reads: budgets, assessments, streams, the area's organisations (for contacts)
    // and decisions. It was 17.
    expect(sent.length).toBeLessThanOrEqual(8);
  });

  it('spends two statements on each signed-in page beyond its own reads: the session and the audit entry', async () => {
    for (const url of [personPath, `${personPath}/budget`, '/']) {
      const sent = await statementsOf(url);
      const beyondPage = sent.filter((statement) => /^(begin|commit)\b|from "sessions"|audit_log/i.test(statement));
      expect(beyondPage, url).toHaveLength(2);
      expect(beyondPage[0], url).toMatch(/from "sessions"/);
      expect(beyondPage[1], url).toMatch(/pg_advisory_xact_lock[\s\S]*insert into audit_log/);
    }
  });
});
