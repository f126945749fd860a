// The money ledger's rules, and a reference ledger in memory that keeps them: immutable transfers of whole pence between
// two accounts, an id that makes a retry safe, two-phase holds (pending, then posted or voided once), limits that count
// holds, corrections only as reversing transfers, and every account's balance after each transfer kept for "as at".
// The database ledger (records/ledger.ts) decides each transfer with the same `decideTransfer`.
import { formatPence, largestPence } from '../budget/money.ts';
import { formatDay, isDay } from '../support-plan/days.ts';
import { type Account, accountName } from './accounts.ts';

export const transferKinds = ['posted', 'pending', 'post-pending', 'void-pending'] as const;
export type TransferKind = (typeof transferKinds)[number];

interface TransferCommon {
  /** Chosen by the caller (a payment run's key, a form's token): the same id sent again changes nothing. */
  id: string;
  /** What the transfer is for, as a short code: allocation, payment, invoice, contribution, reversal … */
  code: string;
  description?: string;
  /** The day the transfer is entered in the books, YYYY-MM-DD. */
  occurredOn: string;
}

/** Money moved now (`posted`) or held for a commitment (`pending`) until it is posted or voided. */
export interface MoveInput extends TransferCommon {
  kind: 'posted' | 'pending';
  debitAccountId: string;
  creditAccountId: string;
  amountPence: number;
  /** For a correction: the posted transfer this one undoes, in whole or in part. */
  reversesId?: string | null;
}

/** Posts a hold, in full or for less (the rest is released); the accounts are the hold's. */
export interface PostInput extends TransferCommon {
  kind: 'post-pending';
  pendingId: string;
  /** The hold's whole amount when absent. */
  amountPence?: number;
}

/** Releases a hold without moving any money. */
export interface VoidInput extends TransferCommon {
  kind: 'void-pending';
  pendingId: string;
}

export type TransferInput = MoveInput | PostInput | VoidInput;

/** A transfer as the ledger keeps it, never changed once made. */
export interface Transfer {
  id: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  /** Moved (posted), held (pending), posted from a hold (post-pending) or released (void-pending). */
  amountPence: number;
  pendingId: string | null;
  reversesId: string | null;
  code: string;
  description: string;
  occurredOn: string;
}

/** An account's running totals. Its net is debits − credits; across a ledger the nets add up to zero. */
export interface Balance {
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
}

export const zeroBalance: Balance = Object.freeze({ debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 });

export type RefusalKind = 'invalid' | 'exists' | 'unknown-account' | 'limit' | 'pending-unknown' | 'not-pending' | 'pending-resolved' | 'back-dated' | 'reversal';

export interface Refusal {
  ok: false;
  kind: RefusalKind;
  reason: string;
}

function refuse(kind: RefusalKind, reason: string): Refusal {
  return { ok: false, kind, reason };
}

const codePattern = /^[a-z][a-z0-9-]{0,63}$/;
const idPattern = /^[\x21-\x7e]{1,200}$/;

/** The first thing wrong with a transfer's own fields, as a refusal; undefined when they are all right. */
export function checkTransferInput(input: TransferInput): Refusal | undefined {
  const invalid = (reason: string) => refuse('invalid', reason);
  if (!(transferKinds as readonly string[]).includes(input.kind)) return invalid('Choose posted, pending, post-pending or void-pending');
  if (typeof input.id !== 'string' || input.id === '') return invalid('Give the transfer an id, so that sending it again is safe');
  if (!idPattern.test(input.id)) return invalid('A transfer id must be up to 200 letters, numbers or symbols, with no spaces');
  if (typeof input.code !== 'string' || !codePattern.test(input.code)) return invalid('Give a code of lower-case letters, numbers and hyphens that starts with a letter, like payment');
  if ((input.description ?? '').length > 500) return invalid('The description must be 500 characters or fewer');
  if (typeof input.occurredOn !== 'string' || !isDay(input.occurredOn)) return invalid('The date must be a real date written like 2026-03-01');
  const amount = input.kind === 'void-pending' ? undefined : input.amountPence;
  if (amount !== undefined || input.kind === 'posted' || input.kind === 'pending') {
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return invalid('The amount must be a whole number of pence');
    if (amount <= 0) return invalid('The amount must be more than £0.00');
    if (amount >= largestPence) return invalid(`The amount must be less than ${formatPence(largestPence)}`);
  }
  if (input.kind === 'posted' || input.kind === 'pending') {
    if (typeof input.debitAccountId !== 'string' || typeof input.creditAccountId !== 'string' || !input.debitAccountId || !input.creditAccountId) return invalid('Choose the account to pay from and the account to pay to');
    if (input.debitAccountId === input.creditAccountId) return invalid('A transfer must move money between two different accounts');
    if (input.reversesId != null && input.kind !== 'posted') return invalid('A reversal moves money back at once, so it cannot be a pending transfer');
  } else if (typeof (input as PostInput | VoidInput).pendingId !== 'string' || (input as PostInput | VoidInput).pendingId === '') {
    return invalid('Say which pending transfer to post or void');
  }
  return undefined;
}

