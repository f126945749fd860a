// Area administrators read, export, import, recalibrate and publish their area's RAS tables and other settings: bad
// files save nothing, every change is a new audited version, publishing never touches budgets already issued, and
// nobody else (another area's administrator, a practitioner) gets in.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RasTable } from '../../domain/budget/ras.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { areaConfigurations, assessments, auditLog, indicativeBudgets, people } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';
import { configurationInForce } from '../../records/configuration-store.ts';
import { systemClock } from '../../platform/clock.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
});
afterAll(() => app.close());

// One session per account for the whole file: signing in is rate limited, as it is for real.
const sessions = new Map<string, TestBrowser>();

async function signedIn(email = 'admin@northshire.example') {
  let browser = sessions.get(email);
  if (!browser) {
    browser = new TestBrowser(app);
    await browser.signIn(email, password);
    sessions.set(email, browser);
  }
  await browser.get('/');
  return browser;
}

/** Page text as a person reads it: tags dropped, entities decoded, spaces squeezed. */
function readable(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function versions(areaId: string, kind: string, streamCode: string | null) {
  return database.db
    .select()
    .from(areaConfigurations)
    .where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.kind, kind), streamCode === null ? sql`${areaConfigurations.streamCode} is null` : eq(areaConfigurations.streamCode, streamCode)))
    .orderBy(asc(areaConfigurations.version));
}

async function rasTables(areaId = northshire) {
  return versions(areaId, 'ras-table', 'adult-social-care');
}

async function publishedRas(areaId = northshire) {
  return (await rasTables(areaId)).find((row) => row.version === 1)!;
}

async function configurationCount() {
  const [row] = await database.db.select({ count: sql<number>`count(*)::int` }).from(areaConfigurations);
  return row!.count;
}

async function auditEntries(action: string, subjectId?: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), subjectId ? eq(auditLog.subjectId, subjectId) : undefined))
    .orderBy(desc(auditLog.sequence));
}

const base = (areaId = northshire) => `/admin/areas/${areaId}/configuration`;

async function importJson(browser: TestBrowser, kind: string, json: unknown, areaId = northshire) {
  await browser.get(`${base(areaId)}/import`);
  return browser.post(`${base(areaId)}/import`, { kind, definition: typeof json === 'string' ? json : JSON.stringify(json, null, 2) });
}

function defaultTable(row: { definition: unknown }): RasTable {
  return structuredClone(row.definition) as RasTable;
}

function idFromLocation(location: unknown): string {
  return /configuration\/([0-9a-f-]{36})/.exec(String(location))![1]!;
}

