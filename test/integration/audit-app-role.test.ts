// On PostgreSQL the application can serve as a role that may only read and add to the audit log: it cannot change,
// delete or truncate entries, nor switch off or drop the triggers, and the app still works as that role. The embedded
// database has one user, so there the command refuses, saying why (its checkpoints are its protection).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { AppRoleError, grantAppRole } from '../../src/db/app-role.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';
import { auditLog, people } from '../../src/db/schema.ts';
import { recordAudit, verifyAuditLog } from '../../src/records/audit.ts';
import { migrateConfigured } from '../../src/cli/database-role.ts';
import { TestBrowser, testApp, testConfig } from '../support/app.ts';
import { rtc } from '../support/cli.ts';
import { password, seedDemo } from '../support/demo.ts';

const serverUrl = inject('testDatabaseUrl');

/** What the server said in refusing the statement (the driver's error, under the query builder's). */
async function refusal(database: DatabaseHandle, statement: string): Promise<string> {
  try {
    await database.db.execute(sql.raw(statement));
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
  return 'allowed';
}

// A run is on one database: the PostgreSQL tests when it has a server, else the embedded database's refusal.
if (!serverUrl) describe('application roles on the embedded database', () => {
  it('are refused by rtc database grant-app-role with the reason', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'rtc-app-role-'));
    try {
      const refused = await rtc(['database', 'grant-app-role', 'rtc_app'], { DATABASE_URL: undefined, DATA_DIR: join(scratch, 'data') });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('application roles are for PostgreSQL (set DATABASE_URL)');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
else describe('the application role on PostgreSQL', () => {
  const role = `rtc_app_${randomBytes(5).toString('hex')}`;
  let owner: DatabaseHandle;
  let ownerApp: FastifyInstance;
  let asRole: DatabaseHandle;
  let roleUrl: string;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    ({ app: ownerApp, database: owner } = await testApp());
    demo = await seedDemo(owner);
    await owner.db.execute(sql.raw(`create role ${role} login`));
    await grantAppRole(owner.db, role);
    const url = new URL(serverUrl!);
    url.username = role;
    url.password = '';
    roleUrl = url.toString();
    asRole = await openDatabase({ url: roleUrl });
  }, 120_000);

  afterAll(async () => {
    await asRole?.close();
    await ownerApp?.close();
    await owner.db.execute(sql.raw(`drop owned by ${role}`));
    await owner.db.execute(sql.raw(`drop role ${role}`));
  });

  const entry = { occurredAt: new Date(), actorType: 'cli', actorId: null, action: 'test.role', outcome: 'succeeded', subjectType: null, subjectId: null, areaId: null, route: 'role test', method: null, requestId: `role-${role}`, detail: null };

  it('can add to and read the audit log and its checkpoints', async () => {
    await recordAudit(asRole.db, entry);
    expect(await asRole.db.select().from(auditLog).where(eq(auditLog.requestId, `role-${role}`))).toHaveLength(1);
    await expect(asRole.db.execute(sql`select count(*) from audit_checkpoints`)).resolves.toBeDefined();
  });

  it('cannot change, delete or truncate entries, nor alter, disable or drop their triggers', async () => {
    for (const table of ['audit_log', 'audit_checkpoints']) {
      for (const statement of [
        `update ${table} set sequence = sequence where false`,
        `delete from ${table} where false`,
        `truncate ${table}`,
        `alter table ${table} disable trigger user`,
        `alter table ${table} disable trigger all`,
        `drop trigger ${table}_no_truncate on ${table}`,
        `alter table ${table} owner to ${role}`,
        `create trigger sneaky before insert on ${table} for each row execute function audit_log_refuse_change()`,
      ]) {
        expect(await refusal(asRole, statement), statement).toMatch(/permission denied|must be owner/);
      }
    }
  });

  it('may only add to and read the ledger’s transfers and balances and payment runs’ items, but keeps accounts’ running totals', async () => {
    for (const table of ['ledger_transfers', 'ledger_balances', 'payment_run_items']) {
      expect(await refusal(asRole, `select count(*) from ${table}`), table).toBe('allowed');
      for (const statement of [`update ${table} set area_id = area_id where false`, `delete from ${table} where false`, `truncate ${table}`, `alter table ${table} disable trigger all`]) {
        expect(await refusal(asRole, statement), statement).toMatch(/permission denied|must be owner/);
      }
    }
    expect(await refusal(asRole, 'update ledger_accounts set debits_posted = debits_posted where false')).toBe('allowed');
  });

  it('is refused for a superuser and for a role that does not exist', async () => {
    await expect(grantAppRole(owner.db, 'postgres')).rejects.toThrow(AppRoleError);
    await expect(grantAppRole(owner.db, `${role}_absent`)).rejects.toThrow(/create it first/);
  });

  it('serves the app: a practitioner signs in and reads a record, and the read is audited', async () => {
    const app = await buildApp({ config: testConfig(), database: asRole, logger: false });
    try {
      await app.ready();
      const [person] = await owner.db.select().from(people).where(eq(people.areaId, demo.areaIds[0]!)).limit(1);
      const browser = new TestBrowser(app);
      await browser.signIn('practitioner@northshire.example', password);
      const response = await browser.get(`/people/${person!.id}`);
      expect(response.statusCode).toBe(200);
      const reads = await owner.db.select().from(auditLog).where(and(eq(auditLog.subjectId, person!.id), eq(auditLog.action, 'person.read')));
      expect(reads.length).toBeGreaterThan(0);
      expect(await verifyAuditLog(asRole.db)).toMatchObject({ ok: true });
    } finally {
      await app.close();
    }
  });

  it('is given its rights on a table a later migration adds when the app migrates as the owner', async () => {
    const table = `${role}_later`;
    await owner.db.execute(sql.raw(`create table ${table} (id int)`));
    try {
      expect(await refusal(asRole, `insert into ${table} values (1)`)).toMatch(/permission denied/);
      await migrateConfigured(testConfig({ databaseUrl: roleUrl, databaseMigrationUrl: serverUrl }), asRole);
      expect(await refusal(asRole, `insert into ${table} values (1)`)).toBe('allowed');
      expect(await refusal(asRole, 'delete from audit_log where false')).toMatch(/permission denied/);
    } finally {
      await owner.db.execute(sql.raw(`drop table ${table}`));
    }
  });

  it('is set up by rtc database grant-app-role, run as the owner', async () => {
    const granted = await rtc(['database', 'grant-app-role', role], { DATABASE_URL: serverUrl });
    expect(granted.stdout).toContain(`${role} may now serve the application`);
    const refused = await rtc(['database', 'grant-app-role', 'postgres'], { DATABASE_URL: serverUrl });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is a superuser');
  }, 120_000);
});
