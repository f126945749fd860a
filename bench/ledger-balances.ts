// Benchmark: the ledger's balances report over 1,000,000 postings (500,000 transfers, each a debit and a credit).
// Makes a scratch PostgreSQL database next to DATABASE_URL's, fills one area in bulk SQL with people, their budget and
// direct payment accounts, the transfers between them (an allocation each, then payments, the last payment of every
// tenth person still a hold), each account's history rows and its running totals (worked out from the transfers, then
// checked against a sum over them), and times `ledgerBalancesReport` now and as at a past day several times. In the
// same run, as references: the same balances summed afresh from the transfers in SQL, and, where installed, hledger
// (and ledger-cli) reading the same books as the journal `rtc ledger export` writes (written by the same code,
// in-process) and printing their balances.
// Usage: DATABASE_URL=postgres://… npx tsx bench/ledger-balances.ts [--transfers 500000 --people 10000 --runs 7 --tool-runs 3] [--keep]
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { benchmarkArea, scratchDatabase } from './server.ts';
import { writeAreaJournal } from '../src/cli/ledger-export.ts';
import { ledgerBalancesReport } from '../src/records/ledger.ts';

const { values } = parseArgs({
  options: {
    transfers: { type: 'string', default: '500000' },
    people: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '7' },
    'tool-runs': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const transfers = Number(values.transfers);
const peopleCount = Number(values.people);
const perPerson = transfers / peopleCount;
if (!Number.isInteger(perPerson) || perPerson < 2) throw new Error('--transfers must be a whole multiple (2 or more) of --people');
const runs = Number(values.runs);
const toolRuns = Number(values['tool-runs']);
const { database, drop } = await scratchDatabase('rtc_bench_ledger');
const folder = mkdtempSync(join(tmpdir(), 'rtc-bench-ledger-'));

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const medianOf = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? Number.NaN;
const list = (numbers: number[]) => numbers.map((ms) => ms.toFixed(0)).join(', ');
async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

try {
  await database.migrate();
  const { db } = database;
  const areaId = await benchmarkArea(db);
  const stream = 'adult-social-care';

  const fillStarted = Date.now();
  await db.execute(sql`
    insert into people (area_id, given_name, family_name, date_of_birth)
    select ${areaId}::uuid, 'Benchmark', 'Person ' || g, date '1930-01-01' + (g % 25000) from generate_series(1, ${peopleCount}) g`);
  // Codes as accountCode() makes them: kind, then person, then stream.
  await db.execute(sql`
    insert into ledger_accounts (area_id, code, kind, stream_code, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
    values (${areaId}::uuid, ${`area-funding:${stream}`}, 'area-funding', ${stream}, false, false)`);
  await db.execute(sql`
    insert into ledger_accounts (area_id, code, kind, person_id, stream_code, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
    select area_id, kind || ':' || id || ':' || ${stream}, kind, id, ${stream}, true, false
    from people cross join (values ('budget'), ('direct-payment')) kinds(kind) where area_id = ${areaId}::uuid`);
  // Each person: an allocation of £10,000.00 into their budget, then payments of £10.00 to £19.70 from it to their
  // direct payment account; the last payment of every tenth person is a hold not yet posted. Dated through the year
  // in the order made, as the books require.
  await db.execute(sql`
    with person as (
      select row_number() over (order by p.id) - 1 as n, b.id as budget, d.id as direct_payment
      from people p
      join ledger_accounts b on b.area_id = p.area_id and b.person_id = p.id and b.kind = 'budget'
      join ledger_accounts d on d.area_id = p.area_id and d.person_id = p.id and d.kind = 'direct-payment'
      where p.area_id = ${areaId}::uuid
    ), funding as (select id from ledger_accounts where area_id = ${areaId}::uuid and kind = 'area-funding')
    insert into ledger_transfers (area_id, id, kind, debit_account_id, credit_account_id, amount_pence, code, description, occurred_on)
    select ${areaId}::uuid, 'bench-' || g,
      case when g % ${perPerson} = ${perPerson - 1} and person.n % 10 = 0 then 'pending' else 'posted' end,
      case when g % ${perPerson} = 0 then funding.id else person.budget end,
      case when g % ${perPerson} = 0 then person.budget else person.direct_payment end,
      case when g % ${perPerson} = 0 then 1000000 else 1000 + (g % 98) * 10 end,
      case when g % ${perPerson} = 0 then 'allocation' else 'payment' end,
      case when g % ${perPerson} = 0 then 'Budget for the year' else 'Direct payment' end,
      date '2026-04-01' + (g * 365 / ${transfers})::int
    from generate_series(0, ${transfers - 1}) g
    join person on person.n = g / ${perPerson}
    cross join funding
    order by g`);
  // Each account's totals after each of its transfers, as the ledger appends them: running sums in sequence order.
  await db.execute(sql`
    insert into ledger_balances (area_id, account_id, transfer_id, sequence, occurred_on, debits_posted, credits_posted, debits_pending, credits_pending)
    select area_id, account_id, id, sequence, occurred_on,
      sum(debit_posted) over w, sum(credit_posted) over w, sum(debit_pending) over w, sum(credit_pending) over w
    from (
      select area_id, debit_account_id as account_id, id, sequence, occurred_on,
        case when kind = 'posted' then amount_pence else 0 end as debit_posted, 0 as credit_posted,
        case when kind = 'pending' then amount_pence else 0 end as debit_pending, 0 as credit_pending
      from ledger_transfers where area_id = ${areaId}::uuid
      union all
      select area_id, credit_account_id, id, sequence, occurred_on,
        0, case when kind = 'posted' then amount_pence else 0 end,
        0, case when kind = 'pending' then amount_pence else 0 end
      from ledger_transfers where area_id = ${areaId}::uuid
    ) postings
    window w as (partition by account_id order by sequence)`);
  // The running totals on the account rows are the last history row of each (the limit checks hold them to account).
  await db.execute(sql`
    update ledger_accounts a
    set debits_posted = last.debits_posted, credits_posted = last.credits_posted, debits_pending = last.debits_pending, credits_pending = last.credits_pending, last_on = last.occurred_on
    from (
      select distinct on (account_id) account_id, debits_posted, credits_posted, debits_pending, credits_pending, occurred_on
      from ledger_balances where area_id = ${areaId}::uuid order by account_id, sequence desc
    ) last
    where a.area_id = ${areaId}::uuid and a.id = last.account_id`);
  await db.execute(sql`vacuum analyze ledger_accounts`);
  await db.execute(sql`vacuum analyze ledger_transfers`);
  await db.execute(sql`vacuum analyze ledger_balances`);
  const fillSeconds = (Date.now() - fillStarted) / 1000;

  // The same balances summed afresh from the transfers: the reference the report is measured against, and the check
  // that the bulk fill left running totals that match the transfers.
  const sumFromTransfers = () =>
    db.execute(sql`
      select account_id, sum(debits_posted)::bigint as debits_posted, sum(credits_posted)::bigint as credits_posted, sum(debits_pending)::bigint as debits_pending, sum(credits_pending)::bigint as credits_pending
      from (
        select debit_account_id as account_id, case when kind = 'posted' then amount_pence else 0 end as debits_posted, 0 as credits_posted, case when kind = 'pending' then amount_pence else 0 end as debits_pending, 0 as credits_pending
        from ledger_transfers where area_id = ${areaId}::uuid
        union all
        select credit_account_id, 0, case when kind = 'posted' then amount_pence else 0 end, 0, case when kind = 'pending' then amount_pence else 0 end
        from ledger_transfers where area_id = ${areaId}::uuid
      ) postings group by account_id`);
  const [counts] = rowsOf<{ transfers: number; balances: number; accounts: number }>(
    await db.execute(sql`select (select count(*)::int from ledger_transfers where area_id = ${areaId}::uuid) as transfers, (select count(*)::int from ledger_balances where area_id = ${areaId}::uuid) as balances, (select count(*)::int from ledger_accounts where area_id = ${areaId}::uuid) as accounts`),
  );
  const report = await ledgerBalancesReport(db, areaId);
  const summed = new Map(rowsOf<Record<string, string | number>>(await sumFromTransfers()).map((row) => [String(row.account_id), row]));
  for (const line of report) {
    const row = summed.get(line.account.id);
    const expected = row ? { debitsPosted: Number(row.debits_posted), creditsPosted: Number(row.credits_posted), debitsPending: Number(row.debits_pending), creditsPending: Number(row.credits_pending) } : { debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 };
    if (JSON.stringify(expected) !== JSON.stringify(line.balance)) throw new Error(`Running totals of ${line.account.code} do not match its transfers`);
  }
  const postedTotal = report.reduce((sum, line) => sum + line.postedPence, 0);
  const pendingTotal = report.reduce((sum, line) => sum + line.pendingPence, 0);
  if (postedTotal !== 0 || pendingTotal !== 0) throw new Error('The balances do not sum to zero');

  const asAt = '2026-09-30';
  const loadBefore = loadavg()[0]!;
  const nowTimings: number[] = [];
  const asAtTimings: number[] = [];
  const sumTimings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    nowTimings.push((await time(() => ledgerBalancesReport(db, areaId)))[0]);
    asAtTimings.push((await time(() => ledgerBalancesReport(db, areaId, { asAt })))[0]);
    sumTimings.push((await time(sumFromTransfers))[0]);
  }

  // The journal, written by the exporter's own code, then read by the tools that are installed.
  const file = join(folder, 'benchmark.journal');
  const [exportMs, written] = await time(async () => {
    const out = createWriteStream(file);
    const result = await writeAreaJournal(db, areaId, async (text) => {
      if (text !== '' && !out.write(text)) await once(out, 'drain');
    });
    out.end();
    await once(out, 'finish');
    return result;
  });
  const tools: { name: string; timings: number[]; total: string }[] = [];
  for (const [tool, args] of [
    ['hledger', ['-f', file, 'balance']],
    ['ledger', ['-f', file, 'balance']],
  ] as const) {
    if (spawnSync(tool, ['--version']).error) continue;
    const timings: number[] = [];
    let total = '';
    for (let run = 0; run < toolRuns; run += 1) {
      const started = process.hrtime.bigint();
      const ran = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
      timings.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (ran.status !== 0) throw new Error(`${tool} failed: ${ran.stderr}`);
      total = ran.stdout.trim().split('\n').at(-1)!.trim();
    }
    tools.push({ name: tool, timings, total });
  }
  const loadAfter = loadavg()[0]!;

  const server = rowsOf<{ server_version: string }>(await db.execute(sql`show server_version`))[0]!.server_version;
  const toolVersion = (tool: string) => spawnSync(tool, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!.trim();
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${server} on the same machine`);
  console.log(`Filled ${counts!.transfers.toLocaleString('en-GB')} transfers (${(counts!.transfers * 2).toLocaleString('en-GB')} postings), ${counts!.balances.toLocaleString('en-GB')} history rows, ${counts!.accounts.toLocaleString('en-GB')} accounts for ${peopleCount.toLocaleString('en-GB')} people in ${fillSeconds.toFixed(0)} s; running totals match the transfers and sum to zero`);
  console.log(`Balances report now (ms): ${list(nowTimings)}; median ${medianOf(nowTimings).toFixed(1)} ms (goal: 1,000 ms or less)`);
  console.log(`Balances report as at ${asAt} (ms): ${list(asAtTimings)}; median ${medianOf(asAtTimings).toFixed(0)} ms`);
  console.log(`Reference, the same balances summed afresh from the transfers in SQL (ms): ${list(sumTimings)}; median ${medianOf(sumTimings).toFixed(0)} ms`);
  console.log(`Journal written in ${(exportMs / 1000).toFixed(1)} s: ${written.transactions.toLocaleString('en-GB')} transactions, ${(statSync(file).size / 1e6).toFixed(0)} MB`);
  for (const tool of tools) {
    console.log(`Reference, ${toolVersion(tool.name)}, \`${tool.name} -f FILE balance\` (ms): ${list(tool.timings)}; median ${medianOf(tool.timings).toFixed(0)} ms; last line "${tool.total}"`);
    console.log(`  The report now is ${(medianOf(tool.timings) / medianOf(nowTimings)).toFixed(0)}× faster than ${tool.name}, as at a day ${(medianOf(tool.timings) / medianOf(asAtTimings)).toFixed(0)}× faster`);
  }
  if (tools.length === 0) console.log('Neither hledger nor ledger-cli is installed: no reference from them in this run.');
  console.log(`Load average (1 minute) before the runs: ${loadBefore.toFixed(2)}, after: ${loadAfter.toFixed(2)}`);
} finally {
  rmSync(folder, { recursive: true, force: true });
  await drop(values.keep);
}
