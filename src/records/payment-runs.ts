// Payment runs (ADR 18): every direct payment due in an area for a period, prepared in batches that each commit on
// their own, so a run that stops part-way is finished by running it again; each payment a ledger hold whose id is
// derived from the area, period, person and stream, so nobody is paid twice. A finance officer reviews the run and a
// different one releases it, which posts the holds; the released run gives the Bacs Standard 18 file.
import { and, asc, count, eq, gt, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { formatPence } from '../domain/budget/money.ts';
import { bacsAccountName } from '../domain/payments/bacs-characters.ts';
import { parseAccountNumber, parseSortCode } from '../domain/payments/bank-details.ts';
import { type Credit, writeStandard18 } from '../domain/payments/bacs-standard-18.ts';
import { type ModulusTables, checkModulus } from '../domain/payments/modulus.ts';
import {
  cancelTransferId,
  defaultPeriodDays,
  paymentForPeriod,
  paymentReference,
  paymentTransferId,
  periodEnd,
  periodProblem,
  releaseTransferId,
  submissionSerial,
} from '../domain/payments/payment-period.ts';
import { formatDay } from '../domain/support-plan/days.ts';
import type { Database, Queryable } from '../db/database.ts';
import { agreedBudgets, areaPaymentSettings, directPaymentOffers, organisations, paymentRunItems, paymentRuns, roleAssignments } from '../db/schema.ts';
import type { AuditWriter } from './audit.ts';
import { bankDetailsForPayment, currentBankDetailsOf } from './bank-details.ts';
import { createAccount, postPending, transfer, voidPending } from './ledger.ts';

export type PaymentRunState = 'draft' | 'reviewed' | 'released' | 'cancelled';

export interface PaymentRun {
  id: string;
  areaId: string;
  periodStart: string;
  periodEnd: string;
  lengthDays: number;
  state: PaymentRunState;
  createdByUserId: string | null;
  preparedAt: Date | null;
  reviewedByUserId: string | null;
  releasedByUserId: string | null;
  payableCount: number;
  payablePence: number;
  exceptionCount: number;
}

export interface PaymentRunItem {
  personId: string;
  streamCode: string;
  amountPence: number;
  bankAccountId: string | null;
  transferId: string | null;
  exception: string | null;
}

/** Who is acting: a finance officer (or null for the operator running `rtc payment-run`), when, and their audit. */
export interface RunActor {
  userId: string | null;
  now: Date;
  audit: AuditWriter;
}

export type RunResult = { ok: true; run: PaymentRun; alreadyDone: boolean } | { ok: false; reason: string };

export const defaultBatchSize = 200;

const runColumns = {
  id: paymentRuns.id,
  areaId: paymentRuns.areaId,
  periodStart: paymentRuns.periodStart,
  periodEnd: paymentRuns.periodEnd,
  lengthDays: paymentRuns.lengthDays,
  state: paymentRuns.state,
  createdByUserId: paymentRuns.createdByUserId,
  preparedAt: paymentRuns.preparedAt,
  reviewedByUserId: paymentRuns.reviewedByUserId,
  releasedByUserId: paymentRuns.releasedByUserId,
  payableCount: paymentRuns.payableCount,
  payablePence: paymentRuns.payablePence,
  exceptionCount: paymentRuns.exceptionCount,
};

const runOf = (row: Omit<PaymentRun, 'state'> & { state: string }): PaymentRun => ({ ...row, state: row.state as PaymentRunState });

/** The area's run for the period starting on that day, or undefined. */
export async function findPaymentRun(db: Queryable, areaId: string, periodStart: string, lock = false): Promise<PaymentRun | undefined> {
  const query = db.select(runColumns).from(paymentRuns).where(and(eq(paymentRuns.areaId, areaId), eq(paymentRuns.periodStart, periodStart)));
  const [row] = lock ? await query.for('update') : await query;
  return row ? runOf(row) : undefined;
}

async function runById(db: Queryable, areaId: string, runId: string, lock = false): Promise<PaymentRun | undefined> {
  const query = db.select(runColumns).from(paymentRuns).where(and(eq(paymentRuns.areaId, areaId), eq(paymentRuns.id, runId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ? runOf(row) : undefined;
}

/** The run's items, in person and stream order. */
export async function itemsOfRun(db: Queryable, run: Pick<PaymentRun, 'areaId' | 'id'>): Promise<PaymentRunItem[]> {
  return db
    .select({ personId: paymentRunItems.personId, streamCode: paymentRunItems.streamCode, amountPence: paymentRunItems.amountPence, bankAccountId: paymentRunItems.bankAccountId, transferId: paymentRunItems.transferId, exception: paymentRunItems.exception })
    .from(paymentRunItems)
    .where(and(eq(paymentRunItems.areaId, run.areaId), eq(paymentRunItems.runId, run.id)))
    .orderBy(asc(paymentRunItems.personId), asc(paymentRunItems.streamCode));
}

interface Due {
  agreedBudgetId: string;
  personId: string;
  streamCode: string;
  amountPence: number;
}

/**
 * Direct payments due for the period: every agreed budget in force (not superseded, agreed on or before the period's
 * first day, as payments are made in advance) whose direct payment offer the person accepted. With `runId`, only those
 * the run has no item for yet; `after` and `limit` page through them in person and stream order.
 */
async function duePayments(db: Queryable, areaId: string, period: { start: string; lengthDays: number }, page: { runId?: string; after?: { personId: string; streamCode: string }; limit?: number } = {}): Promise<Due[]> {
  const conditions = [
    eq(agreedBudgets.areaId, areaId),
    isNull(agreedBudgets.supersededAt),
    sql`${agreedBudgets.agreedOn} <= ${period.start}`,
    gt(agreedBudgets.actualYearlyPence, 0),
    eq(directPaymentOffers.state, 'accepted'),
  ];
  if (page.runId) {
    conditions.push(
      sql`not exists (select 1 from ${paymentRunItems} where ${paymentRunItems.areaId} = ${areaId} and ${paymentRunItems.runId} = ${page.runId} and ${paymentRunItems.personId} = ${agreedBudgets.personId} and ${paymentRunItems.streamCode} = ${agreedBudgets.streamCode})`,
    );
  }
  if (page.after) {
    conditions.push(or(gt(agreedBudgets.personId, page.after.personId), and(eq(agreedBudgets.personId, page.after.personId), gt(agreedBudgets.streamCode, page.after.streamCode)))!);
  }
  const query = db
    .select({ agreedBudgetId: agreedBudgets.id, personId: agreedBudgets.personId, streamCode: agreedBudgets.streamCode, yearlyPence: agreedBudgets.actualYearlyPence })
    .from(agreedBudgets)
    .innerJoin(directPaymentOffers, and(eq(directPaymentOffers.areaId, agreedBudgets.areaId), eq(directPaymentOffers.planId, agreedBudgets.planId), eq(directPaymentOffers.streamCode, agreedBudgets.streamCode)))
    .where(and(...conditions))
    .orderBy(asc(agreedBudgets.personId), asc(agreedBudgets.streamCode));
  const rows = page.limit ? await query.limit(page.limit) : await query;
  return rows.map((row) => ({ agreedBudgetId: row.agreedBudgetId, personId: row.personId, streamCode: row.streamCode, amountPence: paymentForPeriod(row.yearlyPence, period.lengthDays) })).filter((due) => due.amountPence > 0);
}

/** Why a payment cannot be made to these bank details now, or undefined when it can. */
function bankProblem(tables: ModulusTables, details: { sortCode: string; accountNumber: string } | undefined): string | undefined {
  if (!details) return 'No bank details: ask the person for the account their direct payment goes to';
  if (!checkModulus(tables, details.sortCode, details.accountNumber).valid) return 'The bank details fail the modulus check with the current tables: ask the person to confirm their sort code and account number';
  return undefined;
}

export interface PlannedPayment extends Due {
  exception: string | null;
}

/**
 * What a run for the period would pay, and what it could not, without writing anything but the audit entry for
 * reading the bank details: for a dry run.
 */
export async function plannedPayments(db: Database, areaId: string, period: { start: string; lengthDays?: number }, tables: ModulusTables, audit: AuditWriter): Promise<PlannedPayment[]> {
  const lengthDays = period.lengthDays ?? defaultPeriodDays;
  return db.transaction(async (tx) => {
    const due = await duePayments(tx, areaId, { start: period.start, lengthDays });
    const details = await currentBankDetailsOf(tx, areaId, due.map((item) => item.personId), `dry run for the period from ${period.start}`, audit);
    return due.map((item) => ({ ...item, exception: bankProblem(tables, details.get(item.personId)) ?? null }));
  });
}

export interface PrepareOptions {
  areaId: string;
  periodStart: string;
  lengthDays?: number;
  by: RunActor;
  tables: ModulusTables;
  batchSize?: number;
  /** After each batch commits: items done so far and the number due when preparation (re)started. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Prepares the area's run for the period, or finishes one a crash stopped: each batch, in one transaction, locks the
 * run, takes the next due payments it has no item for, reads their bank details (audited), makes each payable one's
 * ledger hold from the stream's area funding account to the person's direct payment account, and records the items.
 * A run already prepared (or reviewed, released, cancelled) is answered as it is. Runs go in period order: a period is
 * refused while an earlier run is neither released nor cancelled, or when a later period already has a run.
 */
export async function preparePaymentRun(db: Database, options: PrepareOptions): Promise<RunResult> {
  const { areaId, periodStart, by, tables } = options;
  const lengthDays = options.lengthDays ?? defaultPeriodDays;
  const problem = periodProblem(periodStart, lengthDays);
  if (problem) return { ok: false, reason: problem };
  const existing = await findPaymentRun(db, areaId, periodStart);
  if (existing?.preparedAt || (existing && existing.state !== 'draft')) return { ok: true, run: existing, alreadyDone: true };
  if (!existing) {
    const blocked = await blockingRun(db, areaId, periodStart);
    if (blocked) return { ok: false, reason: blocked };
    await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(paymentRuns)
        .values({ areaId, periodStart, periodEnd: periodEnd(periodStart, lengthDays), lengthDays, createdByUserId: by.userId, createdAt: by.now })
        .onConflictDoNothing({ target: [paymentRuns.areaId, paymentRuns.periodStart] })
        .returning({ id: paymentRuns.id });
      if (created) await by.audit(tx, { action: 'payment-run.create', subjectType: 'payment-run', subjectId: created.id, areaId, detail: `period from ${periodStart}, ${lengthDays} days` });
    });
  }
  const run = (await findPaymentRun(db, areaId, periodStart))!;
  const period = { start: run.periodStart, lengthDays: run.lengthDays };
  const [{ done } = { done: 0 }] = await db.select({ done: count() }).from(paymentRunItems).where(and(eq(paymentRunItems.areaId, areaId), eq(paymentRunItems.runId, run.id)));
  const remaining = (await duePayments(db, areaId, period, { runId: run.id })).length;
  const total = done + remaining;
  let made = done;
  options.onProgress?.(made, total);
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const locked = await runById(tx, areaId, run.id, true);
      if (!locked || locked.state !== 'draft' || locked.preparedAt) return undefined;
      const due = await duePayments(tx, areaId, period, { runId: run.id, limit: options.batchSize ?? defaultBatchSize });
      if (due.length === 0) {
        await finishPreparation(tx, locked, by);
        return undefined;
      }
      await prepareBatch(tx, locked, due, tables, by.audit);
      return due.length;
    });
    if (batch === undefined) break;
    made += batch;
    options.onProgress?.(made, Math.max(total, made));
  }
  const prepared = (await runById(db, areaId, run.id))!;
  return { ok: true, run: prepared, alreadyDone: false };
}

