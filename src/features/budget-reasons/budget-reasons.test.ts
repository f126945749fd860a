// An area's reasons a budget may differ, as its administrator keeps them: the list with retired ones apart, adding
// with a code typed or made from the wording (unique in the area), rewording, retiring and bringing back, each change
// audited, another area's administrator refused, and the API's list.
import { and, eq, gt, like, max } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, budgetReasonCodes } from '../../db/schema.ts';
import { reasonCodes } from '../../records/support-plans.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { organisationOf, password, seedDemo } from '../../../test/support/demo.ts';
import { codeFromName } from './validation.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

async function administrator(email = 'admin@northshire.example') {
  const browser = new TestBrowser(app);
  expect((await browser.signIn(email, password)).statusCode).toBe(303);
  return browser;
}

const list = () => `/admin/areas/${northshire}/budget-reasons`;

async function reasonRow(code: string) {
  const [row] = await database.db.select().from(budgetReasonCodes).where(and(eq(budgetReasonCodes.areaId, northshire), eq(budgetReasonCodes.code, code)));
  return row;
}

/** The audit log's last entry before these tests: the log is append-only and shared with earlier test files. */
let auditBefore = 0;

async function auditActions(prefix: string) {
  return (await database.db.select({ action: auditLog.action, outcome: auditLog.outcome }).from(auditLog).where(and(like(auditLog.action, `${prefix}%`), gt(auditLog.sequence, auditBefore)))).map((entry) => `${entry.action} ${entry.outcome}`);
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  [northshire, riverton] = (await seedDemo(database)).areaIds as [string, string];
  const [last] = await database.db.select({ sequence: max(auditLog.sequence) }).from(auditLog);
  auditBefore = Number(last?.sequence ?? 0);
});
afterAll(() => app.close());

describe('making a code from a reason’s wording', () => {
  it('keeps letters and numbers, joins words with hyphens and stops at a word near 60 characters', () => {
    expect(codeFromName('Support costs more here — café prices!')).toBe('support-costs-more-here-cafe-prices');
    const long = codeFromName('word '.repeat(30));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('word')).toBe(true);
    expect(codeFromName('£ — !')).toBe('');
  });
});

