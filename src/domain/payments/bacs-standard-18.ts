// Writes a Bacs Standard 18 payment file of credits (direct payments to people's accounts) balanced by contra
// debits to the council's own account, and checks any Standard 18 file independently of the writer.
//
// The file is plain text, one record per line ending in a line feed: VOL1, HDR1, HDR2, UHL1, the standard records,
// EOF1, EOF2, UTL1. A file whose credits are all for one day is a single-day file (work code "1 DAILY", 100-character
// records, one contra). Give any credit its own processing day and the file becomes multi-day ("4 MULTI"): every
// record carries its day as ` YYDDD` in columns 101–106 and each day has its own contra, so each day's debits equal
// its credits; records are grouped by day (in the order given within a day), each day's contra after its credits.
// The writer places fields with its own code; validateStandard18 reads only the field table
// (bacs-standard-18-layout.ts), so the two check each other. Long account names are shortened by bacsAccountName
// (initials, then cut); call it first to show the person what the bank will see.

import { bacsAccountName, bacsNameLength, bacsCharacterPattern, toBacsText } from './bacs-characters.ts';
import {
  contraCode,
  creditCode,
  dailyWorkCode,
  field,
  fieldText,
  headerLabels,
  labelLayouts,
  labelLength,
  multiDayRecordLength,
  multiDayWorkCode,
  processingDateField,
  recordLength,
  standardRecordFields,
  trailerLabels,
  type Field,
  type LabelName,
} from './bacs-standard-18-layout.ts';

export interface Credit {
  sortCode: string;
  accountNumber: string;
  accountName: string;
  reference: string;
  amountPence: number;
  /** YYYY-MM-DD; only in a multi-day file. Defaults to the file's processing day. */
  processingDay?: string;
}

export interface PaymentFile {
  /** The council's Bacs service user number (SUN), 6 digits. */
  serviceUserNumber: string;
  originator: { sortCode: string; accountNumber: string; name: string };
  /** Up to 6 letters and digits, unique per submission: the volume and file serial. */
  submissionSerial: string;
  /** YYYY-MM-DD: the day the file is created. */
  createdOn: string;
  /** YYYY-MM-DD: the day the payments are processed (the first day, in a multi-day file). */
  processingDay: string;
  credits: readonly Credit[];
}

export type WrittenFile = { ok: true; text: string; multiDay: boolean } | { ok: false; problems: string[] };

/** The largest amount an 11-digit amount field holds: £999,999,999.99. */
export const largestRecordPence = 99_999_999_999;

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function validIsoDate(day: string): boolean {
  const match = isoDate.exec(day);
  if (match === null) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, date));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
}

