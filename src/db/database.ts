// Opens the database: embedded PGlite with a data directory on disk by default, or a PostgreSQL server when a URL
// is given. Both speak the same SQL, so everything above this file is the same for either.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: query code takes either, so callers choose the transaction boundary. */
export type Queryable = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Applies the committed migrations (or those in another folder: tests migrate a copy that stops early). */
  migrate(folder?: string): Promise<void>;
  close(): Promise<void>;
  /** The embedded database's whole data directory as one compressed file; PostgreSQL servers use pg_dump instead. */
  backup?(): Promise<Blob>;
}

export interface DatabaseOptions {
  /** A postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; 'memory' keeps everything in memory (tests). */
  dataDir?: string;
  /** A backup (from `backup()`) to fill a new, empty PGlite data directory with. */
  restoreFrom?: Blob;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// pg returns bigint (int8) columns as strings by default. Our int8 values are integer pence and counts, well within
// Number's safe range, so parse them as numbers to agree with PGlite.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

type StatementObserver = (statement: string) => void;
const statementObservers = new Set<StatementObserver>();

/**
 * Calls `observer` with the text of every statement sent until the returned function is called. Tests use it to check
 * that queries on tables sharded by area name the area (ADR 10); parameters are never passed on.
 */
export function observeStatements(observer: StatementObserver): () => void {
  statementObservers.add(observer);
  return () => statementObservers.delete(observer);
}

const statementLogger = {
  logQuery(query: string) {
    for (const observer of statementObservers) observer(query);
  },
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    pool.on('error', () => {
      // An idle client losing its connection is reported on the next query; never crash the process for it.
    });
    const db = drizzlePostgres(pool, { schema, logger: statementLogger }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      migrate: (folder = migrationsFolder) => migratePostgres(db as never, { migrationsFolder: folder }),
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir ?? './data';
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir === 'memory' ? () => {} : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = dataDir === 'memory' ? new PGlite() : new PGlite(dataDir, options.restoreFrom ? { loadDataDir: options.restoreFrom } : {});
    await client.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  const db = drizzlePglite(client, { schema, logger: statementLogger }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: (folder = migrationsFolder) => migratePglite(db as never, { migrationsFolder: folder }),
    close: async () => {
      await client.close();
      unlock();
    },
    backup: async () => (await client.dumpDataDir('gzip')) as Blob,
  };
}
