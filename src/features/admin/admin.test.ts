// Administrators add staff, unlock accounts and reset security codes, only within their own area.
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, organisations, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let demo: Awaited<ReturnType<typeof seedDemo>>;

async function organisationOf(areaIndex: number, kind: string) {
  const [organisation] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, demo.areaIds[areaIndex]!), eq(organisations.kind, kind)));
  return organisation!;
}

beforeAll(async () => {
  ({ app, database } = await testApp({ login: { maxFailures: 2, lockoutMinutes: 15, rateLimitPerMinute: 1000 } }));
  demo = await seedDemo(database);
});
afterAll(() => app.close());

describe('adding a user', () => {
  it('lets an area administrator add a practitioner to an organisation in their area, who can then sign in', async () => {
    const council = await organisationOf(0, 'county_council');
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    expect((await admin.get('/admin/users/new')).statusCode).toBe(200);
    const response = await admin.post('/admin/users/new', { displayName: 'Pat New', email: 'pat.new@northshire.example', organisationId: council.id, role: 'practitioner', password: 'a-long-enough-password' });
    expect(response.statusCode).toBe(303);
    const [created] = await database.db.select().from(users).where(eq(users.email, 'pat.new@northshire.example'));
    expect(created!.passwordHash).toMatch(/^\$argon2id\$/);
    const [assignment] = await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, created!.id));
    expect(assignment).toMatchObject({ role: 'practitioner', organisationId: council.id, areaId: council.areaId });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.create'), eq(auditLog.subjectId, created!.id)));
    expect(audit).toBeDefined();
    const pat = new TestBrowser(app);
    expect((await pat.signIn('pat.new@northshire.example', 'a-long-enough-password')).headers.location).toBe('/');
  });

  it('shows every problem with the form at once, keeps the answers, and never echoes the password', async () => {
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users/new', { displayName: '', email: 'nope', organisationId: 'not-an-id', role: 'wizard', password: 'short' });
    expect(response.statusCode).toBe(400);
    for (const message of ['Enter their full name', 'Enter an email address in the correct format', 'Select the organisation they work for', 'Select their role', 'Password must be at least 12 characters']) {
      expect(response.body).toContain(message);
    }
    expect(response.body).toContain('value="nope"');
    expect(response.body).not.toContain('value="short"');
  });

  it('refuses a role the organisation does not have, and a duplicate email, next to the field', async () => {
    const ulo = await organisationOf(0, 'user_led_organisation');
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    await admin.get('/admin/users/new');
    const wrongRole = await admin.post('/admin/users/new', { displayName: 'Jo', email: 'jo@northshire.example', organisationId: ulo.id, role: 'finance_officer', password: '' });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.body).toContain('Select a role that a user led organisation has');
    const duplicate = await admin.post('/admin/users/new', { displayName: 'Jo', email: 'PRACTITIONER@northshire.example', organisationId: ulo.id, role: 'broker', password: '' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('There is already an account with this email address');
  });

  it('refuses an organisation in another area with 403', async () => {
    const rivertonCouncil = await organisationOf(1, 'county_council');
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users/new', { displayName: 'Sneaky', email: 'sneaky@riverton.example', organisationId: rivertonCouncil.id, role: 'director', password: '' });
    expect(response.statusCode).toBe(403);
    const [created] = await database.db.select().from(users).where(eq(users.email, 'sneaky@riverton.example'));
    expect(created).toBeUndefined();
  });

  it('refuses people who are not administrators, and audits the refusal', async () => {
    const practitioner = new TestBrowser(app);
    await practitioner.signIn('practitioner@northshire.example', password);
    expect((await practitioner.get('/admin/users')).statusCode).toBe(403);
    expect((await practitioner.get('/admin/users/new')).statusCode).toBe(403);
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    const [denied] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, user!.id), eq(auditLog.outcome, 'denied'), eq(auditLog.action, 'system.administer')));
    expect(denied).toBeDefined();
  });

  it('lets a system administrator add staff in any area', async () => {
    const rivertonCouncil = await organisationOf(1, 'county_council');
    const admin = new TestBrowser(app);
    await admin.signIn('sysadmin@platform.example', password);
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users/new', { displayName: 'River Director', email: 'director2@riverton.example', organisationId: rivertonCouncil.id, role: 'director', password: '' });
    expect(response.statusCode).toBe(303);
  });
});

