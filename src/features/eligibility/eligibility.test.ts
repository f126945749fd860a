// Each owning organisation confirms or changes its stream's eligibility decision, with a reason for a change; other
// organisations and the person see the decisions read-only; every step is audited and recorded once as a process event.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, eligibilityDecisions, organisations, people, processEvents, roleAssignments, users } from '../../db/schema.ts';
import { processEventKey } from '../../domain/process/process-events.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';
import { recordProcessEvent } from '../../records/process-events.ts';
import { recordCompletedAssessment, sampleAnswers } from '../../../test/support/assessment-records.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let northshire: string;
let riverton: string;
const browsers = new Map<string, TestBrowser>();

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  [northshire, riverton] = demo.areaIds as [string, string];
});
afterAll(() => app.close());

async function signedIn(email: string) {
  let browser = browsers.get(email);
  if (!browser) {
    browser = new TestBrowser(app);
    const response = await browser.signIn(email, password);
    expect(response.statusCode, email).toBe(303);
    browsers.set(email, browser);
  }
  return browser;
}

async function organisation(areaId: string, kind: string) {
  const [row] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
  return row!;
}

async function userId(email: string) {
  const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user!.id;
}

/** A new person of their own for each test, who shares their record with the area's county council. */
let made = 0;
async function freshPerson(areaId = northshire) {
  const [person] = await database.db.insert(people).values({ areaId, givenName: 'Test', familyName: `Person ${++made}`, dateOfBirth: '1980-06-15' }).returning();
  await shareWith(person!.id, areaId, 'county_council');
  return person!;
}

async function budgetHolderPerson(areaId = northshire) {
  const [holder] = await database.db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.role, 'budget_holder'), eq(roleAssignments.areaId, areaId)));
  const [person] = await database.db.select().from(people).where(eq(people.id, holder!.personId!));
  return person!;
}

async function decisionRow(assessmentId: string, streamCode: string) {
  const [row] = await database.db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.assessmentId, assessmentId), eq(eligibilityDecisions.streamCode, streamCode)));
  return row!;
}

async function events(personId: string, kind?: string) {
  const rows = await database.db.select().from(processEvents).where(eq(processEvents.personId, personId));
  return kind ? rows.filter((row) => row.kind === kind) : rows;
}

async function auditFor(personId: string, action: string) {
  return database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.action, action)));
}

/** The stream's summary card on the eligibility page, from its heading to the next card. */
function cardFor(html: string, streamName: string) {
  const start = html.search(new RegExp(`govuk-summary-card__title">\\s*${streamName}\\s*</h2>`));
  expect(start, streamName).toBeGreaterThan(-1);
  const next = html.indexOf('govuk-summary-card__title', start + 1);
  return html.slice(start, next === -1 ? undefined : next);
}

async function shareWith(personId: string, areaId: string, kind: string) {
  const owner = await organisation(areaId, kind);
  const current = await database.db.select().from(consents).where(and(eq(consents.personId, personId), eq(consents.organisationId, owner.id), isNull(consents.revokedAt)));
  if (current.length === 0) await database.db.insert(consents).values({ areaId, personId, organisationId: owner.id });
}