async function blockingRun(db: Queryable, areaId: string, periodStart: string): Promise<string | undefined> {
  const [open] = await db
    .select({ periodStart: paymentRuns.periodStart })
    .from(paymentRuns)
    .where(and(eq(paymentRuns.areaId, areaId), sql`${paymentRuns.state} in ('draft', 'reviewed')`, sql`${paymentRuns.periodStart} < ${periodStart}`))
    .limit(1);
  if (open) return `The payment run for the period from ${formatDay(open.periodStart)} has not been released or cancelled yet. Finish it before preparing a later period`;
  const [later] = await db
    .select({ periodStart: paymentRuns.periodStart })
    .from(paymentRuns)
    .where(and(eq(paymentRuns.areaId, areaId), ne(paymentRuns.state, 'cancelled'), sql`${paymentRuns.periodStart} > ${periodStart}`))
    .limit(1);
  if (later) return `There is already a payment run for the later period from ${formatDay(later.periodStart)}, so an earlier period cannot be prepared now`;
  return undefined;
}

async function prepareBatch(tx: Queryable, run: PaymentRun, due: readonly Due[], tables: ModulusTables, audit: AuditWriter): Promise<void> {
  const { areaId } = run;
  // One audit entry per batch names everyone whose bank details it read.
  const details = await currentBankDetailsOf(tx, areaId, due.map((item) => item.personId), `payment run for the period from ${run.periodStart}`, audit);
  const funding = new Map<string, string>();
  const items: (typeof paymentRunItems.$inferInsert)[] = [];
  for (const item of due) {
    const bank = details.get(item.personId);
    let exception = bankProblem(tables, bank) ?? null;
    let transferId: string | null = null;
    if (!exception) {
      const fundingId = funding.get(item.streamCode) ?? (await openAccount(tx, areaId, { kind: 'area-funding', personId: null, streamCode: item.streamCode, providerId: null }));
      funding.set(item.streamCode, fundingId);
      const directPaymentId = await openAccount(tx, areaId, { kind: 'direct-payment', personId: item.personId, streamCode: item.streamCode, providerId: null });
      const id = paymentTransferId(areaId, run.periodStart, item.personId, item.streamCode);
      const hold = await transfer(tx, areaId, {
        kind: 'pending',
        id,
        debitAccountId: fundingId,
        creditAccountId: directPaymentId,
        amountPence: item.amountPence,
        code: 'direct-payment',
        description: `Direct payment for ${run.lengthDays} days from ${formatDay(run.periodStart)}`,
        occurredOn: run.periodStart,
      });
      if (hold.ok) transferId = id;
      else exception = `The ledger refused the payment: ${hold.reason}`;
    }
    items.push({ areaId, runId: run.id, personId: item.personId, streamCode: item.streamCode, agreedBudgetId: item.agreedBudgetId, amountPence: item.amountPence, bankAccountId: exception ? null : bank!.id, transferId, exception });
  }
  await tx.insert(paymentRunItems).values(items).onConflictDoNothing({ target: [paymentRunItems.areaId, paymentRunItems.runId, paymentRunItems.personId, paymentRunItems.streamCode] });
}

