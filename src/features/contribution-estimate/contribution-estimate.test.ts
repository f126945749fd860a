// The public contribution estimate over HTTP: choosing an area, the estimate the charging rules give for the answers,
// each mistake shown next to its question with the answers kept, CSRF, and nothing saved or logged.
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog } from '../../db/schema.ts';
import { divideRoundHalfUp } from '../../domain/budget/money.ts';
import { england2025To26, illustrativeLocalOptions } from '../../domain/charging/charging-figures.ts';
import { type SelfAssessmentAnswers, estimateContribution } from '../../domain/charging/self-assessment.ts';
import { FixedClock } from '../../platform/clock.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { seedDemo } from '../../../test/support/demo.ts';
import { estimateFigures } from './figures.ts';

const today = '2025-10-01';
const clock = new FixedClock(new Date(`${today}T12:00:00Z`));
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;

beforeAll(async () => {
  ({ app, database } = await testApp({ logLevel: 'info' }, { clock, logStream }));
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
});
afterAll(() => app.close());

/** The HTML-escaped text as the page shows it. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('’', '&#39;').replaceAll('“', '&ldquo;');
const shows = (html: string, text: string) => html.includes(text) || html.includes(escaped(text)) || html.replace(/&#39;/g, '’').replace(/&quot;/g, '"').includes(text);

async function formPage(areaId = northshire) {
  const browser = new TestBrowser(app);
  const page = await browser.get(`/contribution-estimate/${areaId}`);
  expect(page.statusCode).toBe(200);
  return browser;
}

const known = {
  age: '30',
  statePension: '',
  pensionCredit: '',
  universalCredit: '433.33',
  pipDailyLiving: '£73.90',
  otherIncome: '1,000.00',
  capital: '£15,750',
  housingCosts: '80.50',
  disabilityCosts: '',
  disabilityCostsNotSure: 'yes',
  premiums: 'disability',
  supportCost: '250',
};

describe('choosing an area', () => {
  it('starts on a public page that says what the estimate is and offers each area', async () => {
    const page = await new TestBrowser(app).get('/contribution-estimate');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Estimate what you might pay towards your support</h1>');
    expect(page.body).toContain(`value="${northshire}"`);
    expect(page.body).toContain(`value="${riverton}"`);
    expect(page.body).toContain('We do not save your answers.');
  });

  it('goes on to the questions for the area chosen, and asks again when none or no real one is chosen', async () => {
    const browser = new TestBrowser(app);
    const chosen = await browser.get(`/contribution-estimate?choosing=yes&area=${riverton}`);
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe(`/contribution-estimate/${riverton}`);
    for (const url of ['/contribution-estimate?choosing=yes', '/contribution-estimate?choosing=yes&area=junk', '/contribution-estimate?area=00000000-0000-4000-8000-000000000000']) {
      const again = await browser.get(url);
      expect(again.statusCode, url).toBe(400);
      expect(again.body).toContain('href="#area"');
      expect(again.body).toContain('Select the area you live in');
    }
  });

  it('is linked from the start page', async () => {
    expect((await new TestBrowser(app).get('/')).body).toContain('href="/contribution-estimate"');
  });

  it('answers 404 for an area that does not exist, for the questions and for answers sent to it', async () => {
    const browser = new TestBrowser(app);
    expect((await browser.get('/contribution-estimate/not-an-area')).statusCode).toBe(404);
    expect((await browser.get('/contribution-estimate/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    await browser.get(`/contribution-estimate/${northshire}`);
    expect((await browser.post('/contribution-estimate/00000000-0000-4000-8000-000000000000', known)).statusCode).toBe(404);
  });
});

describe('the estimate', () => {
  it('is the one the charging rules give for the answers, with the lines that explain it and what happens next', async () => {
    const browser = await formPage();
    const response = await browser.post(`/contribution-estimate/${northshire}`, known);
    expect(response.statusCode).toBe(200);
    const direct = estimateContribution(
      {
        day: today,
        person: { age: 30 },
        household: 'single',
        // Universal Credit is asked for each month: £433.33 × 12 ÷ 52 a week.
        incomes: [divideRoundHalfUp(43_333 * 12, 52), 7_390, 100_000],
        capital: 1_575_000,
        housingCostsWeekly: 8_050,
        disabilityRelatedExpenditureWeekly: 'not sure',
        disabilityPremium: true,
        enhancedDisabilityPremium: false,
        weeklyCostOfSupport: 25_000,
      },
      england2025To26,
      illustrativeLocalOptions,
    );
    if (direct.kind !== 'estimate') throw new Error('expected an estimate');
    expect(direct.lowest).toBe(direct.highest);
    expect(shows(response.body, direct.summary)).toBe(true);
    for (const note of direct.notes) expect(shows(response.body, note), note).toBe(true);
    expect(response.body).toContain('financial assessment');
    expect(response.body).toContain('You will never pay more than your support costs.');
    // The Minimum Income Guarantee for a single person aged 25 or over, with the disability premium: £112.50 + £49.65.
    expect(response.body).toContain('For you, it is at least £162.15 a week.');
    expect(response.body).toContain('We have not saved your answers.');
    expect(response.body).toContain('illustrative figures');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('is a range when the person is not sure, the same range as the rules give', async () => {
    const browser = await formPage();
    const unsure = { ...known, capital: '', capitalNotSure: 'yes', housingCosts: '', housingCostsNotSure: 'yes', premiums: 'not-sure', supportCost: '' };
    const response = await browser.post(`/contribution-estimate/${northshire}`, unsure);
    expect(response.statusCode).toBe(200);
    const answers: SelfAssessmentAnswers = {
      day: today,
      person: { age: 30 },
      incomes: [divideRoundHalfUp(43_333 * 12, 52), 7_390, 100_000],
      capital: 'not sure',
      housingCostsWeekly: 'not sure',
      disabilityRelatedExpenditureWeekly: 'standard',
      disabilityPremium: 'not sure',
      enhancedDisabilityPremium: 'not sure',
      weeklyCostOfSupport: 'not sure',
    };
    const direct = estimateContribution(answers, england2025To26, illustrativeLocalOptions);
    if (direct.kind !== 'estimate') throw new Error('expected an estimate');
    expect(direct.lowest).not.toBe(direct.highest);
    expect(shows(response.body, direct.summary)).toBe(true);
    for (const note of direct.notes) expect(shows(response.body, note), note).toBe(true);
  });

  it('says plainly when it cannot be worked out online, for someone of pension age while those rates are not set', async () => {
    const browser = await formPage();
    const response = await browser.post(`/contribution-estimate/${northshire}`, { ...known, age: '70' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('We cannot estimate your contribution online.');
  });

  it('brings the answers back to the form to change them, and saves nothing on the way', async () => {
    const [before] = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    const browser = await formPage();
    const result = await browser.post(`/contribution-estimate/${northshire}`, known);
    expect(result.body).toContain('name="change" value="yes"');
    const hidden = Object.fromEntries([...result.body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((match) => [match[1]!, match[2]!]));
    expect(hidden).toMatchObject({ age: '30', capital: '£15,750', disabilityCostsNotSure: 'yes', change: 'yes' });
    const { _csrf, ...fields } = hidden;
    const change = await browser.post(`/contribution-estimate/${northshire}`, fields);
    expect(change.statusCode).toBe(200);
    expect(change.body).toContain('name="age" type="text" spellcheck="false" value="30"');
    expect(change.body).toContain('value="£15,750"');
    expect(change.body).toMatch(/name="disabilityCostsNotSure" type="checkbox" value="yes" checked/);
    const [after] = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(after!.n).toBe(before!.n);
  });

  it('uses the latest figures set up when none are for today, and says so', async () => {
    clock.set('2026-12-04T12:00:00Z');
    try {
      const browser = await formPage();
      const response = await browser.post(`/contribution-estimate/${northshire}`, known);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('This uses the figures for England 2025/26. The figures for this year are not set up yet');
      expect(response.body).toContain('You are likely to pay');
    } finally {
      clock.set(`${today}T12:00:00Z`);
    }
  });
});

describe('answers that do not fit', () => {
  it('shows each mistake in the summary and next to its question, keeps what was typed, and answers 400', async () => {
    const browser = await formPage();
    const response = await browser.post(`/contribution-estimate/${northshire}`, {
      age: 'thirty',
      statePension: '£1,234.567',
      pensionCredit: '12.3.4',
      universalCredit: '-5',
      pipDailyLiving: '99999999999',
      otherIncome: '',
      capital: '',
      housingCosts: '80',
      housingCostsNotSure: 'yes',
      disabilityCosts: 'lots',
      supportCost: '£1,234.50',
    });
    expect(response.statusCode).toBe(400);
    const expected: Record<string, string> = {
      age: 'Enter your age in years using numbers only, like 34',
      statePension: 'Enter your State Pension to the nearest penny, like £12.50',
      pensionCredit: 'Enter your Pension Credit in pounds and pence using numbers only, like £1,234.50',
      universalCredit: 'Enter your Universal Credit as £0 or more',
      pipDailyLiving: 'Enter the daily living part of your PIP as an amount less than £100,000,000.00',
      capital: 'Enter your savings, or choose “I’m not sure”',
      housingCosts: 'Enter your housing costs or choose “I’m not sure”, not both',
      disabilityCosts: 'Enter your disability costs in pounds and pence using numbers only, like £1,234.50',
      premiums: 'Select whether you get a disability premium, or “I’m not sure”',
    };
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(response.body)?.[0] ?? '';
    for (const [field, message] of Object.entries(expected)) {
      expect(shows(summary, `<a href="#${field}">${message}</a>`), `summary for ${field}`).toBe(true);
      const next = new RegExp(`<p id="${field}-error" class="govuk-error-message">\\s*<span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>`).exec(response.body);
      expect(next && shows(next[1]!, message), `message next to ${field}`).toBe(true);
    }
    expect(response.body).not.toContain('supportCost-error');
    for (const kept of ['thirty', '£1,234.567', '12.3.4', '-5', '99999999999', 'lots', '£1,234.50']) expect(response.body).toContain(`value="${kept}"`);
    expect(response.body).toMatch(/name="housingCostsNotSure" type="checkbox" value="yes" checked/);
    expect(response.body).toContain('<title>Error: ');
  });

  it('turns away ages under 18 and over 120 with a message, not an estimate', async () => {
    const browser = await formPage();
    for (const [age, message] of [['17', 'This estimate is for people aged 18 or over'], ['121', 'Enter an age of 120 or less'], ['', 'Enter your age']] as const) {
      const response = await browser.post(`/contribution-estimate/${northshire}`, { ...known, age });
      expect(response.statusCode, age).toBe(400);
      expect(response.body).toContain(message);
    }
  });

  it('is refused without the CSRF token the page gave', async () => {
    const browser = await formPage();
    const response = await browser.post(`/contribution-estimate/${northshire}`, known, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('You are likely to pay');
    const forged = await browser.post(`/contribution-estimate/${northshire}`, known, { csrf: 'not-the-token' });
    expect(forged.statusCode).toBe(403);
  });

  it('never puts an answer in a log line', async () => {
    logLines.length = 0;
    const browser = await formPage();
    await browser.post(`/contribution-estimate/${northshire}`, { ...known, otherIncome: '987.65', capital: '24680' });
    await browser.post(`/contribution-estimate/${northshire}`, { ...known, otherIncome: '13579.1', age: 'ninety-seven' });
    const logged = logLines.join('');
    expect(logged).toContain('/contribution-estimate/');
    for (const answer of ['987.65', '24680', '13579.1', 'ninety-seven', '433.33']) expect(logged).not.toContain(answer);
  });
});

describe('the figures an estimate uses', () => {
  it('are the ones in force, or the latest earlier year marked out of date, or none before any started', () => {
    expect(estimateFigures('2025-10-01')).toMatchObject({ figures: { name: 'England 2025/26' }, outOfDate: false });
    expect(estimateFigures('2026-12-04')).toMatchObject({ figures: { name: 'England 2025/26' }, outOfDate: true });
    expect(estimateFigures('2024-01-01')).toBeUndefined();
    const overlapping = [england2025To26, { ...england2025To26, name: 'Copy' }];
    expect(estimateFigures('2025-10-01', overlapping)).toBeUndefined();
    const later = { ...england2025To26, name: 'Later', validFrom: '2026-04-01', validTo: '2026-06-30' };
    expect(estimateFigures('2026-12-04', [england2025To26, later])).toMatchObject({ figures: { name: 'Later' }, outOfDate: true });
  });
});
