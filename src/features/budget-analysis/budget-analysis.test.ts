// The managers' report over agreed budgets whose true pattern is known: the page, the API and the CSV give exactly the
// generator's means, medians and percentages, hide a small group and the one that would give it away, and only
// directors and area administrators of the area see it. How long plans take comes from known events the same way.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { agreedBudgets, people, processEvents, supportPlans } from '../../db/schema.ts';
import fc from 'fast-check';
import { ageBands } from '../../domain/age-bands.ts';
import { actualVsIndicative } from '../../domain/support-plan/actual-vs-indicative.ts';
import { startSignOff } from '../../domain/support-plan/sign-off.ts';
import type { ProcessEventKind } from '../../domain/process/process-events.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { organisationOf, password, seedDemo } from '../../../test/support/demo.ts';
import { areaAnalysis } from './analysis-view.ts';
import { currentAgreedBudgets, streamNames } from './queries.ts';
import { reportThreshold } from './report.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;

/** The generator: for each age band, differences (pence a year) and how many people have each, by stream and team. */
const pattern: { band: string; stream: string; team: string; difference: number; people: number }[] = [
  { band: '18 to 24', stream: 'adult-social-care', team: 'North locality team', difference: 1000, people: 3 },
  { band: '25 to 64', stream: 'adult-social-care', team: 'North locality team', difference: 2600, people: 10 },
  { band: '25 to 64', stream: 'adult-social-care', team: 'North locality team', difference: 7800, people: 15 },
  { band: '65 to 74', stream: 'adult-social-care', team: 'North locality team', difference: -5200, people: 20 },
  { band: '65 to 74', stream: 'adult-social-care', team: 'North locality team', difference: 0, people: 10 },
  { band: '75 to 84', stream: 'adult-social-care', team: 'North locality team', difference: -2600, people: 11 },
  { band: '85 and over', stream: 'supporting-people', team: 'South locality team', difference: -10400, people: 11 },
  { band: '85 and over', stream: 'supporting-people', team: 'South locality team', difference: -1, people: 1 },
];

let made = 0;
/** People of the area, each with a plan row to hang their agreed budget on. */
async function newPeople(areaId: string, count: number) {
  if (count === 0) return [];
  const rows = await database.db
    .insert(people)
    .values(Array.from({ length: count }, () => ({ areaId, givenName: 'Report', familyName: `Person ${++made}`, dateOfBirth: '1950-01-01' })))
    .returning({ id: people.id });
  const plans = await database.db
    .insert(supportPlans)
    .values(rows.map((row) => ({ areaId, personId: row.id, state: 'agreed', signOff: startSignOff(1) })))
    .returning({ id: supportPlans.id, personId: supportPlans.personId });
  return plans;
}

type Step = [ProcessEventKind, number];
/** A person's journey as days after 1 March 2026 (noon in London, so the day is the same everywhere). */
async function journey(areaId: string, personId: string, steps: Step[]) {
  await database.db.insert(processEvents).values(
    steps.map(([kind, day], index) => ({ areaId, personId, kind, dedupeKey: `${kind}:${personId}:${index}`, occurredAt: new Date(Date.UTC(2026, 2, 1 + day, 12, index)), streamCode: kind === 'part-approved' || kind === 'plan-returned' ? 'adult-social-care' : null })),
  );
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  [northshire, riverton] = (await seedDemo(database)).areaIds as [string, string];
  // Only the known pattern: the demo's own agreed budgets and plan steps are cleared from the area.
  await database.db.delete(agreedBudgets).where(eq(agreedBudgets.areaId, northshire));
  await database.db.delete(processEvents).where(eq(processEvents.areaId, northshire));
  for (const group of pattern) {
    const plans = await newPeople(northshire, group.people);
    await database.db.insert(agreedBudgets).values(
      plans.map((plan, index) => ({
        areaId: northshire,
        personId: plan.personId,
        planId: plan.id,
        streamCode: group.stream,
        ageBand: group.band,
        team: group.team,
        indicativeYearlyPence: 1_000_000 + index * 5200,
        actualYearlyPence: 1_000_000 + index * 5200 + group.difference,
        agreedOn: '2026-11-02',
      })),
    );
  }
  // 20 plans from first contact to agreed in 1, 3, 5 … 39 days; every other one sent back once; one more agreed with
  // no first contact recorded; and one not agreed yet, which is not counted.
  const journeys = await newPeople(northshire, 22);
  for (const [index, plan] of journeys.slice(0, 20).entries()) {
    const days = 1 + index * 2;
    const steps: Step[] =
      index % 2 === 0
        ? [['first-contact', 0], ['plan-started', 0], ['plan-submitted', 0], ['part-approved', days], ['budget-agreed', days]]
        : [['first-contact', 0], ['plan-started', 0], ['plan-submitted', 0], ['plan-returned', 0], ['plan-submitted', 0], ['part-approved', days], ['budget-agreed', days]];
    await journey(northshire, plan.personId, steps);
  }
  await journey(northshire, journeys[20]!.personId, [['plan-started', 0], ['plan-submitted', 1], ['part-approved', 2], ['budget-agreed', 2]]);
  await journey(northshire, journeys[21]!.personId, [['first-contact', 0], ['plan-started', 1]]);
});

