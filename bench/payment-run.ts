// Benchmark: a payment run for 10,000 people. Makes a scratch PostgreSQL database next to DATABASE_URL's, fills one
// area in SQL with people, agreed plans, agreed budgets with accepted direct payment offers and bank details that pass
// the modulus check, then times preparing the run (batches of 200, each its own transaction), preparing it again
// (which must change nothing), reviewing, releasing (posting every hold) and writing the Bacs file, and checks the
// ledger balances and the file's total equals the run's.
// Usage: DATABASE_URL=postgres://… npx tsx bench/payment-run.ts [--people 10000 --batch 200] [--keep]
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { benchmarkArea, scratchDatabase } from './server.ts';
import { checkModulus } from '../src/domain/payments/modulus.ts';
import { validateStandard18 } from '../src/domain/payments/bacs-standard-18.ts';
import { modulusTables } from '../src/platform/modulus-tables.ts';
import { systemClock } from '../src/platform/clock.ts';
import type { AuditWriter } from '../src/records/audit.ts';
import { bacsFileFor, preparePaymentRun, releasePaymentRun, reviewPaymentRun, setPaymentSettings } from '../src/records/payment-runs.ts';

const { values } = parseArgs({ options: { people: { type: 'string', default: '10000' }, batch: { type: 'string', default: '200' }, keep: { type: 'boolean', default: false } } });
const count = Number(values.people);
const batchSize = Number(values.batch);
const { database, drop } = await scratchDatabase('rtc_bench_payments');
const tables = modulusTables();
const audit: AuditWriter = async () => {};

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

try {
  await database.migrate();
  const { db } = database;
  const areaId = await benchmarkArea(db);

  const numbers: string[] = [];
  for (let candidate = 10_000_000; numbers.length < count; candidate += 1) if (checkModulus(tables, '089999', String(candidate)).valid) numbers.push(String(candidate));

  const fillStarted = Date.now();
  await db.execute(sql`
    insert into people (area_id, given_name, family_name, date_of_birth)
    select ${areaId}::uuid, 'Benchmark', 'Person ' || g, date '1950-01-01' + (g % 20000) from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into support_plans (area_id, person_id, state, sign_off, current_version)
    select area_id, id, 'agreed', '{"state":"agreed","planVersion":1,"parts":[]}'::jsonb, 1 from people where area_id = ${areaId}::uuid`);
  await db.execute(sql`
    insert into agreed_budgets (area_id, person_id, plan_id, stream_code, age_band, indicative_yearly_pence, actual_yearly_pence, agreed_on)
    select area_id, person_id, id, 'adult-social-care', '25 to 64', w * 52, w * 52, date '2026-10-01'
    from (select s.*, 10000 + (row_number() over (order by s.id) % 997) * 50 as w from support_plans s where s.area_id = ${areaId}::uuid) p`);
  await db.execute(sql`
    insert into direct_payment_offers (area_id, plan_id, person_id, stream_code, state, offer)
    select area_id, plan_id, person_id, stream_code, 'accepted', '{}'::jsonb from agreed_budgets where area_id = ${areaId}::uuid`);
  await db.execute(sql`
    insert into bank_accounts (area_id, person_id, sort_code, account_number, account_name, modulus)
    select p.area_id, p.id, '089999', n.number, 'BENCHMARK PERSON', 'passed'
    from (select id, area_id, row_number() over (order by id) as r from people where area_id = ${areaId}::uuid) p
    join (select number, row_number() over () as r from unnest(${`{${numbers.join(',')}}`}::text[]) number) n on n.r = p.r`);
  const officers = (await db.execute(sql`
    insert into users (email, display_name) values ('finance.one@bench.example', 'Finance one'), ('finance.two@bench.example', 'Finance two') returning id`)) as unknown as { rows: { id: string }[] };
  const [first, second] = officers.rows.map((row) => row.id) as [string, string];
  await db.execute(sql`
    insert into role_assignments (user_id, role, organisation_id)
    select u, 'finance_officer', o.id from unnest(${`{${first},${second}}`}::uuid[]) u, organisations o where o.area_id = ${areaId}::uuid and o.kind = 'county_council'`);
  const settings = await setPaymentSettings(db, areaId, { serviceUserNumber: '123456', sortCode: '200000', accountNumber: '12345678', accountName: 'Benchmark County Council' }, audit);
  if (!settings.ok) throw new Error(JSON.stringify(settings.errors));
  const fillSeconds = (Date.now() - fillStarted) / 1000;

  const loadBefore = loadavg()[0]!;
  const options = { areaId, periodStart: '2026-11-09', by: { userId: null, now: systemClock.now(), audit }, tables, batchSize };
  const [prepared, prepareSeconds] = await timed(() => preparePaymentRun(db, options));
  if (!prepared.ok) throw new Error(prepared.reason);
  const [again, againSeconds] = await timed(() => preparePaymentRun(db, options));
  if (!again.ok || !again.alreadyDone) throw new Error('Preparing again changed something');
  const by = (userId: string) => ({ userId, now: systemClock.now(), audit });
  const [, reviewSeconds] = await timed(() => reviewPaymentRun(db, areaId, prepared.run.id, by(first)));
  const [released, releaseSeconds] = await timed(() => releasePaymentRun(db, areaId, prepared.run.id, by(second), batchSize));
  if (!released.ok) throw new Error(released.reason);
  const [file, fileSeconds] = await timed(() => bacsFileFor(db, prepared.run, { createdOn: systemClock.today(), audit }));
  if (!file.ok) throw new Error(file.reason);
  const check = validateStandard18(file.text);
  const net = (await db.execute(sql`select sum(debits_posted - credits_posted)::text as posted, sum(debits_pending - credits_pending)::text as pending from ledger_accounts where area_id = ${areaId}::uuid`)) as unknown as { rows: { posted: string; pending: string }[] };

  const server = ((await db.execute(sql`show server_version`)) as unknown as { rows: { server_version: string }[] }).rows[0]!.server_version;
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${server} on the same machine`);
  console.log(`Filled ${count.toLocaleString('en-GB')} people with accepted direct payments and bank details in ${fillSeconds.toFixed(0)} s`);
  console.log(`Prepared ${prepared.run.payableCount.toLocaleString('en-GB')} payments (${prepared.run.exceptionCount} exceptions) in batches of ${batchSize}: ${prepareSeconds.toFixed(1)} s (${Math.round(prepared.run.payableCount / prepareSeconds)} a second)`);
  console.log(`Prepared again (nothing to do): ${(againSeconds * 1000).toFixed(0)} ms; reviewed: ${(reviewSeconds * 1000).toFixed(0)} ms; released (every hold posted): ${releaseSeconds.toFixed(1)} s`);
  console.log(`Bacs file: ${file.count.toLocaleString('en-GB')} credits, total equals the run’s: ${file.totalPence === prepared.run.payablePence}, valid Standard 18: ${check.ok}, ${(fileSeconds * 1000).toFixed(0)} ms`);
  console.log(`Ledger net, posted and pending: ${net.rows[0]!.posted}, ${net.rows[0]!.pending} (must be 0, 0)`);
  console.log(`Load average (1 minute) before the run: ${loadBefore.toFixed(2)}, after: ${loadavg()[0]!.toFixed(2)}`);
} finally {
  await drop(values.keep);
}
