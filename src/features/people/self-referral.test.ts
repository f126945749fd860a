// Self-referral: a visitor with no account makes their own record, account, consents and first-contact event in
// one go, and lands on their record signed in; bad answers are explained and kept; retries make nothing twice.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, organisations, people, processEvents, referralChecks, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password as demoPassword, seedDemo } from '../../../test/support/demo.ts';

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

let counter = 0;
function answers(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  counter += 1;
  return {
    areaId: northshire,
    givenName: 'Ada',
    familyName: 'Referral',
    'dateOfBirth-day': '10',
    'dateOfBirth-month': '12',
    'dateOfBirth-year': '1985',
    email: `ada.${counter}@example.com`,
    password: 'a long and memorable password',
    phone: '07700 900982',
    address: '1 High Street\nNorthtown',
    postcode: 'ne1 4st',
    preferredContact: 'text-message',
    accessibleFormat: 'large-print',
    nhsNumber: '943 476 5919',
    organisationIds: [council, jobcentre],
    ...overrides,
  };
}

/** Opens the form for the area, as a browser would, so the CSRF token and the person's id come from the page. */
async function openForm(browser: TestBrowser, areaId = northshire) {
  const page = await browser.get(`/start?area=${areaId}`);
  expect(page.statusCode).toBe(200);
  return /name="personId" value="([^"]+)"/.exec(page.body)![1]!;
}

beforeAll(async () => {
  // Many referrals from one address in a minute here; the limits have their own tests (below, and
  // test/integration/self-referral-limits.test.ts).
  ({ app, database } = await testApp({ login: { maxFailures: 5, lockoutMinutes: 15, rateLimitPerMinute: 1000 }, selfReferral: { perAddressPerHour: 1000, perAreaPerDay: 1000 } }));
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
  council = await organisationOf(northshire, 'county_council');
  jobcentre = await organisationOf(northshire, 'jobcentre_plus');
  rivertonCouncil = await organisationOf(riverton, 'county_council');
});
afterAll(() => app.close());

describe('choosing the area', () => {
  it('asks which area, then shows that area’s organisations with the council ticked as a suggestion', async () => {
    const browser = new TestBrowser(app);
    const choice = await browser.get('/start');
    expect(choice.statusCode).toBe(200);
    expect(choice.body).toContain('Which area do you live in?');
    expect(choice.body).toContain('Northshire (illustrative)');
    expect(choice.body).toContain('Riverton (illustrative)');
    const form = await browser.get(`/start?area=${northshire}`);
    expect(form.body).toContain('Northshire Jobcentre Plus');
    expect(form.body).not.toContain('Riverton Jobcentre Plus');
    expect(form.body).toMatch(new RegExp(`value="${council}" checked`));
    expect(form.body).not.toMatch(new RegExp(`value="${jobcentre}" checked`));
    expect(form.body).toContain('can only assess you for adult social care');
  });

  it('asks again, with a message, for an area that is not one', async () => {
    const browser = new TestBrowser(app);
    for (const area of ['', 'junk', '00000000-0000-4000-8000-000000000000']) {
      const response = await browser.get(`/start?area=${area}`);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Select the area you live in');
      expect(response.body).toContain('href="#area"');
    }
  });

  it('sends someone already signed in to their home page', async () => {
    const browser = new TestBrowser(app);
    await browser.get(`/start?area=${northshire}`);
    const made = await browser.post('/start', answers());
    expect(made.statusCode).toBe(303);
    expect((await browser.get('/start')).headers.location).toBe('/');
    expect((await browser.post('/start', answers())).headers.location).toBe('/');
  });
});

