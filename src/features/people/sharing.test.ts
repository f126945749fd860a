// Consent to share, given and withdrawn per agency by the person, their representative, or staff on the person's
// instruction; dated, never deleted, safe to retry; and the agency's access follows it at once. Also supporters.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, organisations, personSupporters, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let council: string;
let jobcentre: string;
let district: string;
/** The Northshire demo budget holder's own record, and the person the Northshire representative acts for. */
let ownPersonId: string;
let representedId: string;

async function organisationOf(kind: string) {
  const [row] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, northshire), eq(organisations.kind, kind)));
  return row!.id;
}

async function personOf(email: string) {
  const [row] = await database.db.select({ personId: roleAssignments.personId }).from(roleAssignments).innerJoin(users, eq(users.id, roleAssignments.userId)).where(eq(users.email, email));
  return row!.personId!;
}

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  expect((await browser.signIn(email, password)).statusCode).toBe(303);
  return browser;
}

async function consentRows(personId: string, organisationId: string) {
  return database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.organisationId, organisationId)));
}

async function lastAudit(personId: string, action: string) {
  const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.action, action))).orderBy(desc(auditLog.sequence)).limit(1);
  return entry;
}

/** Makes sure the person shares with the organisation, as the starting point of a test. */
async function ensureShared(personId: string, organisationId: string) {
  const active = await database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.organisationId, organisationId), isNull(consents.revokedAt)));
  if (active.length === 0) await database.db.insert(consents).values({ areaId: northshire, personId, organisationId });
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  northshire = demo.areaIds[0]!;
  council = await organisationOf('county_council');
  jobcentre = await organisationOf('jobcentre_plus');
  district = await organisationOf('district_council');
  ownPersonId = await personOf('budget.holder@northshire.example');
  representedId = await personOf('representative@northshire.example');
});
afterAll(() => app.close());

