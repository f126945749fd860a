import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AgeBand, ageBands } from '../age-bands.ts';
import { type BudgetRow, type GroupFigures, actualVsIndicative, analysisCsv, csvField, describeGroupCount, utf8Bom } from './actual-vs-indicative.ts';

function row(ageBand: AgeBand, difference: number, overrides: Partial<BudgetRow> = {}): BudgetRow {
  return { ageBand, streamCode: 'adult-social-care', team: 'North', indicativeYearlyPence: 1_000_000, actualYearlyPence: 1_000_000 + difference, ...overrides };
}

function group(groups: readonly GroupFigures[], label: string): GroupFigures {
  const found = groups.find((g) => g.label === label);
  if (!found) throw new Error(`no group ${label}`);
  return found;
}

describe('actual against indicative budgets', () => {
  it('works out the mean, the median and the shares below, equal and above exactly', () => {
    const rows = [row('25 to 64', 101), row('25 to 64', 0), row('25 to 64', -300), row('25 to 64', 50)];
    const { groups } = actualVsIndicative(rows, { threshold: 1 });
    // Mean (101 + 0 − 300 + 50) / 4 = −37.25 → −37; median of −300, 0, 50, 101 is 25; 1 of 4 below is 25.0%.
    expect(group(groups, 'Aged 25 to 64')).toEqual({
      breakdown: 'age band',
      key: '25 to 64',
      label: 'Aged 25 to 64',
      count: { suppressed: false, value: 4 },
      suppression: 'none',
      meanDifferencePence: -37,
      medianDifferencePence: 25,
      belowTenths: 250,
      equalTenths: 250,
      aboveTenths: 500,
    });
    expect(group(groups, 'Aged 85 and over')).toMatchObject({ count: { suppressed: false, value: 0 }, meanDifferencePence: null, belowTenths: null });
  });

  it('rounds a mean of exactly half a penny up, once', () => {
    const { groups } = actualVsIndicative([row('18 to 24', -1), row('18 to 24', -2)], { threshold: 1 });
    // −1.5 → −1 (halves up), and the median of the two the same way.
    expect(group(groups, 'Aged 18 to 24')).toMatchObject({ meanDifferencePence: -1, medianDifferencePence: -1 });
    const thirds = actualVsIndicative([row('18 to 24', -1), row('18 to 24', 1), row('18 to 24', 1)], { threshold: 1 });
    expect(group(thirds.groups, 'Aged 18 to 24')).toMatchObject({ belowTenths: 333, aboveTenths: 667 });
  });

  it('hides small groups, gives no mean or median for them, and hides one more where a single one could be worked out', () => {
    const rows = [
      ...Array.from({ length: 12 }, (_, i) => row('25 to 64', i * 10 - 40, { team: 'North' })),
      ...Array.from({ length: 8 }, () => row('65 to 74', -500, { team: 'South' })),
      row('85 and over', -900, { team: 'South' }),
      row('85 and over', 900, { team: 'South' }),
    ];
    const { groups } = actualVsIndicative(rows, { threshold: 5 });
    expect(group(groups, 'Aged 85 and over')).toMatchObject({ suppression: 'small', count: { suppressed: true, threshold: 5 }, meanDifferencePence: null, medianDifferencePence: null, aboveTenths: null });
    // Without hiding 65 to 74 as well, 22 − 12 − 8 would give the 2 people aged 85 and over away.
    expect(group(groups, 'Aged 65 to 74')).toMatchObject({ suppression: 'secondary', meanDifferencePence: null });
    expect(describeGroupCount(group(groups, 'Aged 65 to 74'))).toBe('withheld');
    expect(group(groups, 'Aged 25 to 64')).toMatchObject({ suppression: 'none', count: { value: 12 } });
    // 12 in the North, all in one band; 2 of the 12 are 0, fewer than 5, so no percentage is given.
    expect(group(groups, 'North')).toMatchObject({ meanDifferencePence: 15, belowTenths: null, equalTenths: null, aboveTenths: null });
  });

  const bands = fc.constantFrom<AgeBand>(...ageBands);
  const olderBands: readonly AgeBand[] = ['65 to 74', '75 to 84', '85 and over'];
  /** The seed's pattern: older people's actual budgets below their indicative ones, working-age people's above. */
  const patterned = fc.array(
    fc.record({ ageBand: bands, indicative: fc.integer({ min: 100_000, max: 3_000_000 }), by: fc.integer({ min: 1, max: 150_000 }), team: fc.constantFrom('North', 'South', 'East'), stream: fc.constantFrom('adult-social-care', 'supporting-people') }),
    { minLength: 1, maxLength: 300 },
  ).map((people) =>
    people.map(({ ageBand, indicative, by, team, stream }): BudgetRow => ({
      ageBand,
      streamCode: stream,
      team,
      indicativeYearlyPence: indicative,
      actualYearlyPence: indicative + (olderBands.includes(ageBand) ? -by : by),
    })),
  );

  it('finds the pattern it was given: older people below their indicative budget on average, working-age people above', () => {
    fc.assert(
      fc.property(patterned, (rows) => {
        const { groups } = actualVsIndicative(rows, { threshold: 1 });
        for (const band of ageBands) {
          const figures = group(groups, `Aged ${band}`);
          if (figures.meanDifferencePence === null) continue;
          const older = olderBands.includes(band);
          expect(Math.sign(figures.meanDifferencePence)).toBe(older ? -1 : 1);
          expect(Math.sign(figures.medianDifferencePence!)).toBe(older ? -1 : 1);
          expect([figures.belowTenths, figures.aboveTenths]).toEqual(older ? [1000, 0] : [0, 1000]);
        }
      }),
    );
  });

  /** The same figures worked out another way, in BigInt, to check against. */
  function oracle(rows: readonly BudgetRow[]) {
    const roundHalfUp = (num: bigint, den: bigint) => {
      const twice = 2n * num + den;
      const q = twice / (2n * den);
      return Number(twice % (2n * den) < 0n ? q - 1n : q);
    };
    const d = rows.map((r) => BigInt(r.actualYearlyPence - r.indicativeYearlyPence)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const n = BigInt(d.length);
    const sum = d.reduce((a, b) => a + b, 0n);
    const mid = d.length >> 1;
    const median = d.length % 2 ? Number(d[mid]!) : roundHalfUp(d[mid - 1]! + d[mid]!, 2n);
    const share = (count: number) => roundHalfUp(BigInt(count) * 1000n, n);
    return { mean: roundHalfUp(sum, n), median, below: share(d.filter((x) => x < 0n).length), equal: share(d.filter((x) => x === 0n).length), above: share(d.filter((x) => x > 0n).length) };
  }

  const noisy = fc.array(
    fc.record({ ageBand: bands, indicative: fc.integer({ min: 0, max: 3_000_000 }), difference: fc.oneof(fc.constant(0), fc.integer({ min: -200_000, max: 200_000 })), team: fc.constantFrom('North', 'South') }),
    { maxLength: 200 },
  ).map((people) => people.map((p): BudgetRow => ({ ageBand: p.ageBand, streamCode: 'adult-social-care', team: p.team, indicativeYearlyPence: p.indicative, actualYearlyPence: p.indicative + p.difference })));

  it('gives exactly the oracle’s figures for every group it shows, and nothing for a group it hides', () => {
    fc.assert(
      fc.property(noisy, fc.integer({ min: 1, max: 10 }), (rows, threshold) => {
        const { groups } = actualVsIndicative(rows, { threshold });
        for (const figures of groups) {
          const members = rows.filter((r) => figures.breakdown === 'all' || (figures.breakdown === 'age band' ? r.ageBand : figures.breakdown === 'team' ? r.team : r.streamCode) === figures.key);
          if (figures.suppression !== 'none') {
            expect([figures.meanDifferencePence, figures.medianDifferencePence, figures.belowTenths, figures.equalTenths, figures.aboveTenths]).toEqual([null, null, null, null, null]);
            if (figures.suppression === 'small') expect(members.length > 0 && members.length < threshold).toBe(true);
            continue;
          }
          expect(figures.count).toEqual({ suppressed: false, value: members.length });
          if (members.length === 0) continue;
          const expected = oracle(members);
          expect([figures.meanDifferencePence, figures.medianDifferencePence]).toEqual([expected.mean, expected.median]);
          if (figures.belowTenths !== null) expect([figures.belowTenths, figures.equalTenths, figures.aboveTenths]).toEqual([expected.below, expected.equal, expected.above]);
        }
        for (const kind of ['age band', 'team'] as const) {
          const inKind = groups.filter((g) => g.breakdown === kind);
          const hidden = inKind.filter((g) => g.suppression !== 'none');
          const canHideMore = inKind.some((g) => g.suppression === 'none' && (g.count.suppressed ? 0 : g.count.value) > 0);
          if (hidden.length === 1) expect(canHideMore).toBe(false);
        }
      }),
    );
  });
});

/** Reads RFC 4180 CSV back into rows, to prove the file is well formed. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let current: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      current.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      current.push(field);
      rows.push(current);
      current = [];
      field = '';
      i += 1;
    } else throw new Error(`unquoted character ${c}`);
  }
  return rows;
}

describe('analysisCsv', () => {
  const rows = [
    ...Array.from({ length: 6 }, (_, i) => row('25 to 64', 1_240 + i, { team: '=HYPERLINK("http://example.test")' })),
    ...Array.from({ length: 6 }, () => row('75 to 84', -2_500, { team: 'South "B"' })),
    row('85 and over', -1_000, { team: 'South "B"' }),
  ];
  const csv = analysisCsv(actualVsIndicative(rows, { threshold: 5, streamNames: { 'adult-social-care': 'Adult Social Care' } }));

  it('writes every field quoted, lines ending CRLF, and no byte order mark unless the caller adds one', () => {
    const table = parseCsv(csv);
    expect(csv.startsWith(utf8Bom)).toBe(false);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(table[0]).toEqual(['Breakdown', 'Group', 'People', 'Mean difference a year (£)', 'Median difference a year (£)', 'Below indicative (%)', 'Same as indicative (%)', 'Above indicative (%)']);
    expect(table.every((line) => line.length === 8)).toBe(true);
    // Differences: 12.40 to 12.45, six of −25.00 and one of −10.00: a mean of −85.45 ÷ 13 = −6.573 → −6.57, a median of −10.00.
    expect(table[1]).toEqual(['Everyone', 'Everyone', '13', '-6.57', '-10.00', '53.8', '0.0', '46.2']);
    expect(table.find((line) => line[1] === 'Aged 85 and over')).toEqual(['Age band', 'Aged 85 and over', 'fewer than 5', 'withheld', 'withheld', 'withheld', 'withheld', 'withheld']);
    expect(table.find((line) => line[1] === 'Aged 18 to 24')).toEqual(['Age band', 'Aged 18 to 24', '0', '', '', '', '', '']);
    // One band is small, so the smaller of the two others of 6 (the first by name) is withheld too.
    expect(table.find((line) => line[1] === 'Aged 25 to 64')).toEqual(['Age band', 'Aged 25 to 64', 'withheld', 'withheld', 'withheld', 'withheld', 'withheld', 'withheld']);
    expect(table.find((line) => line[1] === 'Aged 75 to 84')).toEqual(['Age band', 'Aged 75 to 84', '6', '-25.00', '-25.00', '100.0', '0.0', '0.0']);
    expect(table.find((line) => line[0] === 'Funding stream')).toEqual(['Funding stream', 'Adult Social Care', '13', '-6.57', '-10.00', '53.8', '0.0', '46.2']);
  });

  it('keeps a spreadsheet from running a formula in a name, and doubles quotes', () => {
    expect(csv).toContain('"\'=HYPERLINK(""http://example.test"")"');
    expect(csv).toContain('"South ""B"""');
    for (const start of ['=', '+', '-', '@', '\t']) expect(csvField(`${start}SUM(A1)`)).toBe(`"'${start}SUM(A1)"`);
    expect(csvField('-12.40')).toBe('"-12.40"');
    expect(csvField('-1-1')).toBe('"\'-1-1"');
  });
});
