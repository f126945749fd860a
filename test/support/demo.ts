// A small demo region as a test fixture: every role, two areas, a few people, known emails and password.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { organisations } from '../../src/db/schema.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createDemoRegion, type DemoResult, demoPasswordText, removeDemoData } from '../../src/demo/demo-region.ts';
import { resetTables } from './database.ts';

export const password = demoPasswordText;

interface Snapshot {
  /** Each table's rows as JSON, parents before children. */
  tables: { table: string; rows: string }[];
  result: DemoResult;
}

/** The demo as first made in this run, per database and size: making it takes a second or more, copying it back a tenth. */
const snapshots = new WeakMap<DatabaseHandle, Map<number, Snapshot>>();

const recordId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Seeds the demo region (with `people` people), replacing any demo already there, as `rtc demo` does. The first seed
 * of a size in a run makes it (and keeps a copy if the database held nothing else); later ones write the copy back
 * with every record id replaced by a new one, so each test still has records no earlier test has touched or been
 * audited against.
 */
export async function seedDemo(database: DatabaseHandle, people = 12): Promise<DemoResult> {
  const sizes = snapshots.get(database) ?? new Map<number, Snapshot>();
  snapshots.set(database, sizes);
  const snapshot = sizes.get(people);
  if (!snapshot) {
    const empty = await holdsNothing(database);
    const result = await createDemoRegion(database.db, { people, seed: 7 });
    if (empty) sizes.set(people, await takeSnapshot(database, result));
    return result;
  }
  const renamed = new Map<string, string>();
  const rename = (text: string) =>
    text.replace(recordId, (id) => {
      const key = id.toLowerCase();
      if (!renamed.has(key)) renamed.set(key, randomUUID());
      return renamed.get(key)!;
    });
  await database.db.transaction(async (tx) => {
    await removeDemoData(tx);
    for (const { table, rows } of snapshot.tables) {
      await tx.execute(sql`insert into ${sql.identifier(table)} select * from json_populate_recordset(null::${sql.identifier(table)}, ${rename(rows)}::json)`);
    }
  });
  return JSON.parse(rename(JSON.stringify(snapshot.result))) as DemoResult;
}

function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

async function holdsNothing(database: DatabaseHandle): Promise<boolean> {
  const counts = sql.join(resetTables.map((table) => sql`(select count(*) from ${sql.identifier(table)})`), sql` + `);
  const [row] = rowsOf<{ total: number | string }>(await database.db.execute(sql`select ${counts} as total`));
  return Number(row?.total) === 0;
}

async function takeSnapshot(database: DatabaseHandle, result: DemoResult): Promise<Snapshot> {
  const tables = [];
  for (const table of [...resetTables].reverse()) {
    const [first] = rowsOf<{ rows: string | null }>(await database.db.execute(sql`select json_agg(t)::text as rows from ${sql.identifier(table)} t`));
    if (first?.rows) tables.push({ table, rows: first.rows });
  }
  return { tables, result };
}

/** The organisation of a kind in a demo area (each demo area has exactly one of each kind). */
export async function organisationOf(database: DatabaseHandle, areaId: string, kind: string) {
  const [organisation] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
  if (!organisation) throw new Error(`No ${kind} in area ${areaId}`);
  return organisation;
}
