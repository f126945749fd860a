// Modulus checking of a sort code and account number, as Vocalink publishes it in "Validating account numbers"
// (the "UK modulus checking" specification, version 8.x): standard modulus 10, modulus 11 and double alternate
// checks with the weight table (valacdos) and the sorting code substitution table (scsubtab) and exceptions 1–14.
//
// The tables change several times a year, so they are data: text in Vocalink's own file layouts, parsed here, so a
// new file from Vocalink is dropped in without touching this code (modulus-tables/, read at start-up by
// platform/modulus-tables.ts). The npm packages that implement the rules were not faithful to the specification
// (see docs/adr/0016-bacs-files-and-bank-details.md), hence this implementation.
//
// A failed check means the account number cannot exist at that sort code. A pass means only that it could: it says
// nothing about whether the account is open or belongs to the named person.

export type CheckKind = 'MOD10' | 'MOD11' | 'DBLAL';

/** One row of the weight table: a range of sort codes, the check to run, its 14 weights and an exception code. */
export interface WeightRow {
  from: string;
  to: string;
  kind: CheckKind;
  /** Weights for the digits u v w x y z (sort code) a b c d e f g h (account number). */
  weights: readonly number[];
  exception: number | null;
}

export interface ModulusTables {
  weights: readonly WeightRow[];
  /** Exception 5: sort codes to check as though they were another (original → substitute). */
  substitutions: ReadonlyMap<string, string>;
}

export type ModulusResult =
  | { valid: true; checked: true }
  /** No check applies (sort code outside the table, or a foreign-currency account under exception 6). */
  | { valid: true; checked: false }
  | { valid: false };

const kinds: readonly string[] = ['MOD10', 'MOD11', 'DBLAL'];

/**
 * Parses a weight table in Vocalink's valacdos.txt layout: per line, the first and last sort code of the range, the
 * check (MOD10, MOD11 or DBLAL), 14 weights and an optional exception number, separated by spaces.
 */
export function parseWeightTable(text: string): WeightRow[] {
  const rows: WeightRow[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.trim().split(/\s+/);
    const where = `Weight table line ${index + 1}`;
    if (fields.length !== 17 && fields.length !== 18) throw new Error(`${where} has ${fields.length} fields, not 17 or 18`);
    const [from, to, kind, ...rest] = fields as [string, string, string, ...string[]];
    if (!/^\d{6}$/.test(from) || !/^\d{6}$/.test(to) || from > to) throw new Error(`${where} does not start with a sort code range`);
    if (!kinds.includes(kind)) throw new Error(`${where} names an unknown check ‘${kind}’`);
    const numbers = rest.map((field) => {
      if (!/^-?\d+$/.test(field)) throw new Error(`${where} has ‘${field}’ where a number belongs`);
      return Number(field);
    });
    const exception = numbers.length === 15 ? numbers[14]! : null;
    if (exception !== null && (exception < 1 || exception > 14)) throw new Error(`${where} names exception ${exception}, which the specification does not define`);
    rows.push({ from, to, kind: kind as CheckKind, weights: numbers.slice(0, 14), exception });
  });
  return rows;
}

/** Parses Vocalink's scsubtab.txt: per line, a sort code and the sort code to check it as. */
export function parseSubstitutionTable(text: string): Map<string, string> {
  const substitutions = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 2 || !fields.every((field) => /^\d{6}$/.test(field))) {
      throw new Error(`Substitution table line ${index + 1} is not two sort codes`);
    }
    substitutions.set(fields[0]!, fields[1]!);
  });
  return substitutions;
}

// Positions in the 14 digits, named as the specification names them.
const a = 6;
const b = 7;
const c = 8;
const g = 12;
const h = 13;

/** Exception 2 replaces the table's weights when a ≠ 0. */
const exception2Weights = [0, 0, 1, 2, 5, 3, 6, 4, 8, 7, 10, 9, 3, 1];
const exception2WeightsWhenG9 = [0, 0, 0, 0, 0, 0, 0, 0, 8, 7, 10, 9, 3, 1];

