// Benchmark: many signed-in sessions at once against the embedded database, with the database queue's bound
// (DB_MAX_ACTIVE_REQUESTS, DB_MAX_QUEUED_REQUESTS, DB_MAX_WAIT_SECONDS, SERVER_MAX_DELAY_MS) and, as the reference in the same run, with
// no bound: the share of requests slower than 30 s (timed out), the share answered 503, and each one's latency.
// Usage: npx tsx bench/busy.ts [--people 500 --sessions 10 --connections 200 --duration 30]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { run, signIn, waitForHealth } from './server.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '500' },
    sessions: { type: 'string', default: '10' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '30' },
    port: { type: 'string', default: '3998' },
  },
});
const sessions = Number(values.sessions);
const connections = Number(values.connections);
const duration = Number(values.duration);
const base = `http://127.0.0.1:${values.port}`;
const timeoutSeconds = 30;

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

/** The signed-in home page from every session at once, split evenly over the connections. */
async function loadSessions(cookies: string[]) {
  const latencies = { ok: [] as number[], busy: [] as number[], other: [] as number[] };
  const results = await Promise.all(
    cookies.map(
      (cookie) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const options = { url: `${base}/`, connections: Math.max(1, Math.round(connections / cookies.length)), duration, timeout: timeoutSeconds, headers: { cookie } };
          const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
          instance.on('response', (_client, statusCode, _bytes, responseTime) => {
            (statusCode === 200 ? latencies.ok : statusCode === 503 ? latencies.busy : latencies.other).push(responseTime);
          });
        }),
    ),
  );
  const timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
  const answered = latencies.ok.length + latencies.busy.length + latencies.other.length;
  const total = answered + timeouts;
  for (const list of Object.values(latencies)) list.sort((a, b) => a - b);
  return { total, timeouts, answered, ...latencies };
}

async function scenario(name: string, dataDir: string, limits: NodeJS.ProcessEnv) {
  const env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: values.port, HOST: '127.0.0.1', DATA_DIR: dataDir, LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...limits };
  const server: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'rtc.js'), 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitForHealth(base, 60_000);
    const cookies = [];
    for (let i = 0; i < sessions; i += 1) cookies.push(await signIn(base, 'practitioner@northshire.example'));
    const r = await loadSessions(cookies);
    const share = (n: number) => `${((100 * n) / Math.max(1, r.total)).toFixed(1)}%`;
    return `| ${name} | ${r.total} | ${r.ok.length} | ${share(r.timeouts)} | ${share(r.busy.length)} | ${percentile(r.ok, 50)} / ${percentile(r.ok, 99)} | ${percentile(r.busy, 50)} / ${percentile(r.busy, 99)} | ${r.other.length} |`;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-bench-busy-'));
  try {
    await run(process.execPath, [join(import.meta.dirname, '..', 'bin', 'rtc.js'), 'demo', '--people', values.people], { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir });
    const unbounded = { DB_MAX_ACTIVE_REQUESTS: '100000', DB_MAX_QUEUED_REQUESTS: '100000', DB_MAX_WAIT_SECONDS: '3600', SERVER_MAX_DELAY_MS: '0' };
    const rows = [await scenario('no bound (reference)', dataDir, unbounded), await scenario('bound (defaults)', dataDir, {})];
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PGlite, ${values.people} demo people`);
    console.log(`${sessions} sessions, ${connections} connections, ${duration} s each, requests over ${timeoutSeconds} s counted as timed out\n`);
    console.log('| Queue | Requests | 200 | Over 30 s | 503 | 200 p50 / p99 ms | 503 p50 / p99 ms | Other |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
