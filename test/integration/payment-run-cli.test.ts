// `rtc payment-run` run for real in a child process: a dry run writes nothing; a run killed part-way (SIGKILL, as a
// crash or a power cut would stop it) and run again pays every person exactly once for the period, with the ledger
// balanced. A few hundred people keep this quick; the 10,000 belongs in a benchmark, not the test suite.
import { spawn } from 'node:child_process';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerAccounts, ledgerTransfers, paymentRunItems, paymentRuns } from '../../src/db/schema.ts';
import { rtc, type ScratchDatabase, scratchDatabase } from '../support/cli.ts';
import { paymentArea } from '../support/direct-payment-people.ts';

const people = 200;
const periodStart = '2026-11-09';
let scratch: ScratchDatabase | undefined;

afterAll(() => scratch?.drop());

/** Starts `rtc ARGS` and kills it with SIGKILL once its output shows a batch committed; resolves with what it printed. */
function killAfterFirstBatch(args: string[], env: Record<string, string>): Promise<{ output: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/rtc.js', ...args], { env: { ...process.env, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const done = [...output.matchAll(/Prepared (\d+) of/g)].map((match) => Number(match[1]));
      if (!killed && done.some((count) => count > 0)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ output, killed }));
  });
}

describe('rtc payment-run', () => {
  it('shows a dry run without writing, and after a crash part-way pays everyone exactly once when run again', async () => {
    scratch = await scratchDatabase('payment_run');
    let database = await scratch.open();
    await database.migrate();
    const area = await paymentArea(database.db, { count: people, noBank: [7] });
    await database.close();
    const args = ['payment-run', '--area', area.areaId, '--period-start', periodStart, '--batch-size', '10'];

    const dry = await rtc([...args, '--dry-run'], scratch.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`Would pay ${people - 1} direct payments`);
    expect(dry.stdout).toContain(`person ${area.personIds[7]} (adult-social-care): No bank details`);

    database = await scratch.open();
    expect(await database.db.select().from(paymentRuns).where(eq(paymentRuns.areaId, area.areaId))).toHaveLength(0);
    await database.close();

    const crashed = await killAfterFirstBatch(args, scratch.env);
    expect(crashed.killed, crashed.output).toBe(true);
    database = await scratch.open();
    const [partial] = await database.db.select({ items: sql<number>`count(*)::int` }).from(paymentRunItems).where(eq(paymentRunItems.areaId, area.areaId));
    // The kill came after a batch committed and before the last: some payments are made, not all.
    expect(partial!.items).toBeGreaterThan(0);
    expect(partial!.items).toBeLessThan(people);
    await database.close();

    const resumed = await rtc(args, scratch.env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`${people - 1} payable`);
    expect(resumed.stdout).toContain('1 not payable');

    database = await scratch.open();
    try {
      const perPerson = await database.db
        .select({ personId: paymentRunItems.personId, items: sql<number>`count(*)::int` })
        .from(paymentRunItems)
        .where(eq(paymentRunItems.areaId, area.areaId))
        .groupBy(paymentRunItems.personId);
      expect(perPerson).toHaveLength(people);
      expect(perPerson.every((row) => row.items === 1)).toBe(true);
      // Exactly one hold per person paid, each for that person's own direct payment account.
      const holds = await database.db
        .select({ personId: ledgerAccounts.personId, holds: sql<number>`count(*)::int` })
        .from(ledgerTransfers)
        .innerJoin(ledgerAccounts, and(eq(ledgerAccounts.areaId, ledgerTransfers.areaId), eq(ledgerAccounts.id, ledgerTransfers.creditAccountId)))
        .where(and(eq(ledgerTransfers.areaId, area.areaId), eq(ledgerTransfers.kind, 'pending')))
        .groupBy(ledgerAccounts.personId);
      expect(holds).toHaveLength(people - 1);
      expect(holds.every((row) => row.holds === 1)).toBe(true);
      const [net] = await database.db
        .select({ pending: sql<string>`sum(${ledgerAccounts.debitsPending} - ${ledgerAccounts.creditsPending})`, posted: sql<string>`sum(${ledgerAccounts.debitsPosted} - ${ledgerAccounts.creditsPosted})` })
        .from(ledgerAccounts)
        .where(eq(ledgerAccounts.areaId, area.areaId));
      expect({ pending: Number(net!.pending), posted: Number(net!.posted) }).toEqual({ pending: 0, posted: 0 });
      const [run] = await database.db.select().from(paymentRuns).where(eq(paymentRuns.areaId, area.areaId));
      expect(run).toMatchObject({ payableCount: people - 1, exceptionCount: 1 });
      expect(run!.preparedAt).not.toBeNull();
    } finally {
      await database.close();
    }
  }, 180_000);
});
