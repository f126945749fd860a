// The budget page and letter as a person gets them: the total impossible to miss, each stream's lines adding up to
// its total, the reasons for what they cannot get, earlier budgets kept, and the letter in their format and as PDF.
import { inflateSync } from 'node:zlib';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatPence } from '../../domain/budget/money.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, eligibilityDecisions, fundingStreams, indicativeBudgets, organisations, people, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { organisationOf, password, seedDemo } from '../../../test/support/demo.ts';
import { answerEverything, answerSection, clearAssessments, formAnswers } from '../../../test/support/assessment-journey.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let personId: string;

/** "£1,234.56" → 123456, "−£20.00" → −2000; anything else is not an amount. */
function pence(text: string): number {
  const match = /^(−|-)?£([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`Not an amount: ${text}`);
  const value = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

function cellText(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&pound;/g, '£').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** The explanation table under a stream's heading: its column names, line rows and the total row. */
function streamTable(html: string, code: string) {
  const start = html.indexOf(`id="stream-${code}"`);
  if (start < 0) throw new Error(`No stream ${code} on the page`);
  const table = /<table[\s\S]*?<\/table>/.exec(html.slice(start))![0];
  const head = [...table.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((match) => cellText(match[1]!));
  const body = /<tbody[\s\S]*?<\/tbody>/.exec(table)![0];
  const rows = [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) => [...row[0].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) => cellText(cell[1]!)));
  return { head, lines: rows.slice(0, -1), total: rows[rows.length - 1]! };
}

/** The text a PDF shows: every string drawn by the standard fonts, decoded from its compressed content streams. */
function pdfTextContent(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let text = '';
  for (const stream of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(stream[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const shown of content.matchAll(/\[((?:<[0-9a-f]*>|[^\]])*)\]\s*TJ/g)) {
      text += `${[...shown[1]!.matchAll(/<([0-9a-f]*)>/g)].map((hex) => Buffer.from(hex[1]!, 'hex').toString('latin1')).join('')}\n`;
    }
  }
  return text;
}

async function signedIn(email = 'budget.holder@northshire.example') {
  const browser = new TestBrowser(app);
  await browser.signIn(email, password);
  return browser;
}

async function submitted(browser: TestBrowser, answers = formAnswers) {
  await answerEverything(browser, personId, answers);
  await browser.get(`/people/${personId}/assessment/check`);
  const response = await browser.post(`/people/${personId}/assessment/submit`, {});
  expect(response.statusCode).toBe(303);
}

async function currentBudgets() {
  return database.db.select().from(indicativeBudgets).where(and(eq(indicativeBudgets.personId, personId), isNull(indicativeBudgets.supersededAt)));
}

beforeAll(async () => {
  ({ app, database } = await testApp());
});
afterAll(() => app.close());

beforeEach(async () => {
  await seedDemo(database);
  const [row] = await database.db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.email, 'budget.holder@northshire.example'));
  personId = row!.personId!;
  await clearAssessments(database, personId);
});