describe('unlocking and resetting', () => {
  it('an area administrator unlocks a locked account in their area', async () => {
    const someone = new TestBrowser(app);
    await someone.get('/sign-in');
    await someone.post('/sign-in', { email: 'work.coach@northshire.example', password: 'wrong-one' });
    const locked = await someone.post('/sign-in', { email: 'work.coach@northshire.example', password: 'wrong-two' });
    expect(locked.body).toContain('locked');
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    const list = await admin.get('/admin/users');
    expect(list.body).toContain('Locked');
    const [user] = await database.db.select().from(users).where(eq(users.email, 'work.coach@northshire.example'));
    expect((await admin.post(`/admin/users/${user!.id}/unlock`, {})).statusCode).toBe(303);
    expect((await someone.post('/sign-in', { email: 'work.coach@northshire.example', password })).statusCode).toBe(303);
  });

  it('cannot unlock or reset someone in another area', async () => {
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@riverton.example'));
    await database.db.update(users).set({ totpSecret: 'JBSWY3DPEHPK3PXP', totpEnabledAt: sql`now()` }).where(eq(users.id, user!.id));
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    await admin.get('/admin/users');
    expect((await admin.post(`/admin/users/${user!.id}/reset-security-code`, {})).statusCode).toBe(403);
    const [after] = await database.db.select().from(users).where(eq(users.id, user!.id));
    expect(after!.totpEnabledAt).not.toBeNull();
  });

  it('resets a lost security code and signs the person out everywhere', async () => {
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@riverton.example'));
    const admin = new TestBrowser(app);
    await admin.signIn('admin@riverton.example', password);
    await admin.get('/admin/users');
    expect((await admin.post(`/admin/users/${user!.id}/reset-security-code`, {})).statusCode).toBe(303);
    const [after] = await database.db.select().from(users).where(eq(users.id, user!.id));
    expect(after).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect((await admin.post('/admin/users/not-a-uuid/unlock', {})).statusCode).toBe(404);
  });
});

describe('approval limits', () => {
  async function limitOf(email: string) {
    const [row] = await database.db
      .select({ limit: roleAssignments.approvalLimitYearlyPence, organisationId: roleAssignments.organisationId, userId: users.id })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .where(and(eq(users.email, email), eq(roleAssignments.role, 'approver')));
    return row!;
  }

  it('shows each approver’s limit on the users list and changes it, checked and audited', async () => {
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    const list = await admin.get('/admin/users');
    expect(list.body).toContain('£20,000.00 a year');
    const before = await limitOf('approver@northshire.example');
    const page = `/admin/users/${before.userId}/approval-limit`;
    expect(list.body).toContain(page);
    const form = await admin.get(page);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="20,000.00"');

    for (const [typed, message] of [
      ['', 'Enter the approval limit in pounds a year'],
      ['lots', 'Enter an amount in pounds and pence using numbers only'],
      ['25000.505', 'Enter an amount to the nearest penny'],
      ['-5', 'Enter an amount that is £0 or more'],
    ] as const) {
      const refused = await admin.post(page, { organisationId: before.organisationId!, approvalLimit: typed });
      expect(refused.statusCode, typed).toBe(400);
      expect(refused.body, typed).toContain(message);
      expect(refused.body, typed).toContain('href="#approvalLimit"');
    }
    expect((await limitOf('approver@northshire.example')).limit).toBe(2_000_000);

    const wrongRole = await admin.post(page, { organisationId: '00000000-0000-4000-8000-000000000000', approvalLimit: '1' });
    expect(wrongRole.statusCode).toBe(400);
    const saved = await admin.post(page, { organisationId: before.organisationId!, approvalLimit: '£25,000.50' });
    expect(saved.statusCode).toBe(303);
    expect((await limitOf('approver@northshire.example')).limit).toBe(2_500_050);
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.approval-limit'), eq(auditLog.subjectId, before.userId)));
    expect(audit).toBeDefined();
    expect((await admin.get('/admin/users')).body).toContain('£25,000.50 a year');
    await admin.post(page, { organisationId: before.organisationId!, approvalLimit: '20000' });
  });

  it('refuses another area’s administrator, and a user who is not an approver there', async () => {
    const approver = await limitOf('approver@riverton.example');
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    expect((await admin.get(`/admin/users/${approver.userId}/approval-limit`)).statusCode).toBe(403);
    expect((await admin.post(`/admin/users/${approver.userId}/approval-limit`, { organisationId: approver.organisationId!, approvalLimit: '1' })).statusCode).toBe(403);
    expect((await limitOf('approver@riverton.example')).limit).toBe(2_000_000);
    const [practitioner] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    expect((await admin.get(`/admin/users/${practitioner!.id}/approval-limit`)).statusCode).toBe(404);
  });

  it('sets a new approver’s limit with the account, and refuses a limit for any other role', async () => {
    const council = await organisationOf(0, 'county_council');
    const admin = new TestBrowser(app);
    await admin.signIn('admin@northshire.example', password);
    await admin.get('/admin/users/new');
    const wrongRole = await admin.post('/admin/users/new', { displayName: 'Sam Limit', email: 'sam.limit@northshire.example', organisationId: council.id, role: 'practitioner', approvalLimit: '5000' });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.body).toContain('Leave the approval limit empty: only approvers have one');
    const badAmount = await admin.post('/admin/users/new', { displayName: '', email: 'sam.limit@northshire.example', organisationId: council.id, role: 'approver', approvalLimit: '5,0000' });
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.body).toContain('Enter their full name');
    expect(badAmount.body).toContain('Enter an amount in pounds and pence using numbers only');
    const created = await admin.post('/admin/users/new', { displayName: 'Sam Limit', email: 'sam.limit@northshire.example', organisationId: council.id, role: 'approver', approvalLimit: '£15,000' });
    expect(created.statusCode).toBe(303);
    expect((await limitOf('sam.limit@northshire.example')).limit).toBe(1_500_000);
  });
});