/**
 * Whether `input` asks for exactly the transfer `existing` already is. Posting a hold "in full" names the hold's
 * amount, so `heldPence` (the pending transfer's amount) is needed to compare a post that gives no amount.
 */
export function sameTransfer(input: TransferInput, existing: Transfer, heldPence?: number): boolean {
  if (input.kind !== existing.kind || input.code !== existing.code || (input.description ?? '') !== existing.description || input.occurredOn !== existing.occurredOn) return false;
  switch (input.kind) {
    case 'posted':
    case 'pending':
      return input.debitAccountId === existing.debitAccountId && input.creditAccountId === existing.creditAccountId && input.amountPence === existing.amountPence && (input.reversesId ?? null) === existing.reversesId;
    case 'post-pending':
      return input.pendingId === existing.pendingId && (input.amountPence ?? heldPence) === existing.amountPence;
    case 'void-pending':
      return input.pendingId === existing.pendingId;
  }
}

/** An account as a transfer finds it: its limits, totals and the day of its latest transfer. */
export interface AccountPosition {
  account: Account;
  balance: Balance;
  lastOn: string | null;
}

/** What the ledger holds that a transfer is decided on, gathered before deciding (under locks, in the database). */
export interface TransferContext {
  /** The transfer with the id of `pendingId`, for a post or void. */
  pending?: Transfer | undefined;
  /** How the hold was resolved already, if it was. */
  pendingResolvedBy?: Transfer | undefined;
  /** The two accounts (for a post or void, the hold's). */
  accounts: ReadonlyMap<string, AccountPosition>;
  /** For a reversal: the transfer it reverses, and how much of that is reversed already. */
  reversed?: Transfer | undefined;
  reversedPence?: number;
}

export interface Decision {
  ok: true;
  transfer: Transfer;
  /** Each account's totals after the transfer. */
  after: ReadonlyMap<string, Balance>;
}

/** The accounts a post or void works on: the hold's. Undefined before the hold is known. */
export function accountsOf(input: TransferInput, pending?: Transfer): [string, string] | undefined {
  if (input.kind === 'posted' || input.kind === 'pending') return [input.debitAccountId, input.creditAccountId];
  return pending ? [pending.debitAccountId, pending.creditAccountId] : undefined;
}

/** Where a limit is broken by `balance`, in words; undefined when every limit holds. */
export function limitProblem(account: Account, balance: Balance): string | undefined {
  if (account.flags.debitsMustNotExceedCredits && balance.debitsPosted + balance.debitsPending > balance.creditsPosted) return 'debits';
  if (account.flags.creditsMustNotExceedDebits && balance.creditsPosted + balance.creditsPending > balance.debitsPosted) return 'credits';
  return undefined;
}

/** What can still be paid from (or into) an account within its limit, holds counted. */
export function headroom(account: Account, balance: Balance): number | undefined {
  if (account.flags.debitsMustNotExceedCredits) return balance.creditsPosted - balance.debitsPosted - balance.debitsPending;
  if (account.flags.creditsMustNotExceedDebits) return balance.debitsPosted - balance.creditsPosted - balance.creditsPending;
  return undefined;
}

/**
 * Decides one transfer whose id is new: checks the hold, the reversal, the dates and the limits, and gives the
 * transfer and the accounts' totals after it, or why not. The caller has checked the input and the id already.
 */
