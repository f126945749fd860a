// The money ledger as stored (ADR 15): accounts, transfers and balances over the database, decided by the same rules
// as the reference ledger (domain/ledger). Each transfer runs in one transaction that locks its two accounts in id
// order, so concurrent payments from one account queue behind each other and can never together break its limit.
import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Account, type AccountFlags, type AccountKind, type AccountSpec, accountSpecProblems, makeAccount } from '../domain/ledger/accounts.ts';
import {
  type AccountPosition,
  type Balance,
  type PostInput,
  type Refusal,
  type Transfer,
  type TransferInput,
  type TransferKind,
  type VoidInput,
  accountsOf,
  checkTransferInput,
  decideTransfer,
  net,
  reversalOf,
  sameTransfer,
  zeroBalance,
} from '../domain/ledger/ledger.ts';
import type { Queryable } from '../db/database.ts';
import { ledgerAccounts, ledgerBalances, ledgerTransfers } from '../db/schema.ts';

export type AccountWrite = { ok: true; account: Account; alreadyDone: boolean } | Refusal;
export type TransferWrite = { ok: true; transfer: Transfer; alreadyDone: boolean } | Refusal;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const accountColumns = {
  id: ledgerAccounts.id,
  kind: ledgerAccounts.kind,
  personId: ledgerAccounts.personId,
  streamCode: ledgerAccounts.streamCode,
  providerId: ledgerAccounts.providerOrganisationId,
  debitsMustNotExceedCredits: ledgerAccounts.debitsMustNotExceedCredits,
  creditsMustNotExceedDebits: ledgerAccounts.creditsMustNotExceedDebits,
  debitsPosted: ledgerAccounts.debitsPosted,
  creditsPosted: ledgerAccounts.creditsPosted,
  debitsPending: ledgerAccounts.debitsPending,
  creditsPending: ledgerAccounts.creditsPending,
  lastOn: ledgerAccounts.lastOn,
};

interface AccountRow {
  id: string;
  kind: string;
  personId: string | null;
  streamCode: string | null;
  providerId: string | null;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
  lastOn: string | null;
}

function positionOf(row: AccountRow): AccountPosition {
  const flags: AccountFlags = { debitsMustNotExceedCredits: row.debitsMustNotExceedCredits, creditsMustNotExceedDebits: row.creditsMustNotExceedDebits };
  const account = makeAccount(row.id, { kind: row.kind as AccountKind, personId: row.personId, streamCode: row.streamCode, providerId: row.providerId, flags });
  const balance: Balance = { debitsPosted: row.debitsPosted, creditsPosted: row.creditsPosted, debitsPending: row.debitsPending, creditsPending: row.creditsPending };
  return { account, balance, lastOn: row.lastOn };
}

/**
 * Opens an account, or answers the one already open for that kind and person, stream or provider: opening twice opens
 * once. An account already open with a different limit is refused rather than changed.
 */
export async function createAccount(db: Queryable, areaId: string, spec: AccountSpec): Promise<AccountWrite> {
  const problems = accountSpecProblems(spec);
  if (problems.length > 0) return { ok: false, kind: 'invalid', reason: problems[0]! };
  const wanted = makeAccount('', spec);
  const [created] = await db
    .insert(ledgerAccounts)
    .values({
      areaId,
      code: wanted.code,
      kind: wanted.kind,
      personId: wanted.personId,
      streamCode: wanted.streamCode,
      providerOrganisationId: wanted.providerId,
      debitsMustNotExceedCredits: wanted.flags.debitsMustNotExceedCredits,
      creditsMustNotExceedDebits: wanted.flags.creditsMustNotExceedDebits,
    })
    .onConflictDoNothing({ target: [ledgerAccounts.areaId, ledgerAccounts.code] })
    .returning(accountColumns);
  if (created) return { ok: true, account: positionOf(created).account, alreadyDone: false };
  const [existing] = await db.select(accountColumns).from(ledgerAccounts).where(and(eq(ledgerAccounts.areaId, areaId), eq(ledgerAccounts.code, wanted.code)));
  const account = positionOf(existing!).account;
  if (JSON.stringify(account.flags) !== JSON.stringify(wanted.flags)) return { ok: false, kind: 'exists', reason: 'There is already an account for that person, stream or provider, with a different limit' };
  return { ok: true, account, alreadyDone: true };
}

