// The words and amounts a person is told, before any page renders them: explanation tables that add up whatever the
// answers and tables, decisions the owning agency changed, the letter in each format, and text the PDF fonts can draw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerSets } from '../../domain/assessment/arbitraries.ts';
import { defaultEligibilityRules } from '../../domain/assessment/default-eligibility-rules.ts';
import { defaultQuestionSet } from '../../domain/assessment/default-question-set.ts';
import { rasTables } from '../../domain/budget/arbitraries.ts';
import { defaultCalculators } from '../../domain/budget/default-calculators.ts';
import { defaultRasTable } from '../../domain/budget/default-ras.ts';
import { compileRasTable, indicativeBudget } from '../../domain/budget/ras.ts';
import { upFrontAmounts } from '../../domain/budget/up-front.ts';
import type { ContactableOrganisation, OrganisationContacts } from '../../domain/organisation-contacts.ts';
import { type BudgetRecord, type BudgetRecords, budgetView, explanationTable } from './budget-view.ts';
import { letterFormat, letterModel } from './letter.ts';
import { pdfText } from './letter-pdf.ts';

function pence(text: string): number {
  const match = /^(−)?£([\d,]+)\.(\d{2})$/.exec(text);
  if (!match) throw new Error(`Not an amount of money: "${text}"`);
  const value = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

const streams = [
  { code: 'adult-social-care', name: 'Adult Social Care', owner: 'Northshire County Council', ownerId: 'county' },
  { code: 'supporting-people', name: 'Supporting People', owner: 'Northshire County Council', ownerId: 'county' },
  { code: 'work-choice', name: 'Work Choice', owner: 'Northshire Jobcentre Plus', ownerId: 'jobcentre' },
  { code: 'disabled-facilities-grant', name: 'Disabled Facilities Grant', owner: 'Northshire District Council', ownerId: 'district' },
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
      { assessmentId: 'a2', streamCode: 'adult-social-care', decision: 'eligible', reasons: ['You are eligible.'], confirmedDecision: null, confirmationReason: null },
      { assessmentId: 'a2', streamCode: 'supporting-people', decision: 'eligible', reasons: ['You need help at home.'], confirmedDecision: null, confirmationReason: null },
      { assessmentId: 'a2', streamCode: 'disabled-facilities-grant', decision: 'eligible', reasons: [], confirmedDecision: null, confirmationReason: null },
      { assessmentId: 'a2', streamCode: 'work-choice', decision: 'not eligible', reasons: ['Work Choice is for people looking for work.'], confirmedDecision: null, confirmationReason: null },
    ],
    earlierDecisions: [],
    sharedWith: new Set(['county', 'jobcentre', 'district']),
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
            // A row with no money in the column only explains; every other cell is an amount, and they add up.
            explained.rows.forEach((row, line) => {
              const change = column === 'A week' ? amount.budget!.lines[line]!.weeklyPenceChange : (amount.budget!.lines[line]!.oneOffPenceChange ?? 0);
              expect(row[index] === '' ? 0 : pence(row[index]!)).toBe(change);
              expect(row[index]).not.toBe('£0.00');
            });
            expect(explained.rows.reduce((sum, row) => sum + (row[index] === '' ? 0 : pence(row[index]!)), 0)).toBe(total);
            expect(pence(explained.total[index]!)).toBe(total);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('shows points with a true minus sign and totals them, and leaves the money cell of lines that only explain empty', () => {
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
    expect(table.rows.map((row) => row.slice(1))).toEqual([['6', ''], ['−2', ''], ['', '£234.00']]);
    expect(table.total).toEqual(['Total', '4', '£234.00']);
    expect(table.numeric).toEqual([false, true, true]);
  });

  it('shows the money each points row is worth, and leaves the price per point and, under bands, the points without one', () => {
    const answers = { 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help' };
    const perPoint = explanationTable('Adult Social Care', indicativeBudget(compileRasTable(defaultRasTable), answers));
    const week = perPoint.head.indexOf('A week');
    expect(perPoint.rows.filter((row) => row[0]!.startsWith('You scored')).map((row) => row[week])).toEqual(['£54.00', '£54.00']);
    expect(perPoint.rows.find((row) => row[0]!.includes('a point:'))![week]).toBe('');
    const banded = { ...defaultRasTable, pricing: { kind: 'bands' as const, bands: [{ fromPoints: 0, toPoints: null, weeklyPence: 12_000 }] } };
    const bands = explanationTable('Adult Social Care', indicativeBudget(compileRasTable(banded), answers));
    expect(bands.rows.filter((row) => row[0]!.startsWith('You scored')).map((row) => row[week])).toEqual(['', '']);
    expect(bands.rows.find((row) => row[0]!.includes('in the band'))![week]).toBe('£120.00');
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
          { assessmentId: 'a2', streamCode: 'adult-social-care', decision: 'eligible', reasons: ['You are eligible.'], confirmedDecision: 'not eligible', confirmationReason: 'Needs are met by the NHS.' },
          { assessmentId: 'a2', streamCode: 'supporting-people', decision: 'eligible', reasons: [], confirmedDecision: 'eligible', confirmationReason: null },
          { assessmentId: 'a2', streamCode: 'work-choice', decision: 'not eligible', reasons: [], confirmedDecision: 'eligible', confirmationReason: 'Starting a job next month.' },
        ],
      }),
    );
    expect(view.funded.map((stream) => stream.code)).toEqual(['supporting-people', 'disabled-facilities-grant']);
    expect(view.totals.weeklyPence).toBe(5400);
    const careAct = view.unfunded.find((stream) => stream.code === 'adult-social-care')!;
    expect(careAct.decision).toBe('not eligible');
    // The organisation's reason alone: the rules' "You are eligible." argued for the opposite outcome.
    expect(careAct.reasons).toEqual(['Northshire County Council looked at this again and decided you cannot get this, because: Needs are met by the NHS.']);
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

  it('shows in earlier budgets only the amounts that applied: an amount the owning agency overrode counts for nothing, with its reason', () => {
    const replaced = new Date('2026-03-04T10:00:00Z');
    const earlier = (streamCode: string, weeklyPence: number) => budget(streamCode, weeklyPence, 0, { assessmentId: 'a1', issuedAt: new Date('2026-01-10T10:00:00Z'), supersededAt: replaced });
    const view = budgetView(
      records({
        earlier: [earlier('adult-social-care', 20000), earlier('supporting-people', 1800)],
        earlierDecisions: [
          { assessmentId: 'a1', streamCode: 'adult-social-care', decision: 'eligible', reasons: [], confirmedDecision: 'eligible', confirmationReason: null },
          { assessmentId: 'a1', streamCode: 'supporting-people', decision: 'eligible', reasons: ['You need help at home.'], confirmedDecision: 'not eligible', confirmationReason: 'Your landlord provides this support.' },
        ],
      }),
    );
    expect(view.history).toHaveLength(1);
    expect(view.history[0]).toMatchObject({ weekly: '£200.00', yearly: '£10,400.00', streams: ['Adult Social Care'] });
    expect(view.history[0]!.notApplied).toEqual(['Supporting People: nothing applied. Northshire County Council looked at this again and decided you cannot get this, because: Your landlord provides this support.']);
  });

  it('says a stream needs sharing first when its owning agency cannot see the record, and never that it will check', () => {
    const view = budgetView(records({ sharedWith: new Set(['county']) }));
    const workChoice = view.unfunded.find((stream) => stream.code === 'work-choice')!;
    expect(workChoice.sharing).toEqual({ organisationId: 'jobcentre', text: 'Share your record with Northshire Jobcentre Plus' });
    expect(workChoice.whatToDo).toContain('Northshire Jobcentre Plus cannot see your record, so they cannot check this decision yet');
    expect(workChoice.whatToDo).not.toContain('ask them to look at it again');
    expect(view.funded.find((stream) => stream.code === 'disabled-facilities-grant')!.sharing?.organisationId).toBe('district');
    expect(view.funded.find((stream) => stream.code === 'adult-social-care')!.sharing).toBeUndefined();
    expect(budgetView(records()).unfunded.find((stream) => stream.code === 'work-choice')!.sharing).toBeUndefined();
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

  it('says a stream needs sharing first where its owning agency cannot see the record, never that it will check', () => {
    for (const format of ['standard', 'easy read']) {
      const letter = letterModel({ ...inputs(format), view: budgetView(records({ sharedWith: new Set(['county']) })) });
      const grant = letter.streams.find((stream) => stream.heading === 'Disabled Facilities Grant')!;
      expect(grant.sharing).toEqual({ organisationId: 'district', text: 'Share your record with Northshire District Council' });
      expect(grant.paragraphs.join(' ')).toContain('Northshire District Council cannot see your record');
      const workChoice = letter.unfunded.find((part) => part.heading.startsWith('Work Choice'))!;
      expect(workChoice.sharing?.organisationId).toBe('jobcentre');
      const said = [...workChoice.paragraphs, ...(workChoice.after ?? [])].join(' ');
      expect(said, format).toContain('Share your record with Northshire Jobcentre Plus first');
      expect(said, format).not.toMatch(/Contact Northshire Jobcentre Plus|will check|will tell you/);
      expect(letter.streams.find((stream) => stream.heading === 'Adult Social Care')!.sharing).toBeUndefined();
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
    // The sections that follow say how to reach each owning agency, in short sentences too.
    expect(letter.sections.map((section) => section.heading).slice(0, 2)).toEqual(['What happens next', 'Who to ask']);
    expect(letter.sections.slice(2).every((section) => section.heading.startsWith('How to contact'))).toBe(true);
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

describe('the letter’s contacts', () => {
  const withNone: OrganisationContacts = { contactPhone: null, contactEmail: null, postalAddress: null, openingHours: null, textRelay: null, bslVideoRelayUrl: null, reviewHow: null };
  const lead = { ...withNone, id: 'lead', name: 'Northshire County Council', contactPhone: '01632 960 100', contactEmail: 'help@northshire.example.org' };
  const jobcentre = { ...withNone, id: 'jcp', name: 'Northshire Jobcentre Plus' };
  const contacts = { lead, owners: new Map<string, ContactableOrganisation & { id: string }>([['adult-social-care', lead], ['supporting-people', lead], ['work-choice', jobcentre], ['disabled-facilities-grant', { ...withNone, id: 'dc', name: 'Northshire District Council', postalAddress: 'Civic Centre\nNorthtown' }]]) };
  const inputs = (accessibleFormat: string) => ({
    person: { givenName: 'Jo', familyName: 'Bloggs', address: null, postcode: null, accessibleFormat },
    view: budgetView(records()),
    from: 'Northshire County Council',
    brokers: [],
    date: '4 March 2026',
    contacts,
  });

  it('has a section for each owning agency, with the lead council standing in for one that gave no details', () => {
    const letter = letterModel(inputs('standard'));
    const section = (name: string) => letter.sections.find((part) => part.heading === `How to contact ${name}`)!;
    expect(section('Northshire County Council')).toMatchObject({ bullets: ['Phone: 01632 960 100', 'Email: help@northshire.example.org'] });
    expect(section('Northshire County Council').paragraphs[0]).toBe('Northshire County Council runs Adult Social Care and Supporting People.');
    expect(section('Northshire District Council').bullets).toEqual(['Address: Civic Centre, Northtown']);
    const jobcentreSection = section('Northshire Jobcentre Plus');
    expect(jobcentreSection.paragraphs).toContain('Northshire Jobcentre Plus has not given its contact details yet. Contact Northshire County Council, the lead council for your area. They will pass your message on.');
    expect(jobcentreSection.bullets).toEqual(['Phone: 01632 960 100', 'Email: help@northshire.example.org']);
    expect(jobcentreSection.after!.join(' ')).toContain('Contact Northshire County Council within one month of the date of the decision');
    expect(jobcentreSection.after!.join(' ')).toContain('pass this on to Northshire Jobcentre Plus');
  });

  it('keeps to short sentences in easy read', () => {
    const letter = letterModel(inputs('easy read'));
    const parts = letter.sections.filter((part) => part.heading.startsWith('How to contact'));
    expect(parts).toHaveLength(3);
    for (const sentence of parts.flatMap((part) => [...part.paragraphs, ...(part.after ?? [])])) {
      expect(sentence.split(/[.!?](\s|$)/).filter((part) => part.trim().length > 1).length, sentence).toBeLessThanOrEqual(2);
      expect(sentence.split(' ').length, sentence).toBeLessThanOrEqual(14);
    }
    expect(parts.find((part) => part.heading === 'How to contact Northshire Jobcentre Plus')!.after).toContain('Tell Northshire County Council within 1 month.');
  });
});