async function openAccount(tx: Queryable, areaId: string, spec: Parameters<typeof createAccount>[2]): Promise<string> {
  const opened = await createAccount(tx, areaId, spec);
  if (!opened.ok) throw new Error(opened.reason);
  return opened.account.id;
}

async function finishPreparation(tx: Queryable, run: PaymentRun, by: RunActor): Promise<void> {
  const totals = await itemTotals(tx, run);
  await tx
    .update(paymentRuns)
    .set({ preparedAt: by.now, ...totals })
    .where(and(eq(paymentRuns.areaId, run.areaId), eq(paymentRuns.id, run.id)));
  await by.audit(tx, { action: 'payment-run.prepare', subjectType: 'payment-run', subjectId: run.id, areaId: run.areaId, detail: `${totals.payableCount} payable, ${formatPence(totals.payablePence)}, ${totals.exceptionCount} exceptions` });
}

async function itemTotals(db: Queryable, run: Pick<PaymentRun, 'areaId' | 'id'>) {
  const [row] = await db
    .select({
      payableCount: sql<number>`count(*) filter (where ${paymentRunItems.exception} is null)::int`,
      payablePence: sql<number>`coalesce(sum(${paymentRunItems.amountPence}) filter (where ${paymentRunItems.exception} is null), 0)::bigint`,
      exceptionCount: sql<number>`count(*) filter (where ${paymentRunItems.exception} is not null)::int`,
    })
    .from(paymentRunItems)
    .where(and(eq(paymentRunItems.areaId, run.areaId), eq(paymentRunItems.runId, run.id)));
  return { payableCount: Number(row?.payableCount ?? 0), payablePence: Number(row?.payablePence ?? 0), exceptionCount: Number(row?.exceptionCount ?? 0) };
}