function zeroiseUtoB(weights: readonly number[]): number[] {
  return weights.map((weight, position) => (position <= b ? 0 : weight));
}

function digitSum(value: number): number {
  return [...String(Math.abs(value))].reduce((sum, digit) => sum + Number(digit), 0);
}

/** One check (one row of the table) over sort code + account number, with that row's exception applied. */
function passes(row: WeightRow, sortCode: string, accountNumber: string, tables: ModulusTables): boolean {
  let checkedSortCode = sortCode;
  if (row.exception === 5) checkedSortCode = tables.substitutions.get(sortCode) ?? sortCode;
  if (row.exception === 8) checkedSortCode = '090126';
  if (row.exception === 9) checkedSortCode = '309634';
  const digits = [...(checkedSortCode + accountNumber)].map(Number);

  let weights = row.weights;
  if (row.exception === 2 && digits[a] !== 0) weights = digits[g] === 9 ? exception2WeightsWhenG9 : exception2Weights;
  if (row.exception === 7 && digits[g] === 9) weights = zeroiseUtoB(weights);
  if (row.exception === 10 && ((digits[a] === 0 && digits[b] === 9) || (digits[a] === 9 && digits[b] === 9)) && digits[g] === 9) {
    weights = zeroiseUtoB(weights);
  }

  const products = digits.map((digit, position) => digit * weights[position]!);
  let total = row.kind === 'DBLAL' ? products.reduce((sum, product) => sum + digitSum(product), 0) : products.reduce((sum, product) => sum + product, 0);
  // Exception 1 stands for a prefix of 27 that the double alternate total would carry.
  if (row.exception === 1) total += 27;
  const modulus = row.kind === 'MOD11' ? 11 : 10;
  const remainder = ((total % modulus) + modulus) % modulus;

  if (row.exception === 4) return remainder === digits[g]! * 10 + digits[h]!;
  if (row.exception === 5) {
    const checkDigit = row.kind === 'DBLAL' ? digits[h]! : digits[g]!;
    if (remainder === 0) return checkDigit === 0;
    if (row.kind === 'MOD11' && remainder === 1) return false;
    return modulus - remainder === checkDigit;
  }
  return remainder === 0;
}

/**
 * Checks an 8-digit account number against a 6-digit sort code (both already parsed, see bank-details.ts).
 */
export function checkModulus(tables: ModulusTables, sortCode: string, accountNumber: string): ModulusResult {
  if (!/^\d{6}$/.test(sortCode) || !/^\d{8}$/.test(accountNumber)) return { valid: false };
  const rows = tables.weights.filter((row) => row.from <= sortCode && sortCode <= row.to).slice(0, 2);
  // "If no range is found that contains the sorting code, there is no modulus check that can be performed."
  const [first, second] = rows;
  if (first === undefined) return { valid: true, checked: false };

  const digits = [...(sortCode + accountNumber)].map(Number);
  // Exception 6: a foreign-currency account, whose number cannot be checked.
  if (first.exception === 6 && digits[a]! >= 4 && digits[a]! <= 8 && digits[g] === digits[h]) return { valid: true, checked: false };

  const firstPasses = passes(first, sortCode, accountNumber, tables);
  let valid: boolean;
  if (second === undefined) {
    valid = firstPasses;
    // Exception 14: if the check fails and h is 0, 1 or 9, drop h, put a 0 in front and check again.
    if (!valid && first.exception === 14 && [0, 1, 9].includes(digits[h]!)) {
      valid = passes(first, sortCode, `0${accountNumber.slice(0, 7)}`, tables);
    }
  } else if (first.exception === 2 || first.exception === 10 || first.exception === 12) {
    // Exceptions 2 & 9, 10 & 11, 12 & 13: either check passing is enough.
    valid = firstPasses || passes(second, sortCode, accountNumber, tables);
  } else if (second.exception === 3 && (digits[c] === 6 || digits[c] === 9)) {
    // Exception 3: when c is 6 or 9 the double alternate check is not made.
    valid = firstPasses;
  } else {
    valid = firstPasses && passes(second, sortCode, accountNumber, tables);
  }
  return valid ? { valid: true, checked: true } : { valid: false };
}