export function decideTransfer(input: TransferInput, context: TransferContext): Decision | Refusal {
  let pending: Transfer | undefined;
  if (input.kind === 'post-pending' || input.kind === 'void-pending') {
    pending = context.pending;
    if (!pending) return refuse('pending-unknown', 'There is no pending transfer with that id. A hold that was refused was never made, so it cannot be posted or voided');
    if (pending.kind !== 'pending') return refuse('not-pending', 'That transfer is not a pending one, so it cannot be posted or voided');
    if (context.pendingResolvedBy) {
      const how = context.pendingResolvedBy.kind === 'post-pending' ? 'posted' : 'voided';
      return refuse('pending-resolved', `That pending transfer was already ${how}. A hold is posted or voided once`);
    }
    if (input.kind === 'post-pending' && input.amountPence !== undefined && input.amountPence > pending.amountPence) {
      return refuse('invalid', `You can post at most ${formatPence(pending.amountPence)}, the amount held`);
    }
  }
  const pair = accountsOf(input, pending)!;
  const [debit, credit] = pair.map((id) => context.accounts.get(id));
  if (!debit) return refuse('unknown-account', 'There is no account to pay from with that id');
  if (!credit) return refuse('unknown-account', 'There is no account to pay to with that id');
  for (const position of [debit, credit]) {
    if (position.lastOn !== null && input.occurredOn < position.lastOn) {
      return refuse('back-dated', `The transfer cannot be dated before ${formatDay(position.lastOn)}, the date of the latest transfer on ${accountName(position.account)}. Date a correction the day it is made`);
    }
  }
  const reversesId = input.kind === 'posted' ? (input.reversesId ?? null) : null;
  if (reversesId !== null) {
    const original = context.reversed;
    if (!original || (original.kind !== 'posted' && original.kind !== 'post-pending')) return refuse('reversal', 'Only a transfer that was posted can be reversed');
    if (original.reversesId !== null) return refuse('reversal', 'A reversal cannot itself be reversed: make a new transfer instead');
    if (original.debitAccountId !== credit.account.id || original.creditAccountId !== debit.account.id) {
      return refuse('reversal', 'A reversal must move the money back: from the account it was paid into, to the account it came from');
    }
    const already = context.reversedPence ?? 0;
    if (already + (input as MoveInput).amountPence > original.amountPence) {
      return refuse('reversal', `That would reverse more than the ${formatPence(original.amountPence)} transfer: ${formatPence(already)} of it is reversed already`);
    }
  }
  const amountPence = input.kind === 'post-pending' ? (input.amountPence ?? pending!.amountPence) : input.kind === 'void-pending' ? pending!.amountPence : input.amountPence;
  const transfer: Transfer = Object.freeze({
    id: input.id,
    kind: input.kind,
    debitAccountId: debit.account.id,
    creditAccountId: credit.account.id,
    amountPence,
    pendingId: pending ? pending.id : null,
    reversesId,
    code: input.code,
    description: input.description ?? '',
    occurredOn: input.occurredOn,
  });
  const debitAfter = applySide(debit.balance, 'debit', transfer, pending);
  const creditAfter = applySide(credit.balance, 'credit', transfer, pending);
  // Posting or voiding a hold only ever frees room, so only new money and new holds are checked against limits.
  if (input.kind === 'posted' || input.kind === 'pending') {
    for (const [position, after] of [[debit, debitAfter], [credit, creditAfter]] as const) {
      if (limitProblem(position.account, after)) {
        const room = Math.max(0, headroom(position.account, position.balance) ?? 0);
        return refuse('limit', `That would take ${accountName(position.account)} over its limit: ${formatPence(room)} is available after holds, and the transfer is for ${formatPence(amountPence)}`);
      }
    }
  }
  return { ok: true, transfer, after: new Map([[debit.account.id, debitAfter], [credit.account.id, creditAfter]]) };
}

function applySide(balance: Balance, side: 'debit' | 'credit', transfer: Transfer, pending: Transfer | undefined): Balance {
  const posted = side === 'debit' ? 'debitsPosted' : 'creditsPosted';
  const held = side === 'debit' ? 'debitsPending' : 'creditsPending';
  const next = { ...balance };
  switch (transfer.kind) {
    case 'posted':
      next[posted] += transfer.amountPence;
      break;
    case 'pending':
      next[held] += transfer.amountPence;
      break;
    case 'post-pending':
      next[held] -= pending!.amountPence;
      next[posted] += transfer.amountPence;
      break;
    case 'void-pending':
      next[held] -= pending!.amountPence;
      break;
  }
  return Object.freeze(next);
}

