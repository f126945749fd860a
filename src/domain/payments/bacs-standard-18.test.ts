import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelLayouts, labelLength, multiDayRecordLength, processingDateField, recordLength, standardRecordFields, type Field } from './bacs-standard-18-layout.ts';
import { bacsDate, validateStandard18, writeStandard18, type Credit, type PaymentFile } from './bacs-standard-18.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/bacs/${name}`, import.meta.url), 'utf8');

const originator = { sortCode: '309634', accountNumber: '12345678', name: 'Northshire Council' };

const singleDay: PaymentFile = {
  serviceUserNumber: '123456',
  originator,
  submissionSerial: '000042',
  createdOn: '2026-12-01',
  processingDay: '2026-12-04',
  credits: [
    { sortCode: '089999', accountNumber: '66374958', accountName: 'Zoë O’Brien', reference: 'DP 1001 Dec', amountPence: 123456 },
    { sortCode: '107999', accountNumber: '88837491', accountName: 'Alexandra Catherine Jones-Wright', reference: 'dp-1002/4wk', amountPence: 98765 },
  ],
};

const multiDay: PaymentFile = {
  serviceUserNumber: '123456',
  originator,
  submissionSerial: '000043',
  createdOn: '2026-12-28',
  processingDay: '2026-12-31',
  credits: [
    { sortCode: '089999', accountNumber: '66374958', accountName: 'Zoë O’Brien', reference: 'DP 1001 DEC', amountPence: 5000 },
    { sortCode: '202959', accountNumber: '63748472', accountName: 'Ann Lee', reference: 'DP 1003 JAN', amountPence: 7001, processingDay: '2027-01-04' },
    { sortCode: '107999', accountNumber: '88837491', accountName: 'Sam Patel & Co.', reference: 'DP 1002 DEC', amountPence: 250, processingDay: '2026-12-31' },
  ],
};

function written(file: PaymentFile): string {
  const result = writeStandard18(file);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.text;
}

/** Columns, 1-based and inclusive, as the domain reference gives them. */
const columns = (line: string, from: number, to: number) => line.slice(from - 1, to);

describe('the golden single-day file', () => {
  const golden = fixture('standard-18-single-day.txt');
  const lines = golden.split('\n').slice(0, -1);

  it('is what the writer writes, byte for byte', () => {
    expect(written(singleDay)).toBe(golden);
  });

  it('has the labels and records the domain reference describes, column by column', () => {
    expect(lines.map((line) => line.slice(0, 4))).toEqual(['VOL1', 'HDR1', 'HDR2', 'UHL1', '0899', '1079', '3096', 'EOF1', 'EOF2', 'UTL1']);
    const [vol1, hdr1, hdr2, uhl1, first, second, contra, eof1, eof2, utl1] = lines as [string, ...string[]] as string[];
    for (const label of [vol1, hdr1, hdr2, uhl1, eof1, eof2, utl1]) expect(label).toHaveLength(80);
    for (const record of [first, second, contra]) expect(record).toHaveLength(100);

    // VOL1: 5–10 volume serial; 11 accessibility; 42–47 SUN within owner id 38–51; 80 label standard level 1.
    expect(columns(vol1!, 5, 10)).toBe('000042');
    expect(columns(vol1!, 11, 11)).toBe(' ');
    expect(columns(vol1!, 38, 51)).toBe('    123456    ');
    expect(columns(vol1!, 80, 80)).toBe('1');
    // HDR1: 5 A; SUN at 6–11 and 16–21; 22–27 file serial; section and sequence 0001; dates as ` YYDDD`.
    expect(columns(hdr1!, 5, 5)).toBe('A');
    expect(columns(hdr1!, 6, 11)).toBe('123456');
    expect(columns(hdr1!, 16, 21)).toBe('123456');
    expect(columns(hdr1!, 22, 27)).toBe('000042');
    expect(columns(hdr1!, 28, 35)).toBe('00010001');
    expect(columns(hdr1!, 42, 47)).toBe(' 26335'); // 1 December 2026 is day 335
    expect(columns(hdr1!, 48, 53)).toBe(' 26338');
    // HDR2: 5 F, block length, record length.
    expect(columns(hdr2!, 5, 5)).toBe('F');
    expect(columns(hdr2!, 11, 15)).toBe('00100');
    // UHL1: 5–10 processing day; 11–16 999999; 21–22 currency 00; 23–28 000000; 29–37 work code; 38–40 file number.
    expect(columns(uhl1!, 5, 10)).toBe(' 26338'); // 4 December 2026 is day 334 + 4
    expect(columns(uhl1!, 11, 16)).toBe('999999');
    expect(columns(uhl1!, 21, 22)).toBe('00');
    expect(columns(uhl1!, 23, 28)).toBe('000000');
    expect(columns(uhl1!, 29, 37)).toBe('1 DAILY  ');
    expect(columns(uhl1!, 38, 40)).toBe('001');

    // Standard record: destination sort code (6), account (8), 0, transaction code (2), originating sort code (6),
    // originating account (8), free (4), amount (11), originator name (18), reference (18), account name (18).
    const record = (line: string) => [
      columns(line, 1, 6),
      columns(line, 7, 14),
      columns(line, 15, 15),
      columns(line, 16, 17),
      columns(line, 18, 23),
      columns(line, 24, 31),
      columns(line, 32, 35),
      columns(line, 36, 46),
      columns(line, 47, 64),
      columns(line, 65, 82),
      columns(line, 83, 100),
    ];
    expect(record(first!)).toEqual(['089999', '66374958', '0', '99', '309634', '12345678', '    ', '00000123456', 'NORTHSHIRE COUNCIL', 'DP 1001 DEC       ', 'ZOE OBRIEN        ']);
    expect(record(second!)).toEqual(['107999', '88837491', '0', '99', '309634', '12345678', '    ', '00000098765', 'NORTHSHIRE COUNCIL', 'DP-1002/4WK       ', 'A C JONES-WRIGHT  ']);
    // The contra: a debit (17) to the originator's own account, reference CONTRA, for the credits' total.
    expect(record(contra!)).toEqual(['309634', '12345678', '0', '17', '309634', '12345678', '    ', '00000222221', 'NORTHSHIRE COUNCIL', 'CONTRA            ', 'NORTHSHIRE COUNCIL']);

    // EOF1 and EOF2 mirror HDR1 and HDR2.
    expect(eof1!.slice(4)).toBe(hdr1!.slice(4));
    expect(eof2!.slice(4)).toBe(hdr2!.slice(4));
    // UTL1: 5–17 debit total, 18–30 credit total, 31–37 debit count, 38–44 credit count.
    expect([columns(utl1!, 5, 17), columns(utl1!, 18, 30), columns(utl1!, 31, 37), columns(utl1!, 38, 44)]).toEqual(['0000000222221', '0000000222221', '0000001', '0000002']);
  });

  it('passes the validator', () => {
    expect(validateStandard18(golden)).toEqual({ ok: true, credits: 2, creditTotalPence: 222221, multiDay: false });
  });
});

