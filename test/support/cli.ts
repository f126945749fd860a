// Runs the real `rtc` command in a child process against a scratch database of its own: a PGlite data directory,
// or a fresh database on the PostgreSQL server when the tests run against one.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';

const execute = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rtc` with these settings on top of this process's; a setting given as undefined is taken away. */
export async function rtc(args: string[], env: Record<string, string | undefined>, input?: string): Promise<CliResult> {
  const settings: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', ...env };
  for (const [name, value] of Object.entries(settings)) if (value === undefined) delete settings[name];
  const child = execute(process.execPath, ['bin/rtc.js', ...args], { env: settings as NodeJS.ProcessEnv, timeout: 120_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

export interface ScratchDatabase {
  env: Record<string, string>;
  /** Open a connection for checks; PGlite allows one process per directory, so close it before the next command. */
  open(): ReturnType<typeof openDatabase>;
  drop(): Promise<void>;
}

export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  const serverUrl = inject('testDatabaseUrl');
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), `rtc-${label}-`));
    return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `rtc_${label}_${process.pid}`;
  const admin = await openDatabase({ url: serverUrl });
  await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
  await admin.db.execute(sql.raw(`create database ${name}`));
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ url: url.toString() }),
    drop: async () => {
      const cleanup = await openDatabase({ url: serverUrl });
      await cleanup.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await cleanup.close();
    },
  };
}
