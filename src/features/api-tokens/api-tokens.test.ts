// API token pages and `rtc token create` on the real application: who may manage tokens, the form's errors, the
// token shown once and stored only as a hash, and revocation taking effect at once.
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCreateCommand } from '../../cli/token-create.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { apiTokens, auditLog } from '../../db/schema.ts';
import { hashToken } from '../../records/sessions.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, password, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
const place = { northshire: '', riverton: '' };

beforeAll(async () => {
  ({ app, database } = await testApp());
  [place.northshire, place.riverton] = (await seedDemo(database)).areaIds as [string, string];
});
afterAll(() => app.close());

const tokenPattern = /rtc_[A-Za-z0-9_-]{43}/;

function organisationOf(areaId: string, kind: string) {
  return demoOrganisation(database, areaId, kind);
}

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  const response = await browser.signIn(email, password);
  expect(response.statusCode).toBe(303);
  return browser;
}

async function createThroughPage(browser: TestBrowser, form: Record<string, string>) {
  await browser.get('/admin/api-tokens/new');
  return browser.post('/admin/api-tokens/new', form);
}

/** The error summary's links, in order: what a person would see at the top of the page. */
function errorSummary(html: string): string[] {
  const summary = /<div class="govuk-error-summary__body">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map((match) => `${match[1]} ${match[2]!.trim()}`);
}

function me(token: string) {
  return app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
}

