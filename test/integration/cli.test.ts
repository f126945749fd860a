// The `rtc` command line, run for real: help on every command, the demo with its progress and sign-in details,
// creating a user, and clear refusals of bad arguments.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, roleAssignments, users } from '../../src/db/schema.ts';
import { rtc, type ScratchDatabase, scratchDatabase } from '../support/cli.ts';

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
    for (const command of ['serve', 'migrate', 'demo', 'user', 'token', 'area', 'payment-run', 'audit']) expect(top.stdout).toContain(command);
    for (const command of [['serve'], ['migrate'], ['demo'], ['user', 'create'], ['token', 'create'], ['area', 'create'], ['audit', 'verify']]) {
      const help = await rtc([...command, '--help'], {});
      expect(help.code, command.join(' ')).toBe(0);
      expect(help.stdout).toContain(`Usage: rtc ${command.join(' ')}`);
    }
    // Eight child processes each load the TypeScript sources: give a loaded machine time.
  }, 180_000);

  it('loads the program and nothing a command needs to run it: no command module, database or web application', async () => {
    const program = ['bin/rtc.js', 'src/cli/program.ts', 'src/cli/arguments.ts', 'src/cli/area-command.ts'];
    for (const args of [['--help'], ['serve', '--help'], ['demo', '--help'], ['area', 'create', '--help'], ['payment-run', '--help'], ['audit', 'verify', '--help']]) {
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

describe('rtc demo and rtc user create', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await scratchDatabase('cli');
  });
  afterAll(() => scratch.drop());

  it('creates the demo region with synthetic people, shows progress and prints sign-in details; running again resets it', async () => {
    const first = await rtc(['demo', '--people', '30'], scratch.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout + first.stderr).toContain('Generating people');
    expect(first.stdout).toContain('Demo region created with 30 synthetic people in 2 areas');
    for (const email of ['practitioner@northshire.example', 'budget.holder@riverton.example', 'coordinator@region.example', 'sysadmin@platform.example']) {
      expect(first.stdout).toContain(email);
    }
    expect(first.stdout).toContain('demo-password-2026');
    const again = await rtc(['demo', '--people', '10'], scratch.env);
    expect(again.code, again.stderr).toBe(0);
    const database = await scratch.open();
    try {
      const everyone = await database.db.select().from(people);
      expect(everyone).toHaveLength(10);
      expect(everyone.every((person) => (person.illustrativeProfile as { illustrative?: boolean }).illustrative === true)).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('creates a new embedded database in a process of its own, so the demo’s process never holds what creating it took', async () => {
    const processes = await loadedBy(['demo', '--people', '4']);
    expect(processes).toHaveLength(2);
    const demo = processes.find((loaded) => loaded.has('src/cli/demo.ts'));
    const creator = processes.find((loaded) => !loaded.has('src/cli/demo.ts'));
    expect(demo?.has('src/demo/demo-region.ts')).toBe(true);
    expect(creator?.has('src/db/database.ts')).toBe(true);
    expect(creator?.has('src/demo/demo-region.ts')).toBe(false);
  }, 120_000);

  it('creates a system administrator with a password from standard input, and refuses a short one', async () => {
    const short = await rtc(['user', 'create', '--email', 'root@council.example', '--name', 'Root', '--role', 'system_administrator', '--password-stdin'], scratch.env, 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');
    const made = await rtc(['user', 'create', '--email', 'root@council.example', '--name', 'Root', '--role', 'system_administrator', '--password-stdin'], scratch.env, 'a-very-long-password\n');
    expect(made.code, made.stderr).toBe(0);
    const unknownRole = await rtc(['user', 'create', '--email', 'x@council.example', '--name', 'X', '--role', 'wizard', '--password-stdin'], scratch.env, '');
    expect(unknownRole.code).toBe(1);
    expect(unknownRole.stderr).toContain('Unknown role');
    const database = await scratch.open();
    try {
      const [user] = await database.db.select().from(users).where(eq(users.email, 'root@council.example'));
      expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
      const [assignment] = await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, user!.id));
      expect(assignment!.role).toBe('system_administrator');
    } finally {
      await database.close();
    }
  }, 120_000);
});

describe('rtc serve --demo-if-empty (what `npm start` runs)', () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await scratchDatabase('serve');
  });
  afterAll(() => scratch.drop());

  it('on an empty database, creates the demo and serves it: health answers and the sign-in page lists demo accounts', async () => {
    const port = 3800 + (process.pid % 100);
    const server = spawn(process.execPath, ['bin/rtc.js', 'serve', '--demo-if-empty', '--people', '20'], {
      env: { ...process.env, ...scratch.env, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    try {
      let health: Response | undefined;
      for (let attempt = 0; attempt < 240 && !health?.ok; attempt += 1) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (!health?.ok) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(health?.status, output).toBe(200);
      expect(await health!.json()).toMatchObject({ status: 'ok', database: scratch.env.DATABASE_URL ? 'postgres' : 'pglite' });
      const signIn = await (await fetch(`http://127.0.0.1:${port}/sign-in`)).text();
      expect(signIn).toContain('practitioner@northshire.example');
      expect(signIn).toContain('made up for illustration');
      expect(output).toContain('Demo sign-in details');
      expect(output).toContain('Right to Control is running at');
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }, 120_000);
});
