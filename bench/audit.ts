// Benchmark: audit appends from many concurrent requests, one lock and one transaction per entry (the old way) against
// the group commit (AuditQueue), in the same run on the same scratch PostgreSQL database. Each simulated request
// appends one entry, then keeps the main thread busy for a moment (its page being rendered), as in the app.
// Usage: DATABASE_URL=postgres://… npx tsx bench/audit.ts [--requests 4000 --concurrency 50 --work-ms 1]
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { scratchDatabase } from './server.ts';
import { systemClock } from '../src/platform/clock.ts';
import { type AuditEntry, AuditQueue, recordAudit, verifyAuditLog } from '../src/records/audit.ts';
import { Checkpointer } from '../src/records/audit-checkpoints.ts';
import { developmentCheckpointKey } from '../src/domain/audit-checkpoints.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '4000' }, concurrency: { type: 'string', default: '50' }, 'work-ms': { type: 'string', default: '1' } } });
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const workMs = Number(values['work-ms']);
const { database, drop } = await scratchDatabase('rtc_bench_audit');

function entry(n: number): AuditEntry {
  return { occurredAt: systemClock.now(), actorType: 'user', actorId: 'bench', action: 'person.read', outcome: 'allowed', subjectType: 'person', subjectId: `person-${n}`, areaId: null, route: '/people/:personId', method: 'GET', requestId: `bench-${n}`, detail: null };
}

/** The main thread busy for `ms` (a monotonic timer: how long, not what time it is). */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

async function run(label: string, append: (entry: AuditEntry) => Promise<void>) {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const n = (next += 1);
        const begun = performance.now();
        await append(entry(n));
        latencies.push(performance.now() - begun);
        busy(workMs);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  console.log(`| ${label} | ${Math.round(requests / seconds).toLocaleString('en-GB')} | ${at(0.5)} | ${at(0.99)} |`);
}

try {
  await database.migrate();
  console.log(`${requests} appends, ${concurrency} at once, ${workMs} ms of main-thread work after each; ${cpus().length} cores; pool of 10 connections`);
  console.log('| Way | Appends/s | p50 ms | p99 ms |');
  console.log('|---|---|---|---|');
  await run('One lock and transaction per entry', (item) => recordAudit(database.db, item));
  const queue = new AuditQueue(database.db, { after: new Checkpointer(database.db, { key: developmentCheckpointKey, everyEntries: 1000, everySeconds: 60 }, systemClock) });
  await run('Group commit', (item) => queue.append(item));
  await queue.close();
  const report = await verifyAuditLog(database.db);
  console.log(`Chain after both: ${report.ok ? 'whole' : 'BROKEN'}, ${report.checked} entries, ${report.checkpointsChecked} checkpoints.`);
} finally {
  await drop();
}
