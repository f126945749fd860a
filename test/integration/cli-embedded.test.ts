// The `rtc` command line's help, its refusals of bad arguments, and what each command loads, run for real. None of
// these opens the database under test (the last uses an embedded database of its own whatever DATABASE_URL says), so
// the file runs once, in the embedded pass (vitest.config.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rtc } from '../support/cli.ts';

/**
 * The project's own files (paths from the repository's root) that `rtc ARGS` loads, one set for each process it runs,
 * on an embedded database of its own (also when the tests run against a PostgreSQL server).
 */
async function loadedBy(args: string[]): Promise<Set<string>[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'rtc-loaded-'));
  try {
    const { DATABASE_URL: _server, ...env } = process.env;
    await promisify(execFile)(process.execPath, ['bin/rtc.js', ...args], {
      env: { ...env, NODE_ENV: 'test', DATA_DIR: join(scratch, 'data'), NODE_OPTIONS: '--import ./test/support/loaded-modules.mjs', RTC_LOADED_MODULES: join(scratch, 'loaded') },
      timeout: 120_000,
    });
    const lists = readdirSync(scratch).filter((name) => name.startsWith('loaded.'));
    return lists.map((name) => {
      const files = readFileSync(join(scratch, name), 'utf8').split('\n').filter(Boolean).map((file) => relative(process.cwd(), file));
      return new Set(files.filter((file) => !file.startsWith('node_modules') && !file.startsWith('..')));
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('rtc --help', () => {
  it('explains every command', async () => {
    const top = await rtc(['--help'], {});
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'user', 'token', 'area', 'payment-run', 'audit', 'ledger']) expect(top.stdout).toContain(command);
    for (const command of [['serve'], ['migrate'], ['demo'], ['user', 'create'], ['token', 'create'], ['area', 'create'], ['payment-run'], ['audit', 'verify'], ['ledger', 'export']]) {
      const help = await rtc([...command, '--help'], {});
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout).toContain(`Usage: rtc ${command.join(' ')}`);
    }
    // Ten child processes each load the TypeScript sources: give a loaded machine time.
  }, 180_000);

  it('loads the program and nothing a command needs to run it: no command module, database or web application', async () => {
    const program = ['bin/rtc.js', 'src/cli/program.ts', 'src/cli/arguments.ts', 'src/cli/area-command.ts'];
    for (const args of [['--help'], ['serve', '--help'], ['demo', '--help'], ['area', 'create', '--help'], ['payment-run', '--help'], ['audit', 'verify', '--help'], ['ledger', 'export', '--help']]) {
      const [loaded, ...others] = await loadedBy(args);
      expect(others, args.join(' ')).toHaveLength(0);
      expect([...loaded!].sort(), args.join(' ')).toEqual([...program].sort());
    }
    // The list is complete: running a command shows its module and the database being loaded.
    const [migrate] = await loadedBy(['migrate']);
    for (const file of ['src/cli/shared.ts', 'src/db/database.ts', 'src/platform/config.ts']) expect(migrate).toContain(file);
    expect(migrate).not.toContain('src/cli/serve.ts');
  }, 180_000);

  it('refuses bad arguments with a message, not a stack trace', async () => {
    const result = await rtc(['demo', '--people', 'lots'], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Give a whole number');
    expect(result.stderr).not.toContain('    at ');
  }, 60_000);
});

describe('rtc demo', () => {
  it('creates a new embedded database in a process of its own, so the demo’s process never holds what creating it took', async () => {
    const processes = await loadedBy(['demo', '--people', '4']);
    expect(processes).toHaveLength(2);
    const demo = processes.find((loaded) => loaded.has('src/cli/demo.ts'));
    const creator = processes.find((loaded) => !loaded.has('src/cli/demo.ts'));
    expect(demo?.has('src/demo/demo-region.ts')).toBe(true);
    expect(creator?.has('src/db/database.ts')).toBe(true);
    expect(creator?.has('src/demo/demo-region.ts')).toBe(false);
  }, 120_000);
});