describe('reading the settings', () => {
  it('lists the question set, rules and every stream’s table or calculator, with what is in force and the illustrative label', async () => {
    const browser = await signedIn();
    const page = await browser.get(base());
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    for (const expected of ['Assessment and budget settings', 'Self-assessment questions', 'Eligibility rules', 'Adult Social Care', 'RAS table for Adult Social Care', 'Calculator for Access to Work', 'In force', 'Illustrative', '1 April 2025', 'The amount is worked out by a RAS table']) {
      expect(text).toContain(expected);
    }
  });

  it('shows a RAS table as a readable page: points, price, limits, deductions, add-ons, contingency and tolerance', async () => {
    const browser = await signedIn();
    const table = await publishedRas();
    const page = await browser.get(`${base()}/${table.id}`);
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    for (const expected of [
      'Adult social care RAS (illustrative)',
      'Illustrative: this is a made-up example',
      'Help with food and drink',
      'No, I cannot do this without help: 6 points',
      '£9.00 a point',
      '£50.00 a week',
      '£1,500.00 a week',
      'Help from family and friends that can carry on',
      '25% off the points for help with food and drink',
      'Social isolation £15.00 a week',
      '£15.00 a week',
      '5% added before the minimum and maximum apply',
      '10% either way',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('shows calculators, the question set and the rules readably too', async () => {
    const browser = await signedIn();
    const [calculator] = await versions(northshire, 'calculator', 'supporting-people');
    const [questionSet] = await versions(northshire, 'question-set', null);
    const [rules] = await versions(northshire, 'eligibility-rules', null);
    expect(readable((await browser.get(`${base()}/${calculator!.id}`)).body)).toContain('Hourly rate £18.00');
    expect(readable((await browser.get(`${base()}/${questionSet!.id}`)).body)).toContain('Do you have a physical or mental impairment or illness?');
    expect(readable((await browser.get(`${base()}/${rules!.id}`)).body)).toContain('unable to achieve 2 or more of the 10 outcomes');
  });
});

describe('export and import', () => {
  it('exports a version as a JSON download that imports back to an equal definition', async () => {
    const browser = await signedIn();
    const table = await publishedRas();
    const exported = await browser.get(`${base()}/${table.id}.json`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('application/json');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="ras-table-adult-social-care-version-1.json"');
    expect(JSON.parse(exported.body)).toEqual(table.definition);

    const imported = await importJson(browser, 'ras-table', exported.body);
    expect(imported.statusCode).toBe(303);
    const draft = (await rasTables()).at(-1)!;
    expect(draft).toMatchObject({ version: 2, publishedAt: null });
    expect(draft.definition).toEqual(table.definition);
    const again = await browser.get(`${base()}/${draft.id}.json`);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(exported.body));
  });

  describe('a bad table lists every problem in plain English and saves nothing', () => {
    const cases: { name: string; change: (table: Record<string, unknown>) => void; messages: string[] }[] = [
      { name: 'missing price', change: (table) => (table.pricing = { kind: 'per-point' }), messages: ['"pricing.pencePerPoint" is missing'] },
      {
        name: 'negative points',
        change: (table) => ((table.scoring as { points: Record<string, number> }[])[0]!.points = { 'needs-help': -3, risk: 5 }),
        messages: ['Scoring rule 1 (question "outcome-nutrition"): "points.needs-help" cannot be negative'],
      },
      {
        name: 'overlapping bands',
        change: (table) =>
          (table.pricing = {
            kind: 'bands',
            bands: [
              { fromPoints: 0, toPoints: 10, weeklyPence: 5000 },
              { fromPoints: 8, toPoints: null, weeklyPence: 9000 },
            ],
          }),
        messages: ['Bands 1 and 2 overlap: band 1 goes up to 10 points but band 2 starts at 8'],
      },
      {
        name: 'unknown question',
        change: (table) => ((table.scoring as { question: string }[])[1]!.question = 'help-with-dragons'),
        messages: ['Scoring rule 2 (question "help-with-dragons"): there is no such question in the question set'],
      },
      {
        name: 'missing price and negative points together',
        change: (table) => {
          table.pricing = { kind: 'per-point' };
          (table.scoring as { points: Record<string, number> }[])[0]!.points = { 'needs-help': -3 };
        },
        messages: ['"pricing.pencePerPoint" is missing', '"points.needs-help" cannot be negative'],
      },
    ];

    it.each(cases)('$name', async ({ change, messages }) => {
      const browser = await signedIn();
      const table = defaultTable(await publishedRas()) as unknown as Record<string, unknown>;
      change(table);
      const before = await configurationCount();
      const importsBefore = (await auditEntries('configuration.import')).length;
      const response = await importJson(browser, 'ras-table', table);
      expect(response.statusCode).toBe(400);
      const summary = readable(/<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(response.body)![0]);
      for (const message of messages) expect(summary).toContain(message);
      expect(readable(response.body)).toContain('Nothing has been saved');
      expect(response.body).toContain('govuk-textarea--error');
      // The pasted text is kept, so it can be fixed in place.
      expect(response.body).toContain('&quot;streamCode&quot;: &quot;adult-social-care&quot;');
      expect(await configurationCount()).toBe(before);
      expect((await auditEntries('configuration.import')).length).toBe(importsBefore);
    });
  });

  it('says where text is not JSON, and asks what is being imported', async () => {
    const browser = await signedIn();
    const response = await importJson(browser, '', '{\n  "name": "x",\n  "rules": [\n}');
    expect(response.statusCode).toBe(400);
    const text = readable(response.body);
    expect(text).toContain('Select what you are importing');
    const notJson = await importJson(browser, 'eligibility-rules', '{\n  "name": "x",\n  "rules": [\n}');
    expect(readable(notJson.body)).toMatch(/The text is not valid JSON: check line 4/);
    const empty = await importJson(browser, 'calculator', '   ');
    expect(readable(empty.body)).toContain('Paste the contents of the JSON file');
  });

  it('checks against the area’s own streams: a table for a stream the area does not have is refused', async () => {
    const browser = await signedIn();
    const table = { ...defaultTable(await publishedRas()), streamCode: 'carers-budget' };
    const response = await importJson(browser, 'ras-table', table);
    expect(response.statusCode).toBe(400);
    expect(readable(response.body)).toContain('"streamCode" names "carers-budget", which is not one of the area\'s funding streams');
  });

  it('saves a valid file as a new unpublished draft, audited; sending it again makes no second copy', async () => {
    const browser = await signedIn();
    const [calculator] = await versions(northshire, 'calculator', 'supporting-people');
    const changed = { ...(calculator!.definition as Record<string, unknown>), hourlyRatePence: 1950, illustrative: false, name: 'Supporting People 2026' };
    const response = await importJson(browser, 'calculator', changed);
    expect(response.statusCode).toBe(303);
    const id = idFromLocation(response.headers.location);
    const [draft] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, id));
    expect(draft).toMatchObject({ kind: 'calculator', streamCode: 'supporting-people', version: 2, publishedAt: null, illustrative: false });
    expect((draft!.definition as { hourlyRatePence: number }).hourlyRatePence).toBe(1950);
    expect(await auditEntries('configuration.import', id)).toHaveLength(1);
    const inForce = await configurationInForce(database.db, northshire, systemClock.today());
    expect(inForce!.calculators.find((c) => c.definition.streamCode === 'supporting-people')!.version).toBe(1);

    const page = await browser.get(String(response.headers.location));
    expect(readable(page.body)).toContain('Imported as a new draft');
    const twice = await importJson(browser, 'calculator', changed);
    expect(idFromLocation(twice.headers.location)).toBe(id);
    expect(String(twice.headers.location)).toContain('done=unchanged');
    expect(await versions(northshire, 'calculator', 'supporting-people')).toHaveLength(2);
  });
});

describe('recalibrating a RAS table in the browser', () => {
  it('makes a new draft version with the new price and limits; the published version is untouched', async () => {
    const browser = await signedIn();
    const published = await publishedRas();
    const form = await browser.get(`${base()}/${published.id}/recalibrate`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="9.00"');
    const response = await browser.post(`${base()}/${published.id}/recalibrate`, { pricePerPoint: '£9.50', minimumWeekly: '55', maximumWeekly: '1,600.00', contingencyPercent: '4.5%', tolerancePercent: '12' });
    expect(response.statusCode).toBe(303);
    const id = idFromLocation(response.headers.location);
    const [draft] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, id));
    const table = draft!.definition as RasTable;
    expect(draft!.publishedAt).toBeNull();
    expect(draft!.version).toBeGreaterThan(published.version);
    expect(table).toMatchObject({ pricing: { kind: 'per-point', pencePerPoint: 950 }, minimumWeeklyPence: 5500, maximumWeeklyPence: 160_000, contingencyPercent: 4.5, tolerancePercent: 12 });
    expect(table.scoring).toEqual((published.definition as RasTable).scoring);
    expect(await publishedRas()).toEqual(published);
    const [audited] = await auditEntries('configuration.recalibrate', id);
    expect(audited!.detail).toContain(`from version ${published.version}`);
  });

  it('edits each band’s weekly amount of a banded table', async () => {
    const browser = await signedIn();
    const banded = {
      ...defaultTable(await publishedRas()),
      name: 'Banded RAS',
      pricing: {
        kind: 'bands',
        bands: [
          { fromPoints: 0, toPoints: 9, weeklyPence: 6000 },
          { fromPoints: 10, toPoints: null, weeklyPence: 12_000 },
        ],
      },
    };
    const imported = await importJson(browser, 'ras-table', banded);
    const id = idFromLocation(imported.headers.location);
    const form = await browser.get(`${base()}/${id}/recalibrate`);
    expect(readable(form.body)).toContain('Band 2: 10 points or more');
    const response = await browser.post(`${base()}/${id}/recalibrate`, { 'band-1': '65.00', 'band-2': '130', minimumWeekly: '50', maximumWeekly: '1500', contingencyPercent: '5', tolerancePercent: '10' });
    expect(response.statusCode).toBe(303);
    const [draft] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, idFromLocation(response.headers.location)));
    expect((draft!.definition as RasTable).pricing).toEqual({
      kind: 'bands',
      bands: [
        { fromPoints: 0, toPoints: 9, weeklyPence: 6500 },
        { fromPoints: 10, toPoints: null, weeklyPence: 13_000 },
      ],
    });
  });

  it('explains bad figures next to each field, keeps what was typed and saves nothing', async () => {
    const browser = await signedIn();
    const published = await publishedRas();
    await browser.get(`${base()}/${published.id}/recalibrate`);
    const before = await configurationCount();
    const response = await browser.post(`${base()}/${published.id}/recalibrate`, { pricePerPoint: 'nine pounds', minimumWeekly: '200', maximumWeekly: '100', contingencyPercent: '150', tolerancePercent: '2.555' });
    expect(response.statusCode).toBe(400);
    const text = readable(response.body);
    for (const message of ['Enter an amount in pounds and pence using numbers only', 'The maximum must be at least the minimum (£200.00 a week)', 'The contingency must be 100% or less', 'Enter the tolerance with no more than 2 decimal places']) {
      expect(text).toContain(message);
    }
    expect(response.body).toContain('href="#pricePerPoint"');
    expect(response.body).toContain('id="pricePerPoint-error"');
    expect(response.body).toContain('value="nine pounds"');
    const zero = await browser.post(`${base()}/${published.id}/recalibrate`, { pricePerPoint: '0.00', minimumWeekly: '50', maximumWeekly: '1500', contingencyPercent: '', tolerancePercent: '10' });
    expect(readable(zero.body)).toContain('The price of a point must be at least 1p');
    expect(readable(zero.body)).toContain('Enter the contingency as a percentage');
    expect(await configurationCount()).toBe(before);
  });

  it('is only for RAS tables', async () => {
    const browser = await signedIn();
    const [calculator] = await versions(northshire, 'calculator', 'work-choice');
    expect((await browser.get(`${base()}/${calculator!.id}/recalibrate`)).statusCode).toBe(404);
    expect((await browser.get(`${base()}/${calculator!.id}/what-if`)).statusCode).toBe(404);
  });
});