/** Whether the user holds the finance officer role in an organisation of the area (or for the whole area). */
async function isFinanceOfficer(db: Queryable, userId: string, areaId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .leftJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'finance_officer'), or(eq(organisations.areaId, areaId), eq(roleAssignments.areaId, areaId))))
    .limit(1);
  return row !== undefined;
}

/** A finance officer has checked the prepared run's payments and exceptions. */
export async function reviewPaymentRun(db: Database, areaId: string, runId: string, by: RunActor & { userId: string }): Promise<RunResult> {
  return db.transaction(async (tx) => {
    const run = await runById(tx, areaId, runId, true);
    if (!run) return { ok: false, reason: 'There is no such payment run' };
    if (!(await isFinanceOfficer(tx, by.userId, areaId))) return { ok: false, reason: 'Only a finance officer of this area can review a payment run' };
    if (run.state === 'reviewed' && run.reviewedByUserId === by.userId) return { ok: true, run, alreadyDone: true };
    if (run.state !== 'draft') return { ok: false, reason: `This payment run is ${run.state}, so it cannot be reviewed` };
    if (!run.preparedAt) return { ok: false, reason: 'This payment run is not fully prepared yet. Prepare it again to finish it, then review it' };
    await tx.update(paymentRuns).set({ state: 'reviewed', reviewedByUserId: by.userId, reviewedAt: by.now }).where(and(eq(paymentRuns.areaId, areaId), eq(paymentRuns.id, runId)));
    await by.audit(tx, { action: 'payment-run.review', subjectType: 'payment-run', subjectId: runId, areaId });
    return { ok: true, run: { ...run, state: 'reviewed', reviewedByUserId: by.userId }, alreadyDone: false };
  });
}

