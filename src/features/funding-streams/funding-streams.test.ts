// Area administrators add, change, retire and reinstate their own area's funding streams — and no one else's.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, fundingStreams, organisations } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;

async function stream(areaId: string, code: string) {
  const [row] = await database.db.select().from(fundingStreams).where(and(eq(fundingStreams.areaId, areaId), eq(fundingStreams.code, code)));
  return row!;
}

async function organisation(areaId: string, kind: string) {
  const [row] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
  return row!;
}

async function admin(email = 'admin@northshire.example') {
  const browser = new TestBrowser(app);
  await browser.signIn(email, password);
  return browser;
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
});
afterAll(() => app.close());

describe('funding streams are data an area keeps', () => {
  it('lists the six seeded streams with their owners', async () => {
    const browser = await admin();
    const page = await browser.get(`/admin/areas/${northshire}/funding-streams`);
    expect(page.statusCode).toBe(200);
    for (const name of ['Adult Social Care', 'Independent Living Fund', 'Access to Work', 'Work Choice', 'Disabled Facilities Grant', 'Supporting People']) expect(page.body).toContain(name);
    expect(page.body).toContain('Northshire Jobcentre Plus');
  });

  it('adds a new stream, owned by an organisation of the area, and audits it', async () => {
    const browser = await admin();
    const council = await organisation(northshire, 'county_council');
    await browser.get(`/admin/areas/${northshire}/funding-streams/new`);
    const response = await browser.post(`/admin/areas/${northshire}/funding-streams/new`, { name: "Carer's Budget", code: 'carers-budget', sector: 'social care', owningOrganisationId: council.id, description: 'A yearly amount for unpaid carers' });
    expect(response.statusCode).toBe(303);
    const added = await stream(northshire, 'carers-budget');
    expect(added).toMatchObject({ name: "Carer's Budget", owningOrganisationId: council.id, retiredOn: null });
    const [audited] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding-stream.add'), eq(auditLog.subjectId, added.id)));
    expect(audited).toBeDefined();
    const again = await browser.post(`/admin/areas/${northshire}/funding-streams/new`, { name: 'Again', code: 'carers-budget', sector: 'social care', owningOrganisationId: council.id });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This area already has a stream with this code');
  });

  it('explains bad input next to each field and keeps the answers', async () => {
    const browser = await admin();
    await browser.get(`/admin/areas/${northshire}/funding-streams/new`);
    const response = await browser.post(`/admin/areas/${northshire}/funding-streams/new`, { name: '', code: 'Not A Code', sector: 'space', owningOrganisationId: 'nobody' });
    expect(response.statusCode).toBe(400);
    for (const message of ['Enter the name of the funding stream', 'Code must be lower-case letters', 'Select the sector', 'Select the organisation that owns this stream']) expect(response.body).toContain(message);
    expect(response.body).toContain('value="Not A Code"');
  });

  it('refuses an owner from another area', async () => {
    const browser = await admin();
    const rivertonCouncil = await organisation(riverton, 'county_council');
    const target = await stream(northshire, 'supporting-people');
    await browser.get(`/admin/funding-streams/${target.id}`);
    const response = await browser.post(`/admin/funding-streams/${target.id}`, { name: 'Supporting People', owningOrganisationId: rivertonCouncil.id, description: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select an organisation in this area');
  });

  it('renames and re-homes a stream', async () => {
    const browser = await admin();
    const district = await organisation(northshire, 'district_council');
    const target = await stream(northshire, 'supporting-people');
    await browser.get(`/admin/funding-streams/${target.id}`);
    expect((await browser.post(`/admin/funding-streams/${target.id}`, { name: 'Housing-related support', owningOrganisationId: district.id, description: 'Hours × rate' })).statusCode).toBe(303);
    expect(await stream(northshire, 'supporting-people')).toMatchObject({ name: 'Housing-related support', owningOrganisationId: district.id });
  });

  it('retires and reinstates a stream; retiring twice keeps the first date', async () => {
    const browser = await admin();
    const target = await stream(northshire, 'work-choice');
    await browser.get(`/admin/areas/${northshire}/funding-streams`);
    await browser.post(`/admin/funding-streams/${target.id}/retire`, {});
    const retired = await stream(northshire, 'work-choice');
    expect(retired.retiredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await browser.post(`/admin/funding-streams/${target.id}/retire`, {});
    expect((await stream(northshire, 'work-choice')).retiredOn).toBe(retired.retiredOn);
    await browser.post(`/admin/funding-streams/${target.id}/reinstate`, {});
    expect((await stream(northshire, 'work-choice')).retiredOn).toBeNull();
  });

  it('refuses the administrator of another area, and practitioners, with 403', async () => {
    const target = await stream(northshire, 'access-to-work');
    const otherAdmin = await admin('admin@riverton.example');
    expect((await otherAdmin.get(`/admin/areas/${northshire}/funding-streams`)).statusCode).toBe(403);
    expect((await otherAdmin.get(`/admin/funding-streams/${target.id}`)).statusCode).toBe(403);
    await otherAdmin.get(`/admin/areas/${riverton}/funding-streams`);
    expect((await otherAdmin.post(`/admin/funding-streams/${target.id}/retire`, {})).statusCode).toBe(403);
    expect((await stream(northshire, 'access-to-work')).retiredOn).toBeNull();
    const practitioner = await admin('practitioner@northshire.example');
    expect((await practitioner.get(`/admin/areas/${northshire}/funding-streams`)).statusCode).toBe(403);
  });

  it('answers 404 for malformed or unknown ids', async () => {
    const browser = await admin();
    expect((await browser.get('/admin/areas/nope/funding-streams')).statusCode).toBe(404);
    expect((await browser.get('/admin/funding-streams/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
