// Starts the real server on a free port (over the shared test database, reset and seeded with the demo region) and
// one headless Chromium for a test file, and records any Content Security Policy or script errors the pages raise.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import type { DatabaseHandle } from '../../../src/db/database.ts';
import { resetDatabase, testDatabase } from '../../support/database.ts';
import { seedDemo } from '../../support/demo.ts';
import { pagesWithoutJavaScript } from './pages.ts';

export { password } from '../../support/demo.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags that keep Chromium from reaching out to the internet or needing a sandbox-capable kernel in containers.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Harness {
  app: FastifyInstance;
  database: DatabaseHandle;
  baseUrl: string;
  browser: Browser;
  /** Console messages about Content Security Policy violations, with the page they came from. */
  cspViolations: string[];
  /** Uncaught script errors: the pages must work with JavaScript, not only without it. */
  scriptErrors: string[];
  /** A page in a fresh browser context, so each role has its own cookies. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Settings are given as environment variables (LOGIN_MAX_FAILURES, MFA_REQUIRED, …) so each file runs the app
 * exactly as an operator would configure it.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database = await testDatabase();
  await resetDatabase(database);
  await seedDemo(database);
  // The journeys seed and drive the browser from the server's own process, which can hold its event loop for a while;
  // the refusal of a busy server has its own test (test/integration/database-busy.test.ts).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SERVER_MAX_DELAY_MS: '0', ...env });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  } catch (error) {
    await app.close();
    throw error;
  }

  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];
  const scriptErrors: string[] = [];

  return {
    app,
    database,
    baseUrl,
    browser,
    cspViolations,
    scriptErrors,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, ...options });
      contexts.push(context);
      // Well inside the test timeout, so a stuck page fails with Playwright's message saying what it waited for.
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      if (options.javaScriptEnabled === false) pagesWithoutJavaScript.add(page);
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) cspViolations.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => scriptErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await app.close();
    },
  };
}
