// "Who has looked at your record" over the real app: the person sees staff visits and the lists they were in, their
// representative and staff who may read the record see it too, anyone else gets an audited 403, 25 visits a page,
// and no member of staff's name or email is ever on it.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, organisations, people, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let ownPerson: { id: string; givenName: string; familyName: string };
let representedPerson: { id: string; givenName: string; familyName: string };
let northshire: string;

async function personOf(email: string) {
  const [row] = await database.db
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(people, and(eq(people.areaId, roleAssignments.areaId), eq(people.id, roleAssignments.personId)))
    .where(eq(users.email, email));
  return row!;
}

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  const response = await browser.signIn(email, password);
  expect(response.statusCode, email).toBe(303);
  return browser;
}

/** The table's rows as the reader sees them: each cell's words, without markup (the reflow labels are attributes). */
function rowsOf(html: string): string[][] {
  const body = /<tbody[\s\S]*?<\/tbody>/.exec(html)?.[0] ?? '';
  return [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) =>
    [...row[0].matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim()),
  );
}

const history = (personId: string, page?: number) => `/people/${personId}/history${page ? `?page=${page}` : ''}`;

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  northshire = demo.areaIds[0]!;
  ownPerson = await personOf('budget.holder@northshire.example');
  representedPerson = await personOf('representative@northshire.example');
});
afterAll(() => app.close());

