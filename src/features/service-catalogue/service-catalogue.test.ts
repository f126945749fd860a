// Area administrators keep their own area's service catalogue (and no one else's); anyone can price a service from it
// as money on the public calculator, without signing in.
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, catalogueServices, catalogueUnitCosts, fundingStreams } from '../../db/schema.ts';
import { FixedClock } from '../../platform/clock.ts';
import { areaCatalogue } from '../../records/service-catalogue.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;
const today = '2026-05-14';

async function service(areaId: string, name: string) {
  const [row] = await database.db.select().from(catalogueServices).where(and(eq(catalogueServices.areaId, areaId), eq(catalogueServices.name, name)));
  return row!;
}

async function stream(areaId: string, code: string) {
  const [row] = await database.db.select().from(fundingStreams).where(and(eq(fundingStreams.areaId, areaId), eq(fundingStreams.code, code)));
  return row!;
}

async function signedIn(email = 'admin@northshire.example') {
  const browser = new TestBrowser(app);
  await browser.signIn(email, password);
  return browser;
}

const counts = async (areaId: string) => {
  const [services] = await database.db.select({ n: sql<number>`count(*)::int` }).from(catalogueServices).where(eq(catalogueServices.areaId, areaId));
  const [costs] = await database.db.select({ n: sql<number>`count(*)::int` }).from(catalogueUnitCosts).where(eq(catalogueUnitCosts.areaId, areaId));
  return { services: services!.n, costs: costs!.n };
};

beforeAll(async () => {
  ({ app, database } = await testApp({}, { clock: new FixedClock(new Date(`${today}T12:00:00Z`)) }));
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
});
afterAll(() => app.close());

