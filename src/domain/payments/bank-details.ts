// Sort codes and account numbers as people type them, checked and put into the 6 and 8 digits a Bacs file holds,
// and shown masked so a screen or letter never carries a whole account.

export type ParsedBankDetail = { ok: true; value: string } | { ok: false; error: string };

/** Spaces and hyphens (and the dashes a phone keyboard or word processor produces) people put between digits. */
const separators = /[\s\-‐‑‒–—]/g;

/** A sort code from "12-34-56", "12 34 56" or "123456". */
export function parseSortCode(input: string | undefined): ParsedBankDetail {
  const digits = (input ?? '').replace(separators, '');
  if (digits === '') return { ok: false, error: 'Enter a sort code' };
  if (!/^\d+$/.test(digits)) return { ok: false, error: 'Enter a valid sort code like 30-94-17' };
  if (digits.length !== 6) return { ok: false, error: 'Sort code must be 6 digits long' };
  return { ok: true, value: digits };
}

/**
 * An 8-digit account number. Six- and seven-digit numbers are older accounts whose numbers banks pad with leading
 * zeros, as Vocalink's "Validating account numbers" specification does. Nine- and ten-digit numbers (some building
 * societies, National Westminster, Co-operative Bank, Santander) are turned into 8 digits by rules that differ bank
 * by bank, and the Bacs record holds only 8, so they are refused with a message saying what to ask for.
 */
export function parseAccountNumber(input: string | undefined): ParsedBankDetail {
  const digits = (input ?? '').replace(separators, '');
  if (digits === '') return { ok: false, error: 'Enter an account number' };
  if (!/^\d+$/.test(digits)) return { ok: false, error: 'Enter a valid account number like 00733445' };
  if (digits.length === 9 || digits.length === 10) {
    return {
      ok: false,
      error: `This account number is ${digits.length} digits long. Payments need the 8-digit account number: ask the bank or building society which 8 digits to use for Bacs payments`,
    };
  }
  if (digits.length < 6 || digits.length > 8) return { ok: false, error: 'Account number must be between 6 and 8 digits' };
  return { ok: true, value: digits.padStart(8, '0') };
}

/** "123456" → "12-34-56". */
export function formatSortCode(sortCode: string): string {
  return `${sortCode.slice(0, 2)}-${sortCode.slice(2, 4)}-${sortCode.slice(4, 6)}`;
}

/**
 * "123456" → "12-**-**". The first two digits say which bank (so a person can tell their accounts apart) without the
 * branch; together with the masked account number that is not enough to pay or impersonate the account.
 */
export function maskSortCode(sortCode: string): string {
  return `${sortCode.slice(0, 2)}-**-**`;
}

/** "12345678" → "****5678": the last four digits, as banks and statements show them. */
export function maskAccountNumber(accountNumber: string): string {
  return `****${accountNumber.slice(-4)}`;
}