describe('the what-if page', () => {
  it('compares a draft with the table in force over everyone assessed, by age band, stream and team, and is audited', async () => {
    const browser = await signedIn();
    const published = await publishedRas();
    await browser.get(`${base()}/${published.id}/recalibrate`);
    const saved = await browser.post(`${base()}/${published.id}/recalibrate`, { pricePerPoint: '12.00', minimumWeekly: '50', maximumWeekly: '1500', contingencyPercent: '5', tolerancePercent: '10' });
    const id = idFromLocation(saved.headers.location);
    const page = await browser.get(`${base()}/${id}/what-if`);
    expect(page.statusCode).toBe(200);
    const text = readable(page.body);
    const [{ count }] = (await database.db
      .select({ count: sql<number>`count(distinct ${assessments.personId})::int` })
      .from(assessments)
      .where(and(eq(assessments.areaId, northshire), eq(assessments.status, 'completed')))) as [{ count: number }];
    expect(count).toBeGreaterThan(0);
    expect(text).toContain(`People with a completed self-assessment ${count}`);
    for (const expected of ['£9.00 a point £12.00 a point Changed', 'By age band', 'By funding stream', 'By team', 'Adult Social Care', 'Change a year']) expect(text).toContain(expected);
    const [audited] = await auditEntries('configuration.what-if', id);
    expect(audited).toMatchObject({ outcome: 'succeeded', areaId: northshire });
    expect((await browser.get(`${base()}/${published.id}/what-if`)).body).toContain('This version has been published');
  });
});