describe('the service catalogue an area keeps', () => {
  it('lists the illustrative demo services with today’s prices', async () => {
    const page = await (await signedIn()).get(`/admin/areas/${northshire}/catalogue`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Home care', '£24.50 an hour', 'Day service', 'Overnight support', 'Personal assistant', 'Support worker at work', 'Travel to work', '£0.45 a mile', 'Bathing equipment', '£450.00 each']) expect(page.body).toContain(text);
    expect((await service(northshire, 'Home care')).description).toContain('Illustrative');
  });

  it('adds a service with its first price and funding streams, and audits it', async () => {
    const browser = await signedIn();
    const asc = await stream(northshire, 'adult-social-care');
    await browser.get(`/admin/areas/${northshire}/catalogue/new`);
    const response = await browser.post(`/admin/areas/${northshire}/catalogue/new`, {
      name: 'Respite break',
      unit: 'night',
      unitCost: '110.00',
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '4',
      'effectiveFrom-year': '2026',
      streams: [asc.id],
      providerName: 'Seaside Breaks (illustrative)',
      description: 'A short stay away',
    });
    expect(response.statusCode).toBe(303);
    const added = await service(northshire, 'Respite break');
    expect(added).toMatchObject({ unit: 'night', providerName: 'Seaside Breaks (illustrative)', retiredOn: null });
    const [cost] = await database.db.select().from(catalogueUnitCosts).where(and(eq(catalogueUnitCosts.areaId, northshire), eq(catalogueUnitCosts.serviceId, added.id)));
    expect(cost).toMatchObject({ unitCostPence: 11_000, effectiveFrom: '2026-04-01', effectiveTo: null });
    const [audited] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'catalogue.service.add'), eq(auditLog.subjectId, added.id)));
    expect(audited).toMatchObject({ outcome: 'succeeded', areaId: northshire });
    const again = await browser.post(`/admin/areas/${northshire}/catalogue/new`, { name: 'respite BREAK', unit: 'night', unitCost: '1', 'effectiveFrom-day': '1', 'effectiveFrom-month': '4', 'effectiveFrom-year': '2026', streams: [asc.id] });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This area already has a service with this name');
  });

  it('explains bad input next to each field and keeps the answers', async () => {
    const browser = await signedIn();
    await browser.get(`/admin/areas/${northshire}/catalogue/new`);
    const response = await browser.post(`/admin/areas/${northshire}/catalogue/new`, { name: '', unit: 'fortnight', unitCost: 'lots', 'effectiveFrom-day': '31', 'effectiveFrom-month': '2', 'effectiveFrom-year': '2026', providerName: 'Kept name' });
    expect(response.statusCode).toBe(400);
    for (const message of ['Enter the name of the service', 'Select the unit the service is priced in', 'Enter an amount in pounds and pence', 'The date it applies from must be a real date', 'Select the funding streams that can pay for this service']) expect(response.body).toContain(message);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('href="#effectiveFrom-day"');
    expect(response.body).toContain('value="Kept name"');
    expect(response.body).toContain('value="lots"');
  });

  it('changes a service’s details and adds a new price from a date, keeping the old one', async () => {
    const browser = await signedIn();
    const target = await service(northshire, 'Day service');
    const asc = await stream(northshire, 'adult-social-care');
    const page = `/admin/areas/${northshire}/catalogue/services/${target.id}`;
    await browser.get(page);
    expect((await browser.post(page, { name: 'Day centre', streams: [asc.id], description: 'Days out' })).statusCode).toBe(303);
    expect(await service(northshire, 'Day centre')).toMatchObject({ id: target.id, description: 'Days out' });
    await browser.get(`${page}/costs/new`);
    const cost = { unitCost: '62.00', 'effectiveFrom-day': '1', 'effectiveFrom-month': '10', 'effectiveFrom-year': '2026' };
    expect((await browser.post(`${page}/costs/new`, cost)).statusCode).toBe(303);
    const again = await browser.post(`${page}/costs/new`, cost);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This service already has a cost of £62.00 from 1 October 2026');
    const [centre] = (await areaCatalogue(database.db, northshire)).filter((item) => item.id === target.id);
    expect(centre!.costs.map((item) => [item.unitCostPence, item.effectiveFrom])).toEqual([
      [6000, centre!.costs[0]!.effectiveFrom],
      [6200, '2026-10-01'],
    ]);
    const shown = await browser.get(page);
    expect(shown.body).toContain('In force today');
    expect(shown.body).toContain('From a later date');
  });

  it('retires and reinstates a service; retiring twice keeps the first date', async () => {
    const browser = await signedIn();
    const target = await service(northshire, 'Travel to work');
    await browser.get(`/admin/areas/${northshire}/catalogue`);
    await browser.post(`/admin/areas/${northshire}/catalogue/services/${target.id}/retire`, {});
    expect((await service(northshire, 'Travel to work')).retiredOn).toBe(today);
    await browser.post(`/admin/areas/${northshire}/catalogue/services/${target.id}/retire`, {});
    expect((await service(northshire, 'Travel to work')).retiredOn).toBe(today);
    // A retired service is not offered on the calculator.
    expect((await new TestBrowser(app).get(`/cash-equivalent/${northshire}`)).body).not.toContain('Travel to work');
    await browser.post(`/admin/areas/${northshire}/catalogue/services/${target.id}/reinstate`, {});
    expect((await service(northshire, 'Travel to work')).retiredOn).toBeNull();
  });

  it('refuses the administrator of another area and other roles with 403, audited, and changes nothing', async () => {
    const target = await service(northshire, 'Home care');
    const other = await signedIn('admin@riverton.example');
    expect((await other.get(`/admin/areas/${northshire}/catalogue`)).statusCode).toBe(403);
    expect((await other.get(`/admin/areas/${northshire}/catalogue/services/${target.id}`)).statusCode).toBe(403);
    expect((await other.get(`/admin/areas/${northshire}/catalogue/export`)).statusCode).toBe(403);
    await other.get(`/admin/areas/${riverton}/catalogue`);
    expect((await other.post(`/admin/areas/${northshire}/catalogue/services/${target.id}/retire`, {})).statusCode).toBe(403);
    expect((await service(northshire, 'Home care')).retiredOn).toBeNull();
    const denials = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'catalogue.manage'), eq(auditLog.outcome, 'denied'), eq(auditLog.subjectId, northshire)));
    expect(denials.length).toBeGreaterThanOrEqual(4);
    const practitioner = await signedIn('practitioner@northshire.example');
    expect((await practitioner.get(`/admin/areas/${northshire}/catalogue`)).statusCode).toBe(403);
    // Another area's service through this area's address is simply not there.
    const elsewhere = await service(riverton, 'Home care');
    expect((await (await signedIn()).get(`/admin/areas/${northshire}/catalogue/services/${elsewhere.id}`)).statusCode).toBe(404);
  });
});