/** An account of the area by id, or undefined. */
export async function findAccount(db: Queryable, areaId: string, accountId: string): Promise<Account | undefined> {
  if (!uuid.test(accountId)) return undefined;
  const [row] = await db.select(accountColumns).from(ledgerAccounts).where(and(eq(ledgerAccounts.areaId, areaId), eq(ledgerAccounts.id, accountId)));
  return row ? positionOf(row).account : undefined;
}

const transferColumns = {
  id: ledgerTransfers.id,
  kind: ledgerTransfers.kind,
  debitAccountId: ledgerTransfers.debitAccountId,
  creditAccountId: ledgerTransfers.creditAccountId,
  amountPence: ledgerTransfers.amountPence,
  pendingId: ledgerTransfers.pendingId,
  reversesId: ledgerTransfers.reversesId,
  code: ledgerTransfers.code,
  description: ledgerTransfers.description,
  occurredOn: ledgerTransfers.occurredOn,
};

function transferOf(row: { kind: string } & Omit<Transfer, 'kind'>): Transfer {
  return Object.freeze({ ...row, kind: row.kind as TransferKind });
}

async function transferById(db: Queryable, areaId: string, id: string): Promise<Transfer | undefined> {
  const [row] = await db.select(transferColumns).from(ledgerTransfers).where(and(eq(ledgerTransfers.areaId, areaId), eq(ledgerTransfers.id, id)));
  return row ? transferOf(row) : undefined;
}

/** A transfer of the area by its id, or undefined. */
export function findTransfer(db: Queryable, areaId: string, id: string): Promise<Transfer | undefined> {
  return transferById(db, areaId, id);
}

/** The area's transfers in the order they were made. */
export async function transfersInOrder(db: Queryable, areaId: string): Promise<Transfer[]> {
  const rows = await db.select(transferColumns).from(ledgerTransfers).where(eq(ledgerTransfers.areaId, areaId)).orderBy(asc(ledgerTransfers.sequence));
  return rows.map(transferOf);
}

/** The answer to a transfer whose id is taken: the same transfer again changes nothing; a different one is refused. */
async function answerRetry(db: Queryable, areaId: string, input: TransferInput, existing: Transfer): Promise<TransferWrite> {
  const held = existing.pendingId === null ? undefined : (await transferById(db, areaId, existing.pendingId))?.amountPence;
  if (sameTransfer(input, existing, held)) return { ok: true, transfer: existing, alreadyDone: true };
  return { ok: false, kind: 'exists', reason: 'A different transfer was already made with this id. Give a new transfer a new id' };
}

/**
 * Makes one transfer (money moved, a hold, a hold posted or voided, a reversal) in its own transaction, or a
 * savepoint of the caller's: the accounts are locked in id order, the limits checked with holds counted, and the
 * transfer, the accounts' new totals and their balance history written together. Sending the same transfer again
 * answers the one already made; a refusal writes nothing.
 */
export async function transfer(db: Queryable, areaId: string, input: TransferInput): Promise<TransferWrite> {
  const invalid = checkTransferInput(input);
  if (invalid) return invalid;
  return db.transaction(async (tx) => {
    const existing = await transferById(tx, areaId, input.id);
    if (existing) return answerRetry(tx, areaId, input, existing);
    const pending = input.kind === 'post-pending' || input.kind === 'void-pending' ? await transferById(tx, areaId, input.pendingId) : undefined;
    const ids = (accountsOf(input, pending) ?? []).filter((id) => uuid.test(id));
    // One statement locks both rows, in id order: two transfers between the same accounts, either way round, queue
    // rather than deadlock.
    const locked =
      ids.length === 0
        ? []
        : await tx
            .select(accountColumns)
            .from(ledgerAccounts)
            .where(and(eq(ledgerAccounts.areaId, areaId), inArray(ledgerAccounts.id, ids)))
            .orderBy(asc(ledgerAccounts.id))
            .for('update');
    const accounts = new Map(locked.map((row) => [row.id, positionOf(row)]));
    // A retry sent while the first attempt was still running waited for the same locks, and now sees what it made.
    const madeMeanwhile = locked.length > 0 ? await transferById(tx, areaId, input.id) : undefined;
    if (madeMeanwhile) return answerRetry(tx, areaId, input, madeMeanwhile);
    // Read under the locks: a hold's resolution and a transfer's reversals touch the same accounts, so these are current.
    const pendingResolvedBy = pending ? await resolutionOf(tx, areaId, pending.id) : undefined;
    const reversesId = input.kind === 'posted' ? (input.reversesId ?? null) : null;
    const reversed = reversesId === null ? undefined : await transferById(tx, areaId, reversesId);
    const reversedPence = reversed ? await reversedSoFar(tx, areaId, reversed.id) : 0;
    const decision = decideTransfer(input, { pending, pendingResolvedBy, accounts, reversed, reversedPence });
    if (!decision.ok) return decision;
    const made = decision.transfer;
    const [row] = await tx
      .insert(ledgerTransfers)
      .values({ areaId, ...made })
      .onConflictDoNothing({ target: [ledgerTransfers.areaId, ledgerTransfers.id] })
      .returning({ sequence: ledgerTransfers.sequence });
    if (!row) {
      // Another transaction made a transfer with this id between our first look and now (on other accounts).
      const raced = await transferById(tx, areaId, input.id);
      return answerRetry(tx, areaId, input, raced!);
    }
    for (const [accountId, after] of decision.after) {
      await tx
        .update(ledgerAccounts)
        .set({ ...after, lastOn: made.occurredOn })
        .where(and(eq(ledgerAccounts.areaId, areaId), eq(ledgerAccounts.id, accountId)));
    }
    await tx.insert(ledgerBalances).values([...decision.after].map(([accountId, after]) => ({ areaId, accountId, transferId: made.id, sequence: row.sequence, occurredOn: made.occurredOn, ...after })));
    return { ok: true, transfer: made, alreadyDone: false };
  });
}