describe('the golden multi-day file', () => {
  const golden = fixture('standard-18-multi-day.txt');
  const lines = golden.split('\n').slice(0, -1);

  it('is what the writer writes, byte for byte', () => {
    expect(written(multiDay)).toBe(golden);
  });

  it('carries each record’s day in 101–106, one contra per day, and the MULTI work code', () => {
    expect(columns(lines[2]!, 11, 15)).toBe('00106');
    expect(columns(lines[3]!, 5, 10)).toBe(' 26365');
    expect(columns(lines[3]!, 29, 37)).toBe('4 MULTI  ');
    const records = lines.slice(4, -3);
    expect(records.every((line) => line.length === 106)).toBe(true);
    expect(records.map((line) => [columns(line, 16, 17), columns(line, 36, 46), columns(line, 101, 106)])).toEqual([
      ['99', '00000005000', ' 26365'],
      ['99', '00000000250', ' 26365'],
      ['17', '00000005250', ' 26365'],
      ['99', '00000007001', ' 27004'],
      ['17', '00000007001', ' 27004'],
    ]);
    expect(columns(lines[1]!, 48, 53)).toBe(' 27004');
    expect(columns(lines.at(-1)!, 5, 44)).toBe('0000000012251000000001225100000020000003');
    expect(validateStandard18(golden)).toMatchObject({ ok: true, multiDay: true, credits: 3 });
  });
});

describe('the field table', () => {
  const tiles = (layout: readonly Field[], length: number) => {
    let next = 1;
    for (const each of layout) {
      expect(each.start, each.name).toBe(next);
      next += each.length;
    }
    expect(next - 1).toBe(length);
  };

  it('covers every column of every label and record exactly once', () => {
    for (const layout of Object.values(labelLayouts)) tiles(layout, labelLength);
    tiles(standardRecordFields, recordLength);
    tiles([...standardRecordFields, processingDateField], multiDayRecordLength);
  });
});

describe('bacsDate', () => {
  it.each([
    ['2026-01-01', ' 26001'],
    ['2026-12-31', ' 26365'],
    ['2028-12-31', ' 28366'],
    ['2028-02-29', ' 28060'],
  ])('%s is %s', (day, expected) => {
    expect(bacsDate(day)).toBe(expected);
  });
});

