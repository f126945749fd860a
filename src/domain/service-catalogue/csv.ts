// Comma-separated values as RFC 4180 writes them, read and written by hand (nothing in the dependencies does it), and
// the guard that stops a spreadsheet running a cell as a formula when someone opens an exported file.

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; line: number; error: string };

/**
 * Reads CSV text into rows of cells. Quoted cells may hold commas, quote marks (doubled) and line breaks; lines may end
 * in CRLF or LF; a byte-order mark at the start is dropped; a last line break makes no empty row. `line` in an error
 * is the line of the file (from 1) where the problem starts.
 */
export function parseCsv(text: string): CsvParse {
  const input = text.startsWith('\ufeff') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let line = 1;
  let at = 0;
  // Whether the current cell began with a quote mark, and so is a quoted cell.
  let quoted = false;
  let quotedFrom = 1;
  // Whether anything has been read since the last line break, so that a last line of one empty quoted cell is kept.
  let started = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
    quoted = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (at < input.length) {
    const char = input[at]!;
    started = char !== '\r' && char !== '\n' ? true : quoted;
    if (quoted) {
      if (char === '"') {
        if (input[at + 1] === '"') {
          cell += '"';
          at += 2;
          continue;
        }
        // The closing quote: what follows must end the cell.
        const next = input[at + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return { ok: false, line, error: 'There is text straight after a closing quote mark. Put quote marks around the whole cell.' };
        quoted = false;
        at += 1;
        continue;
      }
      if (char === '\n') line += 1;
      cell += char;
      at += 1;
      continue;
    }
    if (char === '"') {
      if (cell !== '') return { ok: false, line, error: 'A quote mark is inside a cell without quotes. Put quote marks around the whole cell, and write a quote mark inside it as two.' };
      quoted = true;
      quotedFrom = line;
      at += 1;
      continue;
    }
    if (char === ',') {
      endCell();
      at += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRow();
      at += char === '\r' && input[at + 1] === '\n' ? 2 : 1;
      line += 1;
      continue;
    }
    cell += char;
    at += 1;
  }
  if (quoted) return { ok: false, line: quotedFrom, error: 'A quote mark is never closed. Check the quote marks on this line.' };
  if (started) endRow();
  return { ok: true, rows };
}

/** Cells that a spreadsheet would read as a formula (or that start with the guard's own mark) start with one of these. */
const formulaStart = /^[=+\-@\t\r']/;

/**
 * A cell made safe to open in a spreadsheet: one that starts like a formula gets an apostrophe in front, which
 * spreadsheets show as text. A cell that already starts with an apostrophe gets one more, so `unguardCell` can always
 * give back exactly what was written.
 */
export function guardCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/** Takes off the apostrophe `guardCell` added; a cell someone typed with one in front of a formula loses it too. */
export function unguardCell(value: string): string {
  return value.startsWith("'") && formulaStart.test(value.slice(1)) ? value.slice(1) : value;
}

function quoteCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Rows as CSV text: every cell guarded against formulas, quoted where it must be, each line ending in CRLF. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map((cell) => quoteCell(guardCell(cell))).join(',') + '\r\n').join('');
}
