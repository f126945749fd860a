// The ledger written as a plain-text double-entry journal that hledger and ledger-cli read, so an auditor can check
// the books with tools of their own: posted transfers as cleared (*) transactions, holds not yet resolved as pending (!).
import type { Account, AccountKind } from './accounts.ts';
import type { Ledger, Transfer } from './ledger.ts';

const journalPlaces: Record<AccountKind, (account: Account) => string[]> = {
  'area-funding': (account) => ['assets', 'area', 'funding', account.streamCode ?? ''],
  settlement: () => ['assets', 'area', 'settlement'],
  'contribution-receivable': (account) => ['assets', 'contributions', account.personId ?? ''],
  budget: (account) => ['liabilities', 'budgets', account.personId ?? '', account.streamCode ?? ''],
  'direct-payment': (account) => ['liabilities', 'direct-payments', account.personId ?? '', account.streamCode ?? ''],
  'managed-account': (account) => ['liabilities', 'managed-accounts', account.personId ?? '', account.streamCode ?? ''],
  'provider-payable': (account) => ['liabilities', 'providers', account.providerId ?? ''],
};

/**
 * One part of an account name as both tools read it: lower-case letters, digits, hyphens, underscores and full stops.
 * A colon would start a sub-account, two spaces would end the name, and a bracket at the start would make the posting
 * virtual, so everything else becomes a hyphen.
 */
export function journalNamePart(text: string): string {
  const part = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return part === '' ? 'unnamed' : part;
}

/** The account's name in the journal, like `liabilities:budgets:<person>:<stream>`; `label` may give a part of its own. */
export function journalAccountName(account: Account, label?: (account: Account) => string[] | undefined): string {
  return (label?.(account) ?? journalPlaces[account.kind](account)).map(journalNamePart).join(':');
}

/** Pence as the journal writes them: `1234.56 GBP`, `-0.05 GBP`. */
export function journalAmount(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError('An amount in pence must be a whole number');
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} GBP`;
}

/** Text that stays on one line and cannot start a comment. */
function oneLine(text: string): string {
  return text.replace(/[;\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export interface JournalOptions {
  /** A first comment line, e.g. the area and the day it was written. */
  title?: string;
  /** Parts of an account's name to use instead of its ids (a person's name, a provider's), sanitised. */
  label?: (account: Account) => string[] | undefined;
}

/** Each account's name in the journal, made unique: two accounts must never share a name, or their totals would merge. */
export function journalAccountNames(accounts: Iterable<Account>, label?: JournalOptions['label']): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const account of accounts) {
    let name = journalAccountName(account, label);
    if (taken.has(name)) name = `${name}:${journalNamePart(account.id)}`;
    taken.add(name);
    names.set(account.id, name);
  }
  return names;
}

/** How a journal starts: its title, then every account declared, so the tools check each posting names one. */
export function journalHeader(names: ReadonlyMap<string, string>, options: Pick<JournalOptions, 'title'> = {}): string {
  const lines: string[] = [];
  if (options.title) lines.push(`; ${oneLine(options.title)}`, '');
  for (const name of [...names.values()].sort()) lines.push(`account ${name}`);
  return `${lines.join('\n')}\n`;
}

/** The width account names are padded to, so amounts line up as both tools print them. */
export function journalNameWidth(names: ReadonlyMap<string, string>): number {
  let width = 0;
  for (const name of names.values()) width = Math.max(width, name.length);
  return width + 2;
}

/**
 * A transfer's transaction, with the blank line before it, or '' for one that moves no money: a void, or a hold that
 * was resolved (`resolved`: a post or a void names it), which appears once, as the transaction that posted it.
 */
export function journalTransaction(transfer: Transfer, resolved: boolean, names: ReadonlyMap<string, string>, width: number): string {
  const status = journalStatus(transfer, resolved);
  if (status === undefined) return '';
  const description = oneLine(transfer.description) || transfer.code;
  const debit = names.get(transfer.debitAccountId);
  const credit = names.get(transfer.creditAccountId);
  if (debit === undefined || credit === undefined) throw new Error(`Transfer ${transfer.id} names an account the journal does not declare`);
  // Amounts right-aligned, as both tools print them; the largest, −£99,999,999.99, is 16 characters.
  return [
    '',
    `${transfer.occurredOn} ${status} (${transfer.code}) ${description}`,
    `    ; transfer: ${encodeURIComponent(transfer.id)}`,
    `    ${debit.padEnd(width)}${journalAmount(transfer.amountPence).padStart(16)}`,
    `    ${credit.padEnd(width)}${journalAmount(-transfer.amountPence).padStart(16)}`,
    '',
  ].join('\n');
}

/**
 * The ledger as a journal. Each transaction has two postings that balance: the account debited (positive) and the
 * account credited (negative). Voids and holds already resolved move no money, so they are left out; a posted hold
 * appears once, as the transaction that posted it. A ledger too large to hold in memory is written a page at a time
 * with the same parts: `journalHeader`, then `journalTransaction` for each transfer in order.
 */
export function writeJournal(ledger: Ledger, options: JournalOptions = {}): string {
  const names = journalAccountNames([...ledger.accounts.values()].map(({ account }) => account), options.label);
  const width = journalNameWidth(names);
  let text = journalHeader(names, options);
  for (const transfer of ledger.transfers.values()) text += journalTransaction(transfer, ledger.resolvedBy.has(transfer.id), names, width);
  return text;
}

function journalStatus(transfer: Transfer, resolved: boolean): '*' | '!' | undefined {
  if (transfer.kind === 'posted' || transfer.kind === 'post-pending') return '*';
  if (transfer.kind === 'pending' && !resolved) return '!';
  return undefined;
}