describe('publishing', () => {
  async function draftFrom(browser: TestBrowser, price: string) {
    const published = await publishedRas();
    await browser.get(`${base()}/${published.id}/recalibrate`);
    const saved = await browser.post(`${base()}/${published.id}/recalibrate`, { pricePerPoint: price, minimumWeekly: '50', maximumWeekly: '1500', contingencyPercent: '5', tolerancePercent: '10' });
    return idFromLocation(saved.headers.location);
  }

  it('needs a recorded reason for a date in the past, and keeps the reason in the audit entry', async () => {
    const browser = await signedIn();
    const id = await draftFrom(browser, '10.25');
    const form = await browser.get(`${base()}/${id}/publish`);
    const [year, month, day] = systemClock.today().split('-').map(Number) as [number, number, number];
    // The date defaults to today, day and month without leading zeros as people type them.
    for (const [part, value] of [['day', day], ['month', month], ['year', year]] as const) expect(form.body).toMatch(new RegExp(`id="effectiveFrom-${part}" name="effectiveFrom-${part}" type="text" value="${value}"`));
    const past = { 'effectiveFrom-day': '1', 'effectiveFrom-month': '4', 'effectiveFrom-year': String(year - 1) };
    const refused = await browser.post(`${base()}/${id}/publish`, { ...past, reason: '  ' });
    expect(refused.statusCode).toBe(400);
    expect(readable(refused.body)).toContain('Enter why this version applies from a date in the past');
    expect(refused.body).toContain('href="#reason"');
    const [stillDraft] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, id));
    expect(stillDraft!.publishedAt).toBeNull();

    const reason = 'Cabinet decision 2026/14 agreed the new price from 1 April';
    const done = await browser.post(`${base()}/${id}/publish`, { ...past, reason });
    expect(done.statusCode).toBe(303);
    const [published] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, id));
    expect(published!.publishedAt).not.toBeNull();
    expect(published!.effectiveFrom).toBe(`${year - 1}-04-01`);
    expect((published!.definition as RasTable).effectiveFrom).toBe(`${year - 1}-04-01`);
    const [audited] = await auditEntries('configuration.publish', id);
    expect(audited!.detail).toContain(reason);
    expect(audited!.detail).toContain('in the past');
    // Publishing twice is harmless, and a published version cannot be published again.
    const again = await browser.post(`${base()}/${id}/publish`, { ...past, reason });
    expect(String(again.headers.location)).toContain('done=already-published');
    expect(await auditEntries('configuration.publish', id)).toHaveLength(1);
  });

  it('publishing never changes budgets already issued; the new version is in force from its day', async () => {
    const browser = await signedIn();
    const original = await publishedRas();
    const [person] = await database.db.select().from(people).where(eq(people.areaId, northshire)).limit(1);
    const [assessment] = await database.db.select().from(assessments).where(eq(assessments.personId, person!.id));
    const [issued] = await database.db
      .insert(indicativeBudgets)
      .values({ areaId: northshire, personId: person!.id, assessmentId: assessment!.id, streamCode: 'adult-social-care', configurationId: original.id, weeklyPence: 12_345, yearlyPence: 641_940, lines: [{ text: 'Illustrative line', weeklyPenceChange: 12_345 }] })
      .returning();
    const id = await draftFrom(browser, '11.00');
    await browser.get(`${base()}/${id}/publish`);
    const today = systemClock.today();
    const [year, month, day] = today.split('-');
    const response = await browser.post(`${base()}/${id}/publish`, { 'effectiveFrom-day': day!, 'effectiveFrom-month': month!, 'effectiveFrom-year': year!, reason: '' });
    expect(response.statusCode).toBe(303);
    const [after] = await database.db.select().from(indicativeBudgets).where(eq(indicativeBudgets.id, issued!.id));
    expect(after).toEqual(issued);
    const inForce = await configurationInForce(database.db, northshire, today);
    const table = inForce!.rasTables.find((t) => t.definition.streamCode === 'adult-social-care')!;
    expect(table.id).toBe(id);
    expect(table.definition.pricing).toEqual({ kind: 'per-point', pencePerPoint: 1100 });
    expect(await publishedRas()).toEqual(original);
  });

  it('will not publish a question set that takes away a question the tables in force still read', async () => {
    const browser = await signedIn();
    const [questionSet] = await versions(northshire, 'question-set', null);
    const set = structuredClone(questionSet!.definition) as { version: number; sections: { questions: { id: string }[] }[] };
    set.version = 2;
    for (const section of set.sections) section.questions = section.questions.filter((question) => question.id !== 'isolation');
    const imported = await importJson(browser, 'question-set', set);
    expect(imported.statusCode).toBe(303);
    const id = idFromLocation(imported.headers.location);
    await browser.get(`${base()}/${id}/publish`);
    const [year, month, day] = systemClock.today().split('-');
    const response = await browser.post(`${base()}/${id}/publish`, { 'effectiveFrom-day': day!, 'effectiveFrom-month': month!, 'effectiveFrom-year': year!, reason: '' });
    expect(response.statusCode).toBe(400);
    expect(readable(response.body)).toContain('The RAS table for adult-social-care would not fit');
    expect(readable(response.body)).toContain('"isolation"');
    const [draft] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, id));
    expect(draft!.publishedAt).toBeNull();
  });

  it('refuses a date that does not exist, next to the date', async () => {
    const browser = await signedIn();
    const id = await draftFrom(browser, '10.10');
    await browser.get(`${base()}/${id}/publish`);
    const response = await browser.post(`${base()}/${id}/publish`, { 'effectiveFrom-day': '31', 'effectiveFrom-month': '2', 'effectiveFrom-year': '2027', reason: '' });
    expect(response.statusCode).toBe(400);
    expect(readable(response.body)).toContain('must be a real date');
    expect(response.body).toContain('href="#effectiveFrom-day"');
    const partial = await browser.post(`${base()}/${id}/publish`, { 'effectiveFrom-day': '1', 'effectiveFrom-month': '', 'effectiveFrom-year': '2027' });
    expect(readable(partial.body)).toContain('must include a month');
    expect(partial.body).toContain('href="#effectiveFrom-month"');
  });
});

