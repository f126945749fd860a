// The embedded database's directory is held by one process at a time (a second stops with a clear message, and a
// stale hold is taken over), and `rtc backup` / `rtc restore` round-trip it, refusing a directory that is in use.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { backupCommand, restoreCommand } from '../../src/cli/backup.ts';
import { DataDirInUseError } from '../../src/db/data-dir-lock.ts';
import { openDatabase } from '../../src/db/database.ts';
import { people } from '../../src/db/schema.ts';
import { createDemoRegion } from '../../src/demo/demo-region.ts';
import { rtc } from '../support/cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'rtc-backup-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function peopleIn(dataDir: string): Promise<number> {
  const database = await openDatabase({ dataDir });
  try {
    const [row] = await database.db.select({ value: count() }).from(people);
    return Number(row?.value ?? 0);
  } finally {
    await database.close();
  }
}

function quietly() {
  const lines: string[] = [];
  return { lines, print: (line: string) => void lines.push(line) };
}

describe('one process per embedded database', () => {
  it('refuses a second open of a directory in use with a clear message, and opens it once it is given back', async () => {
    const dataDir = join(folder, 'held');
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataDirInUseError);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by another Right to Control process/);
    await first.close();
    const second = await openDatabase({ dataDir });
    await second.close();
  }, 60_000);

  it('stops `rtc demo` run while the server holds the directory, with a message and no damage', async () => {
    const dataDir = join(folder, 'serving');
    const server = await openDatabase({ dataDir });
    try {
      await server.migrate();
      // The embedded database on purpose, even in the run against a PostgreSQL server.
      const demo = await rtc(['demo', '--people', '2'], { DATA_DIR: dataDir, DATABASE_URL: undefined });
      expect(demo.code).toBe(1);
      expect(demo.stderr).toContain('is in use by another Right to Control process');
      expect(demo.stderr).not.toMatch(/\bat .*\.ts:\d+/);
      // The server's database still answers.
      await server.db.select({ value: count() }).from(people);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('takes over a hold left by a process that has gone', async () => {
    const dataDir = join(folder, 'stale');
    (await openDatabase({ dataDir })).close();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dataDir, 'rtc.lock'), String(gone));
    const database = await openDatabase({ dataDir });
    await database.close();
  }, 60_000);
});

describe('rtc backup and rtc restore', () => {
  it('round-trip the demo, refuse a directory in use, and replace only when told to', async () => {
    const original = join(folder, 'original');
    const copy = join(folder, 'copy');
    const file = join(folder, 'backup.tar.gz');
    const database = await openDatabase({ dataDir: original });
    await database.migrate();
    await createDemoRegion(database.db, { people: 6, seed: 3 });

    const whileOpen = quietly();
    process.exitCode = undefined;
    await backupCommand(file, { dataDir: original, print: whileOpen.print });
    expect(process.exitCode).toBe(1);
    expect(whileOpen.lines.join('\n')).toMatch(/in use by another Right to Control process/);
    await database.close();

    process.exitCode = undefined;
    const made = quietly();
    await backupCommand(file, { dataDir: original, print: made.print });
    expect(process.exitCode).toBeUndefined();
    expect(made.lines.join('\n')).toContain('Backed up');

    await restoreCommand(file, {}, { dataDir: copy, print: quietly().print });
    expect(process.exitCode).toBeUndefined();
    const expected = await peopleIn(original);
    expect(expected).toBeGreaterThanOrEqual(6);
    expect(await peopleIn(copy)).toBe(expected);

    const again = quietly();
    await restoreCommand(file, {}, { dataDir: copy, print: again.print });
    expect(process.exitCode).toBe(1);
    expect(again.lines.join('\n')).toContain('--replace');

    const held = await openDatabase({ dataDir: copy });
    const refused = quietly();
    process.exitCode = undefined;
    await restoreCommand(file, { replace: true }, { dataDir: copy, print: refused.print });
    expect(process.exitCode).toBe(1);
    expect(refused.lines.join('\n')).toMatch(/in use/);
    await held.close();

    process.exitCode = undefined;
    await restoreCommand(file, { replace: true }, { dataDir: copy, print: quietly().print });
    expect(process.exitCode).toBeUndefined();
    expect(await peopleIn(copy)).toBe(expected);
  }, 120_000);
});
