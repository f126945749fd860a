// The ledger's accounts: what kinds there are, what each must name (a person, a stream, a provider), the limit each
// keeps by default, and the code that makes one account per person per stream so opening it twice opens it once.

export const accountKinds = ['area-funding', 'settlement', 'budget', 'direct-payment', 'managed-account', 'provider-payable', 'contribution-receivable'] as const;
export type AccountKind = (typeof accountKinds)[number];

/**
 * Limits in the way TigerBeetle words them. An account that holds money for someone (a budget, a direct payment) may
 * not pay out more than was paid in: its debits, pending ones included, must not exceed its posted credits. An account
 * that is owed money (a contribution) may not be paid more than it is owed. Pending credits never count as money in.
 */
export interface AccountFlags {
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
}

interface KindRule {
  /** In plain English, for messages: "the budget account". */
  name: string;
  person: boolean;
  stream: boolean;
  provider: boolean;
  flags: AccountFlags;
  /** Where the account sits in a double-entry journal: money the area has or is owed, or money it holds for others. */
  journalRoot: 'assets' | 'liabilities';
}

const noLimit: AccountFlags = { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false };
const holdsMoney: AccountFlags = { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false };
const isOwed: AccountFlags = { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true };

/**
 * Money flows from an area's funding for a stream to a person's budget for it, from the budget to their direct payment
 * or managed account, from there to what a provider is owed, and out through the area's settlement (bank) account. A
 * person's contribution is owed to the area until it is paid.
 */
export const kindRules: Record<AccountKind, KindRule> = {
  'area-funding': { name: 'the area’s funding account', person: false, stream: true, provider: false, flags: noLimit, journalRoot: 'assets' },
  settlement: { name: 'the area’s settlement account', person: false, stream: false, provider: false, flags: noLimit, journalRoot: 'assets' },
  budget: { name: 'the budget account', person: true, stream: true, provider: false, flags: holdsMoney, journalRoot: 'liabilities' },
  'direct-payment': { name: 'the direct payment account', person: true, stream: true, provider: false, flags: holdsMoney, journalRoot: 'liabilities' },
  'managed-account': { name: 'the managed account', person: true, stream: true, provider: false, flags: holdsMoney, journalRoot: 'liabilities' },
  'provider-payable': { name: 'the account of what the provider is owed', person: false, stream: false, provider: true, flags: holdsMoney, journalRoot: 'liabilities' },
  'contribution-receivable': { name: 'the contribution account', person: true, stream: false, provider: false, flags: isOwed, journalRoot: 'assets' },
};

/** What an account is for. Fields a kind does not use are null. */
export interface AccountSpec {
  kind: AccountKind;
  personId: string | null;
  streamCode: string | null;
  providerId: string | null;
  /** The kind's default when absent. */
  flags?: AccountFlags;
}

export interface Account {
  id: string;
  kind: AccountKind;
  personId: string | null;
  streamCode: string | null;
  providerId: string | null;
  flags: AccountFlags;
  /** Unique within an area: one account per kind per person, stream or provider. */
  code: string;
}

const reference = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** What is wrong with an account's description, one plain sentence each; empty when nothing is. */
export function accountSpecProblems(spec: AccountSpec): string[] {
  const rule = kindRules[spec.kind];
  if (!rule) return ['Choose a kind of account the ledger knows'];
  const problems: string[] = [];
  const check = (needed: boolean, value: string | null, what: string) => {
    if (needed && (value === null || !reference.test(value))) problems.push(`${capitalise(rule.name)} must name ${what}`);
    if (!needed && value !== null) problems.push(`${capitalise(rule.name)} does not name ${what}`);
  };
  check(rule.person, spec.personId, 'a person');
  check(rule.stream, spec.streamCode, 'a funding stream');
  check(rule.provider, spec.providerId, 'a provider');
  const flags = spec.flags ?? rule.flags;
  if (flags.debitsMustNotExceedCredits && flags.creditsMustNotExceedDebits) problems.push('An account can limit its debits or its credits, not both');
  return problems;
}

/** The account's code: its kind and what it names, so there is one budget account per person per stream. */
export function accountCode(spec: Pick<AccountSpec, 'kind' | 'personId' | 'streamCode' | 'providerId'>): string {
  return [spec.kind, spec.personId, spec.providerId, spec.streamCode].filter((part) => part !== null).join(':');
}

/** The account an id and a description make, with the kind's limit unless the description sets one. */
export function makeAccount(id: string, spec: AccountSpec): Account {
  return {
    id,
    kind: spec.kind,
    personId: spec.personId,
    streamCode: spec.streamCode,
    providerId: spec.providerId,
    flags: { ...(spec.flags ?? kindRules[spec.kind].flags) },
    code: accountCode(spec),
  };
}

export function accountName(account: Pick<Account, 'kind'>): string {
  return kindRules[account.kind].name;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
