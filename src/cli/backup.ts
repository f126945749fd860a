// `rtc backup FILE` and `rtc restore FILE`: the embedded database's whole data directory to one compressed file and
// back. Both refuse a directory a running server holds. A PostgreSQL server is backed up with its own tools.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { openDatabase } from '../db/database.ts';
import { DataDirInUseError, lockDataDir } from '../db/data-dir-lock.ts';
import { loadConfig } from '../platform/config.ts';

export interface BackupContext {
  dataDir?: string;
  databaseUrl?: string;
  print?: (line: string) => void;
}

const postgresAdvice =
  'DATABASE_URL is set, so the data is on a PostgreSQL server: back it up with pg_dump and restore it with pg_restore (see docs/operations.md).';

function settings(context: BackupContext) {
  const config = context.dataDir || context.databaseUrl ? undefined : loadConfig();
  return { dataDir: context.dataDir ?? config?.dataDir ?? './data', databaseUrl: context.databaseUrl ?? config?.databaseUrl, print: context.print ?? console.log };
}

/** Writes the embedded database to `file`. Refuses (exit code 1) while another process holds the directory. */
export async function backupCommand(file: string, context: BackupContext = {}): Promise<void> {
  const { dataDir, databaseUrl, print } = settings(context);
  if (databaseUrl) {
    print(postgresAdvice);
    process.exitCode = 1;
    return;
  }
  if (!existsSync(dataDir)) {
    print(`There is no embedded database in ${dataDir} to back up.`);
    process.exitCode = 1;
    return;
  }
  const database = await openQuietly(dataDir, print);
  if (!database) return;
  try {
    const dump = await database.backup!();
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    print(`Backed up the embedded database in ${dataDir} to ${file} (${Math.ceil(dump.size / 1024)} kB).`);
  } finally {
    await database.close();
  }
}

/**
 * Fills the embedded database's directory from a backup. The directory must be empty unless `replace` is given, and
 * no process may hold it: a server running on it would go on with its own copy and overwrite the restored one.
 */
export async function restoreCommand(file: string, options: { replace?: boolean }, context: BackupContext = {}): Promise<void> {
  const { dataDir, databaseUrl, print } = settings(context);
  if (databaseUrl) {
    print(postgresAdvice);
    process.exitCode = 1;
    return;
  }
  if (!existsSync(file)) {
    print(`There is no backup file ${file}.`);
    process.exitCode = 1;
    return;
  }
  const inUse = existsSync(dataDir) ? readdirSync(dataDir).filter((name) => name !== 'rtc.lock') : [];
  if (inUse.length > 0) {
    // Check nobody holds it before anything is removed.
    try {
      lockDataDir(dataDir)();
    } catch (error) {
      if (error instanceof DataDirInUseError) {
        print(error.message);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
    if (!options.replace) {
      print(`${dataDir} already holds a database. Give --replace to replace it with the backup (the current one is lost).`);
      process.exitCode = 1;
      return;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  const backup = new Blob([readFileSync(file)]);
  const database = await openDatabase({ dataDir, restoreFrom: backup });
  try {
    await database.migrate();
    print(`Restored ${file} into ${dataDir}.`);
  } finally {
    await database.close();
  }
}

async function openQuietly(dataDir: string, print: (line: string) => void) {
  try {
    return await openDatabase({ dataDir });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    print(error.message);
    process.exitCode = 1;
    return undefined;
  }
}