async function resolutionOf(db: Queryable, areaId: string, pendingId: string): Promise<Transfer | undefined> {
  const [row] = await db.select(transferColumns).from(ledgerTransfers).where(and(eq(ledgerTransfers.areaId, areaId), eq(ledgerTransfers.pendingId, pendingId)));
  return row ? transferOf(row) : undefined;
}

async function reversedSoFar(db: Queryable, areaId: string, transferId: string): Promise<number> {
  const [row] = await db
    .select({ pence: sql<number>`coalesce(sum(${ledgerTransfers.amountPence}), 0)::bigint` })
    .from(ledgerTransfers)
    .where(and(eq(ledgerTransfers.areaId, areaId), eq(ledgerTransfers.reversesId, transferId)));
  return Number(row?.pence ?? 0);
}

/** Posts a hold, in full or (with `amountPence`) for less, releasing the rest. */
export function postPending(db: Queryable, areaId: string, input: Omit<PostInput, 'kind'>): Promise<TransferWrite> {
  return transfer(db, areaId, { ...input, kind: 'post-pending' });
}

/** Releases a hold. */
export function voidPending(db: Queryable, areaId: string, input: Omit<VoidInput, 'kind'>): Promise<TransferWrite> {
  return transfer(db, areaId, { ...input, kind: 'void-pending' });
}

/** Undoes a posted transfer, in whole or in part, by a reversing transfer dated the day of the correction. */
export async function reverseTransfer(db: Queryable, areaId: string, originalId: string, correction: { id: string; occurredOn: string; amountPence?: number; description?: string }): Promise<TransferWrite> {
  const original = await transferById(db, areaId, originalId);
  if (!original) return { ok: false, kind: 'reversal', reason: 'There is no transfer with that id to reverse' };
  return transfer(db, areaId, reversalOf(original, correction));
}

/** An account's totals now, in one read; undefined for an account the area does not have. */
export async function balanceOf(db: Queryable, areaId: string, accountId: string): Promise<Balance | undefined> {
  if (!uuid.test(accountId)) return undefined;
  const [row] = await db
    .select({ debitsPosted: ledgerAccounts.debitsPosted, creditsPosted: ledgerAccounts.creditsPosted, debitsPending: ledgerAccounts.debitsPending, creditsPending: ledgerAccounts.creditsPending })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.areaId, areaId), eq(ledgerAccounts.id, accountId)));
  return row;
}

/** An account's totals at the end of `day`, in one read down the history index; nothing before its first transfer. */
export async function balanceAsAt(db: Queryable, areaId: string, accountId: string, day: string): Promise<Balance> {
  if (!uuid.test(accountId)) return zeroBalance;
  const [row] = await db
    .select({ debitsPosted: ledgerBalances.debitsPosted, creditsPosted: ledgerBalances.creditsPosted, debitsPending: ledgerBalances.debitsPending, creditsPending: ledgerBalances.creditsPending })
    .from(ledgerBalances)
    .where(and(eq(ledgerBalances.areaId, areaId), eq(ledgerBalances.accountId, accountId), lte(ledgerBalances.occurredOn, day)))
    .orderBy(desc(ledgerBalances.occurredOn), desc(ledgerBalances.sequence))
    .limit(1);
  return row ?? zeroBalance;
}

