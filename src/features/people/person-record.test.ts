// A practitioner adds someone; the person's page; changing contact details; and the rule on every person route:
// role, area and consent, audited, with 404 for ids that are malformed or unknown and never a 5xx.
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, organisations, people, personSupporters, processEvents, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;
let council: string;
let jobcentre: string;
let rivertonCouncil: string;

async function organisationOf(areaId: string, kind: string) {
  const [row] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
  return row!.id;
}

async function userId(email: string) {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row!.id;
}

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  const response = await browser.signIn(email, password);
  expect(response.statusCode).toBe(303);
  return browser;
}

let born = 0;
/** A new person each time (born on another day), so none is taken for a possible duplicate of an earlier one. */
function details(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  born += 1;
  return {
    givenName: 'Bea',
    familyName: 'Practitioner-Made',
    'dateOfBirth-day': String((born % 28) + 1),
    'dateOfBirth-month': '2',
    'dateOfBirth-year': '1960',
    email: '',
    phone: '01632 960 001',
    address: '2 Low Road\nSouthtown',
    postcode: 'NE2 1AA',
    preferredContact: 'phone',
    accessibleFormat: 'audio',
    nhsNumber: '',
    consentConfirmed: 'yes',
    ...overrides,
  };
}

/** Adds a person through the practitioner's form; the organisation and the person's id come from the page. */
async function addPerson(browser: TestBrowser, overrides: Record<string, string | string[]> = {}) {
  const page = await browser.get('/people/new');
  expect(page.statusCode).toBe(200);
  const organisationId = /name="organisationId" value="([^"]+)"/.exec(page.body)![1]!;
  const personId = /name="personId" value="([^"]+)"/.exec(page.body)![1]!;
  const response = await browser.post('/people/new', { organisationId, personId, ...details(overrides) });
  return { response, personId, organisationId };
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
  council = await organisationOf(northshire, 'county_council');
  jobcentre = await organisationOf(northshire, 'jobcentre_plus');
  rivertonCouncil = await organisationOf(riverton, 'county_council');
});
afterAll(() => app.close());

