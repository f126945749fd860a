// Before staff add a record, they are shown the records they may see that may be the same person (the same name and
// date of birth, or the same NHS number), and choose: go to that record, or add a new one with a reason, which is
// kept and audited. Every answer survives the extra page.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, organisations, people, referralChecks } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let council: string;
let jobcentre: string;

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  expect((await browser.signIn(email, password)).statusCode).toBe(303);
  return browser;
}

let counter = 0;
/** A person already on record, shared with the council only. */
async function existing(overrides: Partial<typeof people.$inferInsert> = {}) {
  counter += 1;
  const [row] = await database.db
    .insert(people)
    .values({ areaId: northshire, givenName: 'Zoë', familyName: `O’Neill${counter}`, dateOfBirth: '1950-06-07', postcode: 'NE3 3AA', ...overrides })
    .returning();
  await database.db.insert(consents).values({ areaId: northshire, personId: row!.id, organisationId: council });
  return row!;
}

/** The details form as the practitioner fills it in; the organisation and the new record's id come from the page. */
async function detailsForm(browser: TestBrowser, overrides: Record<string, string | string[]>) {
  const page = await browser.get('/people/new');
  return {
    organisationId: /name="organisationId" value="([^"]+)"/.exec(page.body)![1]!,
    personId: /name="personId" value="([^"]+)"/.exec(page.body)![1]!,
    givenName: 'Zoe',
    familyName: 'Oneill1',
    'dateOfBirth-day': '7',
    'dateOfBirth-month': '6',
    'dateOfBirth-year': '1950',
    email: '',
    phone: '01632 960 002',
    address: '9 Kept Lane\nNorthtown',
    postcode: 'NE9 9ZZ',
    preferredContact: 'phone',
    accessibleFormat: 'large-print',
    nhsNumber: '',
    consentConfirmed: 'yes',
    organisationIds: [jobcentre],
    ...overrides,
  };
}

/** The hidden fields the page of possible matches carries, as a browser would send them back. */
function carried(html: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (name === '_csrf') continue;
    const decoded = value!.replace(/&#10;/g, '\n').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
    const before = fields[name!];
    fields[name!] = before === undefined ? decoded : [before, decoded].flat();
  }
  return fields;
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  northshire = demo.areaIds[0]!;
  const byKind = async (kind: string) => (await database.db.select().from(organisations).where(and(eq(organisations.areaId, northshire), eq(organisations.kind, kind))))[0]!.id;
  council = await byKind('county_council');
  jobcentre = await byKind('jobcentre_plus');
});
afterAll(() => app.close());

