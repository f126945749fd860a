// The sign-off as approvers and the person meet it: the county's and the district council's approvers each see and
// decide only their own part of one plan, an amount over an approver's limit needs a second approver, a part sent back
// comes back alone, the actual budgets are recorded, and the person's decision letter says what was decided and how
// to ask for a review, as HTML and PDF.
import { inflateSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { agreedBudgets, auditLog, people } from '../../db/schema.ts';
import { formatPence, yearlyToWeekly } from '../../domain/budget/money.ts';
import { readability } from '../../domain/plain-language.ts';
import { FixedClock } from '../../platform/clock.ts';
import type { PersonRef } from '../../records/people.ts';
import { changePlan, itemContext, openPlan, reasonCodes, submitPlan } from '../../records/support-plans.ts';
import { signedInBrowsers, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';
import { personOf, planItem, submittedPlan, type TestPlan, userIdOf } from '../../../test/support/submitted-plan.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let person: PersonRef;
let made: TestPlan;
/** How many plans the county approver's home page said were waiting while this one was. */
let waitingAtFirst = 0;

async function homeCount(email: string): Promise<number | undefined> {
  const match = /Plans to approve<\/a>: (\d+) waiting for/.exec((await (await as(email)).get('/')).body);
  return match ? Number(match[1]) : undefined;
}
const clock = new FixedClock('2026-11-02T10:00:00Z');
const as = signedInBrowsers(() => app, password);

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

/** The words of the page's main content as a person reads them, one line per heading, paragraph or list item. */
function mainText(html: string): string {
  const main = /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
  return main
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/?(h[1-6]|p|li|td|th|caption|legend|label|dt|dd|div|br|tr|summary|button|a)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&rsquo;|&#x27;/g, '’')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&pound;/g, '£').replace(/&#39;|&rsquo;/g, '’').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

const approvalPath = () => `/people/${person.id}/plan/approval`;
const decidePath = (streamCode: string) => `/people/${person.id}/plan/approval/${streamCode}`;
const part = (plan: TestPlan['plan'], streamCode: string) => plan.signOff.parts.find((p) => p.streamCode === streamCode)!;
const pounds = (pence: number) => `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

async function currentRevision() {
  return (await openPlan(database.db, person))!.revision;
}

beforeAll(async () => {
  ({ app, database } = await testApp({}, { clock }));
  await seedDemo(database);
  person = await personOf(database.db, 'budget.holder@riverton.example');
  made = await submittedPlan(database, person, await userIdOf(database.db, 'budget.holder@riverton.example'), clock, { 'adult-social-care': 'Help to cook at home', 'supporting-people': 'Help to manage my tenancy', 'disabled-facilities-grant': 'A level-access shower' });
}, 120_000);
afterAll(() => app.close());

describe('one light-touch sign-off across two agencies', () => {
  it('makes a plan with a part for the county council and a part for the district council', () => {
    const owners = made.plan.signOff.parts.map((p) => p.owningOrganisationId);
    expect(made.plan.signOff.parts.map((p) => p.streamCode).sort()).toEqual(['adult-social-care', 'disabled-facilities-grant', 'supporting-people']);
    expect(new Set(owners).size).toBe(2);
  });

  it('lists the plan for each approver, with only their own part, and refuses staff who approve nothing', async () => {
    const county = await as('approver@riverton.example');
    const list = await county.get('/approvals');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(approvalPath());
    const countyText = textOf(list.body);
    expect(countyText).toMatch(/Adult Social Care: waiting for approval/i);
    expect(countyText).not.toMatch(/Disabled Facilities Grant: waiting/i);
    const [entry] = await database.db.select({ peopleShown: auditLog.peopleShown }).from(auditLog).where(and(eq(auditLog.action, 'person.list'), eq(auditLog.route, '/approvals'))).orderBy(auditLog.occurredAt);
    expect(entry?.peopleShown).toContain(person.id);

    const district = await as('housing.approver@riverton.example');
    const theirs = textOf((await district.get('/approvals')).body);
    expect(theirs).toMatch(/Disabled Facilities Grant: waiting for approval/i);
    expect(theirs).not.toMatch(/Adult Social Care: waiting/i);

    waitingAtFirst = (await homeCount('approver@riverton.example'))!;
    expect(waitingAtFirst).toBeGreaterThanOrEqual(1);
    expect(await homeCount('practitioner@riverton.example')).toBeUndefined();

    const practitioner = await as('practitioner@riverton.example');
    expect((await practitioner.get('/approvals')).statusCode).toBe(403);
    expect((await practitioner.get(approvalPath())).statusCode).toBe(403);
  });

  it('shows each approver only their own part’s items and amounts, and only the state of the other', async () => {
    const asc = part(made.plan, 'adult-social-care');
    const sp = part(made.plan, 'disabled-facilities-grant');
    const county = textOf((await (await as('approver@riverton.example')).get(approvalPath())).body);
    expect(county).toContain('Help to cook at home');
    expect(county).toContain('I want to cook my own meals again');
    expect(county).toContain(`${formatPence(asc.planYearlyPence)} a year (${formatPence(yearlyToWeekly(asc.planYearlyPence))} a week)`);
    expect(county).toContain('Within tolerance: no panel needed');
    expect(county).toContain('Help to manage my tenancy');
    expect(county).not.toContain('A level-access shower');
    expect(county).not.toContain(formatPence(sp.planYearlyPence));
    expect(county).toMatch(/Disabled Facilities Grant: with .*District Council \(waiting for approval\)/);

    const district = textOf((await (await as('housing.approver@riverton.example')).get(approvalPath())).body);
    expect(district).toContain('A level-access shower');
    expect(district).not.toContain('Help to cook at home');
    expect(district).toMatch(/Adult Social Care: with .*County Council/);
  });

  it('refuses the county approver the district council’s part, through the policy, audited as denied', async () => {
    const county = await as('approver@riverton.example');
    await county.get(approvalPath());
    const response = await county.post(decidePath('disabled-facilities-grant'), { decision: 'approve', actualBudget: pounds(part(made.plan, 'disabled-facilities-grant').indicativeYearlyPence), revision: String(await currentRevision()) });
    expect(response.statusCode).toBe(403);
    const denied = await database.db.select().from(auditLog).where(and(eq(auditLog.action, 'plan.approve'), eq(auditLog.outcome, 'denied'), eq(auditLog.subjectId, 'disabled-facilities-grant')));
    expect(denied.length).toBeGreaterThan(0);
    expect(part((await openPlan(database.db, person))!, 'disabled-facilities-grant').state).toBe('awaiting-approval');
  });

  it('asks for a reason when the actual differs from the indicative, and a panel outside the tolerance, keeping the answers', async () => {
    const county = await as('approver@riverton.example');
    await county.get(approvalPath());
    const revision = String(await currentRevision());
    const noReason = await county.post(decidePath('adult-social-care'), { decision: 'approve', actualBudget: '30,000', revision });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Select why the actual budget is different from the indicative budget');
    expect(noReason.body).toContain('href="#adult-social-care-reasonCode"');
    expect(noReason.body).toContain('value="30,000"');
    const [reason] = await reasonCodes(database.db, person.areaId);
    const noPanel = await county.post(decidePath('adult-social-care'), { decision: 'approve', actualBudget: '30000', reasonCode: reason!.code, revision });
    expect(noPanel.statusCode).toBe(400);
    expect(noPanel.body).toContain('so a panel must agree it');
    const fraction = await county.post(decidePath('adult-social-care'), { decision: 'approve', actualBudget: '30000.005', reasonCode: reason!.code, revision });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.body).toContain('to the nearest penny');
    const noChoice = await county.post(decidePath('adult-social-care'), { revision });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Select whether to approve this part or send it back');
    expect(part((await openPlan(database.db, person))!, 'adult-social-care').state).toBe('awaiting-approval');
  });

  it('sends £30,000 from an approver with a £20,000 limit to a second approver, who must be someone else within limit', async () => {
    const county = await as('approver@riverton.example');
    await county.get(approvalPath());
    const countyId = await userIdOf(database.db, 'approver@riverton.example');
    const attempts = async () =>
      (await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, person.id), eq(auditLog.actorId, countyId), eq(auditLog.action, 'person.change'), eq(auditLog.method, 'POST')))).length;
    const attemptsBefore = await attempts();
    const [reason] = await reasonCodes(database.db, person.areaId);
    const form = { decision: 'approve', actualBudget: '£30,000.00', reasonCode: reason!.code, panelAgreed: 'yes', revision: String(await currentRevision()) };
    const first = await county.post(decidePath('adult-social-care'), form);
    expect(first.statusCode).toBe(303);
    const after = await county.get(String(first.headers.location));
    expect(textOf(after.body)).toContain('This is above your limit of £20,000.00 a year. Another approver at');
    expect(part((await openPlan(database.db, person))!, 'adult-social-care').state).toBe('awaiting-second-approval');

    // A retry of the same form is answered as done, not recorded twice.
    const retried = await county.post(decidePath('adult-social-care'), form);
    expect(retried.statusCode).toBe(303);

    const alone = await county.post(decidePath('adult-social-care'), { decision: 'approve', revision: String(await currentRevision()) });
    expect(alone.statusCode).toBe(422);
    expect(alone.body).toContain('You have already approved this part');
    expect(part((await openPlan(database.db, person))!, 'adult-social-care').state).toBe('awaiting-second-approval');
    // Every attempt is in the audit log: the approval over the limit, its retry, and the refused approval alone.
    expect(await attempts()).toBe(attemptsBefore + 3);

    const senior = await as('senior.approver@riverton.example');
    const page = textOf((await senior.get(approvalPath())).body);
    expect(page).toContain('First approval by');
    expect(page).toContain('£30,000.00 a year');
    const second = await senior.post(decidePath('adult-social-care'), { decision: 'approve', revision: String(await currentRevision()) });
    expect(second.statusCode).toBe(303);
    expect(String(second.headers.location)).toContain('done=second-approval');
    const agreedPart = part((await openPlan(database.db, person))!, 'adult-social-care');
    expect(agreedPart.state).toBe('approved');
    expect(agreedPart.approvals.map((approval) => approval.actualYearlyPence)).toEqual([3_000_000, 3_000_000]);
  });

  it('lets the district approver send their part back once with a reason the person reads', async () => {
    const district = await as('housing.approver@riverton.example');
    await district.get(approvalPath());
    const empty = await district.post(decidePath('disabled-facilities-grant'), { decision: 'return', returnReason: '  ', revision: String(await currentRevision()) });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter why you are sending this part back');
    const returned = await district.post(decidePath('disabled-facilities-grant'), { decision: 'return', returnReason: 'Send a second quote for the shower', revision: String(await currentRevision()) });
    expect(returned.statusCode).toBe(303);
    const plan = (await openPlan(database.db, person))!;
    expect(plan.state).toBe('returned');
    expect(part(plan, 'disabled-facilities-grant').returnReason).toBe('Send a second quote for the shower');

    // The letter so far: the county's part agreed, the district council's sent back with its reason.
    const letter = textOf((await (await as('budget.holder@riverton.example')).get(`/people/${person.id}/plan/decision-letter`)).body);
    expect(letter).toContain('Send a second quote for the shower');
    expect(letter).toContain('£30,000.00');
  });

  it('keeps the county’s approval when the person changes only the district council’s part, then agrees the plan', async () => {
    const plan = (await openPlan(database.db, person))!;
    const dfg = made.streams.find((stream) => stream.streamCode === 'disabled-facilities-grant')!;
    const item = plan.document.entries.find((entry) => entry.item.streamCode === 'disabled-facilities-grant' && entry.closedIn === null)!.item;
    const successor = planItem('dfg-2', 'disabled-facilities-grant', 0, 'A level-access shower and grab rails', dfg.oneOffPence ?? 0);
    const changed = await changePlan(database.db, person, plan.id, plan.revision, [{ kind: 'replace-item', itemId: item.id, successor }], itemContext(made.streams), made.writer);
    if (!changed.ok) throw new Error(changed.reason);
    const resent = await submitPlan(database.db, person, plan.id, changed.plan.revision, made.streams, made.writer);
    if (!resent.ok) throw new Error(resent.reason);
    expect(part(resent.plan, 'adult-social-care').state).toBe('approved');
    expect(part(resent.plan, 'disabled-facilities-grant').state).toBe('awaiting-approval');

    const district = await as('housing.approver@riverton.example');
    expect(textOf((await district.get(approvalPath())).body)).toContain('A level-access shower and grab rails');
    const approved = await district.post(decidePath('disabled-facilities-grant'), { decision: 'approve', actualBudget: pounds(part(resent.plan, 'disabled-facilities-grant').indicativeYearlyPence), revision: String(resent.plan.revision) });
    expect(approved.statusCode).toBe(303);
    expect(String(approved.headers.location)).not.toContain('agreed=1');
    // The county's other part was waiting all along: approving it agrees the plan.
    const county = await as('approver@riverton.example');
    await county.get(approvalPath());
    const sp = part((await openPlan(database.db, person))!, 'supporting-people');
    const last = await county.post(decidePath('supporting-people'), { decision: 'approve', actualBudget: pounds(sp.indicativeYearlyPence), revision: String(await currentRevision()) });
    expect(last.statusCode).toBe(303);
    expect(String(last.headers.location)).toContain('agreed=1');
    expect((await openPlan(database.db, person))!.state).toBe('agreed');

    const budgets = await database.db.select().from(agreedBudgets).where(and(eq(agreedBudgets.areaId, person.areaId), eq(agreedBudgets.personId, person.id)));
    const byStream = Object.fromEntries(budgets.map((budget) => [budget.streamCode, budget]));
    expect(byStream['adult-social-care']!.actualYearlyPence).toBe(3_000_000);
    expect(byStream['adult-social-care']!.reasonCode).not.toBeNull();
    expect(byStream['disabled-facilities-grant']!.actualYearlyPence).toBe(part(resent.plan, 'disabled-facilities-grant').indicativeYearlyPence);
    expect(byStream['disabled-facilities-grant']!.reasonCode).toBeNull();
    expect(Object.keys(byStream).sort()).toEqual(['adult-social-care', 'disabled-facilities-grant', 'supporting-people']);
    // The home page's count and the list no longer show a plan with nothing waiting.
    expect(await homeCount('approver@riverton.example')).toBe(waitingAtFirst - 1);
    expect((await district.get('/approvals')).body).not.toContain(approvalPath());
  });

  it('gives the person a decision letter with the amounts, the reason, who decided and how to ask for a review', async () => {
    const plan = (await openPlan(database.db, person))!;
    const asc = part(plan, 'adult-social-care');
    const sp = part(plan, 'disabled-facilities-grant');
    const [reason] = await reasonCodes(database.db, person.areaId);
    const holder = await as('budget.holder@riverton.example');
    const page = await holder.get(`/people/${person.id}/plan/decision-letter`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    const letter = textOf(page.body);
    expect(letter).toContain('Your support plan is agreed.');
    expect(letter).toContain(`Agreed budget: £30,000.00 a year (${formatPence(yearlyToWeekly(3_000_000))} a week).`);
    expect(letter).toContain(`Indicative budget: ${formatPence(asc.indicativeYearlyPence)} a year`);
    expect(letter).toContain(reason!.name);
    expect(letter).toContain(`Agreed budget: ${formatPence(sp.indicativeYearlyPence)}, paid once.`);
    expect(letter).toContain('2 November 2026');
    expect(letter).toMatch(/How to ask .*County Council for a review/);
    expect(letter).toMatch(/How to ask .*District Council for a review/);
    expect(letter).toContain('within one month');

    const pdf = await holder.get(`/people/${person.id}/plan/decision-letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const drawn = pdfTextContent(pdf.rawPayload);
    expect(drawn).toContain('£30,000.00');
    expect(drawn).toContain(formatPence(sp.indicativeYearlyPence));

    // Staff who may read the record read it too; staff of an organisation the person does not share with may not.
    expect((await (await as('practitioner@riverton.example')).get(`/people/${person.id}/plan/decision-letter`)).statusCode).toBe(200);
    expect((await (await as('practitioner@northshire.example')).get(`/people/${person.id}/plan/decision-letter`)).statusCode).toBeGreaterThanOrEqual(403);
  });

  it('writes the letter in easy read when the person asks for it, at a reading age of 9 or under', async () => {
    await database.db.update(people).set({ accessibleFormat: 'Easy read' }).where(eq(people.id, person.id));
    const page = await (await as('budget.holder@riverton.example')).get(`/people/${person.id}/plan/decision-letter`);
    expect(page.body).toContain('rtc-letter--easy-read');
    // Measured on the letter's sentences: contact details (numbers, email and web addresses) are not prose.
    const score = readability(mainText(page.body.replace(/<ul class="govuk-list govuk-list--bullet">[\s\S]*?<\/ul>/g, '')));
    expect(score.words).toBeGreaterThan(50);
    expect(score.readingAge, mainText(page.body)).toBeLessThanOrEqual(9);
    await database.db.update(people).set({ accessibleFormat: 'Standard print' }).where(eq(people.id, person.id));
  });

  it('answers “no decision yet” with a 404 before anything is decided', async () => {
    const other = await personOf(database.db, 'budget.holder@northshire.example');
    const holder = await as('budget.holder@northshire.example');
    const page = await holder.get(`/people/${other.id}/plan/decision-letter`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('There is no decision yet');
    expect((await holder.get(`/people/${other.id}/plan/decision-letter.pdf`)).statusCode).toBe(404);
  });
});