describe('the area’s reasons a budget may differ', () => {
  it('lists the reasons in use, and is linked from the administrator’s home page', async () => {
    const browser = await administrator();
    expect((await browser.get('/')).body).toContain(list());
    const page = await browser.get(list());
    expect(page.statusCode).toBe(200);
    for (const reason of await reasonCodes(database.db, northshire)) {
      expect(text(page.body)).toContain(reason.name);
      expect(page.body).toContain(`${list()}/${reason.code}/change`);
    }
  });

  it('adds a reason with a code made from its wording or typed, refusing a code the area already has', async () => {
    const browser = await administrator();
    await browser.get(`${list()}/new`);
    const empty = await browser.post(`${list()}/new`, { name: '  ', code: 'Not a code!' });
    expect(empty.statusCode).toBe(400);
    expect(text(empty.body)).toContain('Enter the reason, as the person will read it');
    expect(text(empty.body)).toContain('The code can only have letters, numbers and hyphens between words');
    expect(empty.body).toContain('href="#name"');
    expect(empty.body).toContain('value="Not a code!"');

    const made = await browser.post(`${list()}/new`, { name: 'Help from a local charity covers some costs', code: '' });
    expect(made.statusCode).toBe(303);
    expect((await reasonRow('help-from-a-local-charity-covers-some-costs'))?.name).toBe('Help from a local charity covers some costs');
    expect(text((await browser.get(String(made.headers.location))).body)).toContain('was added');

    const typed = await browser.post(`${list()}/new`, { name: 'Travel costs more in the country', code: 'Rural-Travel' });
    expect(typed.statusCode).toBe(303);
    expect(await reasonRow('rural-travel')).toBeDefined();

    const taken = await browser.post(`${list()}/new`, { name: 'Something else entirely', code: 'local-costs' });
    expect(taken.statusCode).toBe(400);
    expect(text(taken.body)).toContain('The code local-costs is already used for another reason in this area');
    expect(taken.body).toContain('value="Something else entirely"');
    // Another area may use the same code: codes are unique per area.
    const elsewhere = await administrator('admin@riverton.example');
    await elsewhere.get(`/admin/areas/${riverton}/budget-reasons/new`);
    expect((await elsewhere.post(`/admin/areas/${riverton}/budget-reasons/new`, { name: 'Travel costs more in the country', code: 'rural-travel' })).statusCode).toBe(303);
    expect(await auditActions('budget-reason.add')).toEqual(['budget-reason.add succeeded', 'budget-reason.add succeeded', 'budget-reason.add succeeded']);
  });

  it('rewords a reason, keeping its code', async () => {
    const browser = await administrator();
    const form = await browser.get(`${list()}/rural-travel/change`);
    expect(form.body).toContain('value="Travel costs more in the country"');
    const blank = await browser.post(`${list()}/rural-travel/change`, { name: '' });
    expect(blank.statusCode).toBe(400);
    expect(text(blank.body)).toContain('Enter the reason, as the person will read it');
    const changed = await browser.post(`${list()}/rural-travel/change`, { name: 'Travel to support costs more in the countryside' });
    expect(changed.statusCode).toBe(303);
    expect((await reasonRow('rural-travel'))?.name).toBe('Travel to support costs more in the countryside');
    expect(await auditActions('budget-reason.change')).toEqual(['budget-reason.change succeeded']);
    expect((await browser.get(`${list()}/no-such-reason/change`)).statusCode).toBe(404);
    expect((await browser.get(`${list()}/Not%20a%20code/change`)).statusCode).toBe(404);
  });

  it('retires a reason so approvers no longer see it, keeps it in the list, and brings it back', async () => {
    const browser = await administrator();
    await browser.get(list());
    const retired = await browser.post(`${list()}/rural-travel/retire`, {});
    expect(retired.statusCode).toBe(303);
    expect((await reasonRow('rural-travel'))?.retiredAt).not.toBeNull();
    expect((await reasonCodes(database.db, northshire)).map((reason) => reason.code)).not.toContain('rural-travel');
    const page = await browser.get(list());
    expect(text(page.body)).toContain('Retired');
    expect(page.body).toContain(`${list()}/rural-travel/reinstate`);
    // Retiring again changes nothing and is not recorded twice.
    await browser.post(`${list()}/rural-travel/retire`, {});
    expect(await auditActions('budget-reason.retire')).toEqual(['budget-reason.retire succeeded']);
    await browser.post(`${list()}/rural-travel/reinstate`, {});
    expect((await reasonCodes(database.db, northshire)).map((reason) => reason.code)).toContain('rural-travel');
    expect(await auditActions('budget-reason.reinstate')).toEqual(['budget-reason.reinstate succeeded']);
  });

  it('refuses another area’s administrator and anyone who does not administer the area, and audits it', async () => {
    const other = await administrator('admin@riverton.example');
    expect((await other.get(list())).statusCode).toBe(403);
    await other.get('/');
    expect((await other.post(`${list()}/new`, { name: 'Sneaky', code: 'sneaky' })).statusCode).toBe(403);
    expect(await reasonRow('sneaky')).toBeUndefined();
    const practitioner = new TestBrowser(app);
    await practitioner.signIn('practitioner@northshire.example', password);
    expect((await practitioner.get(list())).statusCode).toBe(403);
    expect(await auditActions('area.administer')).toEqual(expect.arrayContaining(['area.administer denied']));
  });

  it('lists every reason, retired ones too, through the API to staff of the area only', async () => {
    const council = await organisationOf(database, northshire, 'county_council');
    const { token } = await issueToken(database, council.id, 'practitioner', 'reasons test');
    await database.db.update(budgetReasonCodes).set({ retiredAt: new Date('2026-11-01T00:00:00Z') }).where(and(eq(budgetReasonCodes.areaId, northshire), eq(budgetReasonCodes.code, 'rural-travel')));
    const response = await app.inject({ method: 'GET', url: `/api/v1/areas/${northshire}/budget-reasons`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { reasons: { code: string; inUse: boolean; retiredAt: string | null }[] };
    expect(body.reasons.find((reason) => reason.code === 'rural-travel')).toEqual(expect.objectContaining({ inUse: false, retiredAt: '2026-11-01T00:00:00.000Z' }));
    expect(body.reasons.find((reason) => reason.code === 'local-costs')).toEqual(expect.objectContaining({ inUse: true, retiredAt: null }));
    const elsewhere = await issueToken(database, (await organisationOf(database, riverton, 'county_council')).id, 'practitioner', 'other area');
    expect((await app.inject({ method: 'GET', url: `/api/v1/areas/${northshire}/budget-reasons`, headers: { authorization: `Bearer ${elsewhere.token}` } })).statusCode).toBe(403);
  });
});
