// Reads are audited through the group commit: many readers at once share a few transactions, the chain stays whole
// and numbered without gaps, no page is sent before its entry is stored, and a failed batch fails every read in it.
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeStatements, type DatabaseHandle } from '../../src/db/database.ts';
import { auditLog, people } from '../../src/db/schema.ts';
import { type AuditEntry, AuditQueue, recordAudit, verifyAuditLog } from '../../src/records/audit.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

function entry(requestId: string, outcome = 'allowed'): AuditEntry {
  return { occurredAt: new Date(), actorType: 'cli', actorId: null, action: 'person.read', outcome, subjectType: 'person', subjectId: requestId, areaId: null, route: 'test', method: null, requestId, detail: null };
}

describe('auditing many readers at once', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  // For each person page sent: how many audit entries for that request were already stored as it was sent.
  const storedWhenSent = new Map<string, number>();

  beforeAll(async () => {
    ({ app, database } = await testApp(
      {},
      {
        beforeReady: (instance) =>
          instance.addHook('onSend', async (request, _reply, payload) => {
            if (request.routeOptions.url !== '/people/:personId') return payload;
            const [stored] = await database.db.select({ value: count() }).from(auditLog).where(eq(auditLog.requestId, request.id));
            storedWhenSent.set(request.id, stored!.value);
            return payload;
          }),
      },
    ));
    demo = await seedDemo(database);
  }, 120_000);
  afterAll(() => app.close());

  it('writes 50 concurrent reads in fewer transactions than reads, in one unbroken, gap-free chain, each stored before its page is sent', async () => {
    const [person] = await database.db.select().from(people).where(eq(people.areaId, demo.areaIds[0]!)).limit(1);
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);

    let locks = 0;
    const stop = observeStatements((statement) => {
      if (statement.includes('pg_advisory_xact_lock')) locks += 1;
    });
    const responses = await Promise.all(Array.from({ length: 50 }, () => browser.get(`/people/${person!.id}`)));
    stop();

    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(200));
    const entries = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, person!.id), eq(auditLog.action, 'person.read'), inArray(auditLog.requestId, [...storedWhenSent.keys()])));
    expect(entries).toHaveLength(50);
    expect([...storedWhenSent.values()]).toEqual(Array(50).fill(1));
    // One lock per batch, not per read: the reads shared transactions.
    expect(locks).toBeGreaterThan(0);
    expect(locks).toBeLessThan(50);
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true, problemCount: 0 });
  }, 120_000);

  it('fails every entry of a batch that cannot be written, and writes none of them', async () => {
    const queue = new AuditQueue(database.db);
    const ids = ['batch-good-1', 'batch-bad', 'batch-good-2'];
    const results = await Promise.allSettled([queue.append(entry(ids[0]!)), queue.append(entry(ids[1]!, 'not-an-outcome')), queue.append(entry(ids[2]!))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await database.db.select().from(auditLog).where(inArray(auditLog.requestId, ids))).toEqual([]);
    await queue.append(entry('batch-after'));
    expect(await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'batch-after'))).toHaveLength(1);
    await queue.close();
  });

  it('writes a batch as one statement that takes the chain lock, when nobody has appended since its last batch', async () => {
    const queue = new AuditQueue(database.db);
    await queue.append(entry('one-statement-first'));
    const sent: string[] = [];
    const stop = observeStatements((statement) => sent.push(statement));
    await Promise.all([queue.append(entry('one-statement-a')), queue.append(entry('one-statement-b'))]);
    stop();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/pg_advisory_xact_lock[\s\S]*insert into audit_log/);
    await queue.close();
  });

  it('keeps one whole chain while changes and another process append between its batches, and no writer fails', async () => {
    // Two queues stand for two app processes; the transactions for changes that write their entries themselves.
    const first = new AuditQueue(database.db);
    const second = new AuditQueue(database.db);
    const change = (index: number) =>
      database.db.transaction(async (tx) => {
        await tx.select({ value: count() }).from(people);
        await recordAudit(tx, entry(`mixed-change-${index}`), { inTransaction: true });
      });
    const writes = [
      ...Array.from({ length: 150 }, (_, index) => first.append(entry(`mixed-first-${index}`))),
      ...Array.from({ length: 150 }, (_, index) => second.append(entry(`mixed-second-${index}`))),
      ...Array.from({ length: 30 }, (_, index) => change(index)),
    ];
    const results = await Promise.allSettled(writes);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const [stored] = await database.db.select({ value: count() }).from(auditLog).where(sql`${auditLog.requestId} like 'mixed-%'`);
    expect(stored!.value).toBe(330);
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true, problemCount: 0 });
    await Promise.all([first.close(), second.close()]);
  }, 60_000);

  it('writes everything queued before the app finishes closing', async () => {
    const { app: closing } = await testApp({}, { reset: false });
    // More than one batch's worth, so the writing is still going on when close is called.
    const written = Promise.all(Array.from({ length: 2000 }, () => closing.services.audit.append(entry('written-on-close'))));
    await closing.close();
    const [stored] = await database.db.select({ value: count() }).from(auditLog).where(eq(auditLog.requestId, 'written-on-close'));
    expect(stored!.value).toBe(2000);
    await written;
  }, 60_000);
});