describe('the budget page', () => {
  it('says plainly when no budget has been worked out yet', async () => {
    const browser = await signedIn();
    const page = await browser.get(`/people/${personId}/budget`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No budget has been worked out yet');
    const letter = await browser.get(`/people/${personId}/budget/letter`);
    expect(letter.statusCode).toBe(404);
    expect(letter.body).toContain('There is no budget letter yet');
    expect((await browser.get(`/people/${personId}/budget/letter.pdf`)).statusCode).toBe(404);
  });

  it('puts the total a week, a year and paid once in a panel, from the budgets issued', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const budgets = await currentBudgets();
    const weekly = budgets.reduce((sum, budget) => sum + budget.weeklyPence, 0);
    const yearly = budgets.reduce((sum, budget) => sum + budget.yearlyPence, 0);
    const oneOff = budgets.reduce((sum, budget) => sum + budget.oneOffPence, 0);
    expect(weekly).toBeGreaterThan(0);
    expect(oneOff).toBeGreaterThan(0);
    const page = await browser.get(`/people/${personId}/budget?completed=1`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your self-assessment has been sent');
    const panel = /<div class="govuk-panel[\s\S]*?<\/div>\s*<\/div>/.exec(page.body)![0];
    expect(cellText(panel)).toContain(`Money available: ${formatPence(weekly)} a week`);
    expect(cellText(panel)).toContain(`That is ${formatPence(yearly)} a year`);
    expect(cellText(panel)).toContain(`Plus ${formatPence(oneOff)} paid once`);
    expect(page.body).toContain('Illustrative figures');
    expect(page.body).toContain('What happens next');
    expect(page.body).toContain('independent broker');
    expect(page.body).toContain('a plan that costs up to 10% more or less than');
  });

  it('explains each stream line by line, and the lines add up to its total', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const page = await browser.get(`/people/${personId}/budget`);
    const budgets = await currentBudgets();
    expect(budgets.length).toBeGreaterThanOrEqual(3);
    for (const budget of budgets) {
      const table = streamTable(page.body, budget.streamCode);
      expect(table.lines.length, budget.streamCode).toBe((budget.lines as unknown[]).length);
      for (const [column, field] of [['A week', 'weeklyPence'], ['Paid once', 'oneOffPence']] as const) {
        const index = table.head.indexOf(column);
        if (index < 0) {
          expect(budget[field], `${budget.streamCode} ${column}`).toBe(0);
          continue;
        }
        // A row with no money in the column only explains (points under bands, the price per point): its cell is empty.
        const stored = budget.lines as { weeklyPenceChange: number; oneOffPenceChange?: number }[];
        table.lines.forEach((row, line) => {
          const change = field === 'weeklyPence' ? stored[line]!.weeklyPenceChange : (stored[line]!.oneOffPenceChange ?? 0);
          expect(row[index] === '' ? 0 : pence(row[index]!), `${budget.streamCode} ${row[0]}`).toBe(change);
        });
        const added = table.lines.reduce((sum, row) => sum + (row[index] === '' ? 0 : pence(row[index]!)), 0);
        expect(added, `${budget.streamCode} ${column}`).toBe(pence(table.total[index]!));
        expect(pence(table.total[index]!)).toBe(budget[field]);
      }
      const points = table.head.indexOf('Points');
      if (points >= 0) {
        const added = table.lines.reduce((sum, row) => sum + (row[points] ? Number(row[points]!.replace('−', '-')) : 0), 0);
        expect(added).toBe(Number(table.total[points]!.replace('−', '-')));
      }
    }
    expect(page.body).toMatch(/You scored 6 points for help with food and drink/);
    expect(page.body).toContain('Run by');
    expect(page.body).toContain('Northshire County Council');
  });

  it('gives the reasons for what the person cannot get, and what to do', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const page = await browser.get(`/people/${personId}/budget`);
    expect(page.body).toContain('Funding you cannot get at the moment');
    const workChoice = page.body.slice(page.body.indexOf('id="stream-work-choice"'));
    expect(workChoice).toContain('You cannot get this at the moment');
    expect(workChoice).toContain('Work Choice is for people looking for work or about to start a job.');
    expect(workChoice).toContain('ask them to look at it again');
  });

  it('shows the money each points row is worth, never "£0.00", and the price per point as a line that only explains', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const page = await browser.get(`/people/${personId}/budget`);
    const table = streamTable(page.body, 'adult-social-care');
    const week = table.head.indexOf('A week');
    const points = table.lines.filter((row) => row[0]!.startsWith('You scored') || row[0]!.includes('points fewer'));
    expect(points.length).toBeGreaterThan(1);
    for (const row of points) {
      expect(row[week], row[0]).not.toBe('£0.00');
      expect(pence(row[week]!), row[0]).not.toBe(0);
    }
    expect(table.lines.find((row) => row[0]!.includes(' a point: '))![week]).toBe('');
    expect(page.body).not.toMatch(/<td[^>]*>\s*£0\.00\s*<\/td>/);
  });

  it('follows the owning agency when it changes a decision: the amount leaves the total and its reason is shown', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const reason = 'The support you need at home is already paid for by your landlord.';
    const [rules] = await database.db.select({ reasons: eligibilityDecisions.reasons }).from(eligibilityDecisions).where(and(eq(eligibilityDecisions.personId, personId), eq(eligibilityDecisions.streamCode, 'supporting-people')));
    const rulesReasons = rules!.reasons as string[];
    expect(rulesReasons.length).toBeGreaterThan(0);
    await database.db
      .update(eligibilityDecisions)
      .set({ confirmedDecision: 'not eligible', confirmationReason: reason, confirmedAt: new Date() })
      .where(and(eq(eligibilityDecisions.personId, personId), eq(eligibilityDecisions.streamCode, 'supporting-people')));
    const budgets = await currentBudgets();
    const withoutHousing = budgets.filter((budget) => budget.streamCode !== 'supporting-people').reduce((sum, budget) => sum + budget.weeklyPence, 0);
    const page = await browser.get(`/people/${personId}/budget`);
    expect(page.body).toContain(`Money available: ${formatPence(withoutHousing)} a week`);
    const housing = cellText(page.body.slice(page.body.indexOf('id="stream-supporting-people"'), page.body.indexOf('What happens next')));
    expect(housing).toContain(`decided you cannot get this, because: ${reason}`);
    // The rules' reasons said why she could get it: after the override they would argue against the decision.
    for (const said of rulesReasons) expect(housing).not.toContain(cellText(said));
    const letter = cellText((await browser.get(`/people/${personId}/budget/letter`)).body);
    expect(letter).toContain(`decided you cannot get this, because: ${reason}`);
    for (const said of rulesReasons) expect(letter).not.toContain(cellText(said));
    const pdf = pdfTextContent((await browser.get(`/people/${personId}/budget/letter.pdf`)).rawPayload).replace(/\s+/g, ' ');
    expect(pdf).toContain(`decided you cannot get this, because: ${reason}`);
    for (const said of rulesReasons) expect(pdf).not.toContain(said);
  });

  it('says a stream needs sharing first where its owning agency cannot see the record, with a link, and never that it will check', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const shared = await database.db
      .select({ organisationId: consents.organisationId, name: organisations.name })
      .from(consents)
      .innerJoin(organisations, eq(organisations.id, consents.organisationId))
      .where(and(eq(consents.personId, personId), isNull(consents.revokedAt)));
    const unseen = shared.filter((consent) => consent.name !== 'Northshire County Council');
    expect(unseen.length).toBeGreaterThan(0);
    await database.db.update(consents).set({ revokedAt: new Date() }).where(and(eq(consents.personId, personId), inArray(consents.organisationId, unseen.map((consent) => consent.organisationId))));
    const owners = await database.db
      .select({ code: fundingStreams.code, owner: organisations.name, ownerId: organisations.id })
      .from(fundingStreams)
      .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
      .where(inArray(fundingStreams.owningOrganisationId, unseen.map((consent) => consent.organisationId)));
    const decided = new Set((await database.db.select({ code: eligibilityDecisions.streamCode }).from(eligibilityDecisions).where(eq(eligibilityDecisions.personId, personId))).map((row) => row.code));
    const streams = owners.filter((stream) => decided.has(stream.code));
    expect(streams.length).toBeGreaterThan(0);

    const page = await browser.get(`/people/${personId}/budget`);
    const letter = await browser.get(`/people/${personId}/budget/letter`);
    const pdf = pdfTextContent((await browser.get(`/people/${personId}/budget/letter.pdf`)).rawPayload).replace(/\s+/g, ' ');
    for (const stream of streams) {
      const start = page.body.indexOf(`id="stream-${stream.code}"`);
      const section = page.body.slice(start, page.body.indexOf('<h3', start + 1) > 0 ? page.body.indexOf('<h3', start + 1) : page.body.indexOf('What happens next'));
      expect(cellText(section), stream.code).toContain(`${stream.owner} cannot see your record, so they cannot check this decision yet`);
      expect(section, stream.code).toContain(`href="/people/${personId}/sharing/${stream.ownerId}"`);
      expect(letter.body, stream.code).toContain(`href="/people/${personId}/sharing/${stream.ownerId}"`);
      expect(pdf, stream.code).toContain(`${stream.owner} cannot see your record, so they cannot check this decision yet`);
      for (const text of [cellText(page.body), cellText(letter.body), pdf]) {
        expect(text).not.toContain(`${stream.owner} will check`);
        expect(text).not.toContain(`${stream.owner} will tell you`);
        expect(text).not.toContain(`contact ${stream.owner} and ask them to look at it again`);
      }
    }
  });

  it('lists earlier budgets, with when they were replaced, after the answers change', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const first = await currentBudgets();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    await answerSection(browser, personId, 'home', { ...formAnswers.home, 'housing-support-hours': '1' });
    await browser.get(`/people/${personId}/assessment/check`);
    await browser.post(`/people/${personId}/assessment/submit`, {});
    const page = await browser.get(`/people/${personId}/budget`);
    const history = page.body.slice(page.body.indexOf('Earlier budgets'));
    expect(history).toContain(formatPence(first.reduce((sum, budget) => sum + budget.weeklyPence, 0)));
    expect(history).not.toContain('There are no earlier budgets');
    const now = await currentBudgets();
    expect(page.body).toContain(`Money available: ${formatPence(now.reduce((sum, budget) => sum + budget.weeklyPence, 0))} a week`);
  });
});

