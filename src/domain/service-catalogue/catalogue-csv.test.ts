import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceUnits } from '../support-plan/costs.ts';
import { type CatalogueCsvContext, type CatalogueEntry, catalogueColumns, catalogueToCsv, readCatalogueCsv } from './catalogue-csv.ts';
import { parseCsv, writeCsv } from './csv.ts';

const streamCodes = ['adult-social-care', 'access-to-work', 'supporting-people'];
const empty: CatalogueCsvContext = { streamCodes, existing: new Map() };

const text = (chars: string, max: number, min = 0) =>
  fc
    .string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: max })
    .map((value) => value.trim())
    .filter((value) => value.length >= min);
const day = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const cost = fc
  .record({ unitCostPence: fc.integer({ min: 1, max: 99_999_999 }), effectiveFrom: day, days: fc.option(fc.nat(800), { nil: null }) })
  .map(({ unitCostPence, effectiveFrom, days }) => {
    const to = days === null ? null : new Date(Date.parse(effectiveFrom) + days * 86_400_000).toISOString().slice(0, 10);
    return { unitCostPence, effectiveFrom, effectiveTo: to && to <= '2099-12-31' ? to : null };
  });
const entry: fc.Arbitrary<CatalogueEntry> = fc.record({
  name: text('Homecare dyst=+-@\',"', 30, 1),
  description: text('Some text, with "quotes"\n and =+-@\'', 60),
  unit: fc.constantFrom(...serviceUnits),
  streamCodes: fc.subarray(streamCodes).map((codes) => [...codes].sort()),
  provider: text('Provider Ltd&=-', 20),
  directoryEntryId: text('abc123-', 12),
  retiredOn: fc.option(day, { nil: null }),
  costs: fc.uniqueArray(cost, { selector: (item) => item.effectiveFrom, maxLength: 4 }).map((costs) => costs.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))),
});
const catalogue = fc.uniqueArray(entry, { selector: (item) => item.name.toLowerCase(), minLength: 1, maxLength: 6 });
const byName = (entries: readonly CatalogueEntry[]) => [...entries].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));

describe('the catalogue as a CSV file', () => {
  it('reads back every catalogue it writes, exactly', () => {
    fc.assert(
      fc.property(catalogue, (entries) => {
        const read = readCatalogueCsv(catalogueToCsv(entries), empty);
        expect(read).toMatchObject({ ok: true });
        if (read.ok) expect(byName(read.entries)).toEqual(byName(entries));
      }),
    );
  });

  it('names the row and column of any one bad cell, and gives no catalogue', () => {
    const badValues: Record<string, string[]> = {
      name: [''],
      unit: ['fortnight', ''],
      'unit cost': ['twenty', '-5', '1.234', '0'],
      'effective from': ['31/02/2025', 'soon', '1999-12-31'],
      'funding streams': ['not-a-stream'],
      'retired from': ['yesterday'],
    };
    const column = fc.constantFrom(...Object.keys(badValues));
    fc.assert(
      fc.property(catalogue, fc.nat(), column, fc.nat(), (entries, rowPick, name, valuePick) => {
        const parsed = parseCsv(catalogueToCsv(entries));
        if (!parsed.ok) throw new Error('the written file did not read');
        const rows = parsed.rows;
        const row = 1 + (rowPick % (rows.length - 1));
        const at = rows[0]!.indexOf(name);
        const values = badValues[name]!;
        const bad = values[valuePick % values.length]!;
        // A blank unit cost on a row with no cost is no cost at all, not a mistake: give it a date so it is one.
        if (name === 'unit cost' && rows[row]![rows[0]!.indexOf('effective from')] === '') rows[row]![rows[0]!.indexOf('effective from')] = '2025-04-01';
        if (name === 'effective from' && rows[row]![rows[0]!.indexOf('unit cost')] === '') rows[row]![rows[0]!.indexOf('unit cost')] = '10.00';
        rows[row]![at] = bad;
        const read = readCatalogueCsv(writeCsv(rows), empty);
        expect(read.ok).toBe(false);
        if (!read.ok) expect(read.errors.some((error) => error.startsWith(`Row ${row + 1}, ${name}: `))).toBe(true);
      }),
    );
  });

  it('lists every problem in the file at once, in row order', () => {
    const file = ['name,unit,unit cost,effective from', 'Home care,hour,24.50,2025-04-01', 'Day service,fortnight,60,2025-04-01', 'Mileage,mile,,2025-04-01', ',hour,10,2025-04-01'].join('\n');
    const read = readCatalogueCsv(file, empty);
    expect(read).toEqual({
      ok: false,
      errors: [
        'Row 3, unit: Enter a unit: hour, day, night, week, session, mile or one-off',
        'Row 4, unit cost: Enter the unit cost, like 24.50, or leave the effective dates empty too',
        'Row 5, name: Enter the name of the service',
      ],
    });
  });

  it('says when rows of one service disagree, give a cost twice, change a cost or a unit the area already has', () => {
    const file = [
      'name,unit,unit cost,effective from,description',
      'Home care,hour,24.50,2025-04-01,Help at home',
      'home care,hour,25.00,2025-04-01,Other words',
      'Day service,day,50.00,2024-04-01,',
    ].join('\n');
    const existing: CatalogueCsvContext['existing'] = new Map([['day service', { name: 'Day service', unit: 'session' as const, costs: [{ unitCostPence: 4000, effectiveFrom: '2024-04-01', effectiveTo: null }] }]]);
    const read = readCatalogueCsv(file, { streamCodes, existing });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toContain('Row 3, description: row 2 gives Home care a different description. Give every row of a service the same details');
    expect(read.errors).toContain('Row 3, effective from: row 2 already gives Home care a cost from 1 April 2025');
    expect(read.errors).toContain('Row 4, unit: Day service is priced per session already. A service’s unit cannot change: add a new service instead');
    expect(read.errors).toContain('Row 4, unit cost: Day service already has a cost of £40.00 from 1 April 2024. A cost cannot be changed: add a new cost from a later date');
  });

  it('refuses a file without the headings it needs, or with columns it does not know', () => {
    expect(readCatalogueCsv('name,unit\nHome care,hour', empty)).toEqual({ ok: false, errors: ['Row 1: the column headings must include ‘unit cost’, ‘effective from’'] });
    expect(readCatalogueCsv(`${catalogueColumns.join(',')},colour\n`, empty)).toMatchObject({ ok: false, errors: [expect.stringContaining('‘colour’ is not a column')] });
    expect(readCatalogueCsv('', empty)).toMatchObject({ ok: false });
    expect(readCatalogueCsv('name,unit,unit cost,effective from\n', empty)).toMatchObject({ ok: false, errors: [expect.stringContaining('no services')] });
  });

  it('reads UK dates and pounds as spreadsheets write them', () => {
    const read = readCatalogueCsv('Name,Unit,Unit cost,Effective from\nHome care,Hour,"£1,024.50",1/4/2025', empty);
    expect(read).toMatchObject({ ok: true, entries: [{ name: 'Home care', unit: 'hour', costs: [{ unitCostPence: 102_450, effectiveFrom: '2025-04-01', effectiveTo: null }] }] });
  });
});