/** The transfer that undoes a posted one (or `amountPence` of it), dated the day of the correction. */
export function reversalOf(original: Transfer, correction: { id: string; occurredOn: string; amountPence?: number; description?: string }): MoveInput {
  return {
    kind: 'posted',
    id: correction.id,
    debitAccountId: original.creditAccountId,
    creditAccountId: original.debitAccountId,
    amountPence: correction.amountPence ?? original.amountPence,
    code: 'reversal',
    description: correction.description ?? `Reverses ${original.id}`,
    occurredOn: correction.occurredOn,
    reversesId: original.id,
  };
}

/** The input that makes `transfer` again: how a ledger is rebuilt from stored transfers, to check it or write its journal. */
export function inputOf(transfer: Transfer): TransferInput {
  const common = { id: transfer.id, code: transfer.code, description: transfer.description, occurredOn: transfer.occurredOn };
  if (transfer.kind === 'post-pending') return { ...common, kind: 'post-pending', pendingId: transfer.pendingId!, amountPence: transfer.amountPence };
  if (transfer.kind === 'void-pending') return { ...common, kind: 'void-pending', pendingId: transfer.pendingId! };
  return { ...common, kind: transfer.kind, debitAccountId: transfer.debitAccountId, creditAccountId: transfer.creditAccountId, amountPence: transfer.amountPence, reversesId: transfer.reversesId };
}

/**
 * The ledger that `accounts` and `transfers` (in the order they were made) make, or the first refusal: stored
 * transfers that the rules would not have allowed are a fault, never something to smooth over.
 */
export function rebuildLedger(accounts: readonly Account[], transfers: readonly Transfer[]): { ok: true; ledger: Ledger } | (Refusal & { transferId?: string }) {
  let ledger = emptyLedger;
  for (const account of accounts) {
    const opened = openAccount(ledger, account);
    if (!opened.ok) return opened;
    ledger = opened.ledger;
  }
  for (const transfer of transfers) {
    const applied = applyTransfer(ledger, inputOf(transfer));
    if (!applied.ok) return { ...applied, transferId: transfer.id };
    if (applied.alreadyDone) return { ok: false, kind: 'exists', reason: `Transfer ${transfer.id} appears twice`, transferId: transfer.id };
    ledger = applied.ledger;
  }
  return { ok: true, ledger };
}

/** An account's totals just after one of its transfers. */
export interface BalanceAt extends Balance {
  occurredOn: string;
  transferId: string;
}

interface AccountState extends AccountPosition {
  history: readonly BalanceAt[];
}

/** The reference ledger: a value; applying a transfer gives a new ledger and leaves the old one as it was. */
export interface Ledger {
  accounts: ReadonlyMap<string, AccountState>;
  /** In the order they were made. */
  transfers: ReadonlyMap<string, Transfer>;
  /** Pending transfer id → the transfer that posted or voided it. */
  resolvedBy: ReadonlyMap<string, Transfer>;
  /** Transfer id → pence of it reversed so far. */
  reversedPence: ReadonlyMap<string, number>;
}

export const emptyLedger: Ledger = { accounts: new Map(), transfers: new Map(), resolvedBy: new Map(), reversedPence: new Map() };

export type OpenResult = { ok: true; ledger: Ledger; alreadyDone: boolean } | Refusal;

/** Opens an account; opening the same account again changes nothing, and a second account with its code is refused. */
export function openAccount(ledger: Ledger, account: Account): OpenResult {
  const existing = ledger.accounts.get(account.id);
  if (existing) {
    const same = JSON.stringify(existing.account) === JSON.stringify(account);
    return same ? { ok: true, ledger, alreadyDone: true } : refuse('exists', 'A different account already has that id');
  }
  if ([...ledger.accounts.values()].some((state) => state.account.code === account.code)) return refuse('exists', 'There is already an account for that person, stream or provider');
  if (account.flags.debitsMustNotExceedCredits && account.flags.creditsMustNotExceedDebits) return refuse('invalid', 'An account can limit its debits or its credits, not both');
  const accounts = new Map(ledger.accounts);
  accounts.set(account.id, { account: Object.freeze({ ...account, flags: Object.freeze({ ...account.flags }) }), balance: zeroBalance, lastOn: null, history: [] });
  return { ok: true, ledger: { ...ledger, accounts }, alreadyDone: false };
}