describe('a practitioner adds a person', () => {
  it('makes the record, shared with their organisation and the others agreed, with first contact and audit', async () => {
    const browser = await signedIn('practitioner@northshire.example');
    const form = await browser.get('/people/new');
    expect(form.body).toContain('The person has agreed to share their record with Northshire County Council');
    // Their own organisation is the required checkbox, not one of the optional others.
    expect(form.body).not.toMatch(new RegExp(`name="organisationIds" type="checkbox" value="${council}"`));
    const { response, personId } = await addPerson(browser, { organisationIds: [jobcentre] });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${personId}?done=created`);

    const [person] = await database.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({ areaId: northshire, referral: 'practitioner', createdByUserId: await userId('practitioner@northshire.example'), email: null, preferredContact: 'phone', accessibleFormat: 'audio', postcode: 'NE2 1AA' });
    const shared = await database.db.select().from(consents).where(eq(consents.personId, personId));
    expect(shared.map((row) => row.organisationId).sort()).toEqual([council, jobcentre].sort());
    expect(await database.db.select().from(processEvents).where(eq(processEvents.personId, personId))).toEqual([expect.objectContaining({ kind: 'first-contact', dedupeKey: `first-contact:${personId}` })]);
    const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.outcome, 'succeeded')));
    expect(audit.map((entry) => entry.action).sort()).toEqual(['consent.give', 'consent.give', 'person.create']);
    // No account is made: the person has not chosen a password.
    expect(await database.db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId))).toEqual([]);

    const page = await browser.get(`/people/${personId}?done=created`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Record made');
    expect(page.body).toContain('Contact Bea by');
    expect(page.body).toContain('Phone call');
    expect(page.body).toContain('Audio');
    expect(page.body).toContain(`/people/${personId}/eligibility`);
  });

  it('needs the consent checkbox, and explains bad answers keeping them', async () => {
    const browser = await signedIn('approver@northshire.example');
    const { response, personId } = await addPerson(browser, { consentConfirmed: '', givenName: '', 'dateOfBirth-year': '19', organisationIds: [rivertonCouncil] });
    expect(response.statusCode).toBe(400);
    for (const message of ['Confirm the person has agreed to share their record with your organisation', 'Enter their first name', 'Year must include 4 numbers', 'Select organisations from the list']) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toContain('href="#consentConfirmed"');
    expect(response.body).toContain('value="Practitioner-Made"');
    expect(await database.db.select().from(people).where(eq(people.id, personId))).toEqual([]);
  });

  it('sent twice, makes one record', async () => {
    const browser = await signedIn('broker@northshire.example');
    const page = await browser.get('/people/new');
    const organisationId = /name="organisationId" value="([^"]+)"/.exec(page.body)![1]!;
    const personId = /name="personId" value="([^"]+)"/.exec(page.body)![1]!;
    const form = { organisationId, personId, ...details() };
    const [first, second] = [await browser.post('/people/new', form), await browser.post('/people/new', form)];
    expect(first.headers.location).toBe(`/people/${personId}?done=created`);
    expect(second.headers.location).toBe(`/people/${personId}?done=created`);
    expect(await database.db.select().from(consents).where(eq(consents.personId, personId))).toHaveLength(1);
    // Someone else sending a form with that id gets an error, not the record.
    const other = await signedIn('practitioner@northshire.example');
    const otherPage = await other.get('/people/new');
    const clash = await other.post('/people/new', { organisationId: /name="organisationId" value="([^"]+)"/.exec(otherPage.body)![1]!, ...details(), personId });
    expect(clash.statusCode).toBe(400);
  });

  it('refuses roles that do not take referrals, and organisations the user does not work for, and audits it', async () => {
    for (const email of ['finance@northshire.example', 'director@northshire.example', 'admin@northshire.example', 'budget.holder@northshire.example']) {
      const browser = await signedIn(email);
      const response = await browser.get('/people/new');
      expect(response.statusCode, email).toBe(403);
      const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.actorId, await userId(email))).orderBy(desc(auditLog.sequence)).limit(1);
      expect(entry, email).toMatchObject({ action: 'person.create', outcome: 'denied', route: '/people/new' });
    }
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.get('/people/new');
    const personId = /name="personId" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await browser.get(`/people/new?organisation=${rivertonCouncil}`)).statusCode).toBe(403);
    const response = await browser.post('/people/new', { ...details(), organisationId: rivertonCouncil, personId });
    expect(response.statusCode).toBe(403);
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.actorId, await userId('practitioner@northshire.example'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(entry).toMatchObject({ action: 'person.create', outcome: 'denied', subjectId: rivertonCouncil, method: 'POST' });
    expect(await database.db.select().from(people).where(eq(people.id, personId))).toEqual([]);
  });

  it('asks which organisation when the user adds people for more than one', async () => {
    const coachId = await userId('work.coach@northshire.example');
    const [rivertonCoach] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, riverton), eq(organisations.kind, 'jobcentre_plus')));
    const [role] = await database.db.insert(roleAssignments).values({ userId: coachId, role: 'practitioner', organisationId: rivertonCoach!.id, areaId: riverton, regionId: rivertonCoach!.regionId }).returning();
    try {
      const browser = await signedIn('work.coach@northshire.example');
      const choice = await browser.get('/people/new');
      expect(choice.statusCode).toBe(200);
      expect(choice.body).toContain('Which organisation are you adding this person for?');
      expect(choice.body).toContain('Riverton Jobcentre Plus');
      expect((await browser.get('/people/new?choosing=yes')).statusCode).toBe(400);
      const form = await browser.get(`/people/new?organisation=${rivertonCoach!.id}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain(`name="organisationId" value="${rivertonCoach!.id}"`);
      expect(form.body).toContain('Riverton County Council');
      expect(form.body).not.toContain('Northshire County Council');
    } finally {
      await database.db.delete(roleAssignments).where(eq(roleAssignments.id, role!.id));
    }
  });
});