describe('referring yourself', () => {
  it('makes the account, record, role, consents, first-contact event and audit entries, and signs the person in', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    const form = answers({ personId });
    const response = await browser.post('/start', form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${personId}?done=referred`);

    const [person] = await database.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({
      areaId: northshire,
      givenName: 'Ada',
      familyName: 'Referral',
      dateOfBirth: '1985-12-10',
      email: form.email,
      phone: '07700 900982',
      address: '1 High Street\nNorthtown',
      postcode: 'NE1 4ST',
      preferredContact: 'text-message',
      accessibleFormat: 'large-print',
      nhsNumber: '9434765919',
      referral: 'self-referral',
    });
    const [user] = await database.db.select().from(users).where(eq(users.email, form.email as string));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(person!.createdByUserId).toBe(user!.id);
    const roles = await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, user!.id));
    expect(roles).toEqual([expect.objectContaining({ role: 'budget_holder', personId, areaId: northshire, organisationId: null })]);
    expect(roles[0]!.regionId).toBeTruthy();
    const shared = await database.db.select().from(consents).where(eq(consents.personId, personId));
    expect(shared.map((row) => row.organisationId).sort()).toEqual([council, jobcentre].sort());
    expect(shared.every((row) => row.revokedAt === null && row.areaId === northshire)).toBe(true);
    const events = await database.db.select().from(processEvents).where(eq(processEvents.personId, personId));
    expect(events).toEqual([expect.objectContaining({ kind: 'first-contact', dedupeKey: `first-contact:${personId}`, areaId: northshire })]);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.actorId, user!.id));
    expect(audit.map((entry) => entry.action).sort()).toEqual(['consent.give', 'consent.give', 'person.create', 'user.create']);
    expect(audit.every((entry) => entry.actorType === 'user' && entry.outcome === 'succeeded' && entry.route === '/start')).toBe(true);
    // Personal details never go into the audit log.
    expect(JSON.stringify(audit)).not.toMatch(/Referral|07700|NE1 4ST|9434765919|ada\./);

    const page = await browser.get(response.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You have made your record and you are signed in');
    expect(page.body).toContain('Ada Referral');
    expect(page.body).toContain('Text message');
    expect(page.body).toContain('Large print');
    expect(page.body).toContain('943 476 5919');
    expect(page.body).toContain(`/people/${personId}/assessment`);
    expect(page.body).toContain(`/people/${personId}/budget`);
    // Staff alone decide eligibility, so the person is not linked to it.
    expect(page.body).not.toContain(`/people/${personId}/eligibility`);
  });

  it('makes an account that can sign in again later', async () => {
    const browser = new TestBrowser(app);
    await openForm(browser);
    const form = answers();
    await browser.post('/start', form);
    const later = new TestBrowser(app);
    const signedIn = await later.signIn(form.email as string, form.password as string);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/');
    const home = await later.get('/');
    expect(home.body).toContain('Ada Referral');
  });

  it('keeps the council unticked if the person wants, and tells them what that means', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    const response = await browser.post('/start', answers({ personId, organisationIds: jobcentre }));
    expect(response.statusCode).toBe(303);
    const page = await browser.get(`/people/${personId}`);
    expect(page.body).toContain('Your council cannot assess you for adult social care until you share your record with it.');
  });

  it('accepts someone under 18 and explains kindly where to start', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    const year = String(Number(new Date().getFullYear()) - 16);
    expect((await browser.post('/start', answers({ personId, 'dateOfBirth-year': year }))).statusCode).toBe(303);
    const page = await browser.get(`/people/${personId}`);
    expect(page.body).toContain('You are under 18');
    expect(page.body).toContain('transition assessment');
  });

  it('sent twice (a double click or the back button), makes one record and signs the person in to it', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    const form = answers({ personId });
    const first = await browser.post('/start', form);
    // The second copy leaves the browser before the first one's cookie arrives.
    const second = new TestBrowser(app);
    await second.get(`/start?area=${northshire}`);
    const again = await second.post('/start', form);
    expect(first.headers.location).toBe(`/people/${personId}?done=referred`);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/people/${personId}?done=referred`);
    expect((await second.get(`/people/${personId}`)).statusCode).toBe(200);
    expect(await database.db.select().from(users).where(sql`lower(${users.email}) = lower(${form.email as string})`)).toHaveLength(1);
    expect(await database.db.select().from(people).where(eq(people.id, personId))).toHaveLength(1);
    expect(await database.db.select().from(processEvents).where(eq(processEvents.personId, personId))).toHaveLength(1);
  });

  it('says an email address is taken, next to the field, without making anything', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    const response = await browser.post('/start', answers({ personId, email: 'PRACTITIONER@northshire.example' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is already an account with this email address. Sign in, or use a different email address');
    expect(response.body).toContain('href="#email"');
    expect(response.body).toContain('id="email-error"');
    expect(response.body).toContain('value="Ada"');
    expect(response.body).not.toContain('a long and memorable password');
    expect(await database.db.select().from(people).where(eq(people.id, personId))).toHaveLength(0);
    // Says nothing about whose account it is.
    expect(response.body).not.toMatch(/Practitioner|Northshire County Council staff/);
  });

  it('explains every problem, keeps the answers (but never the password), and saves nothing', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    const before = await database.db.select({ id: people.id }).from(people);
    const response = await browser.post('/start', {
      areaId: northshire,
      personId,
      givenName: '',
      familyName: 'Kept',
      'dateOfBirth-day': '10',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '1985',
      email: 'not-an-email',
      password: 'short',
      phone: 'call me',
      postcode: 'nowhere',
      preferredContact: 'letter',
      accessibleFormat: '',
      nhsNumber: '943 476 5918',
    });
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter your first name',
      'Date of birth must include a month',
      'Enter an email address in the correct format, like name@example.com',
      'Password must be at least 12 characters',
      'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
      'Enter your address, or choose another way for us to contact you',
      'Enter a real postcode, like SW1A 1AA',
      'Select the format you would like letters in',
      'Enter a valid NHS number. Check it against a prescription or a letter from the NHS',
      'Select at least one organisation that may see your record',
    ]) {
      expect(response.body, message).toContain(message);
    }
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('href="#dateOfBirth-month"');
    expect(response.body).toContain('value="Kept"');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toContain('value="nowhere"');
    expect(response.body).toMatch(/value="letter" checked/);
    expect(response.body).not.toContain('value="short"');
    expect(response.body).toContain(`name="personId" value="${personId}"`);
    expect(await database.db.select({ id: people.id }).from(people)).toHaveLength(before.length);
  });

  it('refuses organisations from another area, and an area that is not one', async () => {
    const browser = new TestBrowser(app);
    await openForm(browser);
    const otherArea = await browser.post('/start', answers({ organisationIds: [council, rivertonCouncil] }));
    expect(otherArea.statusCode).toBe(400);
    expect(otherArea.body).toContain('Select organisations from the list');
    const badArea = await browser.post('/start', answers({ areaId: 'nowhere' }));
    expect(badArea.statusCode).toBe(400);
    expect(badArea.body).toContain('Select the area you live in');
  });

  it('answers junk below 500', async () => {
    const browser = new TestBrowser(app);
    await openForm(browser);
    for (const body of [{}, { areaId: northshire, personId: 'junk', organisationIds: ['\u0000', 'x'.repeat(5000)] }, { areaId: [northshire, riverton] }, { ...answers(), personId: '00000000-0000-0000-0000-000000000000', givenName: '\u0000' }]) {
      const response = await browser.post('/start', body as Record<string, string>);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBeLessThan(500);
    }
  });
});