afterAll(() => app.close());

async function director(area = 'northshire') {
  const browser = new TestBrowser(app);
  await browser.signIn(`director@${area}.example`, password);
  return browser;
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
}

/** A table row on the page by its first cell, as the cells' text. */
function row(html: string, label: string): string[] {
  const rows = [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((match) => [...match[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1]!)));
  const found = rows.find((cells) => cells[0] === label);
  if (!found) throw new Error(`No row ${label}`);
  return found;
}

/** RFC 4180 as analysisCsv writes it: every field quoted, quotes doubled, CRLF lines. */
function parseCsv(csv: string): string[][] {
  return csv
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replace(/""/g, '"')));
}

// The expected figures, worked out by hand from the pattern.
const expected = {
  '25 to 64': { people: 25, mean: 5720, median: 7800, below: 0, equal: 0, above: 1000 },
  // −104,000 ÷ 30 = −3,466.67; the middle two are both −£52.
  '65 to 74': { people: 30, mean: -3467, median: -5200, below: 667, equal: 333, above: 0 },
  // −114,401 ÷ 12 = −9,533.42; the middle two are both −£104.
  '85 and over': { people: 12, mean: -9533, median: -10400, below: 1000, equal: 0, above: 0 },
  // 81 people: −101,001 ÷ 81 = −1,246.93; the 41st is −£26; 43, 10 and 28 people below, the same and above.
  all: { people: 81, mean: -1247, median: -2600, below: 531, equal: 123, above: 346 },
};

