// Payment runs over the database: a period prepared twice pays each person once, the ledger stays balanced, people
// without good bank details become exceptions rather than payments, two different finance officers review and
// release, the Bacs file agrees with the ledger, and bank details are recorded, replaced and read only with an audit.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, observeStatements } from '../../src/db/database.ts';
import { statementsWithoutArea } from '../../src/db/distribution.ts';
import { auditLog, ledgerAccounts, ledgerTransfers, paymentRunItems, paymentRuns } from '../../src/db/schema.ts';
import { validateStandard18 } from '../../src/domain/payments/bacs-standard-18.ts';
import { modulusTables } from '../../src/platform/modulus-tables.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { auditWriter } from '../../src/records/audit.ts';
import { currentBankDetails, recordBankDetails } from '../../src/records/bank-details.ts';
import { bacsFileFor, cancelPaymentRun, itemsOfRun, plannedPayments, preparePaymentRun, releasePaymentRun, reviewPaymentRun } from '../../src/records/payment-runs.ts';
import { resetDatabase, testDatabase } from '../support/database.ts';
import { paymentArea } from '../support/direct-payment-people.ts';

let database: DatabaseHandle;
// Every statement this file sends, to check at the end that each names its area (ADR 10).
const statements = new Set<string>();
const stopObserving = observeStatements((statement) => statements.add(statement));
const tables = modulusTables();
const periodStart = '2026-11-09';

beforeAll(async () => {
  database = await testDatabase();
  await resetDatabase(database);
}, 60_000);
afterAll(async () => {
  stopObserving();
  await resetDatabase(database);
});

function actor<Id extends string | null>(userId: Id, requestId = `payment-runs-${randomUUID()}`) {
  return { userId, now: new Date('2026-11-02T10:00:00Z'), audit: auditWriter({ type: userId ? 'user' : 'cli', id: userId, route: null, method: null, requestId }, systemClock) };
}

/** Every account's debits − credits, posted and pending, added up across the area: zero when the books balance. */
async function ledgerNet(areaId: string) {
  const [row] = await database.db
    .select({
      posted: sql<string>`coalesce(sum(${ledgerAccounts.debitsPosted} - ${ledgerAccounts.creditsPosted}), 0)`,
      pending: sql<string>`coalesce(sum(${ledgerAccounts.debitsPending} - ${ledgerAccounts.creditsPending}), 0)`,
    })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.areaId, areaId));
  return { posted: Number(row!.posted), pending: Number(row!.pending) };
}

async function findRun(areaId: string) {
  const [run] = await database.db.select().from(paymentRuns).where(eq(paymentRuns.areaId, areaId));
  return run;
}

async function transfersOf(areaId: string, kind: string) {
  return database.db.select().from(ledgerTransfers).where(and(eq(ledgerTransfers.areaId, areaId), eq(ledgerTransfers.kind, kind)));
}

