// The start page promises only what the service does today: the journey up to the indicative budget and its letter,
// and every link it offers works. Payments, support plans and their sign-off are not built, so it must not offer them.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser, testApp } from '../support/app.ts';
import { seedDemo } from '../support/demo.ts';

let app: FastifyInstance;

beforeAll(async () => {
  const built = await testApp();
  app = built.app;
  await seedDemo(built.database);
});
afterAll(() => app.close());

describe('the start page', () => {
  it('promises the budget and letter, not payments or plans that do not exist, and each link works', async () => {
    const browser = new TestBrowser(app);
    const page = await browser.get('/');
    expect(page.statusCode).toBe(200);
    const main = /<main\b[\s\S]*?<\/main>/.exec(page.body)![0];
    expect(main).toContain('indicative budget');
    expect(main).toContain('letter');
    expect(main).not.toMatch(/paid to you|managed by|direct payment|choose how you get the money|make your own support plan/i);
    const links = [...main.matchAll(/href="([^"#]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) expect((await browser.get(link)).statusCode, link).toBe(200);
  });
});