describe('writeStandard18 refuses what cannot be written', () => {
  it('lists every problem in plain English', () => {
    const result = writeStandard18({
      ...singleDay,
      serviceUserNumber: '12345',
      processingDay: '2026-02-30',
      credits: [
        { sortCode: '08999', accountNumber: '66374958', accountName: 'jo@example', reference: 'DP', amountPence: 0 },
        { sortCode: '089999', accountNumber: '66374958', accountName: 'Jo', reference: 'A reference far too long', amountPence: 1.5 },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'The service user number must be 6 digits',
        'The processing day must be a date like 2026-12-04',
        'Payment 1: the sort code must be 6 digits',
        'Payment 1: the amount must be a whole number of pence from 1 to 99999999999',
        'Payment 1: the processing day must be a date like 2026-12-04',
        'Payment 1: the account name can only contain letters A to Z, numbers, spaces and . & / -; it contains ‘@’',
        'Payment 2: the amount must be a whole number of pence from 1 to 99999999999',
        'Payment 2: the processing day must be a date like 2026-12-04',
        'Payment 2: the reference must be 1 to 18 characters',
      ],
    });
  });

  it('refuses an empty file and a day whose total overflows the contra', () => {
    expect(writeStandard18({ ...singleDay, credits: [] })).toEqual({ ok: false, problems: ['A payment file needs at least one payment'] });
    const big: Credit = { sortCode: '089999', accountNumber: '66374958', accountName: 'Jo', reference: 'DP', amountPence: 99_999_999_999 };
    expect(writeStandard18({ ...singleDay, credits: [big, big] })).toMatchObject({ ok: false, problems: [expect.stringContaining('split them into two files')] });
  });
});

// Random payment files: names with lower case, accents and apostrophes; references that need upper-casing.
const nameCharacters = [...'abcdefghijklmnopqrstuvwxyzABCXYZ éüßÆøł’\'-&.'];
const name = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.array(fc.constantFrom(...nameCharacters), { maxLength: 30 }))
  .map(([first, rest]) => first + rest.join(''));
const day = fc.integer({ min: 0, max: 20 }).map((offset) => new Date(Date.UTC(2026, 11, 20 + offset)).toISOString().slice(0, 10));
const credit: fc.Arbitrary<Credit> = fc.record({
  sortCode: fc.stringMatching(/^\d{6}$/),
  accountNumber: fc.stringMatching(/^\d{8}$/),
  accountName: name,
  reference: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9 /.-]{0,17}$/),
  amountPence: fc.integer({ min: 1, max: 5_000_000_00 }),
  processingDay: fc.option(day, { nil: undefined }),
});
const paymentFile: fc.Arbitrary<PaymentFile> = fc.record({
  serviceUserNumber: fc.stringMatching(/^\d{6}$/),
  originator: fc.record({ sortCode: fc.stringMatching(/^\d{6}$/), accountNumber: fc.stringMatching(/^\d{8}$/), name: fc.constantFrom('Northshire Council', 'Borough of Élan', 'St Mary’s Trust') }),
  submissionSerial: fc.stringMatching(/^[A-Z0-9]{1,6}$/),
  createdOn: fc.constant('2026-12-18'),
  processingDay: fc.constant('2026-12-20'),
  credits: fc.array(credit, { minLength: 1, maxLength: 6 }),
});

const writtenFile = paymentFile.map(written);

function mustFail(text: string) {
  expect(validateStandard18(text).ok).toBe(false);
}

