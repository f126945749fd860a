// Signs staff in end to end through a real OpenID provider (oidc-provider) run on this machine for the test: the
// app's redirects, the provider's login and consent (finished headlessly), the code exchange and the callback.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testApp, TestBrowser, testConfig } from '../../../test/support/app.ts';
import { resetDatabase } from '../../../test/support/database.ts';
import { seedDemo } from '../../../test/support/demo.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, sessions, users } from '../../db/schema.ts';
import type { OidcConfig } from '../../platform/config.ts';

const appOrigin = 'http://localhost';
const callbackUrl = `${appOrigin}/sign-in/oidc/callback`;
const clientId = 'right-to-control';
const clientSecret = randomBytes(24).toString('hex');
const practitionerEmail = 'practitioner@northshire.example';
const budgetHolderEmail = 'budget.holder@northshire.example';

/** The provider's own accounts, by subject: what its findAccount hands out as claims. */
const providerAccounts = new Map<string, { email?: string; email_verified?: boolean }>();
/** Whoever the headless login "types in" at the provider on the next sign-in. */
let signInAs = '';

interface RunningProvider {
  issuer: string;
  close(): Promise<void>;
}

async function finishInteraction(provider: Provider, request: IncomingMessage, response: ServerResponse) {
  const details = await provider.interactionDetails(request, response);
  if (details.prompt.name === 'login') {
    return provider.interactionFinished(request, response, { login: { accountId: signInAs } }, { mergeWithLastSubmission: false });
  }
  const accountId = details.session?.accountId;
  if (details.prompt.name !== 'consent' || !accountId) throw new Error(`Unexpected prompt ${details.prompt.name}`);
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  return provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

/** `idTokenClaims`: put email in the ID token and offer no userinfo, as some providers do; by default claims come from userinfo. */
async function startProvider(options: { idTokenClaims?: boolean } = {}): Promise<RunningProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [callbackUrl], grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false }, userinfo: { enabled: !options.idTokenClaims } },
    conformIdTokenClaims: !options.idTokenClaims,
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
    interactions: { url: (_context: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_context: unknown, sub: string) => {
      const account = providerAccounts.get(sub);
      return account && { accountId: sub, claims: () => ({ sub, ...account }) };
    },
  });
  const handle = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/interaction/')) return handle(request, response);
    finishInteraction(provider, request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });
  return { issuer, close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))) };
}

/** Just enough of a browser's cookie handling for the provider: by name and path, dropped when expired. */
class ProviderCookies {
  private readonly jar = new Map<string, { name: string; value: string; path: string }>();

  store(setCookies: string[]) {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const split = pair.indexOf('=');
      const name = pair.slice(0, split);
      const value = pair.slice(split + 1);
      const attribute = (key: string) => attributes.find((part) => part.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const expires = attribute('expires');
      const expired = attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) < Date.now()) || value === '';
      if (expired) this.jar.delete(`${name} ${path}`);
      else this.jar.set(`${name} ${path}`, { name, value, path });
    }
  }

  headerFor(url: URL) {
    return [...this.jar.values()]
      .filter((cookie) => url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }
}

/** Follows the provider's redirects, as a browser would, until it sends the user back to the app's callback. */
async function throughProvider(authorizationUrl: string): Promise<URL> {
  const cookies = new ProviderCookies();
  let location = new URL(authorizationUrl);
  for (let hop = 0; hop < 12; hop++) {
    if (location.href.startsWith(callbackUrl)) return location;
    const response = await fetch(location, { redirect: 'manual', headers: { cookie: cookies.headerFor(location) } });
    cookies.store(response.headers.getSetCookie());
    const body = await response.text();
    const next = response.headers.get('location');
    if (!next) throw new Error(`The provider stopped with ${response.status}: ${body.slice(0, 500)}`);
    location = new URL(next, location);
  }
  throw new Error('Too many redirects at the provider');
}

function appPath(url: URL) {
  return `${url.pathname}${url.search}`;
}

async function startSignIn(browser: TestBrowser, as: string, startPath = '/sign-in/oidc') {
  signInAs = as;
  const start = await browser.get(startPath);
  expect(start.statusCode).toBe(303);
  return throughProvider(String(start.headers.location));
}

