// How quickly `rtc --help` answers, against bare Node in the same run, and how much memory `rtc demo` and a started
// server hold: the peak of `rtc demo --people N` on the embedded database (and on PostgreSQL when DATABASE_URL is
// set), and a server's resident memory once it answers, on the demo just made and on a fresh start (`npm start`).
// Run: npx tsx bench/cli.ts [--people 10000] [--runs 11] [--rtc path/to/bin/rtc.js]; --people 0 times only --help.
// Memory is read from /proc/<pid>/status (VmRSS now, VmHWM the peak), so this runs on Linux.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/database.ts';
import { waitForHealth } from './server.ts';

const { values } = parseArgs({ options: { people: { type: 'string', default: '10000' }, runs: { type: 'string', default: '11' }, rtc: { type: 'string', default: 'bin/rtc.js' } } });
const people = Number(values.people);
const runs = Number(values.runs);
const rtc = resolve(values.rtc);

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
const megabytes = (kilobytes: number) => `${Math.round(kilobytes / 1024)} MB`;

/** Wall-clock milliseconds for a command to run to the end. */
function timed(args: string[]): number {
  // A duration, not the time of day: the monotonic timer.
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

function status(pid: number): { rss: number; peak: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const peak = /VmHWM:\s+(\d+)/.exec(text)?.[1];
    // An exited process not yet reaped has a status without memory lines.
    return peak ? { rss: Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0), peak: Number(peak) } : undefined;
  } catch {
    return undefined; // it has exited
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Follows a process and every process it starts, keeping each one's last-read peak (VmHWM only grows, so the last
 * read before it exits is its peak, to within one interval).
 */
function follow(root: number) {
  const peaks = new Map<number, number>();
  const sample = () => {
    const pending = [root];
    while (pending.length) {
      const pid = pending.pop()!;
      const now = status(pid);
      if (now) peaks.set(pid, Math.max(now.peak, peaks.get(pid) ?? 0));
      pending.push(...childrenOf(pid));
    }
  };
  const timer = setInterval(sample, 50);
  sample();
  return {
    stop() {
      clearInterval(timer);
      const others = [...peaks].filter(([pid]) => pid !== root).map(([, peak]) => peak);
      return { own: peaks.get(root) ?? 0, helpers: others.length ? Math.max(...others) : undefined };
    },
  };
}

async function demoPeak(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [rtc, 'demo', '--people', String(people)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const watch = follow(child.pid!);
  const started = performance.now();
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const result = watch.stop();
  if (code !== 0) throw new Error(`rtc demo exited ${code}`);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** Starts `rtc serve`, waits until it answers, asks for a few pages, lets it settle and reads its memory. */
async function servedMemory(args: string[], env: NodeJS.ProcessEnv, port: number) {
  const child = spawn(process.execPath, [rtc, 'serve', ...args], { env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const watch = follow(child.pid!);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(base, 30 * 60_000);
    for (let request = 0; request < 20; request += 1) await (await fetch(`${base}/sign-in`)).text();
    await new Promise((done) => setTimeout(done, 3000));
    const now = status(child.pid!)!;
    return { rss: now.rss, peak: now.peak, helpers: watch.stop().helpers };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
}

const lines: string[] = [];
const report = (line: string) => {
  console.log(line);
  lines.push(line);
};
const helpersNote = (helpers: number | undefined) => (helpers ? `; the process it started to create the database peaked at ${megabytes(helpers)}` : '');

// 1. rtc --help against bare Node, alternating so both see the same machine.
const bare: number[] = [];
const help: number[] = [];
timed([rtc, '--help']); // the first run fills tsx's cache of compiled files
for (let run = 0; run < runs; run += 1) {
  bare.push(timed(['-e', '']));
  help.push(timed([rtc, '--help']));
}
report(`rtc --help: median ${median(help).toFixed(0)} ms over ${runs} runs; node -e "" ${median(bare).toFixed(0)} ms; difference ${(median(help) - median(bare)).toFixed(0)} ms`);

if (people === 0) process.exit(0);

// 2. rtc demo on a new embedded database, then 3. a server started on it, then 4. a fresh start as `npm start` makes.
const scratch = mkdtempSync(join(tmpdir(), 'rtc-bench-cli-'));
const embedded = { ...process.env, NODE_ENV: 'development', DATA_DIR: join(scratch, 'data'), DATABASE_URL: undefined };
try {
  const demo = await demoPeak(embedded);
  report(`rtc demo --people ${people} (embedded): peak ${megabytes(demo.own)}${helpersNote(demo.helpers)}; ${demo.seconds.toFixed(0)} s`);
  const warm = await servedMemory([], embedded, 3990);
  report(`rtc serve on that database (embedded): ${megabytes(warm.rss)} resident once answering (peak ${megabytes(warm.peak)})`);
  const fresh = await servedMemory(['--demo-if-empty'], { ...embedded, DATA_DIR: join(scratch, 'fresh') }, 3991);
  report(`rtc serve --demo-if-empty on no database (npm start, 200 people): ${megabytes(fresh.rss)} resident once answering (peak ${megabytes(fresh.peak)})${helpersNote(fresh.helpers)}`);
} finally {
  if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
}

// 5. The same demo and server on PostgreSQL, in a database of their own on the server DATABASE_URL names.
if (process.env.DATABASE_URL) {
  const name = `rtc_bench_cli_${process.pid}`;
  const admin = await openDatabase({ url: process.env.DATABASE_URL });
  await admin.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const server = { ...process.env, NODE_ENV: 'development', DATABASE_URL: url.toString() };
  try {
    const demo = await demoPeak(server);
    report(`rtc demo --people ${people} (PostgreSQL): peak ${megabytes(demo.own)} in the rtc process; ${demo.seconds.toFixed(0)} s`);
    const warm = await servedMemory([], server, 3992);
    report(`rtc serve on that database (PostgreSQL): ${megabytes(warm.rss)} resident once answering (peak ${megabytes(warm.peak)})`);
  } finally {
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.close();
  }
}
console.log(`\n${lines.join('\n')}`);
