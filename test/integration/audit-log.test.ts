// The audit log is append-only and hash-chained; `rtc audit verify` passes on a clean log and names a tampered row.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrationsFolder } from '../../src/db/database.ts';
import { auditLog } from '../../src/db/schema.ts';
import { auditHash, genesisHash } from '../../src/domain/audit-chain.ts';
import { recordAudit, verifyAuditLog } from '../../src/records/audit.ts';
import { testDatabase } from '../support/database.ts';
import { rtc, type ScratchDatabase, scratchDatabase } from '../support/cli.ts';

function entry(n: number) {
  return { occurredAt: new Date(), actorType: 'user', actorId: `user-${n}`, action: 'person.read', outcome: 'allowed', subjectType: 'person', subjectId: `person-${n}`, areaId: null, route: '/people/:personId', method: 'GET', requestId: `request-${n}`, detail: null };
}

async function tamper(database: DatabaseHandle, sequence: number, subjectId: string) {
  // Only someone who can switch the trigger off can do this; the chain is what catches them.
  await database.db.execute(sql`alter table audit_log disable trigger audit_log_no_update_or_delete`);
  await database.db.update(auditLog).set({ subjectId }).where(eq(auditLog.sequence, sequence));
  await database.db.execute(sql`alter table audit_log enable trigger audit_log_no_update_or_delete`);
}

describe('append-only audit log', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await testDatabase();
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await recordAudit(database.db, entry(1));
    const [last] = await database.db.select().from(auditLog).orderBy(desc(auditLog.sequence)).limit(1);
    await expect(database.db.update(auditLog).set({ detail: 'changed' }).where(eq(auditLog.sequence, last!.sequence))).rejects.toThrow();
    await expect(database.db.delete(auditLog).where(eq(auditLog.sequence, last!.sequence))).rejects.toThrow();
    await expect(database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
  });

  it('chains each entry to the one before', async () => {
    await recordAudit(database.db, entry(2));
    await recordAudit(database.db, entry(3));
    const [newest, before] = await database.db.select().from(auditLog).orderBy(desc(auditLog.sequence)).limit(2);
    expect(newest!.previousHash).toBe(before!.hash);
    expect(await verifyAuditLog(database.db, 2)).toMatchObject({ ok: true });
  });

  it('keeps the chain whole when many entries are written at once', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(database.db, entry(100 + i))));
    expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true });
  });
});

describe('rtc audit verify', () => {
  // Its own database, so tampering here cannot disturb other tests' audit entries.
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await scratchDatabase('audit');
    const database = await scratch.open();
    await database.migrate();
    for (let n = 1; n <= 5; n += 1) await recordAudit(database.db, entry(n));
    await database.close();
  }, 120_000);

  afterAll(() => scratch.drop());

  it('passes on a clean log, then names the row after one is altered directly in the database', async () => {
    const clean = await rtc(['audit', 'verify'], scratch.env);
    expect(clean.stdout).toContain('Audit log OK: 5 entries');
    expect(clean.code).toBe(0);

    const database = await scratch.open();
    const rows = await database.db.select({ sequence: auditLog.sequence }).from(auditLog).orderBy(auditLog.sequence);
    const third = rows[2]!.sequence;
    await tamper(database, third, 'someone-else');
    await database.close();

    const broken = await rtc(['audit', 'verify'], scratch.env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`Audit log BROKEN at entry ${third}`);
    expect(broken.stderr).toContain('altered');
  }, 120_000);
});

describe('migrating a log numbered by a database sequence', () => {
  let scratch: ScratchDatabase;
  let folder: string;
  afterAll(async () => {
    await scratch?.drop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('numbers the entries 1, 2, 3, … once, keeping the chain, so that afterwards a gap means a deletion', async () => {
    // The migrations up to the one that numbers entries itself, as a database made before it had them.
    folder = mkdtempSync(join(tmpdir(), 'rtc-migrations-'));
    mkdirSync(join(folder, 'meta'));
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag.endsWith('_audit_sequence_and_checkpoints')));
    for (const entry of entries) copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));

    scratch = await scratchDatabase('renumber');
    const database = await scratch.open();
    try {
      await database.migrate(folder);
      // Numbers 2, 3 and 6 to 8 were taken by transactions that rolled back.
      let previousHash = genesisHash;
      for (const [n, sequence] of [1, 4, 5, 9].entries()) {
        const fields = entry(n);
        const hash = auditHash(previousHash, fields);
        await database.db.insert(auditLog).values({ ...fields, sequence, previousHash, hash });
        previousHash = hash;
      }
      await database.migrate();
      const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.sequence));
      expect(rows.map((row) => [row.sequence, row.requestId])).toEqual([[1, 'request-0'], [2, 'request-1'], [3, 'request-2'], [4, 'request-3']]);
      expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true, checked: 4 });
      await recordAudit(database.db, entry(4));
      expect((await database.db.select().from(auditLog).orderBy(desc(auditLog.sequence)).limit(1))[0]!.sequence).toBe(5);
    } finally {
      await database.close();
    }
  }, 120_000);
});