async function signInWithProvider(browser: TestBrowser, as: string, startPath?: string): Promise<LightMyRequestResponse> {
  return browser.get(appPath(await startSignIn(browser, as, startPath)));
}

function withoutTags(html: string) {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('signing in with an OpenID provider', () => {
  let provider: RunningProvider;
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let oidc: OidcConfig;

  const userByEmail = async (email: string) => (await database.db.select().from(users).where(eq(users.email, email)))[0]!;
  const linkUser = (email: string, subject: string) => database.db.update(users).set({ oidcIssuer: provider.issuer, oidcSubject: subject }).where(eq(users.email, email));
  const lastAuditSequence = async () => (await database.db.select({ sequence: auditLog.sequence }).from(auditLog).orderBy(desc(auditLog.sequence)).limit(1))[0]?.sequence ?? 0;
  const auditSince = (sequence: number) =>
    database.db.select().from(auditLog).where(and(gt(auditLog.sequence, sequence), eq(auditLog.action, 'sign-in.oidc'))).orderBy(auditLog.sequence);
  const sessionCount = async (userId: string) => (await database.db.select({ count: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, userId)))[0]!.count;

  const expectNotSignedIn = async (browser: TestBrowser) => {
    expect(browser.cookies.has('rtc_session')).toBe(false);
    const account = await browser.get('/account');
    expect(account.statusCode).toBe(303);
    expect(account.headers.location).toMatch(/^\/sign-in/);
  };

  beforeAll(async () => {
    provider = await startProvider();
    oidc = { issuer: provider.issuer, clientId, clientSecret, redirectUri: callbackUrl, displayName: 'your organisation account', allowInsecureIssuer: true };
    ({ app, database } = await testApp({ oidc, login: { ...testConfig().login, rateLimitPerMinute: 1000 } }));
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  beforeEach(async () => {
    providerAccounts.clear();
    await resetDatabase(database);
    await seedDemo(database, 4);
  });

  it('sends the user to the provider with PKCE, state and nonce, and keeps them in a short-lived signed cookie', async () => {
    const browser = new TestBrowser(app);
    const start = await browser.get('/sign-in/oidc');
    expect(start.statusCode).toBe(303);
    const authorization = new URL(String(start.headers.location));
    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('client_id')).toBe(clientId);
    expect(authorization.searchParams.get('redirect_uri')).toBe(callbackUrl);
    expect(authorization.searchParams.get('response_type')).toBe('code');
    expect(authorization.searchParams.get('scope')).toBe('openid email profile');
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    const cookie = (start.cookies as { name: string; value: string; maxAge?: number; httpOnly?: boolean; sameSite?: string; path?: string }[]).find((c) => c.name === 'rtc_oidc');
    expect(cookie).toMatchObject({ maxAge: 600, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(app.unsignCookie(cookie!.value).valid).toBe(true);
  });

  it('signs in a linked staff user and lands them on their home page', async () => {
    await linkUser(practitionerEmail, 'sub-practitioner');
    // A different address at the provider: a linked account is found by its identity, never by email.
    providerAccounts.set('sub-practitioner', { email: 'p.someone@idp.example', email_verified: true });
    const browser = new TestBrowser(app);
    const callback = await signInWithProvider(browser, 'sub-practitioner');
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/');
    expect(browser.cookies.has('rtc_session')).toBe(true);
    expect(browser.cookies.has('rtc_oidc')).toBe(false);

    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Hello, Northshire Practitioner');
    const user = await userByEmail(practitionerEmail);
    const [session] = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session?.mfaVerified).toBe(true);
  });

  it('returns the user to a same-site page they asked for, and never to another site', async () => {
    await linkUser(practitionerEmail, 'sub-practitioner');
    providerAccounts.set('sub-practitioner', { email: practitionerEmail, email_verified: true });
    const toAccount = await signInWithProvider(new TestBrowser(app), 'sub-practitioner', '/sign-in/oidc?returnTo=%2Faccount');
    expect(toAccount.statusCode).toBe(303);
    expect(toAccount.headers.location).toBe('/account');
    const offSite = await signInWithProvider(new TestBrowser(app), 'sub-practitioner', '/sign-in/oidc?returnTo=%2F%2Fevil.example%2F');
    expect(offSite.statusCode).toBe(303);
    expect(offSite.headers.location).toBe('/');
  });

  it('links an existing staff account by verified email on first sign-in, then by identity', async () => {
    providerAccounts.set('sub-new', { email: 'Practitioner@Northshire.example', email_verified: true });
    const browser = new TestBrowser(app);
    const callback = await signInWithProvider(browser, 'sub-new');
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/');
    expect((await browser.get('/')).body).toContain('Hello, Northshire Practitioner');
    const linked = await userByEmail(practitionerEmail);
    expect(linked.oidcIssuer).toBe(provider.issuer);
    expect(linked.oidcSubject).toBe('sub-new');

    // Later the address at the provider changes (or stops being verified): the link still holds.
    providerAccounts.set('sub-new', { email: 'renamed@idp.example', email_verified: false });
    const again = await signInWithProvider(new TestBrowser(app), 'sub-new');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/');
  });

  it('reads the email from the ID token when the provider puts it there and offers no userinfo', async () => {
    const idTokenProvider = await startProvider({ idTokenClaims: true });
    const { app: idTokenApp } = await testApp({ oidc: { ...oidc, issuer: idTokenProvider.issuer } }, { reset: false });
    try {
      providerAccounts.set('sub-id-token', { email: practitionerEmail, email_verified: true });
      const callback = await signInWithProvider(new TestBrowser(idTokenApp), 'sub-id-token');
      expect(callback.statusCode).toBe(303);
      expect(callback.headers.location).toBe('/');
      const linked = await userByEmail(practitionerEmail);
      expect(linked.oidcIssuer).toBe(idTokenProvider.issuer);
      expect(linked.oidcSubject).toBe('sub-id-token');
    } finally {
      await idTokenApp.close();
      await idTokenProvider.close();
    }
  });

  it('refuses an unverified or unknown email with the "not linked" page, links nothing and starts no session', async () => {
    const practitioner = await userByEmail(practitionerEmail);
    for (const [subject, account] of [
      ['sub-unverified', { email: practitionerEmail, email_verified: false }],
      ['sub-no-verified-claim', { email: practitionerEmail }],
      ['sub-unknown', { email: 'nobody@northshire.example', email_verified: true }],
      ['sub-no-email', {}],
    ] as const) {
      providerAccounts.set(subject, account);
      const browser = new TestBrowser(app);
      const callback = await signInWithProvider(browser, subject);
      expect(callback.statusCode, subject).toBe(403);
      expect(withoutTags(callback.body)).toContain('Your organisation account is not linked to Right to Control. Ask your area administrator.');
      expect(callback.body).toContain('href="/sign-in"');
      await expectNotSignedIn(browser);
    }
    const after = await userByEmail(practitionerEmail);
    expect(after.oidcSubject).toBeNull();
    expect(await sessionCount(practitioner.id)).toBe(0);
  });

  it('does not re-link an account already linked to another identity', async () => {
    await linkUser(practitionerEmail, 'sub-original');
    providerAccounts.set('sub-intruder', { email: practitionerEmail, email_verified: true });
    const browser = new TestBrowser(app);
    const callback = await signInWithProvider(browser, 'sub-intruder');
    expect(callback.statusCode).toBe(403);
    expect(callback.body).toContain('Your organisation account is not linked to Right to Control');
    await expectNotSignedIn(browser);
    expect((await userByEmail(practitionerEmail)).oidcSubject).toBe('sub-original');
  });

  it('refuses users who are not staff, even with a verified email, and does not link them', async () => {
    providerAccounts.set('sub-budget-holder', { email: budgetHolderEmail, email_verified: true });
    const browser = new TestBrowser(app);
    const callback = await signInWithProvider(browser, 'sub-budget-holder');
    expect(callback.statusCode).toBe(403);
    expect(withoutTags(callback.body)).toContain('Signing in with an organisation account is only for staff.');
    await expectNotSignedIn(browser);
    const budgetHolder = await userByEmail(budgetHolderEmail);
    expect(budgetHolder.oidcSubject).toBeNull();
    expect(await sessionCount(budgetHolder.id)).toBe(0);

    // Already linked (say, before their staff role ended) makes no difference.
    await linkUser(budgetHolderEmail, 'sub-budget-holder');
    const linked = await signInWithProvider(new TestBrowser(app), 'sub-budget-holder');
    expect(linked.statusCode).toBe(403);
    expect(await sessionCount(budgetHolder.id)).toBe(0);
  });

  it('refuses a disabled staff account', async () => {
    await linkUser(practitionerEmail, 'sub-practitioner');
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, practitionerEmail));
    providerAccounts.set('sub-practitioner', { email: practitionerEmail, email_verified: true });
    const browser = new TestBrowser(app);
    const callback = await signInWithProvider(browser, 'sub-practitioner');
    expect(callback.statusCode).toBe(403);
    expect(callback.body).toContain('Your Right to Control account has been switched off');
    await expectNotSignedIn(browser);
  });

  describe('a callback that cannot be trusted gets "We could not sign you in", never a server error', () => {
    const expectCouldNotSignIn = (response: LightMyRequestResponse, status: number) => {
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('We could not sign you in');
      expect(response.body).toContain('href="/sign-in"');
    };

    beforeEach(async () => {
      await linkUser(practitionerEmail, 'sub-practitioner');
      providerAccounts.set('sub-practitioner', { email: practitionerEmail, email_verified: true });
    });

    it('a tampered state', async () => {
      const browser = new TestBrowser(app);
      const callback = await startSignIn(browser, 'sub-practitioner');
      callback.searchParams.set('state', 'not-the-state-we-sent');
      expectCouldNotSignIn(await browser.get(appPath(callback)), 400);
      await expectNotSignedIn(browser);
    });

    it('a missing state', async () => {
      const browser = new TestBrowser(app);
      const callback = await startSignIn(browser, 'sub-practitioner');
      callback.searchParams.delete('state');
      expectCouldNotSignIn(await browser.get(appPath(callback)), 400);
      await expectNotSignedIn(browser);
    });

    it('no sign-in cookie (another browser, or it expired)', async () => {
      const callback = await startSignIn(new TestBrowser(app), 'sub-practitioner');
      const otherBrowser = new TestBrowser(app);
      expectCouldNotSignIn(await otherBrowser.get(appPath(callback)), 400);
      await expectNotSignedIn(otherBrowser);
    });

    it('a sign-in cookie that was altered', async () => {
      const browser = new TestBrowser(app);
      const callback = await startSignIn(browser, 'sub-practitioner');
      const signed = browser.cookies.get('rtc_oidc')!;
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(app.unsignCookie(signed).value!, 'base64url').toString()), returnTo: '/account' })).toString('base64url');
      browser.cookies.set('rtc_oidc', `${forged}.${signed.split('.').pop()}`);
      expectCouldNotSignIn(await browser.get(appPath(callback)), 400);
      await expectNotSignedIn(browser);
    });

    it('a callback used twice', async () => {
      const browser = new TestBrowser(app);
      const callback = await startSignIn(browser, 'sub-practitioner');
      const first = await browser.get(appPath(callback));
      expect(first.statusCode).toBe(303);
      expectCouldNotSignIn(await browser.get(appPath(callback)), 400);
    });

    it('a nonce that does not match the ID token', async () => {
      const browser = new TestBrowser(app);
      const callback = await startSignIn(browser, 'sub-practitioner');
      const transaction = JSON.parse(Buffer.from(app.unsignCookie(browser.cookies.get('rtc_oidc')!).value!, 'base64url').toString()) as Record<string, string>;
      browser.cookies.set('rtc_oidc', app.signCookie(Buffer.from(JSON.stringify({ ...transaction, nonce: 'a-different-nonce' })).toString('base64url')));
      expectCouldNotSignIn(await browser.get(appPath(callback)), 401);
      await expectNotSignedIn(browser);
    });

    it('a PKCE verifier that does not match the challenge', async () => {
      const browser = new TestBrowser(app);
      const callback = await startSignIn(browser, 'sub-practitioner');
      const transaction = JSON.parse(Buffer.from(app.unsignCookie(browser.cookies.get('rtc_oidc')!).value!, 'base64url').toString()) as Record<string, string>;
      browser.cookies.set('rtc_oidc', app.signCookie(Buffer.from(JSON.stringify({ ...transaction, codeVerifier: 'x'.repeat(64) })).toString('base64url')));
      expectCouldNotSignIn(await browser.get(appPath(callback)), 401);
      await expectNotSignedIn(browser);
    });

    it('an error from the provider', async () => {
      const browser = new TestBrowser(app);
      const start = await browser.get('/sign-in/oidc');
      const state = new URL(String(start.headers.location)).searchParams.get('state')!;
      const callback = await browser.get(`/sign-in/oidc/callback?error=access_denied&error_description=${encodeURIComponent('<b>no</b>')}&state=${state}`);
      expectCouldNotSignIn(callback, 401);
      expect(callback.body).not.toContain('<b>no</b>');
      await expectNotSignedIn(browser);
    });
  });

  it('writes audit entries for success and failure, naming no one', async () => {
    const before = await lastAuditSequence();
    providerAccounts.set('sub-new', { email: practitionerEmail, email_verified: true });
    providerAccounts.set('sub-unverified', { email: 'approver@northshire.example', email_verified: false });
    providerAccounts.set('sub-budget-holder', { email: budgetHolderEmail, email_verified: true });
    expect((await signInWithProvider(new TestBrowser(app), 'sub-new')).statusCode).toBe(303);
    expect((await signInWithProvider(new TestBrowser(app), 'sub-unverified')).statusCode).toBe(403);
    expect((await signInWithProvider(new TestBrowser(app), 'sub-budget-holder')).statusCode).toBe(403);
    expect((await new TestBrowser(app).get('/sign-in/oidc/callback?code=abc&state=def')).statusCode).toBe(400);

    const practitioner = await userByEmail(practitionerEmail);
    const budgetHolder = await userByEmail(budgetHolderEmail);
    const entries = await auditSince(before);
    expect(entries.map(({ outcome, actorId, subjectId, detail, route }) => ({ outcome, actorId, subjectId, detail, route }))).toEqual([
      { outcome: 'succeeded', actorId: practitioner.id, subjectId: practitioner.id, detail: 'linked by verified email', route: '/sign-in/oidc/callback' },
      { outcome: 'failed', actorId: null, subjectId: null, detail: 'email not verified by provider', route: '/sign-in/oidc/callback' },
      { outcome: 'failed', actorId: budgetHolder.id, subjectId: budgetHolder.id, detail: 'not staff', route: '/sign-in/oidc/callback' },
      { outcome: 'failed', actorId: null, subjectId: null, detail: 'missing or invalid sign-in cookie', route: '/sign-in/oidc/callback' },
    ]);
    for (const entry of entries) expect(JSON.stringify(entry)).not.toMatch(/@|Northshire/);
  });

  it('shows a friendly page, not a crash, when the provider cannot be reached, and tries again next time', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { app: unreachable } = await testApp({ oidc: { ...oidc, issuer: `http://127.0.0.1:${port}` } }, { reset: false });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await new TestBrowser(unreachable).get('/sign-in/oidc');
        expect(response.statusCode).toBe(503);
        expect(withoutTags(response.body)).toContain('Sign in with your organisation account is not available right now');
        expect(withoutTags(response.body)).toContain('Sign in with your email address and password instead.');
        expect(response.cookies.map((cookie) => cookie.name)).not.toContain('rtc_oidc');
      }
    } finally {
      await unreachable.close();
    }
  });

  it('offers the provider on the sign-in page when configured, and is not found when it is not', async () => {
    expect((await app.inject({ method: 'GET', url: '/sign-in' })).body).toContain('href="/sign-in/oidc"');
    const { app: withoutOidc } = await testApp({ oidc: undefined }, { reset: false });
    try {
      expect((await withoutOidc.inject({ method: 'GET', url: '/sign-in' })).body).not.toContain('/sign-in/oidc');
      for (const url of ['/sign-in/oidc', '/sign-in/oidc/callback?code=abc&state=def']) {
        const response = await withoutOidc.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(404);
        expect(response.body).toContain('Page not found');
      }
    } finally {
      await withoutOidc.close();
    }
  });
});