describe('the person manages who can see their record', () => {
  it('withdraws consent (dated, kept), after which that agency’s staff get 403; sending it again changes nothing', async () => {
    await ensureShared(ownPersonId, jobcentre);
    const coach = await signedIn('work.coach@northshire.example');
    expect((await coach.get(`/people/${ownPersonId}`)).statusCode).toBe(200);

    const person = await signedIn('budget.holder@northshire.example');
    const list = await person.get(`/people/${ownPersonId}/sharing`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Who can see your record');
    expect(list.body).toContain(`/people/${ownPersonId}/sharing/${jobcentre}`);
    const confirm = await person.get(`/people/${ownPersonId}/sharing/${jobcentre}`);
    expect(confirm.body).toContain('Stop sharing your record with Northshire Jobcentre Plus?');
    // The person is not asked how they told anyone: it is their own choice.
    expect(confirm.body).not.toContain('name="note"');
    const response = await person.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'withdraw' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${ownPersonId}/sharing?done=withdraw`);
    expect((await person.get(response.headers.location as string)).body).toContain('Sharing stopped');

    const rows = await consentRows(ownPersonId, jobcentre);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row.revokedAt instanceof Date)).toBe(true);
    expect(await lastAudit(ownPersonId, 'consent.withdraw')).toMatchObject({ outcome: 'succeeded', detail: `organisation ${jobcentre}; by the person` });

    const denied = await coach.get(`/people/${ownPersonId}`);
    expect(denied.statusCode).toBe(403);
    const [refusal] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, ownPersonId), eq(auditLog.outcome, 'denied'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(refusal).toMatchObject({ action: 'person.read', detail: 'no consent from the person to share with this organisation' });

    const withdrawals = (await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, ownPersonId), eq(auditLog.action, 'consent.withdraw')))).length;
    await person.get(`/people/${ownPersonId}/sharing/${jobcentre}`);
    const again = await person.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'withdraw' });
    expect(again.statusCode).toBe(303);
    expect(await consentRows(ownPersonId, jobcentre)).toEqual(rows);
    expect((await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, ownPersonId), eq(auditLog.action, 'consent.withdraw')))).length).toBe(withdrawals);
  });

  it('gives consent again as a new row, restoring access; giving twice, even at once, leaves one active consent', async () => {
    const person = await signedIn('budget.holder@northshire.example');
    await person.get(`/people/${ownPersonId}/sharing/${jobcentre}`);
    await person.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'withdraw' });
    const before = await consentRows(ownPersonId, jobcentre);

    await person.get(`/people/${ownPersonId}/sharing/${jobcentre}`);
    const [first, second] = await Promise.all([
      person.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'give' }),
      person.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'give' }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    const after = await consentRows(ownPersonId, jobcentre);
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((row) => row.revokedAt === null)).toHaveLength(1);
    // The earlier, withdrawn consents are still there with their dates.
    for (const row of before) expect(after).toContainEqual(row);

    const coach = await signedIn('work.coach@northshire.example');
    expect((await coach.get(`/people/${ownPersonId}`)).statusCode).toBe(200);
  });

  it('warns before the council is stopped, and says what it means', async () => {
    await ensureShared(ownPersonId, council);
    const person = await signedIn('budget.holder@northshire.example');
    const confirm = await person.get(`/people/${ownPersonId}/sharing/${council}`);
    expect(confirm.body).toContain('will not be able to assess you for adult social care');
  });

  it('lets a representative manage sharing for the person they support', async () => {
    const representative = await signedIn('representative@northshire.example');
    await representative.get(`/people/${representedId}/sharing/${district}`);
    const shared = await consentRows(representedId, district);
    const change = shared.some((row) => row.revokedAt === null) ? 'withdraw' : 'give';
    const response = await representative.post(`/people/${representedId}/sharing/${district}`, { change });
    expect(response.statusCode).toBe(303);
    expect(await lastAudit(representedId, `consent.${change}`)).toMatchObject({ outcome: 'succeeded', detail: `organisation ${district}; by their representative` });
  });

  it('refuses a change that is neither give nor withdraw', async () => {
    const person = await signedIn('budget.holder@northshire.example');
    await person.get(`/people/${ownPersonId}/sharing/${jobcentre}`);
    expect((await person.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'delete' })).statusCode).toBe(400);
  });
});

describe('staff record a change the person asked for', () => {
  it('needs a note of how the person told them, and keeps it in the audit entry', async () => {
    await ensureShared(ownPersonId, council);
    await ensureShared(ownPersonId, district);
    const practitioner = await signedIn('practitioner@northshire.example');
    const confirm = await practitioner.get(`/people/${ownPersonId}/sharing/${district}`);
    expect(confirm.body).toContain('name="note"');
    const missing = await practitioner.post(`/people/${ownPersonId}/sharing/${district}`, { change: 'withdraw', note: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter how the person told you, for example “by phone on 3 March”');
    expect(missing.body).toContain('href="#note"');
    expect((await consentRows(ownPersonId, district)).some((row) => row.revokedAt === null)).toBe(true);

    const done = await practitioner.post(`/people/${ownPersonId}/sharing/${district}`, { change: 'withdraw', note: 'By phone on 3 March' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/people/${ownPersonId}/sharing?done=withdraw`);
    expect(await lastAudit(ownPersonId, 'consent.withdraw')).toMatchObject({
      detail: `organisation ${district}; recorded by staff on the person’s instruction: By phone on 3 March`,
      actorId: (await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example')))[0]!.id,
    });
    const officer = await signedIn('housing.officer@northshire.example');
    expect((await officer.get(`/people/${ownPersonId}`)).statusCode).toBe(403);
  });

  it('sends staff home when they stop their own organisation’s access, which then ends at once', async () => {
    await ensureShared(ownPersonId, jobcentre);
    const coach = await signedIn('work.coach@northshire.example');
    const confirm = await coach.get(`/people/${ownPersonId}/sharing/${jobcentre}`);
    expect(confirm.body).toContain('you will not be able to see this record afterwards');
    const response = await coach.post(`/people/${ownPersonId}/sharing/${jobcentre}`, { change: 'withdraw', note: 'Asked in person at the Jobcentre' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    expect((await coach.get(`/people/${ownPersonId}`)).statusCode).toBe(403);
  });
});

describe('supporters', () => {
  it('adds a representative once however often the form is sent, shows them, and ends their role keeping the history', async () => {
    const person = await signedIn('budget.holder@northshire.example');
    const form = await person.get(`/people/${ownPersonId}/supporters/new`);
    expect(form.body).toContain('receives and manages a direct payment for a person who cannot make that decision themselves');
    const empty = await person.post(`/people/${ownPersonId}/supporters/new`, { relationship: 'Sister' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select whether they are a representative or a suitable person');
    expect(empty.body).toContain('Enter their full name');
    expect(empty.body).toContain('value="Sister"');

    const supporterId = /name="supporterId" value="([^"]+)"/.exec(empty.body)![1]!;
    const answers = { supporterId, kind: 'representative', name: 'Sally Sister', relationship: 'Sister', contact: '07700 900 555' };
    const added = await person.post(`/people/${ownPersonId}/supporters/new`, answers);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/people/${ownPersonId}?done=supporter-added`);
    expect((await person.post(`/people/${ownPersonId}/supporters/new`, answers)).statusCode).toBe(303);
    expect(await database.db.select().from(personSupporters).where(eq(personSupporters.id, supporterId))).toEqual([expect.objectContaining({ personId: ownPersonId, kind: 'representative', name: 'Sally Sister', endedAt: null })]);
    expect((await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, ownPersonId), eq(auditLog.action, 'supporter.add')))).filter((entry) => entry.detail?.includes(supporterId))).toHaveLength(1);

    const page = await person.get(`/people/${ownPersonId}?done=supporter-added`);
    expect(page.body).toContain('Sally Sister – Representative');
    expect(page.body).toContain(`/people/${ownPersonId}/supporters/${supporterId}/end`);

    const confirm = await person.get(`/people/${ownPersonId}/supporters/${supporterId}/end`);
    expect(confirm.body).toContain('End Sally Sister’s role as your representative?');
    const ended = await person.post(`/people/${ownPersonId}/supporters/${supporterId}/end`, {});
    expect(ended.headers.location).toBe(`/people/${ownPersonId}?done=supporter-ended`);
    const [row] = await database.db.select().from(personSupporters).where(eq(personSupporters.id, supporterId));
    expect(row!.endedAt).toBeInstanceOf(Date);
    expect((await person.post(`/people/${ownPersonId}/supporters/${supporterId}/end`, {})).statusCode).toBe(303);
    const [still] = await database.db.select().from(personSupporters).where(eq(personSupporters.id, supporterId));
    expect(still!.endedAt).toEqual(row!.endedAt);
    expect(await lastAudit(ownPersonId, 'supporter.end')).toMatchObject({ detail: `supporter ${supporterId}` });
    const after = await person.get(`/people/${ownPersonId}`);
    expect(after.body).toContain('People who supported you in the past');
    expect(after.body).not.toContain(`/people/${ownPersonId}/supporters/${supporterId}/end`);
  });

  it('refuses a supporter id that belongs to someone else’s record', async () => {
    const [other] = await database.db.insert(personSupporters).values({ areaId: northshire, personId: representedId, kind: 'suitable-person', name: 'Not Yours' }).returning();
    const person = await signedIn('budget.holder@northshire.example');
    await person.get(`/people/${ownPersonId}/supporters/new`);
    const response = await person.post(`/people/${ownPersonId}/supporters/new`, { supporterId: other!.id, kind: 'representative', name: 'Sneaky' });
    expect(response.statusCode).toBe(400);
    expect(await database.db.select().from(personSupporters).where(eq(personSupporters.id, other!.id))).toEqual([expect.objectContaining({ personId: representedId, name: 'Not Yours' })]);
    expect((await person.get(`/people/${ownPersonId}/supporters/${other!.id}/end`)).statusCode).toBe(404);
  });
});
