// `rtc payment-run`: prepares (or finishes) an area's direct payment run for a period with a progress bar, shows
// what a run would pay without writing with --dry-run, and writes the Bacs file of a released run with --bacs.
import { writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { formatPence } from '../domain/budget/money.ts';
import { defaultPeriodDays, periodProblem } from '../domain/payments/payment-period.ts';
import { modulusTables } from '../platform/modulus-tables.ts';
import { systemClock } from '../platform/clock.ts';
import { auditWriter, commandActor } from '../records/audit.ts';
import { type PaymentRunItem, bacsFileFor, defaultBatchSize, itemsOfRun, plannedPayments, preparePaymentRun } from '../records/payment-runs.ts';
import { chooseArea, openConfiguredDatabase } from './shared.ts';

export interface PaymentRunOptions {
  area: string;
  periodStart: string;
  days?: number;
  dryRun?: boolean;
  bacs?: string;
  batchSize?: number;
}

function refuse(message: string): void {
  console.error(message);
  process.exitCode = 1;
}

function printExceptions(items: readonly Pick<PaymentRunItem, 'personId' | 'streamCode' | 'exception'>[]): void {
  const exceptions = items.filter((item) => item.exception);
  if (exceptions.length === 0) return;
  console.log(`\n${exceptions.length} not payable:`);
  for (const item of exceptions) console.log(`  person ${item.personId} (${item.streamCode}): ${item.exception}`);
}

export async function paymentRunCommand(options: PaymentRunOptions): Promise<void> {
  const lengthDays = options.days ?? defaultPeriodDays;
  const problem = periodProblem(options.periodStart, lengthDays);
  if (problem) return refuse(`${problem}.`);
  if (options.batchSize !== undefined && options.batchSize < 1) return refuse('The batch size must be at least 1.');
  if (options.dryRun && options.bacs) return refuse('A dry run writes nothing, so it cannot write a Bacs file. Leave out --dry-run or --bacs.');
  const { database } = await openConfiguredDatabase();
  try {
    await database.migrate();
    const chosen = await chooseArea(database.db, options.area);
    if (!chosen.ok) return refuse(chosen.message);
    const area = chosen.area;
    const audit = auditWriter(commandActor('rtc payment-run'), systemClock);
    const tables = modulusTables();

    if (options.dryRun) {
      const planned = await plannedPayments(database.db, area.id, { start: options.periodStart, lengthDays }, tables, audit);
      const payable = planned.filter((item) => !item.exception);
      console.log(`Dry run for ${area.name}, ${lengthDays} days from ${options.periodStart}: nothing has been written.`);
      console.log(`Would pay ${payable.length} direct payments, ${formatPence(payable.reduce((total, item) => total + item.amountPence, 0))} in all.`);
      for (const item of payable) console.log(`  person ${item.personId} (${item.streamCode}): ${formatPence(item.amountPence)}`);
      printExceptions(planned);
      return;
    }

    // On a terminal a bar; otherwise (a log, a pipe) one line per batch, so the log says how far a run got.
    const onTerminal = process.stdout.isTTY === true;
    const bar = onTerminal ? new SingleBar({ format: 'Preparing payments [{bar}] {value}/{total}', hideCursor: true }, Presets.shades_classic) : undefined;
    let started = false;
    const prepared = await preparePaymentRun(database.db, {
      areaId: area.id,
      periodStart: options.periodStart,
      lengthDays,
      by: { userId: null, now: systemClock.now(), audit },
      tables,
      batchSize: options.batchSize ?? defaultBatchSize,
      onProgress: (done, total) => {
        if (bar && !started) bar.start(total, done);
        else if (bar) bar.update(done);
        else console.log(`Prepared ${done} of ${total}`);
        started = true;
      },
    });
    bar?.stop();
    if (!prepared.ok) return refuse(`${prepared.reason}.`);
    const run = prepared.run;
    if (prepared.alreadyDone) console.log(`The run for this period was already prepared: nothing has changed.`);
    console.log(`Payment run ${run.id} for ${area.name}, ${run.periodStart} to ${run.periodEnd}: ${run.state}.`);
    console.log(`${run.payableCount} payable, ${formatPence(run.payablePence)} in all; ${run.exceptionCount} not payable.`);
    printExceptions(await itemsOfRun(database.db, run));

    if (options.bacs) {
      if (run.state !== 'released') return refuse(`\nNo Bacs file written: the run is ${run.state}. It must be reviewed by one finance officer and released by another first.`);
      const file = await bacsFileFor(database.db, run, { createdOn: systemClock.today(), audit });
      if (!file.ok) return refuse(`${file.reason}.`);
      writeFileSync(options.bacs, file.text);
      console.log(`Bacs file written to ${options.bacs}: ${file.count} credits, ${formatPence(file.totalPence)}.`);
    }
  } finally {
    await database.close();
  }
}
