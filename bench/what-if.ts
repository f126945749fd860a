// Benchmark: the RAS what-if over a large area. Makes a scratch PostgreSQL database next to DATABASE_URL's, fills one
// area with synthetic people and their completed assessments, times `runWhatIf` several times and prints the median,
// and, as its reference in the same run, the time of the what-if's own query alone (sent again as it was, rows read
// as they stream and dropped), alternating with the runs.
// Usage: DATABASE_URL=postgres://… npx tsx bench/what-if.ts [--people 100000 --runs 7] [--keep: leave the database]
//        [--reuse <name>: time again on a database an earlier run kept, without filling it]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { scratchDatabase } from './server.ts';
import { compileRasTable } from '../src/domain/budget/ras.ts';
import { syntheticAnswers } from '../src/demo/synthetic-assessments.ts';
import { syntheticPeopleGenerator } from '../src/demo/synthetic-people.ts';
import { areas, assessments, people } from '../src/db/schema.ts';
import { openDatabase } from '../src/db/database.ts';
import { configurationInForce } from '../src/records/configuration-store.ts';
import { runWhatIf } from '../src/features/configuration/what-if.ts';
import { createArea, createRegion } from '../src/records/tenancy.ts';
import { eq, sql } from 'drizzle-orm';
import { systemClock } from '../src/platform/clock.ts';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' } },
});
const count = Number(values.people);
const runs = Number(values.runs);

/** A database an earlier run kept: opened as it is, and left in place afterwards. */
async function keptDatabase(name: string) {
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to the PostgreSQL server that holds the kept database.');
  if (!/^rtc_bench_what_if_[0-9a-f]+$/.test(name)) throw new Error('--reuse takes the name of a database this benchmark kept');
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ url: url.toString() });
  return { database: opened, drop: async () => opened.close() };
}

const { database, drop } = values.reuse ? await keptDatabase(values.reuse) : await scratchDatabase('rtc_bench_what_if');

try {
  const { db } = database;
  const today = systemClock.today();
  let fillSeconds = 0;
  let areaId: string;
  if (values.reuse) {
    const [found] = await db.select({ id: areas.id }).from(areas).where(eq(areas.name, 'Benchmark area'));
    if (!found) throw new Error('the kept database has no benchmark area');
    areaId = found.id;
  } else {
    await database.migrate();
    areaId = await fill();
  }
  const before = await configurationInForce(db, areaId, today);
  if (!before) throw new Error('the area has no configuration in force');

  async function fill(): Promise<string> {
    const area = await db.transaction(async (tx) => {
      const region = await createRegion(tx, { name: 'Benchmark region', illustrative: true });
      return createArea(tx, {
        regionId: region.id,
        name: 'Benchmark area',
        illustrative: true,
        leadCouncil: { name: 'Benchmark County Council', kind: 'county_council' },
        partners: [{ name: 'Benchmark Jobcentre Plus', kind: 'jobcentre_plus' }],
      }, { now: systemClock.now() });
    });
    const before = await configurationInForce(db, area.areaId, today);
    if (!before) throw new Error('the new area has no configuration in force');

    // Realistic answers from the same generator as the demo, inserted in batches of multi-row INSERTs.
    const fillStarted = Date.now();
    const next = syntheticPeopleGenerator(42, today);
    const batchSize = 1000;
    for (let start = 0; start < count; start += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, count - start) }, () => next());
      const inserted = await db
        .insert(people)
        .values(batch.map((person) => ({ areaId: area.areaId, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, team: person.team, illustrativeProfile: person.profile })))
        .returning({ id: people.id });
      const completedAt = new Date();
      await db.insert(assessments).values(
        batch.map((person, index) => ({
          areaId: area.areaId,
          personId: inserted[index]!.id,
          questionSetId: before.questionSet.id,
          status: 'completed',
          answers: syntheticAnswers(person, today),
          completedAt,
        })),
      );
    }
    await db.execute(sql`vacuum analyze people`);
    await db.execute(sql`vacuum analyze assessments`);
    fillSeconds = (Date.now() - fillStarted) / 1000;
    return area.areaId;
  }

  // The recalibration being tried: 50p more a point.
  const inForce = before.rasTables.find((table) => table.definition.streamCode === 'adult-social-care')!;
  const pricing = inForce.definition.pricing.kind === 'per-point' ? { kind: 'per-point' as const, pencePerPoint: inForce.definition.pricing.pencePerPoint + 50 } : inForce.definition.pricing;
  const draft = compileRasTable({ ...inForce.definition, pricing });
  const inputs = {
    areaId,
    day: today,
    rules: before.rules.definition,
    changes: [{ streamCode: 'adult-social-care', streamName: 'Adult Social Care', before: { kind: 'ras' as const, compiled: inForce.compiled }, after: draft }],
  };

  // The what-if streams its one big query through pg.Query; keep the last one sent, to send it again on its own.
  let whatIfQuery: { text: string; values: unknown[] } | undefined;
  const send = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (args[0] instanceof pg.Query) {
      const query = args[0] as unknown as { text: string; values: unknown[] };
      whatIfQuery = { text: query.text, values: query.values };
    }
    return (send as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof send;
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  async function queryAlone(): Promise<number> {
    const client = await pool.connect();
    try {
      const started = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(new pg.Query({ text: whatIfQuery!.text, values: whatIfQuery!.values, rowMode: 'array' } as pg.QueryConfig));
        stream.on('row', () => {});
        stream.on('error', reject);
        stream.on('end', () => resolve());
      });
      return Number(process.hrtime.bigint() - started) / 1e6;
    } finally {
      client.release();
    }
  }

  const timings: number[] = [];
  const queryTimings: number[] = [];
  const loadBefore = loadavg()[0]!;
  let result;
  for (let run = 0; run < runs; run += 1) {
    const started = process.hrtime.bigint();
    result = await runWhatIf(db, inputs);
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (whatIfQuery) queryTimings.push(await queryAlone());
  }
  const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const sorted = [...timings].sort((a, b) => a - b);
  const median = medianOf(timings);
  const queryMedian = medianOf(queryTimings);
  const server = ((await db.execute(sql`show server_version`)) as unknown as { rows: { server_version: string }[] }).rows[0]!.server_version;
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${server} on the same machine`);
  if (!values.reuse) console.log(`Filled ${count.toLocaleString('en-GB')} people and completed assessments in ${fillSeconds.toFixed(0)} s`);
  console.log(`What-if runs (ms): ${timings.map((ms) => ms.toFixed(0)).join(', ')}`);
  console.log(`Median: ${median.toFixed(0)} ms, fastest ${sorted[0]!.toFixed(0)} ms (the first run also reads the question set)`);
  console.log(`Its query alone (ms): ${queryTimings.map((ms) => ms.toFixed(0)).join(', ')}; median ${queryMedian.toFixed(0)} ms; the what-if takes ${(median / queryMedian).toFixed(2)}× its query`);
  console.log(`Load average (1 minute) before the runs: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)}`);
  console.log(`Result: ${result!.assessed} assessed, ${result!.included} eligible, ${result!.affected} affected, ${result!.changeWeeklyPence} pence a week in total`);
  console.log(`Heap after: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
} finally {
  await drop(values.keep);
}
