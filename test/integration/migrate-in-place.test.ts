// A database made before the keys that shard by area (ADR 10) migrates in place: the demo's rows all stay, and the
// tables then carry the new keys.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrationsFolder, openDatabase } from '../../src/db/database.ts';
import { distributedByArea, localTables, referenceTables } from '../../src/db/distribution.ts';
import { createDemoRegion } from '../../src/demo/demo-region.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/cli.ts';

/** A copy of the migrations that stops before `stopBefore`, as a database made before it would have had them. */
function migrationsBefore(stopBefore: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'rtc-migrations-'));
  mkdirSync(join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const stop = journal.entries.findIndex((entry) => entry.tag === stopBefore);
  expect(stop).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, stop);
  for (const entry of entries) copyFileSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

/** The tables a database has so far: one migrated only part of the way has not got the later ones yet. */
async function tablesIn(database: DatabaseHandle): Promise<string[]> {
  const tables = [];
  for (const table of [...distributedByArea, ...referenceTables, ...localTables]) {
    const result = await database.db.execute(sql`select to_regclass(${table}) is not null as present`);
    if ((result as unknown as { rows: { present: boolean }[] }).rows[0]!.present) tables.push(table);
  }
  return tables;
}

async function rowCounts(database: DatabaseHandle, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
    counts[table] = Number((result as unknown as { rows: { n: number }[] }).rows[0]!.n);
  }
  return counts;
}

async function primaryKey(database: DatabaseHandle, table: string): Promise<string[]> {
  const result = await database.db.execute(sql`
    select a.attname as name from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${table}::regclass and i.indisprimary
    order by array_position(i.indkey, a.attnum)`);
  return (result as unknown as { rows: { name: string }[] }).rows.map((row) => row.name);
}

let scratch: ScratchDatabase | undefined;
let earlyMigrations: string | undefined;
afterAll(async () => {
  await scratch?.drop();
  if (earlyMigrations) rmSync(earlyMigrations, { recursive: true, force: true });
});

/**
 * The demo as it is made today, copied into a database migrated only as far as `database` is: each table's rows as
 * JSON, read back into that table's columns as they were then. Seeding through today's code would not do, as it
 * writes columns and keys that later migrations add.
 */
async function copyDemoInto(database: DatabaseHandle): Promise<void> {
  const source = await openDatabase({ dataDir: 'memory' });
  try {
    await source.migrate();
    await createDemoRegion(source.db, { people: 40, seed: 11 });
    // Parents before children, so every foreign key finds its row.
    const order = ['regions', 'areas', 'budget_reason_codes', 'organisations', 'users', 'sessions', 'sign_in_addresses', 'api_tokens', 'people', 'role_assignments', 'person_supporters', 'consents', 'referral_checks', 'funding_streams', 'catalogue_services', 'catalogue_service_streams', 'catalogue_unit_costs', 'area_configurations', 'assessments', 'eligibility_decisions', 'indicative_budgets', 'support_plans', 'support_plan_versions', 'support_plan_decisions', 'agreed_budgets', 'direct_payment_offers', 'ledger_accounts', 'ledger_transfers', 'ledger_balances', 'bank_accounts', 'area_payment_settings', 'payment_runs', 'payment_run_items', 'process_events', 'audit_log', 'audit_checkpoints'];
    expect([...order].sort()).toEqual([...distributedByArea, ...referenceTables, ...localTables].sort());
    // Tables a later migration adds have no rows to carry over yet.
    const present = await tablesIn(database);
    for (const table of order.filter((name) => present.includes(name))) {
      const result = await source.db.execute(sql.raw(`select coalesce(json_agg(t), '[]'::json) as rows from ${table} t`));
      const rows = JSON.stringify((result as unknown as { rows: { rows: unknown }[] }).rows[0]!.rows);
      await database.db.execute(sql`insert into ${sql.raw(table)} select * from json_populate_recordset(null::${sql.raw(table)}, ${rows}::json)`);
    }
  } finally {
    await source.close();
  }
}

describe('migrating a database that holds the demo', () => {
  it('keeps every row and gives the tables sharded by area keys that name area_id', async () => {
    scratch = await scratchDatabase('migrate');
    earlyMigrations = migrationsBefore('0004_shard_ready_keys');
    const database = await scratch.open();
    try {
      await database.migrate(earlyMigrations);
      await copyDemoInto(database);
      expect(await primaryKey(database, 'people')).toEqual(['id']);
      const kept = await tablesIn(database);
      const before = await rowCounts(database, kept);
      expect(before.people).toBeGreaterThanOrEqual(40);
      expect(before.assessments).toBeGreaterThan(0);
      expect(before.eligibility_decisions).toBeGreaterThan(0);

      await database.migrate();

      expect(await rowCounts(database, kept)).toEqual(before);
      for (const table of distributedByArea) expect(await primaryKey(database, table), table).toEqual(['area_id', 'id']);
      // A person's assessments still join to them through the new composite key.
      const joined = await database.db.execute(sql`select count(*)::int as n from assessments a join people p on p.area_id = a.area_id and p.id = a.person_id`);
      expect(Number((joined as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(before.assessments);
    } finally {
      await database.close();
    }
  }, 120_000);
});