describe('every file the writer writes passes the validator, and damage is caught', () => {
  it('passes, with the counts and totals of the payments', () => {
    fc.assert(
      fc.property(paymentFile, (file) => {
        const check = validateStandard18(written(file));
        const total = file.credits.reduce((sum, each) => sum + each.amountPence, 0);
        expect(check).toEqual({ ok: true, credits: file.credits.length, creditTotalPence: total, multiDay: file.credits.some((each) => each.processingDay !== undefined && each.processingDay !== file.processingDay) });
      }),
      { numRuns: 60 },
    );
  });

  it('catches a character outside the Bacs set anywhere', () => {
    fc.assert(
      fc.property(writtenFile, fc.nat(), fc.constantFrom('@', 'a', 'é', '£', '\t'), (text, at, bad) => {
        const positions = [...text].flatMap((character, index) => (character === '\n' ? [] : [index]));
        const position = positions[at % positions.length]!;
        mustFail(text.slice(0, position) + bad + text.slice(position + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('catches a character added or lost in any line', () => {
    fc.assert(
      fc.property(writtenFile, fc.nat(), fc.boolean(), (text, at, add) => {
        const positions = [...text].flatMap((character, index) => (character === '\n' ? [] : [index]));
        const position = positions[at % positions.length]!;
        mustFail(add ? text.slice(0, position) + ' ' + text.slice(position) : text.slice(0, position) + text.slice(position + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('catches any changed digit in an amount, a UTL1 total or a UTL1 count', () => {
    fc.assert(
      fc.property(writtenFile, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 9 }), (text, whichLine, whichDigit, shift) => {
        const lines = text.split('\n').slice(0, -1);
        // Amount digits of every standard record, and every digit of UTL1's totals and counts.
        const targets: [number, number][] = [];
        lines.slice(4, -3).forEach((_, offset) => {
          for (let column = 36; column <= 46; column += 1) targets.push([offset + 4, column]);
        });
        for (let column = 5; column <= 44; column += 1) targets.push([lines.length - 1, column]);
        const [line, column] = targets[(whichLine * 131 + whichDigit) % targets.length]!;
        const original = lines[line]!;
        const digit = String((Number(original[column - 1]) + shift) % 10);
        lines[line] = original.slice(0, column - 1) + digit + original.slice(column);
        mustFail(lines.map((each) => `${each}\n`).join(''));
      }),
      { numRuns: 80 },
    );
  });

  it('catches a record lost or repeated', () => {
    fc.assert(
      fc.property(writtenFile, fc.nat(), fc.boolean(), (text, at, repeat) => {
        const lines = text.split('\n').slice(0, -1);
        const index = 4 + (at % (lines.length - 7));
        if (repeat) lines.splice(index, 0, lines[index]!);
        else lines.splice(index, 1);
        mustFail(lines.map((each) => `${each}\n`).join(''));
      }),
      { numRuns: 60 },
    );
  });
});

describe('validateStandard18 says what is wrong and where', () => {
  const golden = fixture('standard-18-single-day.txt');
  const lines = golden.split('\n').slice(0, -1);
  const replaceLine = (index: number, line: string) => lines.map((each, at) => `${at === index ? line : each}\n`).join('');

  it('an amount padded with spaces instead of zeros', () => {
    const record = lines[4]!;
    const result = validateStandard18(replaceLine(4, `${record.slice(0, 35)}     123456${record.slice(46)}`));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({ line: 5, column: 36, message: 'Line 5: the amount (columns 36–46) must be digits, right-justified and zero-filled, not ‘     123456’' });
    }
  });

  it('a contra that does not balance, and a UTL1 that does not add up', () => {
    const contra = lines[6]!;
    const result = validateStandard18(replaceLine(6, `${contra.slice(0, 35)}00000222222${contra.slice(46)}`));
    expect(!result.ok && result.problems.map((problem) => problem.message)).toEqual([
      'The contra records for day 26338 total 222222 pence but the credits total 222221 pence',
      'UTL1 gives a debit total of 222221 but the records make it 222222',
    ]);
  });

  it('a day of the year that does not exist, and a date without its leading space', () => {
    const uhl1 = lines[3]!;
    const badDay = validateStandard18(replaceLine(3, `UHL1 26366${uhl1.slice(10)}`));
    expect(!badDay.ok && badDay.problems[0]!.message).toBe('UHL1: the processing day (columns 5–10) must be a date as a space, 2-digit year and 3-digit day of the year, not ‘ 26366’');
    const noSpace = validateStandard18(replaceLine(3, `UHL1026338${uhl1.slice(10)}`));
    expect(noSpace.ok).toBe(false);
  });

  it('a contra paid somewhere other than the originating account', () => {
    const contra = lines[6]!;
    const result = validateStandard18(replaceLine(6, `309635${contra.slice(6)}`));
    expect(!result.ok && result.problems.map((problem) => problem.message)).toEqual(['Line 7: a contra record must pay into the originating account']);
  });

  it('a file too short to hold the labels', () => {
    expect(validateStandard18('VOL1\n')).toMatchObject({ ok: false, problems: [{ line: 1, message: expect.stringContaining('needs 7 labels') }] });
  });
});

describe('validateStandard18 and names', () => {
  it('refuses a record whose account name is blank', () => {
    const lines = fixture('standard-18-single-day.txt').split('\n').slice(0, -1);
    lines[4] = lines[4]!.slice(0, 82) + ' '.repeat(18);
    const result = validateStandard18(lines.map((line) => `${line}\n`).join(''));
    expect(!result.ok && result.problems.map((problem) => problem.message)).toEqual(['Line 5: the destination account name (columns 83–100) must not be blank, not ‘                  ’']);
  });
});

describe('validateStandard18 and line ends', () => {
  const golden = fixture('standard-18-single-day.txt');

  it('reads CR LF line ends as line ends', () => {
    expect(validateStandard18(golden.replaceAll('\n', '\r\n'))).toMatchObject({ ok: true, credits: 2 });
  });

  it('refuses a carriage return inside a record, and a file without its last line end', () => {
    const lines = golden.split('\n');
    lines[4] = `${lines[4]!.slice(0, 50)}\r${lines[4]!.slice(51)}`;
    mustFail(lines.join('\n'));
    mustFail(golden.slice(0, -1));
  });
});