describe('rate limit', () => {
  it('limits self-referrals from one place, like sign-in', async () => {
    const { app: limited } = await testApp({ login: { maxFailures: 100, lockoutMinutes: 15, rateLimitPerMinute: 3 } }, { reset: false });
    try {
      const browser = new TestBrowser(limited);
      await browser.get(`/start?area=${northshire}`);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await browser.post('/start', { areaId: northshire })).statusCode);
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('new self-referrals to check', () => {
  async function staff(email: string) {
    const browser = new TestBrowser(app);
    expect((await browser.signIn(email, demoPassword)).statusCode).toBe(303);
    return browser;
  }

  it('flags a record that may be the same person to staff, and shows the person referring themselves nothing of it', async () => {
    const [known] = await database.db
      .select()
      .from(people)
      .where(and(eq(people.areaId, northshire), eq(people.referral, 'practitioner')))
      .orderBy(people.familyName)
      .offset(3)
      .limit(1);
    const [year, month, day] = known!.dateOfBirth.split('-');
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    // The same person, typed as people do: other case, extra spaces.
    const response = await browser.post('/start', answers({ personId, givenName: ` ${known!.givenName.toUpperCase()} `, familyName: known!.familyName.toLowerCase(), 'dateOfBirth-day': String(Number(day)), 'dateOfBirth-month': String(Number(month)), 'dateOfBirth-year': year!, nhsNumber: '' }));
    expect(response.statusCode).toBe(303);
    const page = await browser.get(response.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(known!.id);
    expect(page.body).not.toMatch(/same person|duplicate|possible match/i);
    const [check] = await database.db.select().from(referralChecks).where(eq(referralChecks.personId, personId));
    expect(check).toMatchObject({ areaId: northshire, source: 'self-referral', possibleMatchIds: [known!.id], checkedAt: null });

    const practitioner = await staff('practitioner@northshire.example');
    const home = await practitioner.get('/');
    expect(home.body).toContain('href="/people/self-referrals"');
    expect(home.body).toContain('New self-referrals to check');
    const list = await practitioner.get('/people/self-referrals');
    expect(list.statusCode).toBe(200);
    const card = list.body.slice(list.body.indexOf(`/people/${personId}"`));
    expect(card.slice(0, card.indexOf('Mark as checked'))).toContain('Possible duplicate');
    expect(card.slice(0, card.indexOf('Mark as checked'))).toContain(`/people/${known!.id}"`);
    // The list's one entry names everyone it showed: the referral and the record it may duplicate.
    const [listed] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'person.list'), eq(auditLog.route, '/people/self-referrals'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(listed!.peopleShown).toEqual(expect.arrayContaining([personId, known!.id]));
  });

  it('lists the oldest first, and marks one as checked once however often the button is pressed', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    expect((await browser.post('/start', answers({ personId, givenName: 'Newest', familyName: 'Checkme' }))).statusCode).toBe(303);
    const practitioner = await staff('practitioner@northshire.example');
    const list = await practitioner.get('/people/self-referrals');
    const waiting = await database.db
      .select({ personId: referralChecks.personId })
      .from(referralChecks)
      .innerJoin(consents, and(eq(consents.personId, referralChecks.personId), eq(consents.organisationId, council)))
      .where(and(eq(referralChecks.areaId, northshire), eq(referralChecks.source, 'self-referral'), sql`${referralChecks.checkedAt} is null`))
      .orderBy(referralChecks.createdAt, referralChecks.personId);
    expect(waiting.length).toBeGreaterThan(2);
    const positions = waiting.map((row) => list.body.indexOf(`/people/${row.personId}/self-referral-check`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The demo's own self-referrals, made days ago, come before today's.
    expect(list.body.indexOf(`/people/${personId}/self-referral-check`)).toBe(positions.at(-1));

    const marked = await practitioner.post(`/people/${personId}/self-referral-check`, {});
    expect(marked.statusCode).toBe(303);
    expect(marked.headers.location).toBe('/people/self-referrals?done=checked');
    const again = await practitioner.post(`/people/${personId}/self-referral-check`, {});
    expect(again.statusCode).toBe(303);
    const after = await practitioner.get('/people/self-referrals?done=checked');
    expect(after.body).toContain('Self-referral marked as checked');
    expect(after.body).not.toContain(`/people/${personId}/self-referral-check`);
    const [check] = await database.db.select().from(referralChecks).where(eq(referralChecks.personId, personId));
    const [practitionerUser] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    expect(check!.checkedAt).not.toBeNull();
    expect(check!.checkedByUserId).toBe(practitionerUser!.id);
    const audited = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.action, 'person.referral.check')));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorId: practitionerUser!.id, outcome: 'succeeded' });
  });

  it('shows each organisation only the self-referrals shared with it, and refuses people who list nobody', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    // Shared with the council only, not with the Jobcentre.
    expect((await browser.post('/start', answers({ personId, organisationIds: council }))).statusCode).toBe(303);
    const workCoach = await staff('work.coach@northshire.example');
    const list = await workCoach.get('/people/self-referrals');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(`/people/${personId}`);
    expect((await workCoach.post(`/people/${personId}/self-referral-check`, {})).statusCode).toBe(403);
    const [check] = await database.db.select().from(referralChecks).where(eq(referralChecks.personId, personId));
    expect(check!.checkedAt).toBeNull();

    const director = await staff('director@northshire.example');
    expect((await director.get('/people/self-referrals')).statusCode).toBe(403);
    expect((await new TestBrowser(app).get('/people/self-referrals')).statusCode).toBe(303);
  });

  it('refuses to mark one as checked without the form’s token', async () => {
    const browser = new TestBrowser(app);
    const personId = await openForm(browser);
    expect((await browser.post('/start', answers({ personId }))).statusCode).toBe(303);
    const practitioner = await staff('practitioner@northshire.example');
    expect((await practitioner.post(`/people/${personId}/self-referral-check`, {}, { csrf: false })).statusCode).toBe(403);
    const [check] = await database.db.select().from(referralChecks).where(eq(referralChecks.personId, personId));
    expect(check!.checkedAt).toBeNull();
  });
});