describe('who may use these pages', () => {
  it('refuses another area’s administrator and practitioners with 403, and audits each refusal', async () => {
    const table = await publishedRas();
    const paths = [base(), `${base()}/import`, `${base()}/${table.id}`, `${base()}/${table.id}.json`, `${base()}/${table.id}/recalibrate`, `${base()}/${table.id}/what-if`, `${base()}/${table.id}/publish`];
    for (const email of ['admin@riverton.example', 'practitioner@northshire.example', 'director@northshire.example']) {
      const browser = await signedIn(email);
      for (const path of paths) expect((await browser.get(path)).statusCode, `${email} ${path}`).toBe(403);
      const before = await configurationCount();
      expect((await browser.post(`${base()}/import`, { kind: 'ras-table', definition: JSON.stringify(table.definition) })).statusCode).toBe(403);
      expect((await browser.post(`${base()}/${table.id}/recalibrate`, { pricePerPoint: '1' })).statusCode).toBe(403);
      expect(await configurationCount()).toBe(before);
      const denied = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'area.administer'), eq(auditLog.outcome, 'denied'), eq(auditLog.areaId, northshire), eq(auditLog.route, '/admin/areas/:areaId/configuration/import'), eq(auditLog.method, 'POST')));
      expect(denied.length).toBeGreaterThan(0);
    }
  });

  it('answers 404 for malformed or unknown ids, and for another area’s version under this area', async () => {
    const browser = await signedIn();
    const unknown = '00000000-0000-4000-8000-000000000000';
    const rivertonTable = await publishedRas(riverton);
    for (const path of [
      '/admin/areas/nope/configuration',
      `/admin/areas/${unknown}/configuration`,
      `${base()}/not-an-id`,
      `${base()}/${unknown}`,
      `${base()}/${unknown}.json`,
      `${base()}/nope.json`,
      `${base()}/${rivertonTable.id}`,
      `${base()}/${rivertonTable.id}.json`,
      `${base()}/${rivertonTable.id}/publish`,
    ]) {
      expect((await browser.get(path)).statusCode, path).toBe(404);
    }
    expect((await browser.post(`${base()}/${rivertonTable.id}/publish`, { 'effectiveFrom-day': '1', 'effectiveFrom-month': '1', 'effectiveFrom-year': '2030' })).statusCode).toBe(404);
    expect((await publishedRas(riverton)).publishedAt).not.toBeNull();
  });

  it('answers anything a person can send with less than 500', async () => {
    const browser = await signedIn();
    const table = await publishedRas();
    const draft = (await rasTables()).find((row) => !row.publishedAt)!;
    const value = fc.oneof(fc.string(), fc.constantFrom('', '0', '-1', '1e309', '£', '%', 'null', '{}', '[]', '"x"', '{"kind":"per-point"}', '9'.repeat(40), 'a'.repeat(600_000)));
    const body = fc.dictionary(
      fc.constantFrom('kind', 'definition', 'pricePerPoint', 'minimumWeekly', 'maximumWeekly', 'contingencyPercent', 'tolerancePercent', 'band-1', 'effectiveFrom-day', 'effectiveFrom-month', 'effectiveFrom-year', 'reason', '__proto__'),
      fc.oneof(value, fc.array(value, { maxLength: 2 })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(`${base()}/import`, `${base()}/${table.id}/recalibrate`, `${base()}/${draft.id}/publish`), async (form, path) => {
        await browser.get(base());
        const response = await browser.post(path, form as Record<string, string | string[]>);
        expect(response.statusCode, `${path} ${JSON.stringify(form).slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    for (const junk of ['null', '[]', '"text"', '12', '{}', '{"streamCode": {"nested": [1, 2, {"deep": true}]}}', '['.repeat(5000) + ']'.repeat(5000)]) {
      for (const kind of ['question-set', 'eligibility-rules', 'ras-table', 'calculator']) {
        const response = await importJson(browser, kind, junk);
        expect(response.statusCode, `${kind} ${junk.slice(0, 40)}`).toBe(400);
      }
    }
  });
});