describe('actual against indicative budgets', () => {
  it('gives the generator’s means, medians and percentages by age, and hides a small group and the one that would give it away', async () => {
    const browser = await director();
    const page = await browser.get(`/areas/${northshire}/reports/actual-vs-indicative`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(row(page.body, 'Aged 25 to 64')).toEqual(['Aged 25 to 64', '25', '£57.20 a year above', '£78 a year above', '0%', '0%', '100%']);
    expect(row(page.body, 'Aged 65 to 74')).toEqual(['Aged 65 to 74', '30', '£34.67 a year below', '£52 a year below', '66.7%', '33.3%', '0%']);
    expect(row(page.body, 'Aged 85 and over')).toEqual(['Aged 85 and over', '12', '£95.33 a year below', '£104 a year below', '100%', '0%', '0%']);
    expect(row(page.body, 'Aged 18 to 24')).toEqual(['Aged 18 to 24', 'fewer than 10', 'not shown', 'not shown', 'not shown', 'not shown', 'not shown']);
    expect(row(page.body, 'Aged 75 to 84')).toEqual(['Aged 75 to 84', 'withheld', 'not shown', 'not shown', 'not shown', 'not shown', 'not shown']);
    expect(row(page.body, 'Supporting People')[1]).toBe('12');
    expect(row(page.body, 'South locality team')[2]).toBe('£95.33 a year below');
    expect(text(page.body)).toContain('On average, people aged 65 to 74 and aged 85 and over were agreed less than their indicative budget; people aged 25 to 64 more.');
    // The chart says the same in words, on its bars and in its description.
    const svg = /<svg role="img" aria-labelledby="chart-title chart-description"[\s\S]*?<\/svg>/.exec(page.body)![0];
    expect(svg).toContain('<title id="chart-title">');
    expect(text(svg)).toContain('Aged 65 to 74: £34.67 a year below');
    expect(text(svg)).toContain('Aged 18 to 24: fewer than 10 people, not shown');
    expect(svg.match(/<rect /g)).toHaveLength(3);
  });

  it('answers the same figures from the API, and the CSV parses back to them', async () => {
    const county = await organisationOf(database, northshire, 'county_council');
    const { token } = await issueToken(database, county.id, 'director', 'report test');
    const response = await app.inject({ method: 'GET', url: `/api/v1/areas/${northshire}/reports/actual-vs-indicative`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    const groups = (response.json() as { groups: { breakdown: string; key: string; people: number | null; suppression: string; meanDifferencePence: number | null; medianDifferencePence: number | null; belowTenths: number | null; equalTenths: number | null; aboveTenths: number | null }[] }).groups;
    for (const [key, figures] of Object.entries(expected)) {
      const group = groups.find((candidate) => candidate.key === key)!;
      expect({ people: group.people, mean: group.meanDifferencePence, median: group.medianDifferencePence, below: group.belowTenths, equal: group.equalTenths, above: group.aboveTenths }, key).toEqual(figures);
    }
    expect(groups.find((group) => group.key === '18 to 24')).toMatchObject({ people: null, suppression: 'small', meanDifferencePence: null });
    expect(groups.find((group) => group.key === '75 to 84')).toMatchObject({ people: null, suppression: 'secondary', meanDifferencePence: null });

    const browser = await director();
    const download = await browser.get(`/areas/${northshire}/reports/actual-vs-indicative.csv`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="actual-vs-indicative-\d{4}-\d\d-\d\d\.csv"$/);
    expect(download.body.startsWith('\uFEFF')).toBe(true);
    const [head, ...lines] = parseCsv(download.body.slice(1));
    expect(head).toEqual(['Breakdown', 'Group', 'People', 'Mean difference a year (£)', 'Median difference a year (£)', 'Below indicative (%)', 'Same as indicative (%)', 'Above indicative (%)']);
    const pence = (pounds: string) => Math.round(Number(pounds) * 100);
    const tenths = (percent: string) => Math.round(Number(percent) * 10);
    for (const [key, figures] of Object.entries(expected)) {
      const line = lines.find((cells) => cells[1] === (key === 'all' ? 'Everyone' : `Aged ${key}`))!;
      expect({ people: Number(line[2]), mean: pence(line[3]!), median: pence(line[4]!), below: tenths(line[5]!), equal: tenths(line[6]!), above: tenths(line[7]!) }, key).toEqual(figures);
    }
    expect(lines.find((cells) => cells[1] === 'Aged 18 to 24')!.slice(2)).toEqual(['fewer than 10', 'withheld', 'withheld', 'withheld', 'withheld', 'withheld']);
    expect(lines.find((cells) => cells[1] === 'Aged 75 to 84')![2]).toBe('withheld');
  });

  it('counts how long plans took, hand-offs, asking once and parts sent back, from the plans’ events', async () => {
    const browser = await director();
    const page = text((await browser.get(`/areas/${northshire}/reports/actual-vs-indicative`)).body);
    // 21 agreed; 20 timed: 1, 3 … 39 days, so the median is (19 + 21) ÷ 2 and the 18th of 20 is 35.
    expect(page).toContain('People with an agreed budget 21');
    expect(page).toContain('Of them, with their first contact recorded 20');
    expect(page).toContain('Days to an agreed budget, median 20 days');
    expect(page).toContain('Days to an agreed budget, 9 in 10 people within 35 days');
    // Hand-offs: 2 for the one with no first contact, 3 without a return, 5 with one: the 11th of 21 is 3, the 19th is 5.
    expect(page).toContain('Hand-offs, median 3');
    expect(page).toContain('Hand-offs, 9 in 10 plans at most 5');
    // Asked once: the 10 never sent back and the one with no first contact, 11 of 21; sent back: 10 of 21.
    expect(page).toContain('Asked for the same thing only once 52.4%');
    expect(page).toContain('Parts of plans sent back to change 10');
    expect(page).toContain('Plans sent back at least once 47.6%');

    const county = await organisationOf(database, northshire, 'county_council');
    const { token } = await issueToken(database, county.id, 'area_administrator', 'process test');
    const response = await app.inject({ method: 'GET', url: `/api/v1/areas/${northshire}/reports/plan-process`, headers: { authorization: `Bearer ${token}` } });
    expect(response.json()).toMatchObject({ agreedPlans: 21, timedPlans: 20, medianDaysToAgreedBudget: 20, ninetiethPercentileDaysToAgreedBudget: 35, medianHandOffs: 3, ninetiethPercentileHandOffs: 5, askedOncePeople: 11, askedOnceTenths: 524, returnedParts: 10, plansReturned: 10, plansReturnedTenths: 476 });
  });

  it('hides every process figure while fewer than 10 plans are agreed', async () => {
    // Riverton: only 3 plans agreed.
    await database.db.delete(processEvents).where(eq(processEvents.areaId, riverton));
    for (const plan of await newPeople(riverton, 3)) await journey(riverton, plan.personId, [['first-contact', 0], ['plan-started', 1], ['plan-submitted', 2], ['part-approved', 3], ['budget-agreed', 3]]);
    const browser = await director('riverton');
    const page = text((await browser.get(`/areas/${riverton}/reports/actual-vs-indicative`)).body);
    expect(page).toContain('People with an agreed budget fewer than 10');
    expect(page).toContain('Days to an agreed budget, median not shown');
    expect(page).toContain('Hand-offs, median not shown');
    expect(page).toContain('Asked for the same thing only once not shown');
  });

  it('is for directors and area administrators of the area only, and is linked from the director’s home page', async () => {
    const own = await director();
    expect((await own.get(`/areas/${riverton}/reports/actual-vs-indicative`)).statusCode).toBe(403);
    expect((await own.get(`/areas/${riverton}/reports/actual-vs-indicative.csv`)).statusCode).toBe(403);
    expect((await own.get('/areas/not-an-area/reports/actual-vs-indicative')).statusCode).toBe(404);
    expect((await own.get('/areas/00000000-0000-4000-8000-000000000000/reports/actual-vs-indicative')).statusCode).toBe(404);
    const home = await own.get('/');
    expect(home.body).toContain(`href="/areas/${northshire}/reports/actual-vs-indicative"`);
    const chosen = await own.get('/reports/actual-vs-indicative');
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe(`/areas/${northshire}/reports/actual-vs-indicative`);

    const administrator = new TestBrowser(app);
    await administrator.signIn('admin@northshire.example', password);
    expect((await administrator.get(`/areas/${northshire}/reports/actual-vs-indicative`)).statusCode).toBe(200);
    for (const email of ['practitioner@northshire.example', 'approver@northshire.example', 'budget.holder@northshire.example']) {
      const other = new TestBrowser(app);
      await other.signIn(email, password);
      expect((await other.get(`/areas/${northshire}/reports/actual-vs-indicative`)).statusCode, email).toBe(403);
      expect((await other.get('/reports/actual-vs-indicative')).statusCode, email).toBe(403);
    }
  });

  it('adds up in the database to exactly what the analysis works out from every row', async () => {
    const budget = fc.record({
      band: fc.constantFrom('under 18', ...ageBands),
      stream: fc.constantFrom('adult-social-care', 'supporting-people', 'access-to-work'),
      team: fc.constantFrom('North locality team', 'South locality team', 'Mental health team', null),
      indicative: fc.integer({ min: 0, max: 5_000_000 }),
      difference: fc.oneof(fc.constant(0), fc.integer({ min: -300_000, max: 300_000 }), fc.constantFrom(-1, 1, 5200, -5200)),
    });
    const datasets = fc.sample(fc.array(budget, { minLength: 0, maxLength: 90 }), { numRuns: 6, seed: 2026 });
    for (const dataset of [...datasets, []]) {
      await database.db.delete(agreedBudgets).where(eq(agreedBudgets.areaId, riverton));
      const plans = await newPeople(riverton, dataset.length);
      if (dataset.length > 0) {
        await database.db.insert(agreedBudgets).values(
          dataset.map((row, index) => ({ areaId: riverton, personId: plans[index]!.personId, planId: plans[index]!.id, streamCode: row.stream, ageBand: row.band, team: row.team, indicativeYearlyPence: row.indicative, actualYearlyPence: Math.max(0, row.indicative + row.difference), agreedOn: '2026-11-02' })),
        );
      }
      const fromRows = actualVsIndicative(await currentAgreedBudgets(database.db, riverton), { threshold: reportThreshold, streamNames: await streamNames(database.db, riverton) });
      expect(await areaAnalysis(database.db, riverton)).toEqual(fromRows);
    }
  });
});
