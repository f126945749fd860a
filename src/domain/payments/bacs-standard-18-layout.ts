// The Bacs Standard 18 payment file layout as a table of fields: the validator checks a file against this table
// alone, so a mistake in the writer's code shows up as a file that fails validation rather than being repeated.
//
// Positions are 1-based, as the Bacs documentation gives them. Where docs/design (domain reference) names a field, the
// position is from there; the fields it leaves unnamed follow the published Standard 18 label layout (itself built on
// the ANSI tape label) as best known, and are marked "layout" below. All text is in the Bacs character set.

export type FieldKind =
  /** Exactly this text. */
  | { kind: 'literal'; value: string }
  /** One of these values. */
  | { kind: 'oneOf'; values: readonly string[] }
  /** Digits only (amounts and counts: right-justified and zero-filled). */
  | { kind: 'digits' }
  /** A date as ` YYDDD`: a space, the year's last two digits and the day of the year. */
  | { kind: 'date' }
  /** Letters and digits, not blank (serial numbers). */
  | { kind: 'serial' }
  /** Any Bacs characters, blank allowed. */
  | { kind: 'text' }
  /** Bacs characters, not blank (names and references: a bank returns a payment without them). */
  | { kind: 'name' }
  /** Spaces only. */
  | { kind: 'blank' };

export type Field = { name: string; start: number; length: number } & FieldKind;

/** The labels are 80 characters; the standard record 100, or 106 in a multi-day file. */
export const labelLength = 80;
export const recordLength = 100;
export const multiDayRecordLength = 106;

export const creditCode = '99';
export const contraCode = '17';
export const dailyWorkCode = '1 DAILY  ';
export const multiDayWorkCode = '4 MULTI  ';

const blank = (name: string, start: number, length: number): Field => ({ name, start, length, kind: 'blank' });

const vol1: Field[] = [
  { name: 'label', start: 1, length: 4, kind: 'literal', value: 'VOL1' },
  { name: 'volume serial number', start: 5, length: 6, kind: 'serial' },
  blank('accessibility indicator', 11, 1),
  blank('reserved (layout)', 12, 26),
  blank('owner identification, leading part (layout)', 38, 4),
  { name: 'service user number', start: 42, length: 6, kind: 'digits' },
  blank('owner identification, trailing part (layout)', 48, 4),
  blank('reserved (layout)', 52, 28),
  { name: 'label standard level', start: 80, length: 1, kind: 'literal', value: '1' },
];

function fileHeader(label: 'HDR1' | 'EOF1'): Field[] {
  return [
    { name: 'label', start: 1, length: 4, kind: 'literal', value: label },
    { name: 'file identifier type', start: 5, length: 1, kind: 'literal', value: 'A' },
    { name: 'service user number', start: 6, length: 6, kind: 'digits' },
    { name: 'file identifier marker (layout)', start: 12, length: 1, kind: 'literal', value: 'S' },
    blank('file identifier spacing (layout)', 13, 2),
    { name: 'file identifier constant (layout)', start: 15, length: 1, kind: 'literal', value: '1' },
    { name: 'service user number, repeated', start: 16, length: 6, kind: 'digits' },
    { name: 'file serial number', start: 22, length: 6, kind: 'serial' },
    { name: 'file section number', start: 28, length: 4, kind: 'literal', value: '0001' },
    { name: 'file sequence number', start: 32, length: 4, kind: 'literal', value: '0001' },
    blank('generation number and version (layout)', 36, 6),
    { name: 'creation date', start: 42, length: 6, kind: 'date' },
    { name: 'expiry date', start: 48, length: 6, kind: 'date' },
    blank('accessibility indicator (layout)', 54, 1),
    { name: 'block count (layout)', start: 55, length: 6, kind: 'literal', value: '000000' },
    blank('system code and reserved (layout)', 61, 20),
  ];
}