export type TransferResult = { ok: true; ledger: Ledger; transfer: Transfer; alreadyDone: boolean } | Refusal;

/** Applies one transfer: a new ledger, the same ledger for an identical retry, or a refusal that changes nothing. */
export function applyTransfer(ledger: Ledger, input: TransferInput): TransferResult {
  const invalid = checkTransferInput(input);
  if (invalid) return invalid;
  const pending = input.kind === 'post-pending' || input.kind === 'void-pending' ? ledger.transfers.get(input.pendingId) : undefined;
  const existing = ledger.transfers.get(input.id);
  if (existing) {
    const held = existing.pendingId === null ? undefined : ledger.transfers.get(existing.pendingId)?.amountPence;
    if (sameTransfer(input, existing, held)) return { ok: true, ledger, transfer: existing, alreadyDone: true };
    return refuse('exists', 'A different transfer was already made with this id. Give a new transfer a new id');
  }
  const reversesId = input.kind === 'posted' ? (input.reversesId ?? null) : null;
  const accounts = new Map<string, AccountPosition>();
  for (const id of accountsOf(input, pending) ?? []) {
    const state = ledger.accounts.get(id);
    if (state) accounts.set(id, state);
  }
  const decision = decideTransfer(input, {
    pending,
    pendingResolvedBy: pending ? ledger.resolvedBy.get(pending.id) : undefined,
    accounts,
    reversed: reversesId === null ? undefined : ledger.transfers.get(reversesId),
    reversedPence: reversesId === null ? 0 : (ledger.reversedPence.get(reversesId) ?? 0),
  });
  if (!decision.ok) return decision;
  const { transfer } = decision;
  const nextAccounts = new Map(ledger.accounts);
  for (const [id, balance] of decision.after) {
    const state = ledger.accounts.get(id)!;
    nextAccounts.set(id, { ...state, balance, lastOn: transfer.occurredOn, history: [...state.history, Object.freeze({ ...balance, occurredOn: transfer.occurredOn, transferId: transfer.id })] });
  }
  const transfers = new Map(ledger.transfers).set(transfer.id, transfer);
  const resolvedBy = transfer.pendingId === null ? ledger.resolvedBy : new Map(ledger.resolvedBy).set(transfer.pendingId, transfer);
  const reversedPence = transfer.reversesId === null ? ledger.reversedPence : new Map(ledger.reversedPence).set(transfer.reversesId, (ledger.reversedPence.get(transfer.reversesId) ?? 0) + transfer.amountPence);
  return { ok: true, ledger: { accounts: nextAccounts, transfers, resolvedBy, reversedPence }, transfer, alreadyDone: false };
}

/** An account's totals now; an account the ledger does not have is refused by throwing, as that is a caller's mistake. */
export function balanceOf(ledger: Ledger, accountId: string): Balance {
  const state = ledger.accounts.get(accountId);
  if (!state) throw new RangeError(`No account ${accountId}`);
  return state.balance;
}

/** An account's totals at the end of `day`: after its latest transfer dated that day or earlier. */
export function balanceAsAt(ledger: Ledger, accountId: string, day: string): Balance {
  const state = ledger.accounts.get(accountId);
  if (!state) throw new RangeError(`No account ${accountId}`);
  // Transfers on an account are never dated before its latest one, so its history is in date order.
  let low = 0;
  let high = state.history.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (state.history[middle]!.occurredOn <= day) low = middle + 1;
    else high = middle;
  }
  if (low === 0) return zeroBalance;
  const { occurredOn: _day, transferId: _id, ...balance } = state.history[low - 1]!;
  return balance;
}

/** Debits − credits, posted and pending: what a journal shows for the account. */
export function net(balance: Balance): { posted: number; pending: number } {
  return { posted: balance.debitsPosted - balance.creditsPosted, pending: balance.debitsPending - balance.creditsPending };
}
