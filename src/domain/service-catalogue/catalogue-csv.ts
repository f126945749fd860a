// An area's catalogue as a CSV file, one row for each cost of each service, and the check of a file before it is
// imported: every problem is found and named by row and column ("Row 4, unit cost: …"), so a whole file can be put
// right in one go, and nothing is saved while any problem is left.
import { formatPence, poundsToPence } from '../budget/money.ts';
import { isServiceUnit, serviceUnits, type ServiceUnit } from '../support-plan/costs.ts';
import type { UnitCost } from './catalogue.ts';
import { parseCsv, unguardCell, writeCsv } from './csv.ts';

/** A service as the file carries it: the provider and funding streams by name and code, as people know them. */
export interface CatalogueEntry {
  name: string;
  description: string;
  unit: ServiceUnit;
  /** Funding stream codes, in alphabetical order. */
  streamCodes: string[];
  /** The provider's name (an organisation of the area, or any other), or '' for none. */
  provider: string;
  /** The directory entry's id, or '' for none. */
  directoryEntryId: string;
  retiredOn: string | null;
  /** In order of effective date. */
  costs: UnitCost[];
}

export const catalogueColumns = ['name', 'description', 'unit', 'unit cost', 'effective from', 'effective to', 'funding streams', 'provider', 'directory entry', 'retired from'] as const;
export type CatalogueColumn = (typeof catalogueColumns)[number];
type Column = CatalogueColumn;
const requiredColumns: readonly Column[] = ['name', 'unit', 'unit cost', 'effective from'];

export const longestName = 120;
export const longestDescription = 1000;
export const longestProvider = 200;
export const longestDirectoryEntry = 200;
/** Days outside these years are typing slips, not prices. */
export const earliestCostDay = '2000-01-01';
export const latestCostDay = '2099-12-31';

/** "2450" → "24.50": pounds with no sign or commas, which every spreadsheet reads as a number. */
function poundsCell(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

/** The catalogue as CSV text: services by name, each cost on its own row; a service with no cost has one row with none. */
export function catalogueToCsv(entries: readonly CatalogueEntry[]): string {
  const rows: string[][] = [[...catalogueColumns]];
  const sorted = [...entries].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.name.localeCompare(b.name));
  for (const entry of sorted) {
    const details = (cost: UnitCost | undefined): Record<Column, string> => ({
      name: entry.name,
      description: entry.description,
      unit: entry.unit,
      'unit cost': cost ? poundsCell(cost.unitCostPence) : '',
      'effective from': cost?.effectiveFrom ?? '',
      'effective to': cost?.effectiveTo ?? '',
      'funding streams': [...entry.streamCodes].sort().join('; '),
      provider: entry.provider,
      'directory entry': entry.directoryEntryId,
      'retired from': entry.retiredOn ?? '',
    });
    const costs = [...entry.costs].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
    for (const cost of costs.length ? costs : [undefined]) {
      const cells = details(cost);
      rows.push(catalogueColumns.map((column) => cells[column]));
    }
  }
  return writeCsv(rows);
}

/** What the check knows of the area: its funding stream codes, and the services it has already. */
export interface CatalogueCsvContext {
  streamCodes: readonly string[];
  /** By name in lower case. */
  existing: ReadonlyMap<string, { name: string; unit: ServiceUnit; costs: readonly UnitCost[] }>;
}

