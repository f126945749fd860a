// The staff home page's list of people: search by name, date of birth, NHS number and postcode, paging and sorting,
// all by GET without JavaScript, and one audit entry per page view naming everyone shown on it.
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, people, users } from '../../db/schema.ts';
import { FixedClock } from '../../platform/clock.ts';
import { entriesNamingPerson, verifyAuditLog } from '../../records/audit.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { organisationOf, password, seedDemo } from '../../../test/support/demo.ts';
import { peopleSharedWith } from '../../records/people.ts';
import { checkList, emptyListQuery, listView } from './people-list.ts';

const clock = new FixedClock('2027-06-15T12:00:00Z');
let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let county: string;
let browser: TestBrowser;
let practitionerId: string;

/** 60 people called Quennell in Northshire who share with the county council, so the name search spans three pages. */
const quennells = Array.from({ length: 60 }, (_unused, index) => ({
  givenName: `Given${String(index).padStart(2, '0')}`,
  familyName: index % 2 === 0 ? 'Quennell' : 'quennell-Hart',
  dateOfBirth: `19${50 + (index % 40)}-0${1 + (index % 9)}-1${index % 10}`,
  postcode: index < 5 ? `QQ${index} 1AB` : null,
  nhsNumber: index === 7 ? '9434765919' : null,
}));

function rowsIn(body: string): string[] {
  return [...body.matchAll(/<a class="govuk-link" href="\/people\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((match) => match[1]!);
}

async function listEntries() {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorId, practitionerId), eq(auditLog.action, 'person.list')))
    .orderBy(desc(auditLog.sequence));
}

beforeAll(async () => {
  ({ app, database } = await testApp({}, { clock }));
  northshire = (await seedDemo(database)).areaIds[0]!;
  county = (await organisationOf(database, northshire, 'county_council')).id;
  const made = await database.db
    .insert(people)
    .values(quennells.map((person) => ({ ...person, areaId: northshire })))
    .returning({ id: people.id });
  await database.db.insert(consents).values(made.map((person) => ({ areaId: northshire, personId: person.id, organisationId: county })));
  browser = new TestBrowser(app);
  await browser.signIn('practitioner@northshire.example', password);
  const [practitioner] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'practitioner@northshire.example'));
  practitionerId = practitioner!.id;
});
afterAll(() => app.close());

describe('searching the list of people on the staff home page', () => {
  it('finds part of a name in any case, pages 25 at a time, and keeps the search on every page link', async () => {
    const first = await browser.get('/?name=QUENN');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('60 people match your search.');
    expect(first.body).toContain('Showing 1 to 25 of 60 people');
    expect(rowsIn(first.body)).toHaveLength(25);
    expect(rowsIn(first.body).every((name) => /quennell/i.test(name))).toBe(true);
    expect(first.body).toContain('value="QUENN"');
    const third = /href="(\/\?organisation=[^"]*page=3)"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(third).toContain('name=QUENN');

    const page3 = await browser.get(third!);
    expect(page3.body).toContain('Showing 51 to 60 of 60 people');
    expect(rowsIn(page3.body)).toHaveLength(10);
    const names = [first, await browser.get(third!.replace('page=3', 'page=2')), page3].flatMap((page) => rowsIn(page.body));
    expect(new Set(names).size).toBe(60);
  });

  it('matches every word of a name against the first or last name', async () => {
    const page = await browser.get('/?name=given07+hart');
    expect(rowsIn(page.body)).toEqual(['Given07 quennell-Hart']);
    expect((await browser.get('/?name=given08+hart')).body).toContain('0 people match your search.');
  });

  it('treats % and _ as letters to find, not patterns', async () => {
    expect((await browser.get('/?name=%25')).body).toContain('0 people match your search.');
    expect((await browser.get('/?name=Given_7')).body).toContain('0 people match your search.');
  });

  it('finds a date of birth typed in three boxes, and an NHS number with spaces', async () => {
    const byDate = await browser.get('/?name=quennell&dateOfBirth-day=17&dateOfBirth-month=8&dateOfBirth-year=1957');
    expect(rowsIn(byDate.body)).toEqual(['Given07 quennell-Hart']);
    const byNhs = await browser.get('/?nhsNumber=943+476+5919');
    expect(rowsIn(byNhs.body)).toEqual(['Given07 quennell-Hart']);
    expect(byNhs.body).toContain('943 476 5919');
  });

  it('finds a postcode whatever its case and spaces, or by its first part', async () => {
    expect(rowsIn((await browser.get('/?postcode=qq31ab')).body)).toEqual(['Given03 quennell-Hart']);
    expect(rowsIn((await browser.get('/?postcode=+Qq3+1aB+')).body)).toEqual(['Given03 quennell-Hart']);
    expect(rowsIn((await browser.get('/?postcode=QQ')).body)).toHaveLength(5);
  });

  it('says clearly what is wrong with a date of birth, keeps every answer, and lists nobody', async () => {
    const before = (await listEntries()).length;
    const page = await browser.get('/?name=Quen&dateOfBirth-day=31&dateOfBirth-month=2&dateOfBirth-year=1980&postcode=QQ1');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Error: Home');
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#dateOfBirth-day">Date of birth must be a real date</a>');
    expect(page.body).toMatch(/govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Date of birth must be a real date/);
    for (const kept of ['value="Quen"', 'value="31"', 'value="2"', 'value="1980"', 'value="QQ1"']) expect(page.body).toContain(kept);
    expect(rowsIn(page.body)).toEqual([]);
    expect((await listEntries()).length).toBe(before);
  });

  it('refuses an NHS number that is not 10 digits with a message beside the field', async () => {
    const page = await browser.get('/?nhsNumber=12345');
    expect(page.body).toContain('href="#nhsNumber">NHS number must be 10 digits');
    expect(page.body).toContain('value="12345"');
  });

  it('sorts by date of birth and by most recently updated, keeping the search', async () => {
    const byBirth = await browser.get('/?name=quennell&sort=date-of-birth');
    const oldest = [...quennells].sort((a, b) => a.dateOfBirth.localeCompare(b.dateOfBirth) || a.familyName.toLowerCase().localeCompare(b.familyName.toLowerCase()) || a.givenName.localeCompare(b.givenName))[0]!;
    expect(rowsIn(byBirth.body)[0]).toBe(`${oldest.givenName} ${oldest.familyName}`);
    expect(byBirth.body).toMatch(/<option value="date-of-birth" selected>/);
    expect(byBirth.body).toMatch(/href="\/\?organisation=[^"]*name=quennell[^"]*sort=date-of-birth[^"]*page=2"/);

    await database.db.update(people).set({ updatedAt: new Date(clock.now().getTime() + 60_000) }).where(and(eq(people.areaId, northshire), eq(people.givenName, 'Given42')));
    expect(rowsIn((await browser.get('/?name=quennell&sort=updated')).body)[0]).toBe('Given42 Quennell');
    expect(rowsIn((await browser.get('/?name=quennell')).body)[0]).toBe('Given00 Quennell');
  });

  it('answers page=0, page=abc and a page past the end with a clear page, never an error', async () => {
    for (const page of ['0', 'abc', '-3', '1e3', '99999999999999999999']) {
      const response = await browser.get(`/?name=quennell&page=${page}`);
      expect(response.statusCode, page).toBe(200);
    }
    expect((await browser.get('/?name=quennell&page=0')).body).toContain('Showing 1 to 25 of 60 people');
    expect((await browser.get('/?name=quennell&page=abc')).body).toContain('Showing 1 to 25 of 60 people');
    const past = await browser.get('/?name=quennell&page=999999');
    expect(past.statusCode).toBe(200);
    expect(past.body).toContain('There is no page 999999. There are 3 pages.');
    expect(rowsIn(past.body)).toEqual([]);
    expect((await browser.get('/?sort=__proto__&name=constructor&organisation=toString')).statusCode).toBe(200);
  });
});

