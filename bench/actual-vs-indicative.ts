// Benchmark: actual against indicative budgets over 100,000 agreed plans. Makes a scratch PostgreSQL database next to
// DATABASE_URL's, fills one area with people, agreed plans and one agreed budget per plan (bulk-inserted across age
// bands, streams and teams), times the analysis as the page and the API run it (read the rows, analyse them in the
// domain, with suppression) several times and prints the median, against a reference measured in the same run: a bare
// count of the same rows, and the same rows read with nothing done to them.
// Usage: DATABASE_URL=postgres://… npx tsx bench/actual-vs-indicative.ts [--plans 100000 --runs 7] [--keep]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { benchmarkArea, scratchDatabase } from './server.ts';
import { areaAnalysis } from '../src/features/budget-analysis/analysis-view.ts';
import { currentAgreedBudgets } from '../src/features/budget-analysis/queries.ts';

const { values } = parseArgs({ options: { plans: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' }, keep: { type: 'boolean', default: false } } });
const count = Number(values.plans);
const runs = Number(values.runs);
const { database, drop } = await scratchDatabase('rtc_bench_actual');

try {
  await database.migrate();
  const { db } = database;
  const areaId = await benchmarkArea(db);

  // Everything in SQL, so filling takes seconds: a person and an agreed plan each, and one agreed budget per plan,
  // spread over the five age bands, three streams and five teams, with differences from −10% to +10%.
  const fillStarted = Date.now();
  await db.execute(sql`
    insert into people (area_id, given_name, family_name, date_of_birth, team)
    select ${areaId}::uuid, 'Benchmark', 'Person ' || g, date '1930-01-01' + (g % 25000), (array['North locality team','South locality team','Learning disability team','Mental health team','Hospital discharge team'])[1 + g % 5]
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into support_plans (area_id, person_id, state, sign_off, current_version)
    select area_id, id, 'agreed', '{"state":"agreed","planVersion":1,"parts":[]}'::jsonb, 1 from people where area_id = ${areaId}::uuid`);
  await db.execute(sql`
    insert into agreed_budgets (area_id, person_id, plan_id, stream_code, age_band, team, indicative_yearly_pence, actual_yearly_pence, agreed_on)
    select p.area_id, p.person_id, p.id,
      (array['adult-social-care','supporting-people','access-to-work'])[1 + n % 3],
      (array['18 to 24','25 to 64','65 to 74','75 to 84','85 and over'])[1 + (n / 3) % 5],
      (array['North locality team','South locality team','Learning disability team','Mental health team','Hospital discharge team'])[1 + (n / 7) % 5],
      indicative, indicative + (indicative * ((n % 21) - 10)) / 100, date '2026-11-02'
    from (select s.*, row_number() over (order by s.id) as n, 300000 + (row_number() over (order by s.id) % 997) * 1800 as indicative from support_plans s where s.area_id = ${areaId}::uuid) p`);
  await db.execute(sql`vacuum analyze agreed_budgets`);
  const fillSeconds = (Date.now() - fillStarted) / 1000;

  const time = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
    const started = process.hrtime.bigint();
    const result = await work();
    return [Number(process.hrtime.bigint() - started) / 1e6, result];
  };
  const analysisTimings: number[] = [];
  const countTimings: number[] = [];
  const readTimings: number[] = [];
  const loadBefore = loadavg()[0]!;
  let rowsCounted = 0;
  let analysis;
  for (let run = 0; run < runs; run += 1) {
    const [ms, result] = await time(() => areaAnalysis(db, areaId));
    analysisTimings.push(ms);
    analysis = result;
    const [countMs, counted] = await time(() => db.execute(sql`select count(*)::int as n from agreed_budgets where area_id = ${areaId}::uuid and superseded_at is null`));
    countTimings.push(countMs);
    rowsCounted = (counted as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const [readMs] = await time(() => currentAgreedBudgets(db, areaId));
    readTimings.push(readMs);
  }
  const medianOf = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? Number.NaN;
  const server = ((await db.execute(sql`show server_version`)) as unknown as { rows: { server_version: string }[] }).rows[0]!.server_version;
  const everyone = analysis!.groups.find((group) => group.breakdown === 'all')!;
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${server} on the same machine`);
  console.log(`Filled ${count.toLocaleString('en-GB')} people, agreed plans and agreed budgets in ${fillSeconds.toFixed(0)} s; ${rowsCounted.toLocaleString('en-GB')} current agreed budgets`);
  console.log(`Analysis runs (ms): ${analysisTimings.map((ms) => ms.toFixed(0)).join(', ')}; median ${medianOf(analysisTimings).toFixed(0)} ms (goal: 1,000 ms or less)`);
  console.log(`Reference, a bare count of the same rows (ms): ${countTimings.map((ms) => ms.toFixed(0)).join(', ')}; median ${medianOf(countTimings).toFixed(1)} ms`);
  console.log(`Reference, the same rows read and nothing done (ms): ${readTimings.map((ms) => ms.toFixed(0)).join(', ')}; median ${medianOf(readTimings).toFixed(0)} ms`);
  console.log(`The analysis takes ${(medianOf(analysisTimings) / medianOf(readTimings)).toFixed(2)}× reading its rows, and ${(medianOf(analysisTimings) / medianOf(countTimings)).toFixed(0)}× the count`);
  console.log(`Everyone: ${everyone.count.suppressed ? 'hidden' : everyone.count.value} budgets, mean difference ${everyone.meanDifferencePence} pence a year; ${analysis!.groups.length} groups`);
  console.log(`Load average (1 minute) before the runs: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)}`);
  console.log(`Heap after: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
} finally {
  await drop(values.keep);
}
