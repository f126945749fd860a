// What the benchmarks share: running an `rtc` command to the end, waiting for a started server to answer, signing in
// through the real form as a browser would, a scratch PostgreSQL database, and one illustrative area to fill in it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { demoPasswordText } from '../src/demo/demo-region.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createArea, createRegion } from '../src/records/tenancy.ts';

/** Runs a command to the end, failing if it exits with anything but 0; its errors are shown, its output is not. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

export async function waitForHealth(base: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not start');
}

/** Signs in through the real form (CSRF token and all) and returns the cookie header a browser would send. */
export async function signIn(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ email, password: demoPasswordText, _csrf: token }),
  });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  const session = response.headers.getSetCookie().find((c) => c.startsWith('rtc_session='))!.split(';')[0];
  return `${csrfCookie}; ${session}`;
}

/**
 * A scratch PostgreSQL database next to DATABASE_URL's, for a benchmark that fills its own: opened, migrated by the
 * caller, and dropped by `drop` (unless kept). Exits with a sentence when DATABASE_URL is not set.
 */
export async function scratchDatabase(prefix: string) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.error('Set DATABASE_URL to a PostgreSQL server: the benchmark makes (and then drops) a scratch database there.');
    process.exit(1);
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    name,
    database,
    /** Closes the database and drops it, or keeps it and says so. */
    async drop(keep = false) {
      await database.close();
      if (keep) console.log(`Kept database ${name}`);
      else await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** One illustrative area in a region of its own, with only its lead council: the area a benchmark fills. */
export async function benchmarkArea(db: Database): Promise<string> {
  const area = await db.transaction(async (tx) => {
    const region = await createRegion(tx, { name: 'Benchmark region', illustrative: true });
    return createArea(tx, { regionId: region.id, name: 'Benchmark area', illustrative: true, leadCouncil: { name: 'Benchmark County Council', kind: 'county_council' }, partners: [] }, { now: systemClock.now() });
  });
  return area.areaId;
}
