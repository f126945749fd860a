// The app reads time only through the clock it is given, so a test can set "now": sessions time out by it and audit
// entries are stamped with it.
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { auditLog, users } from '../../src/db/schema.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

const clock = new FixedClock('2031-03-30T22:30:00Z');
let app: FastifyInstance;
let database: DatabaseHandle;

beforeAll(async () => {
  ({ app, database } = await testApp({ sessionIdleMinutes: 60 }, { clock }));
  await seedDemo(database);
});
afterAll(() => app.close());

describe('the clock', () => {
  it('stamps audit entries with its time, not the system’s', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    const [entry] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sign-in.password'), eq(auditLog.actorId, user!.id)))
      .orderBy(desc(auditLog.sequence))
      .limit(1);
    expect(entry!.occurredAt.toISOString()).toBe('2031-03-30T22:30:00.000Z');
  });

  it('ends a session when it has been idle longer than allowed by the clock, not before', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    expect((await browser.get('/')).statusCode).toBe(200);
    clock.advance(59 * 60_000);
    const stillSignedIn = await browser.get('/');
    expect(stillSignedIn.statusCode).toBe(200);
    expect(stillSignedIn.body).toContain('Sign out');
    clock.advance(61 * 60_000);
    const response = await browser.get('/');
    // The start page for visitors: signed out by the idle timeout.
    expect(response.body).not.toContain('Sign out');
  });
});