/**
 * A second finance officer, not the reviewer, releases the reviewed run: each payable item's hold is posted (in
 * batches; posting again is safe, so a release that stopped part-way is finished by releasing again), then the run is
 * marked released and can never change.
 */
export async function releasePaymentRun(db: Database, areaId: string, runId: string, by: RunActor & { userId: string }, batchSize = defaultBatchSize): Promise<RunResult> {
  const run = await runById(db, areaId, runId);
  if (!run) return { ok: false, reason: 'There is no such payment run' };
  if (run.state === 'released') return run.releasedByUserId === by.userId ? { ok: true, run, alreadyDone: true } : { ok: false, reason: 'This payment run has already been released' };
  if (run.state !== 'reviewed') return { ok: false, reason: run.state === 'draft' ? 'This payment run must be reviewed by a finance officer before it can be released' : `This payment run is ${run.state}, so it cannot be released` };
  if (!(await isFinanceOfficer(db, by.userId, areaId))) return { ok: false, reason: 'Only a finance officer of this area can release a payment run' };
  if (run.reviewedByUserId === by.userId) return { ok: false, reason: 'You reviewed this payment run, so another finance officer must release it' };
  await eachPayable(db, run, batchSize, async (tx, holdId) => {
    const posted = await postPending(tx, areaId, { id: releaseTransferId(holdId), pendingId: holdId, code: 'direct-payment', description: `Released for the period from ${formatDay(run.periodStart)}`, occurredOn: run.periodStart });
    if (!posted.ok) throw new Error(`Could not release ${holdId}: ${posted.reason}`);
  });
  return db.transaction(async (tx) => {
    const locked = (await runById(tx, areaId, runId, true))!;
    if (locked.state !== 'reviewed') return locked.state === 'released' && locked.releasedByUserId === by.userId ? { ok: true as const, run: locked, alreadyDone: true } : { ok: false as const, reason: `This payment run is ${locked.state} now` };
    await tx.update(paymentRuns).set({ state: 'released', releasedByUserId: by.userId, releasedAt: by.now }).where(and(eq(paymentRuns.areaId, areaId), eq(paymentRuns.id, runId)));
    await by.audit(tx, { action: 'payment-run.release', subjectType: 'payment-run', subjectId: runId, areaId, detail: `${locked.payableCount} payments, ${formatPence(locked.payablePence)}` });
    return { ok: true as const, run: { ...locked, state: 'released' as const, releasedByUserId: by.userId }, alreadyDone: false };
  });
}