describe('the catalogue as a CSV file', () => {
  it('downloads the catalogue, and importing the download changes nothing', async () => {
    const browser = await signedIn();
    const download = await browser.get(`/admin/areas/${northshire}/catalogue/export`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.body.split('\r\n')[0]).toBe('name,description,unit,unit cost,effective from,effective to,funding streams,provider,directory entry,retired from');
    expect(download.body).toContain('Home care,');
    const before = await counts(northshire);
    await browser.get(`/admin/areas/${northshire}/catalogue/import`);
    const imported = await browser.post(`/admin/areas/${northshire}/catalogue/import`, { csv: download.body });
    expect(imported.statusCode).toBe(303);
    expect(await counts(northshire)).toEqual(before);
    expect((await browser.get(`/admin/areas/${northshire}/catalogue/export`)).body).toBe(download.body);
    const [audited] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'catalogue.import'), eq(auditLog.subjectId, northshire)));
    expect(audited?.detail).toContain('0 services added');
  });

  it('imports new services and prices in one go', async () => {
    const browser = await signedIn();
    await browser.get(`/admin/areas/${northshire}/catalogue/import`);
    const csv = ['name,unit,unit cost,effective from,funding streams,provider', 'Gardening help,hour,15.00,2026-04-01,supporting-people,', 'Gardening help,hour,16.00,2026-10-01,supporting-people,', 'Home care,hour,25.50,2027-04-01,adult-social-care; independent-living-fund,Northshire Home Care Co-operative'].join('\n');
    const response = await browser.post(`/admin/areas/${northshire}/catalogue/import`, { csv });
    expect(response.statusCode).toBe(303);
    const page = await browser.get(response.headers.location as string);
    expect(page.body).toContain('Services added: 1. Services updated: 1. New prices: 3.');
    const catalogue = await areaCatalogue(database.db, northshire);
    expect(catalogue.find((item) => item.name === 'Gardening help')?.costs).toHaveLength(2);
    // The file had no description column, so home care keeps its description.
    expect(catalogue.find((item) => item.name === 'Home care')).toMatchObject({ description: expect.stringContaining('Illustrative'), provider: 'Northshire Home Care Co-operative' });
  });

  it('lists every problem in a file in the error summary and saves nothing', async () => {
    const browser = await signedIn();
    const before = await counts(northshire);
    await browser.get(`/admin/areas/${northshire}/catalogue/import`);
    const csv = ['name,unit,unit cost,effective from,funding streams', 'Brand new,hour,10.00,2026-04-01,adult-social-care', 'Another,fortnight,10.00,2026-04-01,', 'Third,hour,ten pounds,2026-04-01,', 'Fourth,hour,1.00,2026-04-01,no-such-stream'].join('\n');
    const response = await browser.post(`/admin/areas/${northshire}/catalogue/import`, { csv });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Row 3, unit: Enter a unit');
    expect(response.body).toContain('Row 4, unit cost: Enter an amount in pounds and pence');
    expect(response.body).toContain('Row 5, funding streams: ‘no-such-stream’ is not a funding stream');
    expect(response.body).toContain('Nothing was saved. The catalogue has 3 problems');
    expect(response.body).toContain('Brand new,hour');
    expect(await counts(northshire)).toEqual(before);
    const empty = await browser.post(`/admin/areas/${northshire}/catalogue/import`, { csv: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Paste the catalogue');
  });
});

describe('the public cash-equivalent calculator', () => {
  it('asks for the area without signing in, and says when none was chosen', async () => {
    const browser = new TestBrowser(app);
    const start = await browser.get('/cash-equivalent');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Which area do you live in?');
    const none = await browser.get('/cash-equivalent?choosing=yes');
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select the area you live in');
    const chosen = await browser.get(`/cash-equivalent?choosing=yes&area=${northshire}`);
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe(`/cash-equivalent/${northshire}`);
  });

  it('turns 3 hours of home care a day into a weekly and yearly amount, as a direct payment', async () => {
    const browser = new TestBrowser(app);
    const homeCare = await service(northshire, 'Home care');
    const page = await browser.get(`/cash-equivalent/${northshire}?calculate=yes&service=${homeCare.id}&quantity=3&often=week&times=7`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 hours a day of Home care costs £514.50 a week (£26,754.00 a year). You can take this as money instead, as a direct payment.');
    expect(page.body).toContain('A direct payment is money paid to you');
    expect(page.body).toContain('value="3"');
    const once = await browser.get(`/cash-equivalent/${northshire}?calculate=yes&service=${(await service(northshire, 'Bathing equipment')).id}&quantity=1&often=once`);
    expect(once.body).toContain('Bathing equipment costs £450.00 once.');
  });

  it('shows every mistake next to its question with the answers kept, never a server error', async () => {
    const browser = new TestBrowser(app);
    const page = await browser.get(`/cash-equivalent/${northshire}?calculate=yes&quantity=lots&often=week&times=0`);
    expect(page.statusCode).toBe(400);
    for (const message of ['Select a service', 'Enter how much each time as a number', 'Enter a number of times a week from 1 to 100']) expect(page.body).toContain(message);
    expect(page.body).toContain('value="lots"');
    const noOften = await browser.get(`/cash-equivalent/${northshire}?calculate=yes&service=nonsense&quantity=99999999`);
    expect(noOften.statusCode).toBe(400);
    expect(noOften.body).toContain('Select how often');
    expect((await browser.get('/cash-equivalent/not-an-area')).statusCode).toBe(404);
  });
});