describe('the eligibility page', () => {
  it('shows each stream’s decision, reasons and owner, and offers confirmation only on the streams the viewer’s organisation owns', async () => {
    const person = await freshPerson();
    await recordCompletedAssessment(database.db, person.id);
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.get(`/people/${person.id}/eligibility`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Eligibility for each funding stream');
    const care = cardFor(page.body, 'Adult Social Care');
    expect(care).toContain('Eligible');
    expect(care).toContain('Not yet confirmed by Northshire County Council');
    expect(care).toContain('Confirm or change');
    const work = cardFor(page.body, 'Access to Work');
    // The person has not shared with the Jobcentre, so it cannot check the decision: the page says so and offers to share.
    expect(work).toContain('Not yet confirmed. Northshire Jobcentre Plus cannot see the record until Test shares it with them.');
    expect(work).toMatch(/href="\/people\/[^"]+\/sharing\/[^"]+">Share the record with Northshire Jobcentre Plus/);
    expect(work).toContain('You are in paid work, or about to start a job.');
    expect(work).not.toContain('Confirm or change');
    expect(cardFor(page.body, 'Disabled Facilities Grant')).toContain('Not eligible');
    expect(cardFor(page.body, 'Supporting People')).toContain('Confirm or change');
    const reads = await auditFor(person.id, 'person.read');
    expect(reads.some((entry) => entry.outcome === 'allowed' && entry.route === '/people/:personId/eligibility')).toBe(true);
  });

  it('says so when the person has not completed a self-assessment', async () => {
    const [person] = await database.db.insert(people).values({ areaId: northshire, givenName: 'Nadia', familyName: 'Newcomer', dateOfBirth: '1990-01-01' }).returning();
    await shareWith(person!.id, northshire, 'county_council');
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.get(`/people/${person!.id}/eligibility`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nadia Newcomer has not completed a self-assessment yet');
    expect((await browser.get(`/people/${person!.id}/eligibility/adult-social-care`)).statusCode).toBe(404);
  });

  it('answers 404 for a bad or unknown person id or stream code', async () => {
    const person = await freshPerson();
    await recordCompletedAssessment(database.db, person.id);
    const browser = await signedIn('practitioner@northshire.example');
    for (const path of ['/people/not-a-uuid/eligibility', `/people/${randomUUID()}/eligibility`, `/people/${person.id}/eligibility/No_Such`, `/people/${person.id}/eligibility/carers-budget`, `/people/${randomUUID()}/timeline`]) {
      expect((await browser.get(path)).statusCode, path).toBe(404);
    }
    await browser.get(`/people/${person.id}/eligibility`);
    expect((await browser.post(`/people/${person.id}/eligibility/carers-budget`, { outcome: 'confirm' })).statusCode).toBe(404);
  });

  it('refuses staff without a casework role, and audits the refusal', async () => {
    const person = await freshPerson();
    const director = await signedIn('director@northshire.example');
    expect((await director.get(`/people/${person.id}/eligibility`)).statusCode).toBe(403);
    const riverton = await signedIn('practitioner@riverton.example');
    expect((await riverton.get(`/people/${person.id}/eligibility`)).statusCode).toBe(403);
    const denials = (await auditFor(person.id, 'person.read')).filter((entry) => entry.outcome === 'denied');
    expect(denials.length).toBeGreaterThanOrEqual(2);
  });
});

describe('confirming or changing a decision', () => {
  it('the owning organisation confirms: saved with who and when, audited, one process event, and safe to send twice', async () => {
    const person = await freshPerson();
    const { assessmentId } = await recordCompletedAssessment(database.db, person.id);
    const browser = await signedIn('practitioner@northshire.example');
    const form = await browser.get(`/people/${person.id}/eligibility/adult-social-care`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Confirm the decision: eligible');
    expect(form.body).toContain('Change the decision to not eligible');
    expect(form.body).not.toContain('Change the decision to eligible');

    const response = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'confirm', reason: '' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${person.id}/eligibility?confirmed=adult-social-care`);
    const saved = await decisionRow(assessmentId, 'adult-social-care');
    expect(saved).toMatchObject({ decision: 'eligible', confirmedDecision: 'eligible', confirmationReason: null, confirmedByUserId: await userId('practitioner@northshire.example') });
    expect(saved.confirmedAt).toBeInstanceOf(Date);

    const page = await browser.get(response.headers.location as string);
    expect(page.body).toContain('Decision saved for Adult Social Care');
    expect(cardFor(page.body, 'Adult Social Care')).toMatch(/Confirmed by Northshire Practitioner of Northshire County Council on \d+ \w+ \d{4}/);

    // The same form again (a retry, a double click): nothing changes, nothing is recorded twice.
    const again = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'confirm', reason: '' });
    expect(again.statusCode).toBe(303);
    expect((await decisionRow(assessmentId, 'adult-social-care')).confirmedAt!.getTime()).toBe(saved.confirmedAt!.getTime());
    const confirmedEvents = await events(person.id, 'eligibility-confirmed');
    expect(confirmedEvents).toHaveLength(1);
    expect(confirmedEvents[0]).toMatchObject({ streamCode: 'adult-social-care', dedupeKey: `eligibility-confirmed:${saved.id}`, areaId: northshire });
    expect(confirmedEvents[0]!.occurredAt.getTime()).toBe(saved.confirmedAt!.getTime());
    const audited = await auditFor(person.id, 'eligibility.confirm');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ outcome: 'succeeded', detail: 'adult-social-care: confirmed eligible', areaId: northshire });
  });

  it('two submissions at the same moment record one confirmation, one audit entry and one event', async () => {
    const person = await freshPerson();
    const { assessmentId } = await recordCompletedAssessment(database.db, person.id);
    const browser = await signedIn('approver@northshire.example');
    await browser.get(`/people/${person.id}/eligibility/supporting-people`);
    const both = await Promise.all([1, 2].map(() => browser.post(`/people/${person.id}/eligibility/supporting-people`, { outcome: 'confirm' })));
    expect(both.map((response) => response.statusCode)).toEqual([303, 303]);
    expect((await decisionRow(assessmentId, 'supporting-people')).confirmedDecision).toBe('not eligible');
    expect(await events(person.id, 'eligibility-confirmed')).toHaveLength(1);
    expect(await auditFor(person.id, 'eligibility.confirm')).toHaveLength(1);
  });

  it('a change of decision needs a reason: without one, 400 with the message by the field and the choice kept', async () => {
    const person = await freshPerson();
    const { assessmentId } = await recordCompletedAssessment(database.db, person.id);
    const browser = await signedIn('practitioner@northshire.example');
    await browser.get(`/people/${person.id}/eligibility/adult-social-care`);
    const refused = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'not-eligible', reason: '   ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('href="#reason"');
    expect(refused.body).toMatch(/id="reason-error"[\s\S]*Enter the reason for changing the decision/);
    expect(refused.body).toMatch(/value="not-eligible" checked/);
    expect((await decisionRow(assessmentId, 'adult-social-care')).confirmedDecision).toBeNull();

    const empty = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select whether you confirm the decision or change it');
    const tooLong = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'not-eligible', reason: 'x'.repeat(2001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Reason must be 2000 characters or fewer');

    const reason = 'Her daughter now lives with her and helps every day; we agreed a review in three months.';
    const changed = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'not-eligible', reason });
    expect(changed.statusCode).toBe(303);
    const saved = await decisionRow(assessmentId, 'adult-social-care');
    expect(saved).toMatchObject({ decision: 'eligible', confirmedDecision: 'not eligible', confirmationReason: reason });
    const page = await browser.get(`/people/${person.id}/eligibility`);
    const card = cardFor(page.body, 'Adult Social Care');
    expect(card).toContain('Not eligible');
    expect(card).toContain('Changed from “Eligible”');
    // The organisation's reason is why; what the answers gave is shown to staff apart, under its own heading.
    expect(card).toMatch(/Why\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Her daughter now lives with her/);
    expect(card).toContain('What the answers gave');
    const [audited] = await auditFor(person.id, 'eligibility.confirm');
    expect(audited!.detail).toBe('adult-social-care: changed from eligible to not eligible');
    // Free text stays out of the audit log.
    expect(audited!.detail).not.toContain('daughter');
  });

  it('a decision that needs more information cannot be confirmed as it is, only settled either way', async () => {
    const person = await freshPerson();
    const { 'outcome-hygiene': _left, ...answers } = sampleAnswers;
    const { assessmentId } = await recordCompletedAssessment(database.db, person.id, answers);
    expect((await decisionRow(assessmentId, 'adult-social-care')).decision).toBe('more information needed');
    const browser = await signedIn('approver@northshire.example');
    const form = await browser.get(`/people/${person.id}/eligibility/adult-social-care`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('value="confirm"');
    const refused = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'confirm' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Select eligible or not eligible');
    const settled = await browser.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'eligible', reason: 'Phoned: help is needed with washing every morning.' });
    expect(settled.statusCode).toBe(303);
    expect(await decisionRow(assessmentId, 'adult-social-care')).toMatchObject({ confirmedDecision: 'eligible', confirmedByUserId: await userId('approver@northshire.example') });
  });

  it('another organisation’s practitioner reads the decisions if the person consented, confirms only its own streams, and is refused (403, audited) on others', async () => {
    const person = await freshPerson();
    await shareWith(person.id, northshire, 'jobcentre_plus');
    const { assessmentId } = await recordCompletedAssessment(database.db, person.id);
    const coach = await signedIn('work.coach@northshire.example');
    const page = await coach.get(`/people/${person.id}/eligibility`);
    expect(page.statusCode).toBe(200);
    expect(cardFor(page.body, 'Adult Social Care')).not.toContain('Confirm or change');
    expect(cardFor(page.body, 'Access to Work')).toContain('Confirm or change');

    expect((await coach.get(`/people/${person.id}/eligibility/adult-social-care`)).statusCode).toBe(403);
    const refused = await coach.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'not-eligible', reason: 'Trying another agency’s stream' });
    expect(refused.statusCode).toBe(403);
    expect((await decisionRow(assessmentId, 'adult-social-care')).confirmedDecision).toBeNull();
    const denials = (await auditFor(person.id, 'eligibility.confirm')).filter((entry) => entry.outcome === 'denied');
    expect(denials).toHaveLength(2);
    expect(denials[0]!.detail).toContain('adult-social-care: not a practitioner or approver of the organisation that owns this funding stream');

    await coach.get(`/people/${person.id}/eligibility/access-to-work`);
    expect((await coach.post(`/people/${person.id}/eligibility/access-to-work`, { outcome: 'confirm' })).statusCode).toBe(303);
    expect((await decisionRow(assessmentId, 'access-to-work')).confirmedDecision).toBe('eligible');
    expect(await events(person.id, 'eligibility-confirmed')).toHaveLength(1);
  });

  it('another organisation’s practitioner cannot read at all without the person’s consent', async () => {
    // Shares with the county council only, so the district council has no consent.
    const person = await freshPerson();
    await recordCompletedAssessment(database.db, person.id);
    const officer = await signedIn('housing.officer@northshire.example');
    expect((await officer.get(`/people/${person.id}/eligibility`)).statusCode).toBe(403);
  });

  it('a finance officer of the owning council sees the decisions but cannot confirm them', async () => {
    const person = await freshPerson();
    await recordCompletedAssessment(database.db, person.id);
    const finance = await signedIn('finance@northshire.example');
    const page = await finance.get(`/people/${person.id}/eligibility`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Confirm or change');
    expect((await finance.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'confirm' })).statusCode).toBe(403);
  });
});

describe('the person’s own view', () => {
  it('shows a budget holder their decisions read-only, in plain English, with the reason for any change', async () => {
    const person = await budgetHolderPerson();
    const { assessmentId } = await recordCompletedAssessment(database.db, person.id);
    const practitioner = await signedIn('practitioner@northshire.example');
    await practitioner.get(`/people/${person.id}/eligibility/supporting-people`);
    expect((await practitioner.post(`/people/${person.id}/eligibility/supporting-people`, { outcome: 'eligible', reason: 'You told us on the phone that you need help with letters and bills.' })).statusCode).toBe(303);
    expect((await decisionRow(assessmentId, 'supporting-people')).confirmedDecision).toBe('eligible');

    const holder = await signedIn('budget.holder@northshire.example');
    const page = await holder.get(`/people/${person.id}/eligibility`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Funding you can get');
    expect(page.body).not.toContain('Confirm or change');
    expect(cardFor(page.body, 'Adult Social Care')).toContain('You can get this');
    expect(cardFor(page.body, 'Adult Social Care')).toContain('Not checked yet. Northshire County Council will check this decision.');
    expect(cardFor(page.body, 'Disabled Facilities Grant')).toContain('You cannot get this');
    const supporting = cardFor(page.body, 'Supporting People');
    expect(supporting).toContain('You can get this');
    expect(supporting).toContain('You told us on the phone that you need help with letters and bills.');

    expect((await holder.get(`/people/${person.id}/eligibility/adult-social-care`)).statusCode).toBe(403);
    await holder.get(`/people/${person.id}/eligibility`);
    expect((await holder.post(`/people/${person.id}/eligibility/adult-social-care`, { outcome: 'not-eligible', reason: 'x' })).statusCode).toBe(403);

    const other = await freshPerson();
    expect((await holder.get(`/people/${other.id}/eligibility`)).statusCode).toBe(403);
  });
});

describe('how to contact the agency behind each decision', () => {
  it('shows under each decision how to contact its owner and how to ask for it to be looked at again, with the lead council standing in', async () => {
    const person = await budgetHolderPerson();
    await recordCompletedAssessment(database.db, person.id);
    const lead = await organisation(northshire, 'county_council');
    const jobcentre = await organisation(northshire, 'jobcentre_plus');
    const district = await organisation(northshire, 'district_council');
    const saved = { ...district };
    await database.db.update(organisations).set({ contactPhone: null, contactEmail: null, postalAddress: null, textRelay: null, bslVideoRelayUrl: null }).where(eq(organisations.id, district.id));
    await database.db.update(organisations).set({ reviewHow: 'Ask your work coach within one month of the decision.' }).where(eq(organisations.id, jobcentre.id));
    try {
      const page = await (await signedIn('budget.holder@northshire.example')).get(`/people/${person.id}/eligibility`);
      const care = cardFor(page.body, 'Adult Social Care');
      expect(care).toContain(`How to contact ${lead.name}`);
      expect(care).toContain(`href="tel:${lead.contactPhone!.replace(/\s/g, '')}"`);
      expect(care).toContain(lead.textRelay!);
      expect(care).toContain(`href="${lead.bslVideoRelayUrl}"`);
      expect(care).toContain('If you think this decision is wrong');
      expect(care).toContain(`Contact ${lead.name} within one month of the date of the decision`);
      const work = cardFor(page.body, 'Access to Work');
      expect(work).toContain(jobcentre.contactEmail!);
      expect(work).toContain('Ask your work coach within one month of the decision.');
      const grant = cardFor(page.body, 'Disabled Facilities Grant');
      expect(grant).toContain(`${district.name} has not given its contact details yet. Contact ${lead.name}, the lead council for your area.`);
      expect(grant).toContain(lead.contactPhone!);
    } finally {
      await database.db.update(organisations).set(saved).where(eq(organisations.id, district.id));
      await database.db.update(organisations).set({ reviewHow: null }).where(eq(organisations.id, jobcentre.id));
    }
  });
});

describe('process events and the timeline', () => {
  it('records each step once, however often it is sent', async () => {
    const person = await freshPerson();
    const key = processEventKey('first-contact', person.id);
    const first = new Date('2026-01-05T10:00:00Z');
    expect(await recordProcessEvent(database.db, { areaId: northshire, personId: person.id, kind: 'first-contact', dedupeKey: key, occurredAt: first })).toBe(true);
    expect(await recordProcessEvent(database.db, { areaId: northshire, personId: person.id, kind: 'first-contact', dedupeKey: key, occurredAt: new Date('2026-02-01T10:00:00Z') })).toBe(false);
    const recorded = await events(person.id, 'first-contact');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.occurredAt.getTime()).toBe(first.getTime());
    expect(recorded[0]!.streamCode).toBeNull();
  });

  it('rolls back with the transaction it was recorded in', async () => {
    const person = await freshPerson();
    await expect(
      database.db.transaction(async (tx) => {
        await recordProcessEvent(tx, { areaId: northshire, personId: person.id, kind: 'assessment-started', dedupeKey: `assessment-started:${randomUUID()}`, occurredAt: new Date() });
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    expect(await events(person.id, 'assessment-started')).toHaveLength(0);
  });

  it('shows the person’s steps in order, with dates and the days each took', async () => {
    const person = await freshPerson();
    const { decisions } = await recordCompletedAssessment(database.db, person.id);
    const steps: [string, string, string | null][] = [
      ['assessment-completed', '2026-01-12T15:00:00Z', null],
      ['first-contact', '2026-01-05T10:00:00Z', null],
      ['eligibility-decided', '2026-01-12T15:00:01Z', 'access-to-work'],
      ['indicative-budget-issued', '2026-01-20T09:00:00Z', 'access-to-work'],
    ];
    for (const [kind, at, streamCode] of steps) {
      await recordProcessEvent(database.db, { areaId: northshire, personId: person.id, kind: kind as 'first-contact', streamCode, dedupeKey: `${kind}:${decisions[0]!.id}:${streamCode}`, occurredAt: new Date(at) });
    }
    const browser = await signedIn('practitioner@northshire.example');
    const page = await browser.get(`/people/${person.id}/timeline`);
    expect(page.statusCode).toBe(200);
    const order = ['First contact', 'Self-assessment completed', 'Eligibility decided: Access to Work', 'Indicative budget issued: Access to Work'].map((text) => page.body.indexOf(text));
    expect(order.every((position) => position > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.body).toContain('5 January 2026');
    expect(page.body).toContain('7 days later');
    expect(page.body).toContain('The same day');
    expect(page.body).toContain('8 days later');
    expect(page.body).toContain('From the first step to the latest took 15 days');

    const director = await signedIn('director@northshire.example');
    expect((await director.get(`/people/${person.id}/timeline`)).statusCode).toBe(403);
  });

  it('shows a person with no steps that nothing has happened yet', async () => {
    const person = await freshPerson(riverton);
    const browser = await signedIn('practitioner@riverton.example');
    const page = await browser.get(`/people/${person.id}/timeline`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nothing has been recorded yet.');
  });
});