/** `given` names the optional columns the file has: a service already in the catalogue keeps the details of the others. */
export type CatalogueCsvCheck = { ok: true; entries: CatalogueEntry[]; given: CatalogueColumn[] } | { ok: false; errors: string[] };

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2025-04-01" → "1 April 2025". */
export function longDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${Number(date)} ${monthNames[Number(month) - 1]} ${year}`;
}

/** A real day from its parts, or undefined. */
export function dayFrom(year: number, month: number, date: number): string | undefined {
  const check = new Date(Date.UTC(year, month - 1, date));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/** A day as a file gives it: 2025-04-01, or 1/4/2025 as spreadsheets in the UK write it. */
export function readCsvDay(text: string): { ok: true; day: string } | { ok: false; error: string } {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const day = iso ? dayFrom(Number(iso[1]), Number(iso[2]), Number(iso[3])) : uk ? dayFrom(Number(uk[3]), Number(uk[2]), Number(uk[1])) : undefined;
  if (!day) return { ok: false, error: 'Enter a real date, like 2025-04-01 or 1/4/2025' };
  if (day < earliestCostDay || day > latestCostDay) return { ok: false, error: 'Enter a date from the year 2000 to 2099' };
  return { ok: true, day };
}

interface ReadRow {
  row: number;
  entry: Omit<CatalogueEntry, 'costs'>;
  cost: UnitCost | undefined;
}

/**
 * Checks CSV text against the area and, when nothing is wrong, gives the services it describes in the order they
 * first appear, each with the costs the file gives. Rows are numbered as a spreadsheet numbers them (the headings
 * are row 1). A cost the area already has must be given exactly as it is: a cost is never changed, only added.
 */
export function readCatalogueCsv(text: string, context: CatalogueCsvContext): CatalogueCsvCheck {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, errors: [`Line ${parsed.line}: ${parsed.error}`] };
  const [headings, ...body] = parsed.rows;
  const errors: string[] = [];
  if (!headings || headings.every((cell) => cell.trim() === '')) return { ok: false, errors: ['The file is empty. Its first row must be the column headings: ' + catalogueColumns.join(', ')] };
  const columnAt = new Map<Column, number>();
  headings.forEach((heading, index) => {
    const name = unguardCell(heading).trim().toLowerCase();
    if (name === '') return;
    if (!(catalogueColumns as readonly string[]).includes(name)) errors.push(`Row 1: ‘${heading.trim()}’ is not a column a catalogue can have. The columns are: ${catalogueColumns.join(', ')}`);
    else if (columnAt.has(name as Column)) errors.push(`Row 1: the column ‘${name}’ is there twice`);
    else columnAt.set(name as Column, index);
  });
  const missing = requiredColumns.filter((column) => !columnAt.has(column));
  if (missing.length) errors.push(`Row 1: the column headings must include ${missing.map((column) => `‘${column}’`).join(', ')}`);
  if (errors.length) return { ok: false, errors };

  const knownStreams = new Set(context.streamCodes);
  const rows: ReadRow[] = [];
  body.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length > headings.length && cells.slice(headings.length).some((cell) => cell.trim() !== '')) {
      errors.push(`Row ${row}: this row has more cells than there are column headings`);
      return;
    }
    const cell = (column: Column) => {
      const at = columnAt.get(column);
      return at === undefined ? '' : unguardCell(cells[at] ?? '').trim();
    };
    const problem = (column: Column, message: string) => errors.push(`Row ${row}, ${column}: ${message}`);
    const before = errors.length;

    const name = cell('name');
    if (name === '') problem('name', 'Enter the name of the service');
    else if (name.length > longestName) problem('name', `Name must be ${longestName} characters or fewer`);
    const description = cell('description');
    if (description.length > longestDescription) problem('description', `Description must be ${longestDescription} characters or fewer`);
    const unitText = cell('unit').toLowerCase();
    if (!isServiceUnit(unitText)) problem('unit', `Enter a unit: ${serviceUnits.slice(0, -1).join(', ')} or ${serviceUnits.at(-1)}`);
    const streamCodes = [...new Set(cell('funding streams').split(/[;,]/).map((code) => code.trim().toLowerCase()).filter((code) => code !== ''))].sort();
    const unknown = streamCodes.filter((code) => !knownStreams.has(code));
    if (unknown.length) problem('funding streams', `${unknown.map((code) => `‘${code}’`).join(', ')} ${unknown.length === 1 ? 'is not a funding stream' : 'are not funding streams'} of this area. Use the codes ${[...knownStreams].sort().join(', ')}, with a semicolon between them`);
    const provider = cell('provider');
    if (provider.length > longestProvider) problem('provider', `Provider must be ${longestProvider} characters or fewer`);
    const directoryEntryId = cell('directory entry');
    if (directoryEntryId.length > longestDirectoryEntry) problem('directory entry', `Directory entry must be ${longestDirectoryEntry} characters or fewer`);
    const retiredText = cell('retired from');
    const retired = retiredText === '' ? undefined : readCsvDay(retiredText);
    if (retired && !retired.ok) problem('retired from', retired.error);

    const costText = cell('unit cost');
    const fromText = cell('effective from');
    const toText = cell('effective to');
    let cost: UnitCost | undefined;
    if (costText !== '' || fromText !== '' || toText !== '') {
      const pence = poundsToPence(costText);
      if (!pence.ok) problem('unit cost', costText === '' ? 'Enter the unit cost, like 24.50, or leave the effective dates empty too' : pence.error);
      else if (pence.pence === 0) problem('unit cost', 'Enter a unit cost that is more than £0');
      const from = fromText === '' ? { ok: false as const, error: 'Enter the date this cost applies from, like 2025-04-01' } : readCsvDay(fromText);
      if (!from.ok) problem('effective from', from.error);
      const to = toText === '' ? undefined : readCsvDay(toText);
      if (to && !to.ok) problem('effective to', to.error);
      else if (to?.ok && from.ok && to.day < from.day) problem('effective to', 'The last day of a cost must be the same as or after the day it applies from');
      if (pence.ok && from.ok && (!to || to.ok)) cost = { unitCostPence: pence.pence, effectiveFrom: from.day, effectiveTo: to?.ok ? to.day : null };
    }
    if (errors.length > before) return;
    rows.push({ row, cost, entry: { name, description, unit: unitText as ServiceUnit, streamCodes, provider, directoryEntryId, retiredOn: retired?.ok ? retired.day : null } });
  });

  // Rows of one service must agree on its details, and give each of its costs once.
  const entries = new Map<string, CatalogueEntry & { firstRow: number; costRows: Map<string, number> }>();
  const detailColumns: [Column, (entry: Omit<CatalogueEntry, 'costs'>) => string][] = [
    ['description', (entry) => entry.description],
    ['unit', (entry) => entry.unit],
    ['funding streams', (entry) => entry.streamCodes.join('; ')],
    ['provider', (entry) => entry.provider],
    ['directory entry', (entry) => entry.directoryEntryId],
    ['retired from', (entry) => entry.retiredOn ?? ''],
  ];
  for (const { row, entry, cost } of rows) {
    const key = entry.name.toLowerCase();
    let held = entries.get(key);
    if (!held) {
      held = { ...entry, costs: [], firstRow: row, costRows: new Map() };
      entries.set(key, held);
      const existing = context.existing.get(key);
      if (existing && existing.unit !== entry.unit) errors.push(`Row ${row}, unit: ${existing.name} is priced per ${existing.unit} already. A service’s unit cannot change: add a new service instead`);
    } else {
      for (const [column, value] of detailColumns) {
        if (value(entry) !== value(held)) errors.push(`Row ${row}, ${column}: row ${held.firstRow} gives ${held.name} a different ${column}. Give every row of a service the same details`);
      }
    }
    if (!cost) continue;
    const earlier = held.costRows.get(cost.effectiveFrom);
    if (earlier !== undefined) {
      errors.push(`Row ${row}, effective from: row ${earlier} already gives ${held.name} a cost from ${longDay(cost.effectiveFrom)}`);
      continue;
    }
    const kept = context.existing.get(key)?.costs.find((existingCost) => existingCost.effectiveFrom === cost.effectiveFrom);
    if (kept && (kept.unitCostPence !== cost.unitCostPence || kept.effectiveTo !== cost.effectiveTo)) {
      errors.push(`Row ${row}, unit cost: ${held.name} already has a cost of ${formatPence(kept.unitCostPence)}${kept.effectiveTo ? ` until ${longDay(kept.effectiveTo)}` : ''} from ${longDay(cost.effectiveFrom)}. A cost cannot be changed: add a new cost from a later date`);
      continue;
    }
    held.costRows.set(cost.effectiveFrom, row);
    held.costs.push(cost);
  }
  // In row order, so the list reads down the file; problems on one row stay in column order.
  const rowOf = (error: string) => Number(/^Row (\d+)/.exec(error)?.[1] ?? 0);
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => rowOf(a) - rowOf(b)) };
  if (entries.size === 0) return { ok: false, errors: ['The file has no services in it: add a row for each cost of each service under the column headings'] };
  return {
    ok: true,
    given: catalogueColumns.filter((column) => columnAt.has(column)),
    entries: [...entries.values()].map(({ firstRow: _firstRow, costRows: _costRows, ...entry }) => ({ ...entry, costs: entry.costs.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) })),
  };
}