describe('auditing a list of people', () => {
  it('writes one entry per page view naming exactly the people shown, and the chain still verifies', async () => {
    const before = (await listEntries()).length;
    const page = await browser.get('/?name=quennell&page=2');
    const shownIds = [...page.body.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((match) => match[1]!);
    expect(shownIds).toHaveLength(25);
    const entries = await listEntries();
    expect(entries.length).toBe(before + 1);
    expect(entries[0]).toMatchObject({ outcome: 'allowed', subjectType: 'area', subjectId: northshire, areaId: northshire });
    expect(entries[0]!.peopleShown).toEqual(shownIds);
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true });
  });

  it('finds the entries in which a person appeared, in lists and in reads of their record, and no others', async () => {
    const page = await browser.get('/?nhsNumber=9434765919');
    const [shown] = [...page.body.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((match) => match[1]!);
    await browser.get(`/people/${shown!}`);
    const entries = await entriesNamingPerson(database.db, { id: shown!, areaId: northshire });
    expect(entries.some((entry) => entry.action === 'person.list' && entry.peopleShown?.includes(shown!))).toBe(true);
    expect(entries.some((entry) => entry.action === 'person.read' && entry.subjectId === shown)).toBe(true);
    expect(entries.every((entry) => entry.subjectId === shown || entry.peopleShown?.includes(shown!))).toBe(true);
    const listsOfOthers = (await listEntries()).filter((entry) => !entry.peopleShown?.includes(shown!));
    expect(listsOfOthers.length).toBeGreaterThan(0);
    expect(entries.map((entry) => entry.sequence)).not.toContain(listsOfOthers[0]!.sequence);
  });
});

describe('a count that stops at its bound', () => {
  it('counts one past the bound and says there are more, without changing the page of people', async () => {
    const list = { organisationId: county, areaId: northshire };
    const page = { search: { name: 'quennell' }, sort: 'name' as const, limit: 25, offset: 25 };
    const exact = await peopleSharedWith(database.db, list, page);
    const bounded = await peopleSharedWith(database.db, list, { ...page, countUpTo: 50 });
    const roomy = await peopleSharedWith(database.db, list, { ...page, countUpTo: 60 });
    expect(exact).toMatchObject({ total: 60, more: false });
    expect(bounded).toMatchObject({ total: 50, more: true });
    expect(roomy).toMatchObject({ total: 60, more: false });
    expect(bounded.rows).toEqual(exact.rows);
    const unsearched = await peopleSharedWith(database.db, list, { search: {}, sort: 'name', limit: 25, offset: 0, countUpTo: 10 });
    expect(unsearched).toMatchObject({ total: 10, more: true });
  });

  it('says "more than" and offers no last page when the count stopped short', () => {
    const checked = checkList(emptyListQuery, '2027-06-15');
    const rows = Array.from({ length: 25 }, (_unused, index) => ({ id: `id-${index}`, givenName: 'A', familyName: 'B', dateOfBirth: '1980-01-01', nhsNumber: null, postcode: null }));
    const view = listView({ list: { ...emptyListQuery, page: 2 }, checked, organisationId: 'org', idPrefix: '', rows, total: 1000, more: true });
    expect(view.totalText).toBe('More than 1,000');
    expect(view.at).toMatchObject({ from: 26, to: 50, more: true, beyondLast: false });
    expect(view.pagination?.next).toBeDefined();
    expect(view.pagination?.items.map((item) => ('number' in item ? item.number : '…'))).toEqual([1, 2, 3, '…']);
  });
});
