// Builds the real application for a test, with security on exactly as in production (CSRF, CSP, sessions), and a
// small browser-like client that keeps cookies and sends the CSRF token the page gave it.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type AppConfig } from '../../src/platform/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { resetDatabase, testDatabase } from './database.ts';
import { markRequests } from './statements.ts';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  // A test seeds data in long stretches on the embedded database without the event loop turning, which would look
  // like a busy server; the tests of that refusal turn it on.
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), serverMaxDelayMs: 0, ...overrides };
}

export interface TestAppOptions {
  reset?: boolean;
  /** Extra routes for a test, added before the app is sealed. */
  beforeReady?: (app: FastifyInstance) => void;
  logStream?: NodeJS.WritableStream;
  /** "Now" for the app (a FixedClock sets today); the system clock unless given. */
  clock?: Clock;
}

export async function testApp(overrides: Partial<AppConfig> = {}, options: TestAppOptions = {}): Promise<{ app: FastifyInstance; database: DatabaseHandle }> {
  const database = await testDatabase();
  if (options.reset ?? true) await resetDatabase(database);
  const app = await buildApp({ config: testConfig(overrides), database, clock: options.clock, logger: options.logStream !== undefined, logStream: options.logStream });
  // Statements the app sends while serving a request are the app's own, for the check that they name their area.
  markRequests(app);
  options.beforeReady?.(app);
  await app.ready();
  return { app, database };
}

export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1]!;
}

/** Keeps cookies between requests, like a browser, and reads CSRF tokens from the pages it fetches. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  lastCsrfToken: string | undefined;

  /** `address` is the client address the app sees (127.0.0.1 unless given). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly address?: string,
  ) {}

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const type = String(response.headers['content-type'] ?? '');
    if (type.includes('text/html')) {
      const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
      if (match) this.lastCsrfToken = match[1];
    }
    return response;
  }

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(await this.app.inject({ method: 'GET', url, remoteAddress: this.address, headers: { cookie: this.cookieHeader(), ...headers } }));
  }

  /** Posts a form the way a browser would: fetch the page first (for its CSRF token) unless one is held already. */
  async post(url: string, form: Record<string, string | string[]>, options: { csrf?: string | false } = {}) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const item of [value].flat()) body.append(key, item);
    const token = options.csrf === undefined ? this.lastCsrfToken : options.csrf;
    if (token) body.append('_csrf', token);
    return this.remember(
      await this.app.inject({ method: 'POST', url, remoteAddress: this.address, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() } }),
    );
  }

  async signIn(email: string, password: string) {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}

/**
 * One browser per account, signed in through the form on first use and kept for the file, so a test reads "as
 * the approver" without signing in again. `app` is a getter because files build their app in `beforeAll`.
 */
export function signedInBrowsers(app: () => FastifyInstance, password: string): (email: string) => Promise<TestBrowser> {
  const browsers = new Map<string, TestBrowser>();
  return async (email) => {
    const known = browsers.get(email);
    if (known) return known;
    const browser = new TestBrowser(app());
    await browser.signIn(email, password);
    browsers.set(email, browser);
    return browser;
  };
}
