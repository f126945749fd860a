// The audit log is append-only and hash-chained; `rtc audit verify` passes on a clean log and names a tampered row.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';
import { auditLog } from '../../src/db/schema.ts';
import { recordAudit, verifyAuditLog } from '../../src/platform/audit.ts';
import { testDatabase } from '../support/database.ts';

const run = promisify(execFile);

function entry(n: number) {
  return { actorType: 'user', actorId: `user-${n}`, action: 'person.read', outcome: 'allowed', subjectType: 'person', subjectId: `person-${n}`, areaId: null, route: '/people/:personId', method: 'GET', requestId: `request-${n}`, detail: null };
}

async function rtc(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/rtc.js', ...args], { env: { ...process.env, ...env, NODE_ENV: 'test' }, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
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
  let database: DatabaseHandle;
  let env: Record<string, string>;
  let dataDir: string | undefined;

  beforeAll(async () => {
    const serverUrl = inject('testDatabaseUrl');
    if (serverUrl) {
      const name = `rtc_audit_${process.pid}`;
      const admin = await openDatabase({ url: serverUrl });
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.db.execute(sql.raw(`create database ${name}`));
      await admin.close();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      database = await openDatabase({ url: url.toString() });
      env = { DATABASE_URL: url.toString() };
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'rtc-audit-'));
      database = await openDatabase({ dataDir });
      env = { DATA_DIR: dataDir };
    }
    await database.migrate();
    for (let n = 1; n <= 5; n += 1) await recordAudit(database.db, entry(n));
    // PGlite allows one process at a time on a data directory: close ours while the command runs.
    if (dataDir) await database.close();
  }, 120_000);

  afterAll(async () => {
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
      return;
    }
    await database.close();
    const admin = await openDatabase({ url: inject('testDatabaseUrl') });
    await admin.db.execute(sql.raw(`drop database if exists rtc_audit_${process.pid} with (force)`));
    await admin.close();
  });

  it('passes on a clean log, then names the row after one is altered directly in the database', async () => {
    const clean = await rtc(['audit', 'verify'], env);
    expect(clean.output).toContain('Audit log OK: 5 entries');
    expect(clean.code).toBe(0);

    if (dataDir) database = await openDatabase({ dataDir });
    const rows = await database.db.select({ sequence: auditLog.sequence }).from(auditLog).orderBy(auditLog.sequence);
    const third = rows[2]!.sequence;
    await tamper(database, third, 'someone-else');
    if (dataDir) await database.close();

    const broken = await rtc(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`Audit log BROKEN at entry ${third}`);
    expect(broken.output).toContain('altered');
  }, 120_000);
});
