// The finance officers' payment run pages over HTTP on the demo: prepare a period, see its payments and exceptions,
// review it, have a second officer release it (the reviewer is refused), download a Bacs file that checks and agrees
// with the run; another area's officer and a practitioner are refused (audited), and bad input never gives a 5xx.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, ledgerTransfers, paymentRunItems, paymentRuns, people } from '../../db/schema.ts';
import { removeDemoData } from '../../demo/demo-region.ts';
import { formatPence } from '../../domain/budget/money.ts';
import { validateStandard18 } from '../../domain/payments/bacs-standard-18.ts';
import { systemClock } from '../../platform/clock.ts';
import { signedInBrowsers, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
const as = signedInBrowsers(() => app, password);

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ');

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database, 40);
  northshire = demo.areaIds[0]!;
}, 60_000);
afterAll(() => app.close());

describe('payment run pages', () => {
  let runId = '';

  it('let a finance officer prepare a run and see its payments, total and exceptions', async () => {
    const finance = await as('finance@northshire.example');
    expect(textOf((await finance.get('/')).body)).toContain('Payment runs : no runs yet');
    const list = await finance.get('/payment-runs');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('There are no payment runs for this area yet');
    const [year, month, day] = systemClock.today().split('-');
    // The form suggests today when there is no earlier run.
    expect(list.body).toMatch(new RegExp(`name="periodStart-day" type="text" value="${Number(day)}"`));
    const prepared = await finance.post('/payment-runs', { 'periodStart-day': day!, 'periodStart-month': month!, 'periodStart-year': year! });
    expect(prepared.statusCode).toBe(303);
    runId = /\/payment-runs\/([0-9a-f-]{36})/.exec(String(prepared.headers.location))![1]!;

    const [run] = await database.db.select().from(paymentRuns).where(and(eq(paymentRuns.areaId, northshire), eq(paymentRuns.id, runId)));
    expect(run!.payableCount).toBeGreaterThan(0);
    expect(run!.exceptionCount).toBeGreaterThan(0);
    const page = await finance.get(`/payment-runs/${runId}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Waiting for review');
    expect(text).toContain(`Payments ${run!.payableCount}`);
    expect(text).toContain(`Total ${formatPence(run!.payablePence)}`);
    expect(text).toContain('No bank details');
    const exceptions = await database.db.select().from(paymentRunItems).where(and(eq(paymentRunItems.areaId, northshire), eq(paymentRunItems.runId, runId)));
    const excepted = exceptions.filter((item) => item.exception !== null);
    const [person] = await database.db.select().from(people).where(and(eq(people.areaId, northshire), eq(people.id, excepted[0]!.personId)));
    expect(page.body).toContain(`href="/people/${person!.id}"`);
    expect(text).toContain(`${person!.givenName} ${person!.familyName}`);
    expect(text).toContain(formatPence(excepted[0]!.amountPence));
    // The read named everyone with an exception, in one audit entry.
    const [entry] = await database.db.select({ peopleShown: auditLog.peopleShown }).from(auditLog).where(and(eq(auditLog.action, 'person.list'), eq(auditLog.route, '/payment-runs/:runId')));
    expect(new Set(entry?.peopleShown)).toEqual(new Set(excepted.map((item) => item.personId)));
    expect(page.body).not.toContain('Download the Bacs file');
    expect((await finance.get(`/payment-runs/${runId}/bacs.txt`)).statusCode).toBe(404);
    expect(textOf((await finance.get('/payment-runs')).body)).toContain('Waiting for review');
    expect(textOf((await finance.get('/')).body)).toContain('Payment runs : 1 run waiting for review');
  });

  it('refuse an earlier period while this run is not released, as a message next to the date', async () => {
    const finance = await as('finance@northshire.example');
    const response = await finance.post('/payment-runs', { 'periodStart-day': '1', 'periodStart-month': '1', 'periodStart-year': '2030' });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('id="periodStart-error"');
  });

  it('take a review from one officer, refuse that officer the release with a message, and release for another', async () => {
    const finance = await as('finance@northshire.example');
    await finance.get(`/payment-runs/${runId}`);
    const reviewed = await finance.post(`/payment-runs/${runId}/review`, {});
    expect(reviewed.statusCode).toBe(303);
    // Reviewing again is safe.
    expect((await finance.post(`/payment-runs/${runId}/review`, {})).statusCode).toBe(303);
    const page = await finance.get(`/payment-runs/${runId}`);
    expect(page.body).not.toContain('Release payments');
    expect(textOf(page.body)).toContain('You reviewed this run, so another finance officer must release it');
    const refused = await finance.post(`/payment-runs/${runId}/release`, {});
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('You reviewed this payment run, so another finance officer must release it');

    const lead = await as('finance.lead@northshire.example');
    const leadPage = await lead.get(`/payment-runs/${runId}`);
    expect(leadPage.body).toContain('Release payments');
    const released = await lead.post(`/payment-runs/${runId}/release`, {});
    expect(released.statusCode).toBe(303);
    expect((await lead.post(`/payment-runs/${runId}/release`, {})).statusCode).toBe(303);
    const after = await lead.get(`/payment-runs/${runId}`);
    expect(after.body).toContain('Download the Bacs file');
    expect(after.body).not.toContain('Cancel this run');

    const file = await lead.get(`/payment-runs/${runId}/bacs.txt`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/plain');
    const [run] = await database.db.select().from(paymentRuns).where(and(eq(paymentRuns.areaId, northshire), eq(paymentRuns.id, runId)));
    expect(file.headers['content-disposition']).toBe(`attachment; filename="bacs-${run!.periodStart}-to-${run!.periodEnd}.txt"`);
    const check = validateStandard18(file.body);
    expect(check).toMatchObject({ ok: true, credits: run!.payableCount, creditTotalPence: run!.payablePence });
  });

  it('refuse another area’s finance officer and a practitioner, audited as denied', async () => {
    for (const email of ['finance@riverton.example', 'practitioner@northshire.example']) {
      const browser = await as(email);
      expect((await browser.get(`/payment-runs/${runId}`)).statusCode, email).toBe(403);
      expect((await browser.get(`/payment-runs/${runId}/bacs.txt`)).statusCode, email).toBe(403);
      await browser.get('/');
      expect((await browser.post(`/payment-runs/${runId}/cancel`, { reason: 'no' })).statusCode, email).toBe(403);
    }
    expect((await (await as('practitioner@northshire.example')).get('/payment-runs')).statusCode).toBe(403);
    expect((await (await as('finance@riverton.example')).get('/payment-runs')).statusCode).toBe(200);
    const denied = await database.db.select().from(auditLog).where(and(eq(auditLog.outcome, 'denied'), eq(auditLog.subjectId, northshire)));
    expect(denied.map((entry) => entry.action)).toEqual(expect.arrayContaining(['paymentRun.review', 'paymentRun.release', 'paymentRun.prepare']));
  });

  it('show an impossible date next to the field with the answer kept, and answer junk without a 5xx', async () => {
    const finance = await as('finance@riverton.example');
    await finance.get('/payment-runs');
    const impossible = await finance.post('/payment-runs', { 'periodStart-day': '31', 'periodStart-month': '2', 'periodStart-year': '2027' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('href="#periodStart"');
    expect(impossible.body).toContain('id="periodStart-error"');
    expect(impossible.body).toContain('The period start date must be a real date');
    expect(impossible.body).toMatch(/name="periodStart-day" type="text" value="31"/);
    const junk: Record<string, string | string[]>[] = [
      {},
      { 'periodStart-day': 'x', 'periodStart-month': '\u0000', 'periodStart-year': '99999' },
      { 'periodStart-day': ['1', '2'], 'periodStart-month': '1', 'periodStart-year': '1066' },
      { 'periodStart-day': '1'.repeat(500), 'periodStart-month': '-1', 'periodStart-year': '2027' },
    ];
    for (const form of junk) {
      const response = await finance.post('/payment-runs', form);
      expect(response.statusCode, JSON.stringify(form)).toBe(400);
    }
    for (const url of ['/payment-runs/not-a-run', '/payment-runs/00000000-0000-4000-8000-000000000000', '/payment-runs/not-a-run/bacs.txt', '/payment-runs/00000000-0000-4000-8000-000000000000/cancel']) {
      expect((await finance.get(url)).statusCode, url).toBeLessThan(500);
    }
    const northshireFinance = await as('finance@northshire.example');
    await northshireFinance.get('/payment-runs');
    expect((await northshireFinance.post(`/payment-runs/${runId}/cancel`, {})).statusCode).toBeLessThan(500);
    expect((await northshireFinance.post('/payment-runs/not-a-run/review', {})).statusCode).toBeLessThan(500);
  });

  it('go with the demo when it is reset, released run, holds and all, since the demo’s books are illustrative', async () => {
    expect((await database.db.select().from(paymentRuns).where(eq(paymentRuns.areaId, northshire))).length).toBeGreaterThan(0);
    await database.db.transaction((tx) => removeDemoData(tx));
    expect(await database.db.select().from(paymentRuns).where(eq(paymentRuns.areaId, northshire))).toEqual([]);
    expect(await database.db.select().from(ledgerTransfers).where(eq(ledgerTransfers.areaId, northshire))).toEqual([]);
  });
});
