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

/**
 * The ledger as a journal. Each transaction has two postings that balance: the account debited (positive) and the
 * account credited (negative). Voids and holds already resolved move no money, so they are left out; a posted hold
 * appears once, as the transaction that posted it.
 */
export function writeJournal(ledger: Ledger, options: JournalOptions = {}): string {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const { account } of ledger.accounts.values()) {
    let name = journalAccountName(account, options.label);
    // Two accounts must never share a name, or their totals would merge.
    if (taken.has(name)) name = `${name}:${journalNamePart(account.id)}`;
    taken.add(name);
    names.set(account.id, name);
  }
  const lines: string[] = [];
  if (options.title) lines.push(`; ${oneLine(options.title)}`, '');
  for (const name of [...names.values()].sort()) lines.push(`account ${name}`);
  const width = Math.max(0, ...[...names.values()].map((name) => name.length)) + 2;
  for (const transfer of ledger.transfers.values()) {
    const status = journalStatus(ledger, transfer);
    if (status === undefined) continue;
    const description = oneLine(transfer.description) || transfer.code;
    lines.push('', `${transfer.occurredOn} ${status} (${transfer.code}) ${description}`, `    ; transfer: ${encodeURIComponent(transfer.id)}`);
    // Amounts right-aligned, as both tools print them; the largest, −£99,999,999.99, is 16 characters.
    lines.push(`    ${names.get(transfer.debitAccountId)!.padEnd(width)}${journalAmount(transfer.amountPence).padStart(16)}`);
    lines.push(`    ${names.get(transfer.creditAccountId)!.padEnd(width)}${journalAmount(-transfer.amountPence).padStart(16)}`);
  }
  return `${lines.join('\n')}\n`;
}

function journalStatus(ledger: Ledger, transfer: Transfer): '*' | '!' | undefined {
  if (transfer.kind === 'posted' || transfer.kind === 'post-pending') return '*';
  if (transfer.kind === 'pending' && !ledger.resolvedBy.has(transfer.id)) return '!';
  return undefined;
}