/** "2026-12-04" → " 26338": a space, the year's last two digits and the day of the year. */
export function bacsDate(day: string): string {
  const match = isoDate.exec(day);
  if (match === null || !validIsoDate(day)) throw new Error(`Not a date: ${day}`);
  const year = Number(match[1]);
  const dayOfYear = (Date.UTC(year, Number(match[2]) - 1, Number(match[3])) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  return ` ${String(year % 100).padStart(2, '0')}${String(dayOfYear).padStart(3, '0')}`;
}

const padText = (text: string, length: number) => text.padEnd(length, ' ');
const zeroFilled = (value: number, length: number) => String(value).padStart(length, '0');
const spaces = (length: number) => ' '.repeat(length);

interface RecordLine {
  sortCode: string;
  accountNumber: string;
  code: string;
  amountPence: number;
  reference: string;
  accountName: string;
  processingDay: string;
}

/** Writes the file, or says everything that stops it being written. */
export function writeStandard18(file: PaymentFile): WrittenFile {
  const problems: string[] = [];
  const digitsOf = (value: string, length: number, what: string) => {
    if (!new RegExp(`^\\d{${length}}$`).test(value)) problems.push(`${what} must be ${length} digits`);
  };
  digitsOf(file.serviceUserNumber, 6, 'The service user number');
  digitsOf(file.originator.sortCode, 6, 'The originating sort code');
  digitsOf(file.originator.accountNumber, 8, 'The originating account number');
  if (!/^[A-Z0-9]{1,6}$/.test(file.submissionSerial)) problems.push('The submission serial must be 1 to 6 capital letters or digits');
  for (const [day, what] of [[file.createdOn, 'creation day'], [file.processingDay, 'processing day']] as const) {
    if (!validIsoDate(day)) problems.push(`The ${what} must be a date like 2026-12-04`);
  }
  const originatorName = toBacsText(file.originator.name, 'The originator name');
  if (!originatorName.ok) problems.push(originatorName.message);
  else if (originatorName.text === '' || originatorName.text.length > bacsNameLength) problems.push(`The originator name must be 1 to ${bacsNameLength} characters`);
  if (file.credits.length === 0) problems.push('A payment file needs at least one payment');

  const credits: RecordLine[] = [];
  file.credits.forEach((credit, index) => {
    const which = `Payment ${index + 1}`;
    digitsOf(credit.sortCode, 6, `${which}: the sort code`);
    digitsOf(credit.accountNumber, 8, `${which}: the account number`);
    if (!Number.isSafeInteger(credit.amountPence) || credit.amountPence < 1 || credit.amountPence > largestRecordPence) {
      problems.push(`${which}: the amount must be a whole number of pence from 1 to ${largestRecordPence}`);
    }
    const day = credit.processingDay ?? file.processingDay;
    if (!validIsoDate(day)) problems.push(`${which}: the processing day must be a date like 2026-12-04`);
    else if (validIsoDate(file.processingDay) && day < file.processingDay) problems.push(`${which}: the processing day is before the file’s processing day`);
    const name = bacsAccountName(credit.accountName, `${which}: the account name`);
    if (!name.ok) problems.push(name.message);
    else if (name.text === '') problems.push(`${which}: the account name is empty`);
    const reference = toBacsText(credit.reference, `${which}: the reference`);
    if (!reference.ok) problems.push(reference.message);
    else if (reference.text === '' || reference.text.length > bacsNameLength) problems.push(`${which}: the reference must be 1 to ${bacsNameLength} characters`);
    if (name.ok && reference.ok) {
      credits.push({ ...credit, code: creditCode, accountName: name.text, reference: reference.text, processingDay: day });
    }
  });
  if (problems.length > 0 || !originatorName.ok) return { ok: false, problems };

  const days = [...new Set(credits.map((credit) => credit.processingDay))].sort();
  const multiDay = days.length > 1 || days[0] !== file.processingDay;
  const records: RecordLine[] = [];
  for (const day of days) {
    const ofDay = credits.filter((credit) => credit.processingDay === day);
    const total = ofDay.reduce((sum, credit) => sum + credit.amountPence, 0);
    if (total > largestRecordPence) return { ok: false, problems: [`The payments for ${day} add up to more than one contra record can hold; split them into two files`] };
    records.push(...ofDay, {
      sortCode: file.originator.sortCode,
      accountNumber: file.originator.accountNumber,
      code: contraCode,
      amountPence: total,
      reference: 'CONTRA',
      accountName: originatorName.text,
      processingDay: day,
    });
  }

  const standardRecord = (record: RecordLine) =>
    record.sortCode +
    record.accountNumber +
    '0' +
    record.code +
    file.originator.sortCode +
    file.originator.accountNumber +
    spaces(4) +
    zeroFilled(record.amountPence, 11) +
    padText(originatorName.text, 18) +
    padText(record.reference, 18) +
    padText(record.accountName, 18) +
    (multiDay ? bacsDate(record.processingDay) : '');

  const sun = file.serviceUserNumber;
  const serial = file.submissionSerial.padStart(6, '0');
  const lastDay = days.at(-1)!;
  const header1 = (label: string) =>
    `${label}A${sun}S  1${sun}${serial}00010001${spaces(6)}${bacsDate(file.createdOn)}${bacsDate(lastDay)} 000000${spaces(20)}`;
  const header2 = (label: string) => `${label}F02000${multiDay ? '00106' : '00100'}${spaces(35)}00${spaces(28)}`;
  const debits = records.filter((record) => record.code === contraCode);
  const sum = (list: RecordLine[]) => list.reduce((total, record) => total + record.amountPence, 0);

  const lines = [
    `VOL1${serial}${spaces(1)}${spaces(26)}${spaces(4)}${sun}${spaces(4)}${spaces(28)}1`,
    header1('HDR1'),
    header2('HDR2'),
    `UHL1${bacsDate(file.processingDay)}999999${spaces(4)}00000000${multiDay ? multiDayWorkCode : dailyWorkCode}001${spaces(7)}${spaces(7)}${spaces(26)}`,
    ...records.map(standardRecord),
    header1('EOF1'),
    header2('EOF2'),
    `UTL1${zeroFilled(sum(debits), 13)}${zeroFilled(sum(credits), 13)}${zeroFilled(debits.length, 7)}${zeroFilled(credits.length, 7)}${spaces(36)}`,
  ];
  return { ok: true, text: lines.map((line) => `${line}\n`).join(''), multiDay };
}

export interface Standard18Problem {
  /** 1-based line of the file. */
  line: number;
  /** 1-based column where the faulty field starts, when the problem is in one field. */
  column?: number;
  message: string;
}

export type Standard18Check =
  | { ok: true; credits: number; creditTotalPence: number; multiDay: boolean }
  | { ok: false; problems: Standard18Problem[] };

const julianDate = /^ (\d{2})(\d{3})$/;

function validBacsDate(text: string): boolean {
  const match = julianDate.exec(text);
  if (match === null) return false;
  const year = 2000 + Number(match[1]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = Number(match[2]);
  return day >= 1 && day <= (leap ? 366 : 365);
}

function checkFields(line: string, lineNumber: number, layout: readonly Field[], what: string, problems: Standard18Problem[]): void {
  for (const each of layout) {
    const text = fieldText(line, each);
    const at = { line: lineNumber, column: each.start };
    const wrong = (expected: string) => problems.push({ ...at, message: `${what}: the ${each.name} (columns ${each.start}–${each.start + each.length - 1}) ${expected}, not ‘${text}’` });
    switch (each.kind) {
      case 'literal':
        if (text !== each.value) wrong(`must be ‘${each.value}’`);
        break;
      case 'oneOf':
        if (!each.values.includes(text)) wrong(`must be one of ${each.values.map((value) => `‘${value}’`).join(', ')}`);
        break;
      case 'digits':
        if (!/^\d+$/.test(text)) wrong('must be digits, right-justified and zero-filled');
        break;
      case 'date':
        if (!validBacsDate(text)) wrong('must be a date as a space, 2-digit year and 3-digit day of the year');
        break;
      case 'serial':
        if (!/^[A-Z0-9]+$/.test(text)) wrong('must be letters and digits');
        break;
      case 'blank':
        if (text.trim() !== '') wrong('must be blank');
        break;
      case 'name':
        if (text.trim() === '') wrong('must not be blank');
        break;
      case 'text':
        break;
    }
  }
}

/**
 * Checks a Standard 18 file against the field table: record lengths, the character set, every field's form, the
 * contra records balancing each day's credits, and the UTL1 totals and counts against the records.
 */
export function validateStandard18(file: string): Standard18Check {
  const problems: Standard18Problem[] = [];
  // Files from other software often end lines with CR LF; that is a line end, not a character in the record.
  const text = /\r(?!\n)/.test(file) ? file : file.replaceAll('\r\n', '\n');
  if (!text.endsWith('\n')) problems.push({ line: text.split('\n').length, message: 'The file must end with a line break' });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const lineCount = headerLabels.length + trailerLabels.length;
  if (lines.length < lineCount + 2) {
    return { ok: false, problems: [...problems, { line: 1, message: `The file has ${lines.length} lines; it needs ${lineCount} labels and at least one payment and one contra` }] };
  }

  lines.forEach((line, index) => {
    if (!bacsCharacterPattern.test(line)) {
      const column = [...line].findIndex((character) => !bacsCharacterPattern.test(character)) + 1;
      problems.push({ line: index + 1, column, message: `Line ${index + 1} has ‘${line[column - 1]}’ in column ${column}, which is not in the Bacs character set` });
    }
  });

  const labelAt = (name: LabelName, index: number) => {
    const line = lines[index]!;
    if (line.length !== labelLength) problems.push({ line: index + 1, message: `The ${name} label must be ${labelLength} characters long, not ${line.length}` });
    else checkFields(line, index + 1, labelLayouts[name], name, problems);
  };
  headerLabels.forEach((name, offset) => labelAt(name, offset));
  const firstTrailer = lines.length - trailerLabels.length;
  trailerLabels.forEach((name, offset) => labelAt(name, firstTrailer + offset));

  const uhl1 = lines[3]!;
  const multiDay = fieldText(uhl1, field(labelLayouts.UHL1, 'work code')) === multiDayWorkCode;
  const expectedLength = multiDay ? multiDayRecordLength : recordLength;
  const fileProcessingDay = fieldText(uhl1, field(labelLayouts.UHL1, 'processing day'));
  const hdr2RecordLength = fieldText(lines[2]!, field(labelLayouts.HDR2, 'record length'));
  if (hdr2RecordLength !== String(expectedLength).padStart(5, '0')) {
    problems.push({ line: 3, message: `HDR2 gives records of ${hdr2RecordLength} characters but the work code in UHL1 means ${expectedLength}` });
  }
  for (const [header, trailer] of [[1, firstTrailer], [2, firstTrailer + 1]] as const) {
    if (lines[header]!.slice(4) !== lines[trailer]!.slice(4)) {
      problems.push({ line: trailer + 1, message: `${trailer === firstTrailer ? 'EOF1' : 'EOF2'} must repeat ${header === 1 ? 'HDR1' : 'HDR2'} after its label` });
    }
  }
  const vol1Serial = fieldText(lines[0]!, field(labelLayouts.VOL1, 'volume serial number'));
  if (fieldText(lines[1]!, field(labelLayouts.HDR1, 'file serial number')) !== vol1Serial) {
    problems.push({ line: 2, message: 'The HDR1 file serial number must match the VOL1 volume serial number' });
  }

  const recordFields = multiDay ? [...standardRecordFields, processingDateField] : standardRecordFields;
  const amountField = field(standardRecordFields, 'amount');
  const codeField = field(standardRecordFields, 'transaction code');
  const creditsByDay = new Map<string, number>();
  const contrasByDay = new Map<string, number>();
  let credits = 0;
  let debits = 0;
  let creditTotal = 0;
  let debitTotal = 0;
  for (let index = headerLabels.length; index < firstTrailer; index += 1) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    if (line.length !== expectedLength) {
      problems.push({ line: lineNumber, message: `Payment records in this file must be ${expectedLength} characters long; line ${lineNumber} is ${line.length}` });
      continue;
    }
    checkFields(line, lineNumber, recordFields, `Line ${lineNumber}`, problems);
    // A record with a bad name still counts towards the totals, so one fault is reported once.
    const code = fieldText(line, codeField);
    const amountText = fieldText(line, amountField);
    if ((code !== creditCode && code !== contraCode) || !/^\d+$/.test(amountText)) continue;
    const amount = Number(amountText);
    if (amount === 0) problems.push({ line: lineNumber, column: amountField.start, message: `Line ${lineNumber}: the amount is zero` });
    const day = multiDay ? fieldText(line, processingDateField) : fileProcessingDay;
    if (multiDay && day < fileProcessingDay) problems.push({ line: lineNumber, column: processingDateField.start, message: `Line ${lineNumber}: the processing date is before the file’s processing day in UHL1` });
    if (code === contraCode) {
      debits += 1;
      debitTotal += amount;
      const origin = fieldText(line, field(standardRecordFields, 'originating sort code')) + fieldText(line, field(standardRecordFields, 'originating account number'));
      const destination = fieldText(line, field(standardRecordFields, 'destination sort code')) + fieldText(line, field(standardRecordFields, 'destination account number'));
      if (origin !== destination) problems.push({ line: lineNumber, message: `Line ${lineNumber}: a contra record must pay into the originating account` });
      contrasByDay.set(day, (contrasByDay.get(day) ?? 0) + amount);
    } else {
      credits += 1;
      creditTotal += amount;
      creditsByDay.set(day, (creditsByDay.get(day) ?? 0) + amount);
    }
  }

  for (const day of new Set([...creditsByDay.keys(), ...contrasByDay.keys()])) {
    const credited = creditsByDay.get(day) ?? 0;
    const contra = contrasByDay.get(day) ?? 0;
    if (credited !== contra) {
      problems.push({ line: firstTrailer, message: `The contra records for day${day} total ${contra} pence but the credits total ${credited} pence` });
    }
  }

  const utl1 = lines.at(-1)!;
  if (utl1.length === labelLength) {
    const totals: [string, number][] = [
      ['debit total', debitTotal],
      ['credit total', creditTotal],
      ['debit count', debits],
      ['credit count', credits],
    ];
    for (const [name, counted] of totals) {
      const each = field(labelLayouts.UTL1, name);
      const given = fieldText(utl1, each);
      if (/^\d+$/.test(given) && Number(given) !== counted) {
        problems.push({ line: lines.length, column: each.start, message: `UTL1 gives a ${name} of ${Number(given)} but the records make it ${counted}` });
      }
    }
  }

  return problems.length === 0 ? { ok: true, credits, creditTotalPence: creditTotal, multiDay } : { ok: false, problems };
}