/** Cancels a run not yet released: every hold it made is voided, so the money is free again. */
export async function cancelPaymentRun(db: Database, areaId: string, runId: string, by: RunActor & { userId: string }, batchSize = defaultBatchSize): Promise<RunResult> {
  const run = await runById(db, areaId, runId);
  if (!run) return { ok: false, reason: 'There is no such payment run' };
  if (run.state === 'cancelled') return { ok: true, run, alreadyDone: true };
  if (run.state === 'released') return { ok: false, reason: 'A released payment run cannot be cancelled' };
  if (!(await isFinanceOfficer(db, by.userId, areaId))) return { ok: false, reason: 'Only a finance officer of this area can cancel a payment run' };
  let refusal: string | undefined;
  await eachPayable(db, run, batchSize, async (tx, holdId) => {
    const voided = await voidPending(tx, areaId, { id: cancelTransferId(holdId), pendingId: holdId, code: 'direct-payment', description: `Cancelled for the period from ${formatDay(run.periodStart)}`, occurredOn: run.periodStart });
    if (!voided.ok && voided.kind === 'pending-resolved') refusal ??= 'Part of this run has already been released: release it again to finish it, rather than cancelling';
    else if (!voided.ok) throw new Error(`Could not cancel ${holdId}: ${voided.reason}`);
  });
  if (refusal) return { ok: false, reason: refusal };
  return db.transaction(async (tx) => {
    await tx.update(paymentRuns).set({ state: 'cancelled', cancelledAt: by.now }).where(and(eq(paymentRuns.areaId, areaId), eq(paymentRuns.id, runId), ne(paymentRuns.state, 'released')));
    await by.audit(tx, { action: 'payment-run.cancel', subjectType: 'payment-run', subjectId: runId, areaId });
    return { ok: true as const, run: { ...run, state: 'cancelled' as const }, alreadyDone: false };
  });
}

async function eachPayable(db: Database, run: PaymentRun, batchSize: number, work: (tx: Queryable, holdId: string) => Promise<void>): Promise<void> {
  let after = '';
  for (;;) {
    const holds = await db
      .select({ transferId: paymentRunItems.transferId })
      .from(paymentRunItems)
      .where(and(eq(paymentRunItems.areaId, run.areaId), eq(paymentRunItems.runId, run.id), isNotNull(paymentRunItems.transferId), gt(paymentRunItems.transferId, after)))
      .orderBy(asc(paymentRunItems.transferId))
      .limit(batchSize);
    if (holds.length === 0) return;
    await db.transaction(async (tx) => {
      for (const { transferId } of holds) await work(tx, transferId!);
    });
    after = holds.at(-1)!.transferId!;
  }
}

export interface PaymentSettingsInput {
  serviceUserNumber?: string;
  sortCode?: string;
  accountNumber?: string;
  accountName?: string;
}