describe('who has looked at my record', () => {
  it('shows the budget holder a practitioner’s visit and the list their name was in, newest first, as an audited read', async () => {
    const practitioner = await signedIn('practitioner@northshire.example');
    const home = await practitioner.get('/');
    expect(home.body).toContain(`/people/${ownPerson.id}`);
    expect((await practitioner.get(`/people/${ownPerson.id}`)).statusCode).toBe(200);

    const holder = await signedIn('budget.holder@northshire.example');
    const record = await holder.get(`/people/${ownPerson.id}`);
    expect(record.body).toContain(`href="${history(ownPerson.id)}">Who has looked at your record</a>`);
    const page = await holder.get(history(ownPerson.id));
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<h1 class="govuk-heading-l">Who has looked at your record</h1>');
    const rows = rowsOf(page.body).map(([, who, what]) => `${who} | ${what}`);
    expect(rows.slice(0, 4)).toEqual([
      'You | Looked at who has looked at your record',
      'You | Looked at your record',
      'Someone at Northshire County Council (practitioner) | Looked at your record',
      'Someone at Northshire County Council (practitioner) | Saw your name in a list of people or in search results',
    ]);
    expect(rowsOf(page.body)[0]![0]).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)$/);

    const [user] = await database.db.select().from(users).where(eq(users.email, 'budget.holder@northshire.example'));
    const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, user!.id), eq(auditLog.action, 'person.history.read')));
    expect(entries).toEqual([expect.objectContaining({ outcome: 'allowed', subjectType: 'person', subjectId: ownPerson.id, areaId: northshire, route: '/people/:personId/history' })]);
  });

  it('shows the representative the history of the person they act for, and names the person’s own visits', async () => {
    const person = await signedIn('budget.holder@northshire.example');
    await person.get(`/people/${ownPerson.id}`);
    const representative = await signedIn('representative@northshire.example');
    await representative.get(`/people/${representedPerson.id}`);
    const page = await representative.get(history(representedPerson.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Who has looked at ${representedPerson.givenName}’s record`);
    const rows = rowsOf(page.body).map(([, who, what]) => `${who} | ${what}`);
    expect(rows.slice(0, 2)).toEqual([`You | Looked at who has looked at ${representedPerson.givenName}’s record`, `You | Looked at ${representedPerson.givenName}’s record`]);
    // The budget holder's visits are to their own record, not this one.
    expect(rows.join('\n')).not.toContain(ownPerson.givenName + ' |');
  });

  it('tells the person when their representative looked, as "Your representative"', async () => {
    const [representative] = await database.db.select().from(users).where(eq(users.email, 'representative@northshire.example'));
    // The representative acts for this person too, for the length of this test.
    const [assignment] = await database.db
      .insert(roleAssignments)
      .values({ userId: representative!.id, role: 'representative', areaId: northshire, personId: ownPerson.id })
      .returning();
    try {
      const browser = await signedIn('representative@northshire.example');
      expect((await browser.get(`/people/${ownPerson.id}/budget`)).statusCode).toBe(200);
      const holder = await signedIn('budget.holder@northshire.example');
      const rows = rowsOf((await holder.get(history(ownPerson.id))).body).map(([, who, what]) => `${who} | ${what}`);
      expect(rows[1]).toBe('Your representative | Looked at your budget');
      const practitioner = await signedIn('practitioner@northshire.example');
      const staffRows = rowsOf((await practitioner.get(history(ownPerson.id))).body).map(([, who, what]) => `${who} | ${what}`);
      expect(staffRows).toContain(`${ownPerson.givenName}’s representative | Looked at ${ownPerson.givenName}’s budget`);
      expect(staffRows).toContain(`${ownPerson.givenName} | Looked at who has looked at ${ownPerson.givenName}’s record`);
    } finally {
      await database.db.delete(roleAssignments).where(eq(roleAssignments.id, assignment!.id));
    }
  });

  it('lets staff who may read the record see it, worded about the person, linked from the record', async () => {
    const approver = await signedIn('approver@northshire.example');
    const record = await approver.get(`/people/${ownPerson.id}`);
    expect(record.body).toContain(`href="${history(ownPerson.id)}">Who has looked at ${ownPerson.givenName}’s record</a>`);
    const page = await approver.get(history(ownPerson.id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1 class="govuk-heading-l">Who has looked at ${ownPerson.givenName}’s record</h1>`);
    const rows = rowsOf(page.body).map(([, who, what]) => `${who} | ${what}`);
    expect(rows[0]).toBe(`You | Looked at who has looked at ${ownPerson.givenName}’s record`);
    expect(rows).toContain(`Someone at Northshire County Council (practitioner) | Looked at ${ownPerson.givenName}’s record`);
    expect(rows).toContain(`${ownPerson.givenName} | Looked at who has looked at ${ownPerson.givenName}’s record`);
  });

  it('refuses anyone else with an audited 403, and the person sees the refused attempt', async () => {
    for (const email of ['practitioner@riverton.example', 'director@northshire.example', 'representative@riverton.example']) {
      const browser = await signedIn(email);
      const response = await browser.get(history(ownPerson.id));
      expect(response.statusCode, email).toBe(403);
      expect(response.body).not.toContain(ownPerson.familyName);
      const [user] = await database.db.select().from(users).where(eq(users.email, email));
      const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, user!.id), eq(auditLog.subjectId, ownPerson.id)));
      expect(entries, email).toContainEqual(expect.objectContaining({ action: 'person.history.read', outcome: 'denied', areaId: northshire }));
    }
    // Nobody may see who looked at a record without consent to read it: the work coach once the person stops sharing.
    const [jobcentre] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, northshire), eq(organisations.kind, 'jobcentre_plus')));
    const sharing = and(eq(consents.areaId, northshire), eq(consents.personId, ownPerson.id), eq(consents.organisationId, jobcentre!.id));
    const workCoach = await signedIn('work.coach@northshire.example');
    expect((await workCoach.get(history(ownPerson.id))).statusCode).toBe(200);
    await database.db.update(consents).set({ revokedAt: new Date('2026-01-01T00:00:00Z') }).where(sharing);
    try {
      expect((await workCoach.get(history(ownPerson.id))).statusCode).toBe(403);
    } finally {
      await database.db.update(consents).set({ revokedAt: null }).where(sharing);
    }

    const holder = await signedIn('budget.holder@northshire.example');
    const rows = rowsOf((await holder.get(history(ownPerson.id))).body).map(([, who, what]) => `${who} | ${what}`);
    expect(rows.slice(1, 6)).toEqual([
      'Someone at Northshire Jobcentre Plus (practitioner) | Tried to look at your record but was not allowed',
      'Someone at Northshire Jobcentre Plus (practitioner) | Looked at who has looked at your record',
      'Someone else who uses this service | Tried to look at your record but was not allowed',
      'Someone at Northshire County Council (director) | Tried to look at your record but was not allowed',
      'Someone at Riverton County Council (practitioner) | Tried to look at your record but was not allowed',
    ]);
  });

  it('shows 25 visits a page, newest first, with GOV.UK pages, and says when a page is past the last', async () => {
    const [person] = await database.db.insert(people).values({ areaId: northshire, givenName: 'Paige', familyName: 'Turner', dateOfBirth: '1970-01-01' }).returning();
    const [council] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, northshire), eq(organisations.kind, 'county_council')));
    await database.db.insert(consents).values({ areaId: northshire, personId: person!.id, organisationId: council!.id });
    const practitioner = await signedIn('practitioner@northshire.example');
    // 25 reads of the record and the page about their money: with this page's own visit, 26 visits, so two pages.
    for (let visit = 0; visit < 24; visit += 1) expect((await practitioner.get(`/people/${person!.id}`)).statusCode).toBe(200);
    expect((await practitioner.get(`/people/${person!.id}/budget`)).statusCode).toBe(200);

    const first = await practitioner.get(history(person!.id));
    expect(first.body).toContain('Showing 1 to 25 of 26');
    const firstRows = rowsOf(first.body).map(([, who, what]) => `${who} | ${what}`);
    expect(firstRows).toHaveLength(25);
    expect(firstRows.slice(0, 2)).toEqual(['You | Looked at who has looked at Paige’s record', 'You | Looked at Paige’s budget']);
    expect(first.body).toContain(`<a class="govuk-link govuk-pagination__link" href="${history(person!.id, 2)}" rel="next">`);
    expect(first.body).toContain('aria-label="Pages of who has looked at paige’s record"');

    // The visit to page 1 is now the newest, so page 2 holds the two oldest reads.
    const second = await practitioner.get(history(person!.id, 2));
    expect(second.body).toContain('Showing 26 to 27 of 27');
    expect(rowsOf(second.body).map(([, who, what]) => `${who} | ${what}`)).toEqual(['You | Looked at Paige’s record', 'You | Looked at Paige’s record']);
    expect(second.body).toContain(`href="${history(person!.id)}" rel="prev">`);

    const beyond = await practitioner.get(history(person!.id, 9));
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain('There is no page 9. There are 2 pages.');
    for (const junk of ['abc', '-1', '0']) expect((await practitioner.get(`${history(person!.id)}?page=${junk}`)).body).toContain('Showing 1 to 25 of');
  });

  it('never shows a member of staff’s name or email, whoever reads it', async () => {
    const staff = await database.db.select({ email: users.email, displayName: users.displayName }).from(users);
    const named = staff.filter((user) => user.email !== 'budget.holder@northshire.example');
    expect(named.length).toBeGreaterThan(10);
    for (const [email, personId] of [
      ['budget.holder@northshire.example', ownPerson.id],
      ['practitioner@northshire.example', ownPerson.id],
      ['representative@northshire.example', representedPerson.id],
    ] as const) {
      const page = await (await signedIn(email)).get(history(personId));
      expect(page.statusCode).toBe(200);
      const main = /<main\b[\s\S]*<\/main>/.exec(page.body)![0];
      for (const user of named) {
        expect(main, `${email} reading ${personId}`).not.toContain(user.email);
        expect(main, `${email} reading ${personId}`).not.toContain(user.displayName);
      }
    }
  });

  it('answers a malformed or unknown person with 404, not an error', async () => {
    const holder = await signedIn('budget.holder@northshire.example');
    expect((await holder.get('/people/not-an-id/history')).statusCode).toBe(404);
    expect((await holder.get('/people/00000000-0000-4000-8000-000000000000/history')).statusCode).toBe(404);
  });
});