describe('adding someone who may already have a record', () => {
  it('shows the possible match (same name and date of birth, however typed) before making anything', async () => {
    const known = await existing();
    const browser = await signedIn('practitioner@northshire.example');
    const form = await detailsForm(browser, { familyName: known.familyName.replace('’', '').toUpperCase() });
    const response = await browser.post('/people/new', form);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('may already have a record');
    expect(response.body).toContain(`/people/${known.id}"`);
    expect(response.body).toContain('The same name and date of birth');
    expect(response.body).toContain('Add a new record'.replace('Add', 'add'));
    expect(await database.db.select().from(people).where(eq(people.id, form.personId))).toHaveLength(0);
    // Every answer is carried through the page.
    const kept = carried(response.body);
    expect(kept).toMatchObject({ personId: form.personId, address: '9 Kept Lane\nNorthtown', postcode: 'NE9 9ZZ', accessibleFormat: 'large-print', organisationIds: jobcentre, consentConfirmed: 'yes' });
  });

  it('matches on the same valid NHS number whatever the name', async () => {
    const known = await existing({ nhsNumber: '9434765919', givenName: 'Somebody', dateOfBirth: '1941-01-01' });
    const browser = await signedIn('practitioner@northshire.example');
    const response = await browser.post('/people/new', await detailsForm(browser, { nhsNumber: '943 476 5919' }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`/people/${known.id}"`);
    expect(response.body).toContain('The same NHS number');
  });

  it('“the same person” goes to their record, makes nothing, and is audited', async () => {
    const known = await existing();
    const browser = await signedIn('practitioner@northshire.example');
    const form = await detailsForm(browser, { familyName: known.familyName });
    const page = await browser.post('/people/new', form);
    const response = await browser.post('/people/new', { ...carried(page.body), duplicateChoice: known.id });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${known.id}?done=existing`);
    expect((await browser.get(response.headers.location as string)).body).toContain('No new record was made');
    expect(await database.db.select().from(people).where(eq(people.id, form.personId))).toHaveLength(0);
    const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, known.id), eq(auditLog.action, 'person.match.same')));
    expect(audited).toHaveLength(1);
  });

  it('“a new record” needs a reason, explained next to the field with every answer kept', async () => {
    const known = await existing();
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.post('/people/new', await detailsForm(browser, { familyName: known.familyName }));
    const kept = carried(page.body);
    const noChoice = await browser.post('/people/new', kept);
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Select whether this is the same person as a record shown, or a new person');
    expect(noChoice.body).toContain('href="#duplicateChoice"');
    const noReason = await browser.post('/people/new', { ...kept, duplicateChoice: 'new', duplicateReason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('There is a problem');
    expect(noReason.body).toContain('href="#duplicateReason"');
    expect(noReason.body).toContain('id="duplicateReason-error"');
    expect(noReason.body).toMatch(/value="new" checked/);
    expect(carried(noReason.body)).toEqual(kept);
    expect(await database.db.select().from(people).where(eq(people.id, kept.personId as string))).toHaveLength(0);
  });

  it('“a new record” with a reason makes it, keeps the reason for staff to see, and audits it; sent twice, makes one', async () => {
    const known = await existing();
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.post('/people/new', await detailsForm(browser, { familyName: known.familyName }));
    const choice: Record<string, string | string[]> = { ...carried(page.body), duplicateChoice: 'new', duplicateReason: 'Different GP and address; her aunt has the same name' };
    const personId = choice.personId as string;
    const [first, second] = [await browser.post('/people/new', choice), await browser.post('/people/new', choice)];
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/people/${personId}?done=created`);
    expect(second.headers.location).toBe(`/people/${personId}?done=created`);
    const [person] = await database.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({ postcode: 'NE9 9ZZ', address: '9 Kept Lane\nNorthtown', accessibleFormat: 'large-print' });
    expect(await database.db.select().from(consents).where(eq(consents.personId, personId))).toHaveLength(2);
    const checks = await database.db.select().from(referralChecks).where(eq(referralChecks.personId, personId));
    expect(checks).toEqual([expect.objectContaining({ source: 'practitioner', possibleMatchIds: [known.id], reason: 'Different GP and address; her aunt has the same name' })]);
    const [created] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.action, 'person.create')));
    expect(created!.detail).toBe('practitioner; new record despite possible matches 1');
    const record = await browser.get(`/people/${personId}`);
    expect(record.body).toContain('Reason given: Different GP and address; her aunt has the same name');
    expect(record.body).toContain(`/people/${known.id}"`);
  });

  it('“change the details” goes back to the form with every answer as it was', async () => {
    const known = await existing();
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.post('/people/new', await detailsForm(browser, { familyName: known.familyName }));
    const back = await browser.post('/people/new', { ...carried(page.body), step: ['matches', 'change'] });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('Add a person');
    expect(back.body).toContain(`value="${known.familyName}"`);
    expect(back.body).toContain('9 Kept Lane');
    expect(back.body).toContain('value="NE9 9ZZ"');
  });

  it('shows only records the user may see: one not shared with their organisation is no match for them', async () => {
    const known = await existing();
    const workCoach = await signedIn('work.coach@northshire.example');
    const form = await detailsForm(workCoach, { familyName: known.familyName, organisationIds: [] });
    const response = await workCoach.post('/people/new', form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${form.personId}?done=created`);
    expect(await database.db.select().from(referralChecks).where(eq(referralChecks.personId, form.personId))).toEqual([]);
  });
});
