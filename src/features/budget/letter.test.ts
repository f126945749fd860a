// The words and amounts a person is told, before any page renders them: explanation tables that add up whatever the
// answers and tables, decisions the owning agency changed, the letter in each format, and text the PDF fonts can draw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets } from '../../domain/assessment/arbitraries.ts';
import { defaultEligibilityRules } from '../../domain/assessment/default-eligibility-rules.ts';
import { defaultQuestionSet } from '../../domain/assessment/default-question-set.ts';
import { rasTables } from '../../domain/budget/arbitraries.ts';
import { defaultCalculators } from '../../domain/budget/default-calculators.ts';
import { compileRasTable } from '../../domain/budget/ras.ts';
import { upFrontAmounts } from '../../domain/budget/up-front.ts';
import { type BudgetRecord, type BudgetRecords, budgetView, explanationTable } from './budget-view.ts';
import { letterFormat, letterModel } from './letter.ts';
import { pdfText } from './letter-pdf.ts';

function pence(text: string): number {
  const match = /^(−)?£([\d,]+)\.(\d{2})$/.exec(text)!;
  const value = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

const streams = [
  { code: 'adult-social-care', name: 'Adult Social Care', owner: 'Northshire County Council' },
  { code: 'supporting-people', name: 'Supporting People', owner: 'Northshire County Council' },
  { code: 'work-choice', name: 'Work Choice', owner: 'Northshire Jobcentre Plus' },
  { code: 'disabled-facilities-grant', name: 'Disabled Facilities Grant', owner: 'Northshire District Council' },
];

function budget(streamCode: string, weeklyPence: number, oneOffPence = 0, extra: Partial<BudgetRecord> = {}): BudgetRecord {
  return {
    assessmentId: 'a2',
    streamCode,
    configurationId: `config-${streamCode}`,
    weeklyPence,
    yearlyPence: weeklyPence * 52,
    oneOffPence,
    lines: [
      { text: 'First part', weeklyPenceChange: weeklyPence - 100, ...(oneOffPence ? { oneOffPenceChange: oneOffPence } : {}) },
      { text: 'Second part', weeklyPenceChange: 100 },
    ],
    issuedAt: new Date('2026-03-04T10:00:00Z'),
    supersededAt: null,
    ...extra,
  };
}

function records(overrides: Partial<BudgetRecords> = {}): BudgetRecords {
  return {
    streams,
    current: [budget('supporting-people', 5400), budget('adult-social-care', 26145), budget('disabled-facilities-grant', 0, 850000)],
    earlier: [],
    decisions: [
      { streamCode: 'adult-social-care', decision: 'eligible', reasons: ['You are eligible.'], confirmedDecision: null, confirmationReason: null },
      { streamCode: 'supporting-people', decision: 'eligible', reasons: ['You need help at home.'], confirmedDecision: null, confirmationReason: null },
      { streamCode: 'disabled-facilities-grant', decision: 'eligible', reasons: [], confirmedDecision: null, confirmationReason: null },
      { streamCode: 'work-choice', decision: 'not eligible', reasons: ['Work Choice is for people looking for work.'], confirmedDecision: null, confirmationReason: null },
    ],
    illustrativeConfigurations: new Set(),
    tolerances: { 'adult-social-care': 10 },
    ...overrides,
  };
}

describe('explanation tables', () => {
  it('over random answers and random RAS tables: every column of lines adds up to its total row, which is the budget', () => {
    fc.assert(
      fc.property(answerSets(defaultQuestionSet), rasTables(defaultQuestionSet), (answers, table) => {
        const amounts = upFrontAmounts({ set: defaultQuestionSet, answers, rules: defaultEligibilityRules, rasTables: [compileRasTable(table)], calculators: defaultCalculators });
        for (const amount of amounts) {
          if (!amount.budget) continue;
          const explained = explanationTable(amount.streamCode, amount.budget);
          expect(explained.rows).toHaveLength(amount.budget.lines.length);
          for (const [column, total] of [['A week', amount.budget.weeklyPence], ['Paid once', amount.budget.oneOffPence]] as const) {
            const index = explained.head.indexOf(column);
            if (index < 0) {
              expect(total).toBe(0);
              continue;
            }
            expect(explained.rows.reduce((sum, row) => sum + pence(row[index]!), 0)).toBe(total);
            expect(pence(explained.total[index]!)).toBe(total);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('shows points with a true minus sign and totals them, and leaves lines that only explain at £0.00', () => {
    const table = explanationTable('Adult Social Care', {
      weeklyPence: 23400,
      oneOffPence: 0,
      lines: [
        { text: 'You scored 6 points for help with food and drink', weeklyPenceChange: 0, pointsChange: 6 },
        { text: 'Help from family: 2 points fewer', weeklyPenceChange: 0, pointsChange: -2 },
        { text: '4 points at £58.50 a point', weeklyPenceChange: 23400 },
      ],
    });
    expect(table.head).toEqual(['How it is worked out', 'Points', 'A week']);
    expect(table.rows.map((row) => row.slice(1))).toEqual([['6', '£0.00'], ['−2', '£0.00'], ['', '£234.00']]);
    expect(table.total).toEqual(['Total', '4', '£234.00']);
    expect(table.numeric).toEqual([false, true, true]);
  });

  it('ignores stored lines that are not explanation lines rather than failing', () => {
    const table = explanationTable('X', { weeklyPence: 100, oneOffPence: 0, lines: [{ text: 'ok', weeklyPenceChange: 100 }, { nonsense: true }, 'text', null] });
    expect(table.rows).toEqual([['ok', '£1.00']]);
  });
});

describe('the budget view', () => {
  it('adds up the streams the person can get, in the area’s order, with what they cannot get and why', () => {
    const view = budgetView(records());
    expect(view.funded.map((stream) => stream.code)).toEqual(['adult-social-care', 'supporting-people', 'disabled-facilities-grant']);
    expect(view.totals).toMatchObject({ weeklyPence: 31545, yearlyPence: 31545 * 52, oneOffPence: 850000, weekly: '£315.45', yearly: '£16,403.40', oneOff: '£8,500.00' });
    expect(view.funded[0]).toMatchObject({ owner: 'Northshire County Council', tolerancePercent: 10 });
    expect(view.unfunded).toEqual([
      expect.objectContaining({ code: 'work-choice', decision: 'not eligible', headline: 'You cannot get this at the moment', reasons: ['Work Choice is for people looking for work.'] }),
    ]);
    expect(view.unfunded[0]!.whatToDo).toContain('contact Northshire Jobcentre Plus');
    expect(view.illustrative).toBe(false);
    expect(budgetView(records({ illustrativeConfigurations: new Set(['config-adult-social-care']) })).illustrative).toBe(true);
  });

  it('follows a decision the owning agency changed, either way, with its reason', () => {
    const view = budgetView(
      records({
        decisions: [
          { streamCode: 'adult-social-care', decision: 'eligible', reasons: ['You are eligible.'], confirmedDecision: 'not eligible', confirmationReason: 'Needs are met by the NHS.' },
          { streamCode: 'supporting-people', decision: 'eligible', reasons: [], confirmedDecision: 'eligible', confirmationReason: null },
          { streamCode: 'work-choice', decision: 'not eligible', reasons: [], confirmedDecision: 'eligible', confirmationReason: 'Starting a job next month.' },
        ],
      }),
    );
    expect(view.funded.map((stream) => stream.code)).toEqual(['supporting-people', 'disabled-facilities-grant']);
    expect(view.totals.weeklyPence).toBe(5400);
    const careAct = view.unfunded.find((stream) => stream.code === 'adult-social-care')!;
    expect(careAct.decision).toBe('not eligible');
    expect(careAct.reasons.at(-1)).toBe('Northshire County Council looked at this again and changed the decision: Needs are met by the NHS.');
    expect(view.unfunded.find((stream) => stream.code === 'work-choice')).toMatchObject({ decision: 'eligible', headline: 'You can get this: the amount is still to be worked out' });
  });

  it('groups earlier budgets by the assessment that issued them, newest first', () => {
    const replaced = new Date('2026-03-04T10:00:00Z');
    const view = budgetView(
      records({
        earlier: [
          budget('adult-social-care', 20000, 0, { assessmentId: 'a1', issuedAt: new Date('2026-01-10T10:00:00Z'), supersededAt: replaced }),
          budget('supporting-people', 1800, 0, { assessmentId: 'a1', issuedAt: new Date('2026-01-10T10:00:00Z'), supersededAt: replaced }),
          budget('adult-social-care', 10000, 0, { assessmentId: 'a0', issuedAt: new Date('2025-11-01T10:00:00Z'), supersededAt: new Date('2026-01-10T10:00:00Z') }),
        ],
      }),
    );
    expect(view.history.map((entry) => [entry.weekly, entry.streams])).toEqual([
      ['£218.00', ['Adult Social Care', 'Supporting People']],
      ['£100.00', ['Adult Social Care']],
    ]);
    expect(view.history[0]!.supersededAt).toEqual(replaced);
  });
});

describe('the letter', () => {
  const inputs = (accessibleFormat: string | null) => ({
    person: { givenName: 'Jo', familyName: 'Bloggs', address: '1 Station Road, Northtown', postcode: 'nt1 1aa', accessibleFormat },
    view: budgetView(records({ illustrativeConfigurations: new Set(['config-adult-social-care']) })),
    from: 'Northshire County Council',
    brokers: ["Northshire Disabled People's Network"],
    date: '4 March 2026',
    issuedOn: '4 March 2026',
  });

  it('reads the person’s format however it was written', () => {
    expect(letterFormat('Large print')).toEqual({ variant: 'large-print' });
    expect(letterFormat('easy read')).toEqual({ variant: 'easy-read' });
    expect(letterFormat('BSL')).toEqual({ variant: 'standard', sentSeparatelyAs: 'British Sign Language' });
    expect(letterFormat('British Sign Language')).toEqual({ variant: 'standard', sentSeparatelyAs: 'British Sign Language' });
    expect(letterFormat('audio')).toEqual({ variant: 'standard', sentSeparatelyAs: 'audio' });
    expect(letterFormat('braille')).toEqual({ variant: 'standard', sentSeparatelyAs: 'braille' });
    for (const plain of ['standard', 'email', '', null, undefined]) expect(letterFormat(plain)).toEqual({ variant: 'standard' });
  });

  it('says the amounts first, addresses the person, explains every stream and names a broker', () => {
    const letter = letterModel(inputs('standard'));
    expect(letter.to).toEqual(['Jo Bloggs', '1 Station Road', 'Northtown', 'NT1 1AA']);
    expect(letter.summary.lines).toEqual(['£315.45 a week', 'That is £16,403.40 a year.', 'Plus £8,500.00 paid once (not every week).']);
    expect(letter.streams.map((stream) => stream.heading)).toEqual(['Adult Social Care', 'Supporting People', 'Disabled Facilities Grant']);
    expect(letter.unfunded[0]).toMatchObject({ heading: 'Work Choice: you cannot get this at the moment', bullets: ['Work Choice is for people looking for work.'] });
    const text = JSON.stringify(letter);
    expect(text).toContain("Northshire Disabled People's Network");
    expect(text).toContain('up to 10% more or less than £261.45 a week');
    expect(letter.illustrativeNote).toContain('illustrative');
    expect(letter.formatNote).toBeUndefined();
  });

  it('is written in short sentences, one idea each, for easy read', () => {
    const letter = letterModel(inputs('easy read'));
    expect(letter.variant).toBe('easy-read');
    expect(letter.summary.lines[0]).toBe('You can get £315.45 every week.');
    const sentences = [...letter.intro, ...letter.sections.flatMap((section) => section.paragraphs), ...letter.unfunded.flatMap((section) => section.after ?? [])];
    expect(letter.unfunded[0]!.after).toEqual(['Do you think this is wrong?', 'Contact Northshire Jobcentre Plus.', 'Has something changed for you?', 'You can change your answers at any time.']);
    for (const sentence of sentences) {
      expect(sentence.split(/[.!?](\s|$)/).filter((part) => part.trim().length > 1).length, sentence).toBeLessThanOrEqual(2);
      expect(sentence.split(' ').length, sentence).toBeLessThanOrEqual(14);
    }
  });

  it('in easy read has no table of points or percentages: the amount, what it is for and who runs it', () => {
    const letter = letterModel(inputs('easy read'));
    expect(letter.streams.every((stream) => stream.table === undefined)).toBe(true);
    expect(letter.streams[0]!.paragraphs).toEqual([
      'You can get £261.45 every week.',
      'This money is for help with everyday things, like washing, dressing and meals.',
      'Northshire County Council runs this.',
    ]);
    const text = JSON.stringify(letter);
    expect(text).not.toMatch(/contingency|points|table|%/i);
    expect(letter.sections.map((section) => section.heading)).toEqual(['What happens next', 'Who to ask']);
  });

  it('says plainly when the council sends the letter in a format this service cannot make', () => {
    expect(letterModel(inputs('audio')).formatNote).toBe('You asked for letters in audio. Northshire County Council will send you this letter in audio. This is a copy for your records.');
    expect(letterModel(inputs('large print')).variant).toBe('large-print');
  });
});

describe('text for the PDF fonts', () => {
  it('keeps what the fonts can draw and swaps the rest for the nearest letter', () => {
    expect(pdfText('£1,234.56 − “quoted” Zoë’s café – 5×2')).toBe('£1,234.56 - “quoted” Zoë’s café – 5×2');
    expect(pdfText('Łukasz Dvořák Đorđe 李')).toBe('Lukasz Dvorák Dorde ?');
  });
});
