// Benchmarks: the synthetic people generator, and HTTP throughput of a signed-in page against the bare /health route
// on the same server in the same run. Results are printed as a Markdown table for docs/benchmarks.md.
// Usage: npm run bench [-- --people 2000 --duration 10 --connections 10]  (DATABASE_URL set → PostgreSQL)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { run, signIn, waitForHealth } from './server.ts';
import { syntheticPeopleGenerator } from '../src/demo/synthetic-people.ts';
import { systemClock } from '../src/platform/clock.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3999' },
  },
});
const people = Number(values.people);
const duration = Number(values.duration);
const connections = Number(values.connections);
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;

function benchGenerator(count: number) {
  const next = syntheticPeopleGenerator(1, systemClock.today());
  const before = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  let ages = 0;
  for (let i = 0; i < count; i += 1) ages += next().dateOfBirth.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { count, perSecond: Math.round(count / seconds), heapMb: (process.memoryUsage().heapUsed - before) / 1e6, check: ages };
}

async function load(path: string, cookie?: string) {
  const result = await autocannon({ url: `${base}${path}`, connections, duration, headers: cookie ? { cookie } : {} });
  const non2xx = result.non2xx + result.errors;
  return { path, requestsPerSecond: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx };
}

async function main() {
  const generator = benchGenerator(50_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'rtc-bench-'));
  const env = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' };
  const rtc = join(import.meta.dirname, '..', 'bin', 'rtc.js');
  let server: ChildProcess | undefined;
  try {
    await run(process.execPath, [rtc, 'demo', '--people', String(people)], env);
    const spawned = Date.now();
    server = spawn(process.execPath, [rtc, 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForHealth(base, 60_000);
    const startSeconds = (Date.now() - spawned) / 1000;
    const cookie = await signIn(base, 'practitioner@northshire.example');
    await load('/health'); // warm-up, not reported
    const health = await load('/health');
    const home = await load('/', cookie);
    const person = await fetch(`${base}/`, { headers: { cookie } }).then((r) => r.text()).then((html) => /href="(\/people\/[0-9a-f-]{36})"/.exec(html)?.[1]);
    const record = person ? await load(person, cookie) : undefined;
    const database = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${database}, ${people} demo people`);
    console.log(`Start-up: ${startSeconds.toFixed(1)} s from launching \`rtc serve\` to the first healthy /health (migrations checked, demo present)`);
    console.log(`Synthetic people generator: ${generator.perSecond.toLocaleString('en-GB')} people/s (${generator.count.toLocaleString('en-GB')} made; heap +${generator.heapMb.toFixed(0)} MB)\n`);
    console.log(`| Route | Signed in | Requests/s | p50 ms | p99 ms | non-2xx |`);
    console.log(`|---|---|---|---|---|---|`);
    for (const [row, signedIn] of [[health, false], [home, true], ...(record ? [[record, true] as const] : [])] as const) {
      console.log(`| \`${row.path.replace(/[0-9a-f-]{36}/, ':personId')}\` | ${signedIn ? 'yes' : 'no'} | ${row.requestsPerSecond} | ${row.p50} | ${row.p99} | ${row.non2xx} |`);
    }
    console.log(`\n(${connections} connections, ${duration} s each, server and load generator on the same machine)`);
  } finally {
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