describe('the budget letter', () => {
  async function setFormat(format: string) {
    await database.db.update(people).set({ accessibleFormat: format, address: '1 Station Road\nNorthtown', postcode: 'nt1 1aa' }).where(eq(people.id, personId));
  }

  it('is an HTML letter with the same amounts, addressed to the person, with a stylesheet for print', async () => {
    const browser = await signedIn();
    await submitted(browser);
    await setFormat('standard');
    const letter = await browser.get(`/people/${personId}/budget/letter`);
    expect(letter.statusCode).toBe(200);
    const weekly = (await currentBudgets()).reduce((sum, budget) => sum + budget.weeklyPence, 0);
    expect(letter.body).toContain('Your indicative personal budget');
    expect(letter.body).toContain(`${formatPence(weekly)} a week`);
    expect(letter.body).toContain('1 Station Road<br>Northtown<br>NT1 1AA');
    expect(letter.body).toContain('rtc-letter--standard');
    expect(letter.body).toContain('href="/budget/letter.css"');
    const css = await browser.get('/budget/letter.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('@media print');
  });

  it('comes in large print, easy read, or with a note that the council sends audio, BSL or braille', async () => {
    const browser = await signedIn();
    await submitted(browser);
    await setFormat('large print');
    expect((await browser.get(`/people/${personId}/budget/letter`)).body).toContain('rtc-letter--large-print');
    await setFormat('easy read');
    const easy = await browser.get(`/people/${personId}/budget/letter`);
    expect(easy.body).toContain('rtc-letter--easy-read');
    expect(easy.body).toContain('How much money you can get for your support');
    expect(easy.body).toContain('A support plan says how you will use the money.');
    expect(easy.body).toContain('This money is for help with everyday things');
    expect(easy.body).not.toContain('<table');
    expect(easy.body).not.toMatch(/Contingency|points/);
    const easyPdf = pdfTextContent((await browser.get(`/people/${personId}/budget/letter.pdf`)).rawPayload);
    expect(easyPdf).toContain('This money is for help with everyday things');
    expect(easyPdf).not.toMatch(/Contingency|points/);
    // The standard letter keeps the table that shows how each amount was worked out.
    await setFormat('standard');
    expect((await browser.get(`/people/${personId}/budget/letter`)).body).toMatch(/<table[\s\S]*Contingency/);
    for (const [format, name] of [['audio', 'audio'], ['BSL', 'British Sign Language'], ['braille', 'braille']]) {
      await setFormat(format!);
      const page = await browser.get(`/people/${personId}/budget/letter`);
      expect(page.body).toContain(`will send you this letter in ${name}. This is a copy for your records.`);
    }
  });

  it('downloads as a PDF with the same content, and every letter read is audited', async () => {
    const browser = await signedIn();
    await submitted(browser);
    await setFormat('large print');
    const response = await browser.get(`/people/${personId}/budget/letter.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="indicative-budget-letter-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
    const text = pdfTextContent(pdf);
    const budgets = await currentBudgets();
    const weekly = budgets.reduce((sum, budget) => sum + budget.weeklyPence, 0);
    expect(text).toContain(`${formatPence(weekly)} a week`);
    expect(text).toContain('Your indicative personal budget');
    for (const budget of budgets) expect(text).toContain(formatPence(budget.weeklyPence > 0 ? budget.weeklyPence : budget.oneOffPence));
    const [user] = await database.db.select().from(users).where(eq(users.email, 'budget.holder@northshire.example'));
    const reads = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.actorId, user!.id), eq(auditLog.action, 'person.read')));
    expect(reads.map((entry) => entry.route)).toEqual(expect.arrayContaining(['/people/:personId/budget/letter.pdf']));
  });
});

describe('who may see the budget', () => {
  it('refuses a practitioner of another area with 403 on the page, letter and PDF, and audits it', async () => {
    const holder = await signedIn();
    await submitted(holder);
    const browser = await signedIn('practitioner@riverton.example');
    await browser.get('/');
    for (const path of ['', '/letter', '/letter.pdf']) {
      const response = await browser.get(`/people/${personId}/budget${path}`);
      expect(response.statusCode, path).toBe(403);
      expect(response.body).not.toContain('Money available');
    }
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@riverton.example'));
    const denied = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.actorId, user!.id), eq(auditLog.outcome, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(3);
  });

  it('lets the county council practitioner read it; 404 for bad or unknown ids', async () => {
    const holder = await signedIn();
    await submitted(holder);
    const browser = await signedIn('practitioner@northshire.example');
    await browser.get('/');
    const page = await browser.get(`/people/${personId}/budget`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Money available');
    for (const id of ['nope', '00000000-0000-4000-8000-000000000000']) {
      for (const path of ['', '/letter', '/letter.pdf']) expect((await browser.get(`/people/${id}/budget${path}`)).statusCode).toBe(404);
    }
  });
});

describe('how to contact each agency and ask for a decision to be looked at again', () => {
  /** Each stream code in the area with the organisation that owns it, contact details and all. */
  async function owners() {
    const [person] = await database.db.select({ areaId: people.areaId }).from(people).where(eq(people.id, personId));
    const rows = await database.db
      .select({ code: fundingStreams.code, owner: organisations })
      .from(fundingStreams)
      .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
      .where(eq(fundingStreams.areaId, person!.areaId));
    return { areaId: person!.areaId, byCode: new Map(rows.map((row) => [row.code, row.owner])) };
  }

  /** The part of the page about one stream: from its heading to the next stream's. */
  function streamPart(html: string, code: string): string {
    const start = html.indexOf(`id="stream-${code}"`);
    const next = html.indexOf('id="stream-', start + 1);
    return html.slice(start, next < 0 ? undefined : next);
  }

  it('shows the owning agency’s contacts and how to ask for a review under every stream, with the lead council standing in for one without details', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const { areaId, byCode } = await owners();
    const lead = await organisationOf(database, areaId, 'county_council');
    const district = await organisationOf(database, areaId, 'district_council');
    await database.db.update(organisations).set({ contactPhone: null, contactEmail: null, postalAddress: null, textRelay: null, bslVideoRelayUrl: null, openingHours: null }).where(eq(organisations.id, district.id));

    const page = await browser.get(`/people/${personId}/budget`);
    const codes = [...new Set([...page.body.matchAll(/id="stream-([a-z-]+)"/g)].map((match) => match[1]!))];
    expect(codes.length).toBeGreaterThan(1);
    for (const code of codes) {
      const owner = byCode.get(code)!;
      const part = cellText(streamPart(page.body, code));
      expect(part, code).toContain('If you think a decision is wrong');
      expect(part, code).toContain('within one month of the date of the decision');
      if (owner.id === district.id) {
        expect(part, code).toContain(`${district.name} has not given its contact details yet. Contact ${lead.name}`);
        expect(part, code).toContain(`Phone: ${lead.contactPhone}`);
      } else {
        expect(part, code).toContain(`How to contact ${owner.name}`);
        for (const detail of [owner.contactPhone, owner.textRelay, owner.contactEmail, owner.bslVideoRelayUrl]) expect(part, code).toContain(detail!);
      }
    }
    expect(page.body).toContain(`href="mailto:${lead.contactEmail}"`);
  });

  it('gives the same in every letter: standard, large print, easy read and the PDF', async () => {
    const browser = await signedIn();
    await submitted(browser);
    const { byCode } = await owners();
    const reviewHow = 'Write to the Review Team, County Hall, within 28 days of the decision.';
    const lead = byCode.get('adult-social-care')!;
    await database.db.update(organisations).set({ reviewHow }).where(eq(organisations.id, lead.id));
    const work = byCode.get('access-to-work')!;

    for (const format of ['standard', 'large print']) {
      await database.db.update(people).set({ accessibleFormat: format }).where(eq(people.id, personId));
      const letter = cellText((await browser.get(`/people/${personId}/budget/letter`)).body);
      expect(letter, format).toContain(`How to contact ${lead.name}`);
      expect(letter, format).toContain(`Phone: ${lead.contactPhone}`);
      expect(letter, format).toContain(`Text relay: ${lead.textRelay}`);
      expect(letter, format).toContain(`British Sign Language (BSL) video relay: ${lead.bslVideoRelayUrl}`);
      expect(letter, format).toContain(reviewHow);
      expect(letter, format).toContain(`How to contact ${work.name}`);
      expect(letter, format).toContain(`Contact ${work.name} within one month of the date of the decision`);
    }

    await database.db.update(people).set({ accessibleFormat: 'easy read' }).where(eq(people.id, personId));
    const easy = cellText((await browser.get(`/people/${personId}/budget/letter`)).body);
    expect(easy).toContain(`How to contact ${work.name}`);
    expect(easy).toContain(`Phone: ${work.contactPhone}`);
    expect(easy).toContain(`Tell ${work.name} within 1 month.`);
    expect(easy).toContain('Text relay (if you cannot hear or speak on the phone)');

    for (const format of ['standard', 'easy read']) {
      await database.db.update(people).set({ accessibleFormat: format }).where(eq(people.id, personId));
      const pdf = pdfTextContent((await browser.get(`/people/${personId}/budget/letter.pdf`)).rawPayload);
      expect(pdf, format).toContain(`How to contact ${work.name}`);
      expect(pdf, format).toContain(`Phone: ${work.contactPhone}`);
      expect(pdf, format).toContain(format === 'standard' ? 'within one month of the date of the decision' : 'within 1 month');
      expect(pdf, format).toContain(lead.contactEmail!);
    }
  });
});