/** The area's accounts, in the order of their codes (kind, then person, provider or stream). */
export async function accountsInArea(db: Queryable, areaId: string): Promise<Account[]> {
  const rows = await db.select(accountColumns).from(ledgerAccounts).where(eq(ledgerAccounts.areaId, areaId)).orderBy(asc(ledgerAccounts.code));
  return rows.map((row) => positionOf(row).account);
}

/** A transfer read in order, with whether a post or a void has resolved it (only ever true of a hold). */
export interface TransferInOrder {
  transfer: Transfer;
  resolved: boolean;
}

/**
 * The area's transfers in the order they were made, a page at a time (each page one indexed read that starts after
 * the last one's sequence), so millions of them can be written out without holding them all.
 */
export async function* transferPages(db: Queryable, areaId: string, { pageSize = 5000 }: { pageSize?: number } = {}): AsyncGenerator<TransferInOrder[]> {
  const resolution = alias(ledgerTransfers, 'resolution');
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ ...transferColumns, sequence: ledgerTransfers.sequence, resolvedBy: resolution.id })
      .from(ledgerTransfers)
      .leftJoin(resolution, and(eq(resolution.areaId, ledgerTransfers.areaId), eq(resolution.pendingId, ledgerTransfers.id)))
      .where(and(eq(ledgerTransfers.areaId, areaId), gt(ledgerTransfers.sequence, after)))
      .orderBy(asc(ledgerTransfers.sequence))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map(({ sequence: _sequence, resolvedBy, ...row }) => ({ transfer: transferOf(row), resolved: resolvedBy !== null }));
    after = rows.at(-1)!.sequence;
    if (rows.length < pageSize) return;
  }
}

/** One account's line in a balances report: its totals, and debits less credits as a journal shows them. */
export interface BalanceReportLine {
  account: Account;
  balance: Balance;
  /** Debits − credits of posted transfers: positive for what the area has, negative for what it holds for others. */
  postedPence: number;
  /** Debits − credits of holds not yet posted or voided. */
  pendingPence: number;
}

/**
 * Every account of the area with its posted and pending balance, in one query: now, from the running totals on the
 * account rows; or as at the end of a day, from each account's last history row dated that day or earlier (one read
 * down the history index per account). An account with no transfers by then shows nothing. In the order of codes.
 */
export async function ledgerBalancesReport(db: Queryable, areaId: string, { asAt }: { asAt?: string } = {}): Promise<BalanceReportLine[]> {
  const { debitsPosted: _dp, creditsPosted: _cp, debitsPending: _dpe, creditsPending: _cpe, lastOn: _lastOn, ...identity } = accountColumns;
  let rows: (Omit<AccountRow, 'lastOn'> & { lastOn?: string | null })[];
  if (asAt === undefined) {
    rows = await db.select(accountColumns).from(ledgerAccounts).where(eq(ledgerAccounts.areaId, areaId)).orderBy(asc(ledgerAccounts.code));
  } else {
    const last = db
      .select({ debitsPosted: ledgerBalances.debitsPosted, creditsPosted: ledgerBalances.creditsPosted, debitsPending: ledgerBalances.debitsPending, creditsPending: ledgerBalances.creditsPending })
      .from(ledgerBalances)
      .where(and(eq(ledgerBalances.areaId, ledgerAccounts.areaId), eq(ledgerBalances.accountId, ledgerAccounts.id), lte(ledgerBalances.occurredOn, asAt)))
      .orderBy(desc(ledgerBalances.occurredOn), desc(ledgerBalances.sequence))
      .limit(1)
      .as('as_at');
    const pence = (column: typeof last.debitsPosted) => sql<number>`coalesce(${column}, 0)`.mapWith(Number);
    rows = await db
      .select({ ...identity, debitsPosted: pence(last.debitsPosted), creditsPosted: pence(last.creditsPosted), debitsPending: pence(last.debitsPending), creditsPending: pence(last.creditsPending) })
      .from(ledgerAccounts)
      .leftJoinLateral(last, sql`true`)
      .where(eq(ledgerAccounts.areaId, areaId))
      .orderBy(asc(ledgerAccounts.code));
  }
  return rows.map((row) => {
    const { account, balance } = positionOf({ ...row, lastOn: row.lastOn ?? null });
    const { posted, pending } = net(balance);
    return { account, balance, postedPence: posted, pendingPence: pending };
  });
}