describe('creating a token', () => {
  it('lets an area administrator create one, shows it once, and stores only its hash', async () => {
    const admin = await signedIn('admin@northshire.example');
    const form = await admin.get('/admin/api-tokens/new');
    expect(form.statusCode).toBe(200);
    const county = await organisationOf(place.northshire, 'county_council');
    expect(form.body).toContain(county.name);
    expect(form.body).not.toContain('Riverton');

    const response = await admin.post('/admin/api-tokens/new', { name: 'Case system export', organisation: county.id, role: 'practitioner', expiry: '30' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('API token created');
    expect(response.body).toContain('It will not be shown again');
    const token = tokenPattern.exec(response.body)?.[0];
    expect(token).toBeDefined();

    const [stored] = await database.db.select().from(apiTokens).where(eq(apiTokens.name, 'Case system export'));
    expect(stored).toMatchObject({ tokenHash: hashToken(token!), role: 'practitioner', organisationId: county.id, areaId: place.northshire, revokedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token!);
    const days = (stored!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const [created] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, stored!.id), eq(auditLog.action, 'api-token.create')));
    expect(created).toMatchObject({ actorType: 'user', outcome: 'succeeded', areaId: place.northshire });

    const list = await admin.get('/admin/api-tokens');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Case system export');
    expect(list.body).not.toContain(token!);

    const api = await me(token!);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ name: 'Case system export', role: 'practitioner', organisation: { id: county.id } });
  });

  it('shows the error summary and keeps the answers when the form is wrong', async () => {
    const admin = await signedIn('admin@northshire.example');
    const county = await organisationOf(place.northshire, 'county_council');
    const before = await database.db.select({ id: apiTokens.id }).from(apiTokens);

    const empty = await createThroughPage(admin, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(errorSummary(empty.body)).toEqual(['#name Enter a name for the token', '#organisation Select an organisation', '#role Select a role', '#expiry Select when the token expires']);
    expect(empty.body).toContain('<title>Error: Create an API token');

    const tooLong = 'N'.repeat(101);
    const long = await admin.post('/admin/api-tokens/new', { name: tooLong, organisation: county.id, role: 'approver', expiry: '365' });
    expect(long.statusCode).toBe(400);
    expect(errorSummary(long.body)).toEqual(['#name Name must be 100 characters or fewer']);
    expect(long.body).toContain(`value="${tooLong}"`);
    expect(long.body).toMatch(new RegExp(`<option value="${county.id}" selected`));
    expect(long.body).toMatch(/<option value="approver" selected/);
    expect(long.body).toMatch(/value="365" checked/);

    // A broker belongs to a user-led organisation or a provider, not a council.
    const misfit = await admin.post('/admin/api-tokens/new', { name: 'Broker feed', organisation: county.id, role: 'broker', expiry: '90' });
    expect(misfit.statusCode).toBe(400);
    expect(errorSummary(misfit.body)).toEqual([`#role Select a role that ${county.name} has: Practitioner, Approver, Finance officer, Area administrator or Director`]);
    expect(misfit.body).toContain('value="Broker feed"');

    // A person's own roles can never be given to a token.
    const personal = await admin.post('/admin/api-tokens/new', { name: 'Budget feed', organisation: county.id, role: 'budget_holder', expiry: '90' });
    expect(personal.statusCode).toBe(400);
    expect(errorSummary(personal.body)).toEqual(['#role Select a role']);

    expect(await database.db.select({ id: apiTokens.id }).from(apiTokens)).toHaveLength(before.length);
  });

  it('refuses (403) a Northshire administrator creating a token for a Riverton organisation', async () => {
    const admin = await signedIn('admin@northshire.example');
    const rivertonCounty = await organisationOf(place.riverton, 'county_council');
    const response = await createThroughPage(admin, { name: 'Sneaky', organisation: rivertonCounty.id, role: 'practitioner', expiry: '30' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You do not have permission');
    expect(tokenPattern.test(response.body)).toBe(false);
    expect(await database.db.select().from(apiTokens).where(eq(apiTokens.name, 'Sneaky'))).toHaveLength(0);
  });

  it('refuses a form sent without its CSRF token', async () => {
    const admin = await signedIn('admin@northshire.example');
    const county = await organisationOf(place.northshire, 'county_council');
    await admin.get('/admin/api-tokens/new');
    const response = await admin.post('/admin/api-tokens/new', { name: 'No CSRF', organisation: county.id, role: 'practitioner', expiry: '30' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(await database.db.select().from(apiTokens).where(eq(apiTokens.name, 'No CSRF'))).toHaveLength(0);
  });
});

describe('who may manage tokens', () => {
  it('refuses a practitioner (403) and audits the refusal', async () => {
    const practitioner = await signedIn('practitioner@northshire.example');
    const list = await practitioner.get('/admin/api-tokens');
    expect(list.statusCode).toBe(403);
    expect((await practitioner.get('/admin/api-tokens/new')).statusCode).toBe(403);
    const county = await organisationOf(place.northshire, 'county_council');
    const post = await practitioner.post('/admin/api-tokens/new', { name: 'Mine', organisation: county.id, role: 'practitioner', expiry: '30' });
    expect(post.statusCode).toBe(403);
    const [refusal] = await database.db.select().from(auditLog).where(and(eq(auditLog.route, '/admin/api-tokens'), eq(auditLog.outcome, 'denied'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(refusal).toMatchObject({ actorType: 'user', action: 'system.administer' });
  });

  it('sends someone not signed in to sign in', async () => {
    const response = await app.inject({ method: 'GET', url: '/admin/api-tokens' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/sign-in');
  });

  it('shows a system administrator tokens from every area, and an area administrator only their own', async () => {
    const sysadmin = await signedIn('sysadmin@platform.example');
    const rivertonProvider = await organisationOf(place.riverton, 'provider');
    const created = await createThroughPage(sysadmin, { name: 'Riverton provider feed', organisation: rivertonProvider.id, role: 'broker', expiry: '90' });
    expect(created.statusCode).toBe(200);
    const northshireCounty = await organisationOf(place.northshire, 'county_council');
    expect((await sysadmin.post('/admin/api-tokens/new', { name: 'Northshire by sysadmin', organisation: northshireCounty.id, role: 'finance_officer', expiry: '90' })).statusCode).toBe(200);

    const all = await sysadmin.get('/admin/api-tokens');
    expect(all.body).toContain('Riverton provider feed');
    expect(all.body).toContain('Northshire by sysadmin');

    const admin = await signedIn('admin@northshire.example');
    const own = await admin.get('/admin/api-tokens');
    expect(own.body).toContain('Northshire by sysadmin');
    expect(own.body).not.toContain('Riverton provider feed');
  });
});

describe('revoking a token', () => {
  it('stops the token working at once, is idempotent, and is audited once', async () => {
    const admin = await signedIn('admin@northshire.example');
    const jobcentre = await organisationOf(place.northshire, 'jobcentre_plus');
    const created = await createThroughPage(admin, { name: 'To be revoked', organisation: jobcentre.id, role: 'practitioner', expiry: '90' });
    const token = tokenPattern.exec(created.body)![0];
    expect((await me(token)).statusCode).toBe(200);
    const [stored] = await database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));

    const list = await admin.get('/admin/api-tokens');
    expect(list.body).toContain(`action="/admin/api-tokens/${stored!.id}/revoke"`);
    const revoked = await admin.post(`/admin/api-tokens/${stored!.id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`/admin/api-tokens?revoked=${stored!.id}`);
    expect((await me(token)).statusCode).toBe(401);

    const after = await admin.get(String(revoked.headers.location));
    expect(after.body).toContain('‘To be revoked’ was revoked');
    expect(after.body).not.toContain(`action="/admin/api-tokens/${stored!.id}/revoke"`);

    const again = await admin.post(`/admin/api-tokens/${stored!.id}/revoke`, {});
    expect(again.statusCode).toBe(303);
    const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, stored!.id), eq(auditLog.action, 'api-token.revoke')));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorType: 'user', outcome: 'succeeded' });
  });

  it('refuses a Northshire administrator revoking a Riverton token, and a practitioner revoking any', async () => {
    const sysadmin = await signedIn('sysadmin@platform.example');
    const rivertonCounty = await organisationOf(place.riverton, 'county_council');
    const created = await createThroughPage(sysadmin, { name: 'Riverton only', organisation: rivertonCounty.id, role: 'practitioner', expiry: '30' });
    const token = tokenPattern.exec(created.body)![0];
    const [stored] = await database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));

    const admin = await signedIn('admin@northshire.example');
    await admin.get('/admin/api-tokens');
    expect((await admin.post(`/admin/api-tokens/${stored!.id}/revoke`, {})).statusCode).toBe(403);
    const practitioner = await signedIn('practitioner@riverton.example');
    expect((await practitioner.post(`/admin/api-tokens/${stored!.id}/revoke`, {})).statusCode).toBe(403);
    expect((await me(token)).statusCode).toBe(200);

    expect((await admin.post('/admin/api-tokens/not-a-uuid/revoke', {})).statusCode).toBe(404);
  });
});

describe('rtc token create', () => {
  it('prints the token once, on its own line, and stores only its hash', async () => {
    const county = await organisationOf(place.northshire, 'county_council');
    const tokens: string[] = [];
    const messages: string[] = [];
    await tokenCreateCommand({ name: 'Nightly export', organisation: county.id, role: 'approver', days: '7' }, { database, output: { token: (line) => tokens.push(line), message: (line) => messages.push(line) } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatch(new RegExp(`^${tokenPattern.source}$`));
    expect(messages.join('\n')).toContain('will not be shown again');
    const [stored] = await database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(tokens[0]!)));
    expect(stored).toMatchObject({ name: 'Nightly export', role: 'approver', createdByUserId: null });
    const [created] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, stored!.id), eq(auditLog.action, 'api-token.create')));
    expect(created).toMatchObject({ actorType: 'cli', route: 'rtc token create' });
  });

  it('refuses a role the organisation does not have, without printing a token', async () => {
    const provider = await organisationOf(place.northshire, 'provider');
    const tokens: string[] = [];
    const messages: string[] = [];
    const previousExitCode = process.exitCode;
    try {
      await tokenCreateCommand({ name: 'Wrong', organisation: provider.id, role: 'practitioner', days: 30 }, { database, output: { token: (line) => tokens.push(line), message: (line) => messages.push(line) } });
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = previousExitCode;
    }
    expect(tokens).toEqual([]);
    expect(messages.join('\n')).toContain('Broker or support planner');
  });
});
