// A person's bank details for direct payments: recorded only when they read as a real account (6-digit sort code,
// 8-digit account number that passes the modulus check, a name the bank can take), replaced rather than edited, and
// every read of them audited, as they are what a fraud would change.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { bacsAccountName } from '../domain/payments/bacs-characters.ts';
import { maskAccountNumber, maskSortCode, parseAccountNumber, parseSortCode } from '../domain/payments/bank-details.ts';
import { type ModulusTables, checkModulus } from '../domain/payments/modulus.ts';
import type { Database, Queryable } from '../db/database.ts';
import { bankAccounts } from '../db/schema.ts';
import type { AuditWriter } from './audit.ts';
import type { PersonRef } from './people.ts';

export interface BankDetailsInput {
  sortCode?: string;
  accountNumber?: string;
  accountName?: string;
}

export interface BankDetails {
  id: string;
  personId: string;
  sortCode: string;
  accountNumber: string;
  /** As the bank will see it: Bacs characters, at most 18. */
  accountName: string;
  modulus: 'passed' | 'not-checked';
  createdAt: Date;
}

export type BankDetailsField = 'sortCode' | 'accountNumber' | 'accountName';

export type BankDetailsWrite =
  | { ok: true; details: BankDetails; notes: string[] }
  | { ok: false; errors: Partial<Record<BankDetailsField, string>> };

export interface BankDetailsWriter {
  userId: string | null;
  now: Date;
  audit: AuditWriter;
}

const columns = {
  id: bankAccounts.id,
  personId: bankAccounts.personId,
  sortCode: bankAccounts.sortCode,
  accountNumber: bankAccounts.accountNumber,
  accountName: bankAccounts.accountName,
  modulus: bankAccounts.modulus,
  createdAt: bankAccounts.createdAt,
};

type Row = Omit<BankDetails, 'modulus'> & { modulus: string };
const detailsOf = (row: Row): BankDetails => ({ ...row, modulus: row.modulus as BankDetails['modulus'] });

/** The details checked, one plain message per field that is wrong; the name as the bank will see it and why. */
export function checkBankDetails(tables: ModulusTables, input: BankDetailsInput) {
  const errors: Partial<Record<BankDetailsField, string>> = {};
  const notes: string[] = [];
  const sortCode = parseSortCode(input.sortCode);
  const accountNumber = parseAccountNumber(input.accountNumber);
  if (!sortCode.ok) errors.sortCode = sortCode.error;
  if (!accountNumber.ok) errors.accountNumber = accountNumber.error;
  const trimmed = (input.accountName ?? '').trim();
  const name = trimmed === '' ? undefined : bacsAccountName(trimmed, 'The name on the account');
  if (!name) errors.accountName = 'Enter the name on the account';
  else if (!name.ok) errors.accountName = name.message;
  else if (name.shortened) notes.push(name.message);
  let modulus: BankDetails['modulus'] = 'not-checked';
  if (sortCode.ok && accountNumber.ok) {
    const result = checkModulus(tables, sortCode.value, accountNumber.value);
    if (!result.valid) errors.accountNumber = 'This account number does not match the sort code. Check both with the bank statement or card';
    else if (result.checked) modulus = 'passed';
  }
  if (Object.keys(errors).length > 0 || !sortCode.ok || !accountNumber.ok || !name?.ok) return { ok: false as const, errors };
  return { ok: true as const, sortCode: sortCode.value, accountNumber: accountNumber.value, accountName: name.text, modulus, notes };
}

/**
 * Records the person's bank details, replacing any they had: the old row is kept, marked replaced, so a payment
 * already made still names the account it went to. Written with its audit entry in one transaction.
 */
export async function recordBankDetails(db: Database, person: PersonRef, input: BankDetailsInput, tables: ModulusTables, writer: BankDetailsWriter): Promise<BankDetailsWrite> {
  const checked = checkBankDetails(tables, input);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const replaced = await tx
      .update(bankAccounts)
      .set({ replacedAt: writer.now })
      .where(and(eq(bankAccounts.areaId, person.areaId), eq(bankAccounts.personId, person.id), isNull(bankAccounts.replacedAt)))
      .returning({ id: bankAccounts.id });
    const [row] = await tx
      .insert(bankAccounts)
      .values({ areaId: person.areaId, personId: person.id, sortCode: checked.sortCode, accountNumber: checked.accountNumber, accountName: checked.accountName, modulus: checked.modulus, recordedByUserId: writer.userId, createdAt: writer.now })
      .returning(columns);
    await writer.audit(tx, {
      action: replaced.length > 0 ? 'bank-details.replace' : 'bank-details.record',
      subjectType: 'person',
      subjectId: person.id,
      areaId: person.areaId,
      detail: `${maskSortCode(checked.sortCode)} ${maskAccountNumber(checked.accountNumber)}`,
    });
    return { ok: true, details: detailsOf(row!), notes: checked.notes };
  });
}

/** The person's bank details now, or undefined; the read is audited, whether or not there were any. */
export async function currentBankDetails(db: Database, person: PersonRef, audit: AuditWriter): Promise<BankDetails | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select(columns).from(bankAccounts).where(and(eq(bankAccounts.areaId, person.areaId), eq(bankAccounts.personId, person.id), isNull(bankAccounts.replacedAt)));
    await audit(tx, { action: 'bank-details.read', outcome: 'allowed', subjectType: 'person', subjectId: person.id, areaId: person.areaId });
    return row ? detailsOf(row) : undefined;
  });
}

/**
 * Bank details by row id for a payment run, read inside the caller's transaction with one audit entry naming
 * everyone whose details were read (`why` says what for).
 */
export async function bankDetailsForPayment(tx: Queryable, areaId: string, ids: readonly string[], why: string, audit: AuditWriter): Promise<Map<string, BankDetails>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.select(columns).from(bankAccounts).where(and(eq(bankAccounts.areaId, areaId), inArray(bankAccounts.id, [...ids])));
  await audit(tx, { action: 'bank-details.read', outcome: 'allowed', subjectType: 'payment-run', areaId, detail: why, peopleShown: [...new Set(rows.map((row) => row.personId))] });
  return new Map(rows.map((row) => [row.id, detailsOf(row)]));
}

/** The current bank details of these people, for a payment run, audited as one read naming them all. */
export async function currentBankDetailsOf(tx: Queryable, areaId: string, personIds: readonly string[], why: string, audit: AuditWriter): Promise<Map<string, BankDetails>> {
  if (personIds.length === 0) return new Map();
  const rows = await tx.select(columns).from(bankAccounts).where(and(eq(bankAccounts.areaId, areaId), inArray(bankAccounts.personId, [...personIds]), isNull(bankAccounts.replacedAt)));
  await audit(tx, { action: 'bank-details.read', outcome: 'allowed', subjectType: 'payment-run', areaId, detail: why, peopleShown: [...new Set(personIds)] });
  return new Map(rows.map((row) => [row.personId, detailsOf(row)]));
}
