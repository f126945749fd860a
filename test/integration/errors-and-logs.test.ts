// Our own faults show a plain GOV.UK 500 page with no details, and nothing personal reaches the logs.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

let app: FastifyInstance;
beforeAll(async () => {
  const built = await testApp(
    { logLevel: 'info' },
    {
      logStream,
      beforeReady: (instance) => {
        instance.get('/test-only/fault', () => {
          throw new Error('Failed to save Jane Example, born 1970-01-01, of 1 High Street');
        });
      },
    },
  );
  app = built.app;
  await seedDemo(built.database);
});
afterAll(() => app.close());

describe('errors and logs', () => {
  it('shows a GOV.UK-style 500 page without the error, and logs where, not what', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    const response = await browser.get('/test-only/fault');
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Sorry, there is a problem with the service');
    expect(response.body).not.toContain('Jane');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    const log = logLines.join('');
    expect(log).toContain('request failed');
    expect(log).not.toContain('Jane');
    expect(log).not.toContain('High Street');
  });

  it('shows a GOV.UK-style 404 page', async () => {
    const response = await app.inject({ method: 'GET', url: '/no/such/page' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
    expect(response.body).toContain('govuk-footer');
  });

  it('never logs passwords, emails, cookies or query strings of requests', async () => {
    const browser = new TestBrowser(app);
    await browser.get('/sign-in?returnTo=/people/secret-query');
    await browser.post('/sign-in?returnTo=/people/secret-query', { email: 'director@riverton.example', password });
    await browser.get('/');
    const log = logLines.join('');
    expect(log).toContain('"url":"/sign-in"');
    for (const secret of [password, 'director@riverton.example', 'secret-query', 'rtc_session=', 'rtc_csrf=']) expect(log).not.toContain(secret);
  });
});