describe('changing contact details', () => {
  it('saves the changes, dates them, and audits which fields changed but not their values', async () => {
    const practitioner = await signedIn('practitioner@northshire.example');
    const { personId } = await addPerson(practitioner);
    const [before] = await database.db.select().from(people).where(eq(people.id, personId));
    const form = await practitioner.get(`/people/${personId}/details`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="01632 960 001"');
    expect(form.body).toMatch(/value="audio" checked/);
    const response = await practitioner.post(`/people/${personId}/details`, {
      email: 'bea@example.com',
      phone: '01632 960 001',
      address: '2 Low Road\nSouthtown',
      postcode: 'ne3 9zz',
      preferredContact: 'email',
      accessibleFormat: 'braille',
      nhsNumber: '9434765919',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${personId}?done=details`);
    const [after] = await database.db.select().from(people).where(eq(people.id, personId));
    expect(after).toMatchObject({ email: 'bea@example.com', postcode: 'NE3 9ZZ', preferredContact: 'email', accessibleFormat: 'braille', nhsNumber: '9434765919' });
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.action, 'person.details.change')));
    expect(entry).toMatchObject({ outcome: 'succeeded', actorId: await userId('practitioner@northshire.example'), detail: 'changed: email, postcode, preferredContact, accessibleFormat, nhsNumber' });
    expect(entry!.detail).not.toContain('bea@example.com');
    expect((await practitioner.get(`/people/${personId}?done=details`)).body).toContain('Details saved');
  });

  it('lets the person change their own, speaking to them, and explains bad answers keeping them', async () => {
    const [own] = await database.db.select({ personId: roleAssignments.personId }).from(roleAssignments).where(eq(roleAssignments.userId, await userId('budget.holder@northshire.example')));
    const browser = await signedIn('budget.holder@northshire.example');
    const form = await browser.get(`/people/${own!.personId}/details`);
    expect(form.body).toContain('Change your details');
    expect(form.body).toContain('How would you like us to contact you?');
    const response = await browser.post(`/people/${own!.personId}/details`, { preferredContact: 'text-message', accessibleFormat: 'easy-read', phone: '', postcode: 'XX', nhsNumber: '1' });
    expect(response.statusCode).toBe(400);
    for (const message of ['Enter your phone number, or choose another way for us to contact you', 'Enter a real postcode, like SW1A 1AA', 'NHS number must be 10 digits']) expect(response.body).toContain(message);
    expect(response.body).toContain('value="XX"');
    expect(response.body).toMatch(/value="easy-read" checked/);
    const ok = await browser.post(`/people/${own!.personId}/details`, { preferredContact: 'text-message', accessibleFormat: 'easy-read', phone: '07700 900 123' });
    expect(ok.statusCode).toBe(303);
    expect((await browser.get(`/people/${own!.personId}`)).body).toContain('Easy read');
  });
});

describe('every person route is authorised and audited', () => {
  let personId: string;
  let supporterId: string;
  const routesFor = () => [
    { method: 'GET', url: `/people/${personId}` },
    { method: 'GET', url: `/people/${personId}/details` },
    { method: 'POST', url: `/people/${personId}/details` },
    { method: 'GET', url: `/people/${personId}/sharing` },
    { method: 'GET', url: `/people/${personId}/sharing/${council}` },
    { method: 'POST', url: `/people/${personId}/sharing/${council}` },
    { method: 'GET', url: `/people/${personId}/supporters/new` },
    { method: 'POST', url: `/people/${personId}/supporters/new` },
    { method: 'GET', url: `/people/${personId}/supporters/${supporterId}/end` },
    { method: 'POST', url: `/people/${personId}/supporters/${supporterId}/end` },
  ];

  beforeAll(async () => {
    const practitioner = await signedIn('practitioner@northshire.example');
    ({ personId } = await addPerson(practitioner));
    const [supporter] = await database.db.insert(personSupporters).values({ areaId: northshire, personId, kind: 'representative', name: 'Sam Supporter' }).returning();
    supporterId = supporter!.id;
  });

  it('refuses another area’s practitioner, an agency without consent, and a director, and audits each refusal', async () => {
    for (const email of ['practitioner@riverton.example', 'housing.officer@northshire.example', 'work.coach@northshire.example', 'director@northshire.example', 'budget.holder@northshire.example']) {
      const browser = await signedIn(email);
      const actorId = await userId(email);
      for (const route of routesFor()) {
        await browser.get('/');
        const response = route.method === 'GET' ? await browser.get(route.url) : await browser.post(route.url, { change: 'withdraw', note: 'x', kind: 'representative', name: 'x' });
        expect(response.statusCode, `${email} ${route.method} ${route.url}`).toBe(403);
        expect(response.body).not.toContain('Practitioner-Made');
        const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.actorId, actorId)).orderBy(desc(auditLog.sequence)).limit(1);
        expect(entry, `${email} ${route.method} ${route.url}`).toMatchObject({ outcome: 'denied', subjectType: 'person', subjectId: personId, method: route.method });
      }
    }
    // Nothing changed.
    expect(await database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.organisationId, council)))).toEqual([expect.objectContaining({ revokedAt: null })]);
    expect(await database.db.select().from(personSupporters).where(eq(personSupporters.personId, personId))).toEqual([expect.objectContaining({ endedAt: null })]);
  });

  it('answers 404 for malformed and unknown ids, of the person, the organisation and the supporter', async () => {
    const browser = await signedIn('practitioner@northshire.example');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const paths = [
      ...['not-a-uuid', unknown].flatMap((id) => [`/people/${id}`, `/people/${id}/details`, `/people/${id}/sharing`, `/people/${id}/sharing/${council}`, `/people/${id}/supporters/new`, `/people/${id}/supporters/${supporterId}/end`]),
      `/people/${personId}/sharing/not-a-uuid`,
      `/people/${personId}/sharing/${unknown}`,
      `/people/${personId}/sharing/${rivertonCouncil}`,
      `/people/${personId}/supporters/not-a-uuid/end`,
      `/people/${personId}/supporters/${unknown}/end`,
    ];
    for (const path of paths) {
      expect((await browser.get(path)).statusCode, `GET ${path}`).toBe(404);
      expect((await browser.post(path, { change: 'give', note: 'x' })).statusCode, `POST ${path}`).toBe(404);
    }
  });

  it('answers junk with 4xx, never 5xx', async () => {
    const browser = await signedIn('practitioner@northshire.example');
    const junk: Record<string, string | string[]>[] = [
      {},
      { change: ['give', 'withdraw'], note: '\u0000' },
      { change: 'nonsense' },
      { kind: 'x'.repeat(5000), name: ['a', 'b'], supporterId: '00000000-0000-0000-0000-000000000000' },
      { preferredContact: '__proto__', accessibleFormat: 'constructor', nhsNumber: '\u0000', email: '<script>' },
      { organisationId: 'junk', personId: 'junk', 'dateOfBirth-day': '-1', 'dateOfBirth-month': '1e309', 'dateOfBirth-year': 'NaN' },
    ];
    for (const route of [...routesFor().filter((r) => r.method === 'POST'), { method: 'POST', url: '/people/new' }]) {
      for (const body of junk) {
        await browser.get('/');
        const response = await browser.post(route.url, body);
        expect(response.statusCode, `${route.url} ${JSON.stringify(body).slice(0, 60)}`).toBeLessThan(500);
      }
    }
  });
});