describe('payment runs', () => {
  it('pay each person due once however often the period is prepared, and keep the ledger balanced', async () => {
    const area = await paymentArea(database.db, { count: 25 });
    const options = { areaId: area.areaId, periodStart, by: actor(null), tables, batchSize: 7 };
    const progress: number[] = [];
    const first = await preparePaymentRun(database.db, { ...options, onProgress: (done) => progress.push(done) });
    expect(first).toMatchObject({ ok: true, alreadyDone: false, run: { state: 'draft', periodEnd: '2026-12-06', payableCount: 25, exceptionCount: 0 } });
    expect(progress).toEqual([0, 7, 14, 21, 25]);
    const second = await preparePaymentRun(database.db, options);
    expect(second).toMatchObject({ ok: true, alreadyDone: true });
    if (!first.ok || !second.ok) throw new Error('not prepared');
    expect(second.run.id).toBe(first.run.id);

    const items = await itemsOfRun(database.db, first.run);
    expect(items).toHaveLength(25);
    expect(new Set(items.map((item) => item.personId))).toEqual(new Set(area.personIds));
    expect(items.some((item) => item.personId === area.declinedPersonId)).toBe(false);
    // 4 weeks of an agreed weekly × 52 is exactly weekly × 4.
    const weekly = new Map(area.personIds.map((id, index) => [id, area.weeklyPence[index]!]));
    for (const item of items) expect(item.amountPence).toBe(weekly.get(item.personId)! * 4);
    const holds = await transfersOf(area.areaId, 'pending');
    expect(holds).toHaveLength(25);
    expect(holds.reduce((total, hold) => total + hold.amountPence, 0)).toBe(first.run.payablePence);
    expect(await ledgerNet(area.areaId)).toEqual({ posted: 0, pending: 0 });
  });

  it('finish a preparation that stopped part-way, and two at once make one run that pays each person once', async () => {
    const area = await paymentArea(database.db, { count: 10 });
    const options = { areaId: area.areaId, periodStart, by: actor(null), tables, batchSize: 3 };
    const stopped = preparePaymentRun(database.db, {
      ...options,
      onProgress: (done) => {
        if (done === 3) throw new Error('stopped');
      },
    });
    await expect(stopped).rejects.toThrow('stopped');
    const [run] = await database.db.select().from(paymentRuns).where(eq(paymentRuns.areaId, area.areaId));
    expect(run).toMatchObject({ preparedAt: null, state: 'draft' });
    expect(await itemsOfRun(database.db, run!)).toHaveLength(3);

    const [one, two] = await Promise.all([preparePaymentRun(database.db, options), preparePaymentRun(database.db, options)]);
    if (!one.ok || !two.ok) throw new Error('not prepared');
    expect(two.run.id).toBe(one.run.id);
    expect(await itemsOfRun(database.db, one.run)).toHaveLength(10);
    expect(await transfersOf(area.areaId, 'pending')).toHaveLength(10);
    expect((await findRun(area.areaId))).toMatchObject({ payableCount: 10, payablePence: area.weeklyPence.reduce((total, weekly) => total + weekly * 4, 0) });
  });

  it('pay a shorter period its share of the year', async () => {
    const area = await paymentArea(database.db, { count: 2 });
    const prepared = await preparePaymentRun(database.db, { areaId: area.areaId, periodStart, lengthDays: 14, by: actor(null), tables });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.run).toMatchObject({ periodEnd: '2026-11-22', lengthDays: 14 });
    const weekly = new Map(area.personIds.map((id, index) => [id, area.weeklyPence[index]!]));
    const items = await itemsOfRun(database.db, prepared.run);
    expect(items).toHaveLength(2);
    for (const item of items) expect(item.amountPence).toBe(weekly.get(item.personId)! * 2);
  });

  it('make missing or failing bank details exceptions, not payments, and a dry run shows the same without writing', async () => {
    const area = await paymentArea(database.db, { count: 6, noBank: [1], failingBank: [4] });
    const planned = await plannedPayments(database.db, area.areaId, { start: periodStart }, tables, actor(null).audit);
    expect(planned.filter((item) => item.exception).map((item) => item.personId).sort()).toEqual([area.personIds[1], area.personIds[4]].sort());
    const [{ runs } = { runs: -1 }] = await database.db.select({ runs: sql<number>`count(*)::int` }).from(paymentRuns).where(eq(paymentRuns.areaId, area.areaId));
    expect(runs).toBe(0);

    const prepared = await preparePaymentRun(database.db, { areaId: area.areaId, periodStart, by: actor(null), tables });
    expect(prepared).toMatchObject({ ok: true, run: { payableCount: 4, exceptionCount: 2 } });
    if (!prepared.ok) return;
    const items = await itemsOfRun(database.db, prepared.run);
    const missing = items.find((item) => item.personId === area.personIds[1])!;
    const failing = items.find((item) => item.personId === area.personIds[4])!;
    expect(missing).toMatchObject({ transferId: null, bankAccountId: null });
    expect(missing.exception).toContain('No bank details');
    expect(failing.exception).toContain('modulus check');
    expect(await transfersOf(area.areaId, 'pending')).toHaveLength(4);
  });

  it('are reviewed by one finance officer and released by another, then give a Bacs file that agrees with the ledger', async () => {
    const area = await paymentArea(database.db, { count: 12, noBank: [3] });
    const [first, second] = area.financeOfficers;
    const prepared = await preparePaymentRun(database.db, { areaId: area.areaId, periodStart, by: actor(first), tables });
    if (!prepared.ok) throw new Error(prepared.reason);
    const runId = prepared.run.id;

    expect(await releasePaymentRun(database.db, area.areaId, runId, actor(second))).toEqual({ ok: false, reason: 'This payment run must be reviewed by a finance officer before it can be released' });
    expect(await reviewPaymentRun(database.db, area.areaId, runId, actor(area.otherUserId))).toEqual({ ok: false, reason: 'Only a finance officer of this area can review a payment run' });
    expect(await reviewPaymentRun(database.db, area.areaId, runId, actor(first))).toMatchObject({ ok: true, run: { state: 'reviewed' } });
    expect(await bacsFileFor(database.db, prepared.run, { createdOn: '2026-11-03', audit: actor(first).audit })).toMatchObject({ ok: false });
    expect(await releasePaymentRun(database.db, area.areaId, runId, actor(first))).toEqual({ ok: false, reason: 'You reviewed this payment run, so another finance officer must release it' });
    expect(await transfersOf(area.areaId, 'post-pending')).toHaveLength(0);

    // Details replaced after the run was prepared do not change where this run pays.
    const moved = await recordBankDetails(database.db, { id: area.personIds[0]!, areaId: area.areaId }, { sortCode: '089999', accountNumber: '66374958', accountName: 'Moved Account' }, tables, actor(first));
    expect(moved.ok).toBe(true);
    const released = await releasePaymentRun(database.db, area.areaId, runId, actor(second), 5);
    expect(released).toMatchObject({ ok: true, run: { state: 'released', reviewedByUserId: first, releasedByUserId: second } });
    expect(await releasePaymentRun(database.db, area.areaId, runId, actor(second))).toMatchObject({ ok: true, alreadyDone: true });
    const posted = await transfersOf(area.areaId, 'post-pending');
    expect(posted).toHaveLength(11);
    expect(await ledgerNet(area.areaId)).toEqual({ posted: 0, pending: 0 });

    const requestId = `bacs-${randomUUID()}`;
    const file = await bacsFileFor(database.db, prepared.run, { createdOn: '2026-11-03', audit: actor(second, requestId).audit });
    if (!file.ok) throw new Error(file.reason);
    const check = validateStandard18(file.text);
    expect(check).toMatchObject({ ok: true });
    expect(file.text).toContain('PERSON0 PAYEE');
    expect(file.text).not.toContain('MOVED ACCOUNT');
    const ledgerPence = posted.reduce((total, transfer) => total + transfer.amountPence, 0);
    expect(file.count).toBe(11);
    expect(file.totalPence).toBe(ledgerPence);
    expect(file.totalPence).toBe(prepared.run.payablePence);
    // The file's own trailer totals are the ledger's: EOF1 … UTL1 carries the credit total in pence.
    const utl1 = file.text.split('\n').find((line) => line.startsWith('UTL1'))!;
    expect(Number(utl1.slice(17, 30))).toBe(ledgerPence);
    // Reading the bank details for the file is audited, naming everyone paid.
    const [read] = await database.db.select().from(auditLog).where(and(eq(auditLog.requestId, requestId), eq(auditLog.action, 'bank-details.read')));
    expect(new Set(read!.peopleShown)).toEqual(new Set(area.personIds.filter((_, index) => index !== 3)));

    // A released run is final: not cancelled, not edited, not even by SQL.
    expect(await cancelPaymentRun(database.db, area.areaId, runId, actor(first))).toEqual({ ok: false, reason: 'A released payment run cannot be cancelled' });
    await expect(database.db.update(paymentRuns).set({ payablePence: 1 }).where(and(eq(paymentRuns.areaId, area.areaId), eq(paymentRuns.id, runId)))).rejects.toThrow();
    await expect(database.db.update(paymentRunItems).set({ amountPence: 1 }).where(and(eq(paymentRunItems.areaId, area.areaId), eq(paymentRunItems.runId, runId)))).rejects.toThrow();
  });

  it('go in period order, and a cancelled run frees its holds', async () => {
    const area = await paymentArea(database.db, { count: 3 });
    const [first] = area.financeOfficers;
    const prepared = await preparePaymentRun(database.db, { areaId: area.areaId, periodStart, by: actor(first), tables });
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(await preparePaymentRun(database.db, { areaId: area.areaId, periodStart: '2026-12-07', by: actor(first), tables })).toMatchObject({ ok: false, reason: expect.stringContaining('has not been released or cancelled yet') });
    expect(await cancelPaymentRun(database.db, area.areaId, prepared.run.id, actor(first))).toMatchObject({ ok: true, run: { state: 'cancelled' } });
    expect(await transfersOf(area.areaId, 'void-pending')).toHaveLength(3);
    const [funding] = await database.db.select().from(ledgerAccounts).where(and(eq(ledgerAccounts.areaId, area.areaId), eq(ledgerAccounts.kind, 'area-funding')));
    expect(funding).toMatchObject({ debitsPending: 0, debitsPosted: 0 });
    expect(await preparePaymentRun(database.db, { areaId: area.areaId, periodStart: '2026-12-07', by: actor(first), tables })).toMatchObject({ ok: true, run: { payableCount: 3 } });
  });
});

