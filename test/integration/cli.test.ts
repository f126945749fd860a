// The `rtc` command line, run for real against the database under test (PGlite, or a fresh database on the PostgreSQL
// server): the demo with its progress and sign-in details, creating a user, and what `npm start` runs. Help, bad
// arguments and what each command loads need no such database: they are in cli-embedded.test.ts.
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, roleAssignments, users } from '../../src/db/schema.ts';
import { rtc, type ScratchDatabase, scratchDatabase } from '../support/cli.ts';

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
