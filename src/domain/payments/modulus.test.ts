import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkModulus, parseSubstitutionTable, parseWeightTable, type ModulusTables } from './modulus.ts';

// The test cases published in Vocalink's "Validating account numbers" (UK modulus checking) specification, v8.x,
// in its order. Two independent open-source implementations list the same 34 pairs and outcomes. The descriptions say
// which checks the current tables (v8.50) apply and how they come out.
const published: [number, string, string, boolean, string][] = [
  [1, '089999', '66374958', true, 'modulus 10 passes'],
  [2, '107999', '88837491', true, 'modulus 11 passes'],
  [3, '202959', '63748472', true, 'modulus 11 and double alternate pass'],
  [4, '871427', '46238510', true, 'exception 10 & 11: first check passes, second fails'],
  [5, '872427', '46238510', true, 'exception 10 & 11: first check fails, second passes'],
  [6, '871427', '09123496', true, 'exception 10: ab = 09 and g = 9'],
  [7, '871427', '99123496', true, 'exception 10: ab = 99 and g = 9'],
  [8, '820000', '73688637', true, 'exception 3: c is not 6 or 9'],
  [9, '827999', '73988638', true, 'exception 3: c is 9'],
  [10, '827101', '28748352', true, 'exception 3: c is 6'],
  [11, '134020', '63849203', true, 'exception 4'],
  [12, '118765', '64371389', true, 'exception 1'],
  [13, '200915', '41011166', true, 'exception 6: foreign-currency account'],
  [14, '938611', '07806039', true, 'exception 5'],
  [15, '938600', '42368003', true, 'exception 5: sort code substituted'],
  [16, '938063', '55065200', true, 'exception 5: sort code substituted'],
  [17, '772798', '99345694', true, 'exception 7: g = 9'],
  [18, '086090', '06774744', true, 'exception 8'],
  [19, '309070', '02355688', true, 'exception 2 & 9: first check passes'],
  [20, '309070', '12345668', true, 'exception 2 & 9: first fails, second passes with substitution'],
  [21, '309070', '12345677', true, 'exception 2 & 9: a ≠ 0, g ≠ 9'],
  [22, '309070', '99345694', true, 'exception 2 & 9: a ≠ 0, g = 9'],
  [23, '938063', '15764273', false, 'exception 5: first check digit correct, second incorrect'],
  [24, '938063', '15764264', false, 'exception 5: first check digit incorrect, second correct'],
  [25, '938063', '15763217', false, 'exception 5: first check remainder 1'],
  [26, '118765', '64371388', false, 'exception 1: fails'],
  [27, '203099', '66831036', false, 'passes modulus 11, fails double alternate'],
  [28, '203099', '58716970', false, 'fails modulus 11, passes double alternate'],
  [29, '089999', '66374959', false, 'fails modulus 10'],
  [30, '107999', '88837493', false, 'fails modulus 11'],
  [31, '074456', '12345112', true, 'exception 12 & 13: modulus 11 passes, modulus 10 fails'],
  [32, '070116', '34012583', true, 'exception 12 & 13: both pass'],
  [33, '074456', '11104102', true, 'exception 12 & 13: modulus 11 fails, modulus 10 passes'],
  [34, '180002', '00000190', true, 'exception 14: first check fails, second passes'],
];

/** The tables as shipped (platform/modulus-tables.ts reads the same files at start-up). */
function modulusTables(): ModulusTables {
  const file = (name: string) => readFileSync(new URL(`./modulus-tables/${name}`, import.meta.url), 'utf8');
  return { weights: parseWeightTable(file('valacdos.txt')), substitutions: parseSubstitutionTable(file('scsubtab.txt')) };
}

describe('modulus checking against the published tables', () => {
  const tables = modulusTables();

  it.each(published)('specification test %i: %s %s is %s (%s)', (_number, sortCode, accountNumber, valid) => {
    expect(checkModulus(tables, sortCode, accountNumber).valid).toBe(valid);
  });

  it('presumes a sort code outside every range valid, but says it was not checked', () => {
    const outside = '000001';
    expect(tables.weights.some((row) => row.from <= outside && outside <= row.to)).toBe(false);
    expect(checkModulus(tables, outside, '12345678')).toEqual({ valid: true, checked: false });
  });

  it('refuses anything that is not 6 and 8 digits', () => {
    expect(checkModulus(tables, '08999', '66374958').valid).toBe(false);
    expect(checkModulus(tables, '089999', '6637495').valid).toBe(false);
  });

  it('does not change the table while checking (exception 7 zeroises weights for one check only)', () => {
    const before = JSON.stringify(tables.weights);
    checkModulus(tables, '772798', '99345694');
    checkModulus(tables, '871427', '09123496');
    expect(JSON.stringify(tables.weights)).toBe(before);
  });
});

describe('reading Vocalink’s table files', () => {
  it('reads the weight table with and without an exception column, and CRLF line ends', () => {
    const rows = parseWeightTable('010004 016715 MOD11    0    0    0    0    0    0    8    7    6    5    4    3    2    1\r\n180002 180002 MOD11    0    0    0    0    0    0    8    7    6    5    4    3    2    1  14\r\n');
    expect(rows).toEqual([
      { from: '010004', to: '016715', kind: 'MOD11', weights: [0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1], exception: null },
      { from: '180002', to: '180002', kind: 'MOD11', weights: [0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1], exception: 14 },
    ]);
  });

  it('says which line of a damaged file is wrong', () => {
    expect(() => parseWeightTable('010004 016715 MOD11 0 0 0\n')).toThrow('Weight table line 1 has 6 fields');
    expect(() => parseWeightTable('\n010004 016715 MOD12 0 0 0 0 0 0 8 7 6 5 4 3 2 1\n')).toThrow('Weight table line 2 names an unknown check ‘MOD12’');
    expect(() => parseWeightTable('010004 016715 MOD11 0 0 0 0 0 0 8 7 6 5 4 3 2 1 15\n')).toThrow('exception 15');
    expect(() => parseSubstitutionTable('938173\n')).toThrow('Substitution table line 1');
  });

  it('uses whatever table it is given, so a new release changes the outcome without a code change', () => {
    const table: ModulusTables = {
      weights: parseWeightTable('089999 089999 MOD10 0 0 0 0 0 0 0 0 0 0 0 0 0 1\n'),
      substitutions: new Map(),
    };
    expect(checkModulus(table, '089999', '66374950').valid).toBe(true);
    expect(checkModulus(table, '089999', '66374958').valid).toBe(false);
  });

  it('holds the current release: every row parsed, exceptions paired as the specification pairs them', () => {
    const tables = modulusTables();
    expect(tables.weights.length).toBeGreaterThan(1000);
    expect(tables.substitutions.get('938600')).toBe('938611');
    const count = (exception: number) => tables.weights.filter((row) => row.exception === exception).length;
    expect(count(2)).toBe(count(9));
    expect(count(10)).toBe(count(11));
    expect(count(12)).toBe(count(13));
  });
});
