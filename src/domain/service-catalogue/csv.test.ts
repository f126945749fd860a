import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardCell, parseCsv, unguardCell, writeCsv } from './csv.ts';

describe('CSV as RFC 4180 writes it', () => {
  it('reads quoted cells with commas, doubled quote marks and line breaks, and either line ending', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"two\nlines",,x\n')).toEqual({ ok: true, rows: [['a', 'b, c', 'say "hi"'], ['two\nlines', '', 'x']] });
    expect(parseCsv('\ufeffname\r\n""')).toEqual({ ok: true, rows: [['name'], ['']] });
  });

  it('names the line of a quote mark that is never closed, or one in the middle of a cell', () => {
    expect(parseCsv('a\nb,"open\nstill')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv('a\nb"c')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv('"a"b')).toMatchObject({ ok: false, line: 1 });
  });

  it('guards cells a spreadsheet would run as a formula, and gives back exactly what was written', () => {
    expect(writeCsv([['=SUM(A1:A2)', '+1', '-1', '@x', 'plain']])).toBe("'=SUM(A1:A2),'+1,'-1,'@x,plain\r\n");
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(unguardCell(guardCell(value))).toBe(value);
      }),
    );
  });

  it('reads back every table it writes', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', '=', '-', "'", '@', '£') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const parsed = parseCsv(writeCsv(rows));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.rows.map((row) => row.map(unguardCell))).toEqual(rows);
      }),
    );
  });
});