function fileHeader2(label: 'HDR2' | 'EOF2'): Field[] {
  return [
    { name: 'label', start: 1, length: 4, kind: 'literal', value: label },
    { name: 'record format', start: 5, length: 1, kind: 'literal', value: 'F' },
    { name: 'block length (layout)', start: 6, length: 5, kind: 'digits' },
    { name: 'record length', start: 11, length: 5, kind: 'oneOf', values: ['00100', '00106'] },
    blank('reserved (layout)', 16, 35),
    { name: 'buffer offset (layout)', start: 51, length: 2, kind: 'literal', value: '00' },
    blank('reserved (layout)', 53, 28),
  ];
}

const uhl1: Field[] = [
  { name: 'label', start: 1, length: 4, kind: 'literal', value: 'UHL1' },
  { name: 'processing day', start: 5, length: 6, kind: 'date' },
  { name: 'receiving party identifier', start: 11, length: 6, kind: 'literal', value: '999999' },
  blank('reserved (layout)', 17, 4),
  { name: 'currency code', start: 21, length: 2, kind: 'literal', value: '00' },
  { name: 'country code', start: 23, length: 6, kind: 'literal', value: '000000' },
  { name: 'work code', start: 29, length: 9, kind: 'oneOf', values: [dailyWorkCode, multiDayWorkCode] },
  { name: 'file number', start: 38, length: 3, kind: 'digits' },
  blank('reserved (layout)', 41, 7),
  { name: 'audit print identifier', start: 48, length: 7, kind: 'text' },
  blank('reserved (layout)', 55, 26),
];

const utl1: Field[] = [
  { name: 'label', start: 1, length: 4, kind: 'literal', value: 'UTL1' },
  { name: 'debit total', start: 5, length: 13, kind: 'digits' },
  { name: 'credit total', start: 18, length: 13, kind: 'digits' },
  { name: 'debit count', start: 31, length: 7, kind: 'digits' },
  { name: 'credit count', start: 38, length: 7, kind: 'digits' },
  blank('reserved (layout)', 45, 36),
];

export const labelLayouts = {
  VOL1: vol1,
  HDR1: fileHeader('HDR1'),
  HDR2: fileHeader2('HDR2'),
  UHL1: uhl1,
  EOF1: fileHeader('EOF1'),
  EOF2: fileHeader2('EOF2'),
  UTL1: utl1,
} as const satisfies Record<string, Field[]>;

export type LabelName = keyof typeof labelLayouts;

/** The labels in the order a file carries them, before and after the standard records. */
export const headerLabels: readonly LabelName[] = ['VOL1', 'HDR1', 'HDR2', 'UHL1'];
export const trailerLabels: readonly LabelName[] = ['EOF1', 'EOF2', 'UTL1'];

export const standardRecordFields: Field[] = [
  { name: 'destination sort code', start: 1, length: 6, kind: 'digits' },
  { name: 'destination account number', start: 7, length: 8, kind: 'digits' },
  { name: 'type of account', start: 15, length: 1, kind: 'literal', value: '0' },
  { name: 'transaction code', start: 16, length: 2, kind: 'oneOf', values: [creditCode, contraCode] },
  { name: 'originating sort code', start: 18, length: 6, kind: 'digits' },
  { name: 'originating account number', start: 24, length: 8, kind: 'digits' },
  blank('free format', 32, 4),
  { name: 'amount', start: 36, length: 11, kind: 'digits' },
  { name: 'originator name', start: 47, length: 18, kind: 'name' },
  { name: 'reference', start: 65, length: 18, kind: 'name' },
  { name: 'destination account name', start: 83, length: 18, kind: 'name' },
];

/** Multi-day files add the processing day of each record. */
export const processingDateField: Field = { name: 'processing date', start: 101, length: 6, kind: 'date' };

/** The text of a field in a record or label. */
export function fieldText(line: string, field: Pick<Field, 'start' | 'length'>): string {
  return line.slice(field.start - 1, field.start - 1 + field.length);
}

/** Finds a field by name in a layout (names are unique within a layout, except the repeated reserved spaces). */
export function field(layout: readonly Field[], name: string): Field {
  const found = layout.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`No field called ${name}`);
  return found;
}