describe('bank details', () => {
  it('are recorded only when they read as a real account, replaced rather than edited, and every read is audited', async () => {
    const area = await paymentArea(database.db, { count: 1, noBank: [0] });
    const person = { id: area.personIds[0]!, areaId: area.areaId };
    const writer = actor(area.financeOfficers[0]);
    expect(await recordBankDetails(database.db, person, { sortCode: '08-99-99', accountNumber: '66374959', accountName: '' }, tables, writer)).toEqual({
      ok: false,
      errors: { accountNumber: 'This account number does not match the sort code. Check both with the bank statement or card', accountName: 'Enter the name on the account' },
    });
    expect(await recordBankDetails(database.db, person, { sortCode: '12', accountNumber: '123456789', accountName: 'Zoë 😀' }, tables, writer)).toMatchObject({
      ok: false,
      errors: { sortCode: 'Sort code must be 6 digits long', accountNumber: expect.stringContaining('9 digits long'), accountName: expect.any(String) },
    });
    const first = await recordBankDetails(database.db, person, { sortCode: '08 99 99', accountNumber: '66374958', accountName: 'Zoë Alexandra Catherine Payee-Smith' }, tables, writer);
    expect(first).toMatchObject({ ok: true, details: { sortCode: '089999', accountNumber: '66374958', accountName: 'Z A C PAYEE-SMITH', modulus: 'passed' } });
    const second = await recordBankDetails(database.db, person, { sortCode: '089999', accountNumber: '66374958', accountName: 'Zoe Payee' }, tables, writer);
    if (!first.ok || !second.ok) throw new Error('not recorded');
    expect(second.details.id).not.toBe(first.details.id);

    const requestId = `bank-read-${randomUUID()}`;
    expect(await currentBankDetails(database.db, person, actor(area.financeOfficers[1], requestId).audit)).toMatchObject({ id: second.details.id, accountName: 'ZOE PAYEE' });
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.requestId, requestId));
    expect(entries).toMatchObject([{ action: 'bank-details.read', subjectId: person.id, actorId: area.financeOfficers[1] }]);
    const changes = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, person.id), eq(auditLog.action, 'bank-details.replace')));
    expect(changes).toHaveLength(1);
    expect(changes[0]!.detail).toBe('08-**-** ****4958');
  });
});

describe('every statement of preparing, reviewing, releasing, cancelling and reading bank details', () => {
  it('names its area, so on Citus it reaches one shard', () => {
    expect(statements.size).toBeGreaterThan(20);
    expect(statementsWithoutArea(statements, [])).toEqual([]);
  });
});