/** Sets the area's Bacs service user number and the account its payments come from; one plain message per problem. */
export async function setPaymentSettings(db: Database, areaId: string, input: PaymentSettingsInput, audit: AuditWriter): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const sun = (input.serviceUserNumber ?? '').trim();
  if (!/^\d{6}$/.test(sun)) errors.serviceUserNumber = 'Enter the Bacs service user number, 6 digits';
  const sortCode = parseSortCode(input.sortCode);
  if (!sortCode.ok) errors.sortCode = sortCode.error;
  const accountNumber = parseAccountNumber(input.accountNumber);
  if (!accountNumber.ok) errors.accountNumber = accountNumber.error;
  const name = bacsAccountName((input.accountName ?? '').trim(), 'The account name');
  if (!name.ok) errors.accountName = name.message;
  else if (name.text === '') errors.accountName = 'Enter the name of the council’s account';
  if (Object.keys(errors).length > 0 || !sortCode.ok || !accountNumber.ok || !name.ok) return { ok: false, errors };
  const values = { serviceUserNumber: sun, sortCode: sortCode.value, accountNumber: accountNumber.value, accountName: name.text };
  await db.transaction(async (tx) => {
    await tx.insert(areaPaymentSettings).values({ areaId, ...values }).onConflictDoUpdate({ target: [areaPaymentSettings.areaId], set: values });
    await audit(tx, { action: 'payment-settings.change', subjectType: 'area', subjectId: areaId, areaId });
  });
  return { ok: true };
}

export type BacsFile = { ok: true; text: string; count: number; totalPence: number } | { ok: false; reason: string };

/**
 * The Bacs Standard 18 file of a released run: one credit per payable item, to the bank account the item names (the
 * one current when the run was prepared), from the area's own account, processed on the period's first day.
 */
export async function bacsFileFor(db: Database, run: Pick<PaymentRun, 'areaId' | 'id'>, options: { createdOn: string; audit: AuditWriter }): Promise<BacsFile> {
  const stored = await runById(db, run.areaId, run.id);
  if (!stored) return { ok: false, reason: 'There is no such payment run' };
  if (stored.state !== 'released') return { ok: false, reason: 'A Bacs file is made only from a released payment run: it must be reviewed and released by two finance officers first' };
  const [settings] = await db.select().from(areaPaymentSettings).where(eq(areaPaymentSettings.areaId, run.areaId));
  if (!settings) return { ok: false, reason: 'Set the area’s Bacs service user number and account before making a Bacs file' };
  return db.transaction(async (tx) => {
    const items = await tx
      .select({ amountPence: paymentRunItems.amountPence, bankAccountId: paymentRunItems.bankAccountId })
      .from(paymentRunItems)
      .where(and(eq(paymentRunItems.areaId, run.areaId), eq(paymentRunItems.runId, run.id), isNull(paymentRunItems.exception)))
      .orderBy(asc(paymentRunItems.personId), asc(paymentRunItems.streamCode));
    const accounts = await bankDetailsForPayment(tx, run.areaId, [...new Set(items.map((item) => item.bankAccountId!))], `Bacs file for the period from ${stored.periodStart}`, options.audit);
    const reference = paymentReference(stored.periodStart);
    const credits: Credit[] = items.map((item) => {
      const account = accounts.get(item.bankAccountId!)!;
      return { sortCode: account.sortCode, accountNumber: account.accountNumber, accountName: account.accountName, reference, amountPence: item.amountPence };
    });
    const written = writeStandard18({
      serviceUserNumber: settings.serviceUserNumber,
      originator: { sortCode: settings.sortCode, accountNumber: settings.accountNumber, name: settings.accountName },
      submissionSerial: submissionSerial(stored.periodStart),
      createdOn: options.createdOn,
      processingDay: stored.periodStart,
      credits,
    });
    if (!written.ok) return { ok: false as const, reason: written.problems.join('. ') };
    await options.audit(tx, { action: 'payment-run.bacs-file', subjectType: 'payment-run', subjectId: run.id, areaId: run.areaId, detail: `${credits.length} credits` });
    return { ok: true as const, text: written.text, count: credits.length, totalPence: credits.reduce((total, credit) => total + credit.amountPence, 0) };
  });
}
