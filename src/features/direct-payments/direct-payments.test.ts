// The direct payment offer as the person meets it: an offer per agreed stream with its amount, an exception's reasons
// in place of an offer, the agreement with every message next to its field and the answers kept, accepting recorded
// once however often it is sent, declining and asking again, staff read-only, a broker without consent refused, and
// the API's view of the same offers.
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, directPaymentOffers, organisations, processEvents } from '../../db/schema.ts';
import { describeAmount, directPaymentAmount } from '../../domain/support-plan/direct-payment.ts';
import { readability } from '../../domain/plain-language.ts';
import { FixedClock } from '../../platform/clock.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { organisationOf, password, seedDemo } from '../../../test/support/demo.ts';
import { agreePlanFor } from '../../../test/support/agreed-plan.ts';

const clock = new FixedClock('2026-11-02T10:00:00Z');
const exceptionReasons = 'Your housing support is paid to the housing provider under a contract that cannot be split.';
let app: FastifyInstance;
let database: DatabaseHandle;
let person: { id: string; areaId: string };
let streams: Awaited<ReturnType<typeof agreePlanFor>>['streams'];

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;/g, '’')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

/** The words a person reads in the page's main content, one line per block, as the reading-age test measures them. */
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

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  const response = await browser.signIn(email, password);
  expect(response.statusCode, email).toBe(303);
  return browser;
}

const base = () => `/people/${person.id}/plan/direct-payments`;

async function offerRow(streamCode: string) {
  const [row] = await database.db.select().from(directPaymentOffers).where(and(eq(directPaymentOffers.areaId, person.areaId), eq(directPaymentOffers.personId, person.id), eq(directPaymentOffers.streamCode, streamCode)));
  return row!;
}

const validAgreement = (revision: number) => ({ revision: String(revision), repaymentAcknowledged: 'yes', signedBy: 'person', 'signedOn-day': '1', 'signedOn-month': '11', 'signedOn-year': '2026', suitablePerson: 'no' });

beforeAll(async () => {
  ({ app, database } = await testApp({}, { clock }));
  await seedDemo(database);
  ({ person, streams } = await agreePlanFor(database.db, clock, { exceptions: { 'supporting-people': { exception: 'need-not-met', reasons: exceptionReasons } } }));
});
afterAll(() => app.close());

describe('the direct payment offers page', () => {
  it('shows each agreed stream with its amount, and the exception’s reasons with no way to accept for that stream', async () => {
    expect(streams.map((stream) => stream.streamCode).sort()).toEqual(['adult-social-care', 'supporting-people']);
    const browser = await signedIn('budget.holder@riverton.example');
    const page = await browser.get(base());
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    const body = text(page.body);
    for (const stream of streams) {
      expect(body).toContain(stream.streamName);
      expect(body).toContain(describeAmount(directPaymentAmount(stream.yearlyPence)));
    }
    expect(body).toContain('Not offered because the need cannot be met by a direct payment.');
    expect(body).toContain(exceptionReasons);
    expect(page.body).toContain(`${base()}/adult-social-care/accept`);
    expect(page.body).not.toContain(`${base()}/supporting-people/accept`);
    expect(body).toContain('council-managed budget');
    expect(body).toContain('individual service fund');
    expect(readability(mainText(page.body)).readingAge).toBeLessThanOrEqual(9);
    // The exception's stream has no form to accept, and asking for one is refused, not shown.
    const refused = await browser.post(`${base()}/supporting-people/accept`, validAgreement(1));
    expect(refused.statusCode).toBe(400);
    expect((await offerRow('supporting-people')).state).toBe('not-offered');
  });

  it('shows staff the same offers read-only unless the policy lets them write the plan', async () => {
    const approver = await signedIn('approver@riverton.example');
    const page = await approver.get(base());
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Offered');
    expect(page.body).not.toContain(`${base()}/adult-social-care/accept`);
    expect((await approver.get(`${base()}/adult-social-care/accept`)).statusCode).toBe(403);
    const practitioner = await signedIn('practitioner@riverton.example');
    expect((await practitioner.get(base())).body).toContain(`${base()}/adult-social-care/accept`);
  });

  it('declines after a confirm page, and asks again after declining', async () => {
    const browser = await signedIn('budget.holder@riverton.example');
    const confirm = await browser.get(`${base()}/adult-social-care/decline`);
    expect(confirm.statusCode).toBe(200);
    expect(text(confirm.body)).toContain('Say no to the direct payment?');
    expect(readability(mainText(confirm.body)).readingAge).toBeLessThanOrEqual(9);
    const revision = (await offerRow('adult-social-care')).revision;
    const declined = await browser.post(`${base()}/adult-social-care/decline`, { revision: String(revision) });
    expect(declined.statusCode).toBe(303);
    expect((await offerRow('adult-social-care')).state).toBe('declined');
    const after = await browser.get(String(declined.headers.location));
    expect(text(after.body)).toContain('You said no to the direct payment');
    expect(text(after.body)).toContain('Ask for it again');
    expect((await browser.get(`${base()}/adult-social-care/accept`)).statusCode).toBe(303);

    const again = await browser.post(`${base()}/adult-social-care/offer-again`, { revision: String(revision + 1) });
    expect(again.statusCode).toBe(303);
    const row = await offerRow('adult-social-care');
    expect(row.state).toBe('offered');
    expect(row.revision).toBe(revision + 2);
    const kinds = (await database.db.select({ kind: processEvents.kind }).from(processEvents).where(and(eq(processEvents.areaId, person.areaId), eq(processEvents.personId, person.id)))).map((event) => event.kind);
    expect(kinds).toContain('direct-payment-declined');

    // An agreement signed on the form as it was before the offer changed is a plain message, and nothing is saved.
    const stale = await browser.post(`${base()}/adult-social-care/accept`, validAgreement(revision));
    expect(stale.statusCode).toBe(409);
    expect(text(stale.body)).toContain('This offer changed while you had it open');
    expect(stale.body).toContain('value="2026"');
    expect((await offerRow('adult-social-care')).state).toBe('offered');
  });
});

describe('accepting a direct payment', () => {
  it('shows each problem next to its field and keeps the answers', async () => {
    const browser = await signedIn('budget.holder@riverton.example');
    const form = await browser.get(`${base()}/adult-social-care/accept`);
    expect(form.statusCode).toBe(200);
    const formText = text(form.body);
    expect(formText).toContain('Money not spent on the support in your plan.');
    expect(formText).toContain(describeAmount(directPaymentAmount(streams.find((stream) => stream.streamCode === 'adult-social-care')!.yearlyPence)));
    expect(readability(mainText(form.body)).readingAge).toBeLessThanOrEqual(9);
    const { revision } = await offerRow('adult-social-care');

    const cases: { label: string; form: Record<string, string | string[]>; field: string; message: string; kept: string[] }[] = [
      { label: 'no acknowledgement', form: { ...validAgreement(revision), repaymentAcknowledged: [] }, field: 'repaymentAcknowledged', message: 'Confirm that you understand when you may have to pay money back', kept: ['value="2026"'] },
      {
        label: 'someone else without a name',
        form: { ...validAgreement(revision), signedBy: 'someone-else', signerName: ' ', signerRelationship: 'Daughter' },
        field: 'signerName',
        message: 'Enter the name of the person signing',
        kept: ['value="Daughter"', 'value="someone-else" checked'],
      },
      {
        label: 'someone else without a relationship',
        form: { ...validAgreement(revision), signedBy: 'someone-else', signerName: 'Sam Smith' },
        field: 'signerRelationship',
        message: 'Enter how they know the person, like daughter or advocate',
        kept: ['value="Sam Smith"'],
      },
      {
        label: 'a suitable person with a condition missing',
        form: { ...validAgreement(revision), signedBy: 'someone-else', signerName: 'Sam Smith', signerRelationship: 'Brother', suitablePerson: 'yes', conditions: ['surrogateConsent', 'consulted', 'wishesConsidered'] },
        field: 'condition-enhancedCheck',
        message: 'Record that an enhanced criminal record check was done on the suitable person',
        kept: ['value="wishesConsidered" checked', 'value="yes" checked', 'value="Brother"'],
      },
      { label: 'a date that is not real', form: { ...validAgreement(revision), 'signedOn-day': '31', 'signedOn-month': '2' }, field: 'signedOn-day', message: 'The date signed must be a real date', kept: ['value="31"'] },
      { label: 'a date to come', form: { ...validAgreement(revision), 'signedOn-day': '3' }, field: 'signedOn-day', message: 'The date signed must be today or in the past', kept: ['value="3"'] },
      { label: 'no date', form: { ...validAgreement(revision), 'signedOn-day': '', 'signedOn-month': '', 'signedOn-year': '' }, field: 'signedOn-day', message: 'Enter the date signed', kept: [] },
      { label: 'no answer on who signs', form: { ...validAgreement(revision), signedBy: [] }, field: 'signedBy', message: 'Select who is signing the agreement', kept: [] },
    ];
    for (const attempt of cases) {
      const response = await browser.post(`${base()}/adult-social-care/accept`, attempt.form);
      expect(response.statusCode, attempt.label).toBe(400);
      const summary = /<div class="govuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/.exec(response.body)?.[0] ?? '';
      expect(summary, attempt.label).toContain(`href="#${attempt.field}"`);
      expect(text(summary), attempt.label).toContain(attempt.message);
      // The message also sits next to the field, not only at the top.
      expect(response.body.split(attempt.message).length - 1, attempt.label).toBeGreaterThanOrEqual(2);
      for (const kept of attempt.kept) expect(response.body, `${attempt.label}: ${kept}`).toContain(kept);
      expect(response.body, attempt.label).toContain(`id="${attempt.field}"`);
    }
    expect((await offerRow('adult-social-care')).state).toBe('offered');
  });

  it('records the agreement once, with its event and audit entry, and a retry changes nothing', async () => {
    const browser = await signedIn('budget.holder@riverton.example');
    await browser.get(`${base()}/adult-social-care/accept`);
    const { revision } = await offerRow('adult-social-care');
    const form = { ...validAgreement(revision), signedBy: 'someone-else', signerName: 'Sam Smith', signerRelationship: 'Brother', suitablePerson: 'yes', conditions: ['surrogateConsent', 'consulted', 'wishesConsidered', 'enhancedCheck'] };
    const accepted = await browser.post(`${base()}/adult-social-care/accept`, form);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`${base()}/adult-social-care/accepted`);
    const row = await offerRow('adult-social-care');
    expect(row.state).toBe('accepted');
    expect(row.offer).toMatchObject({ agreement: { signedBy: { by: 'someone-else', name: 'Sam Smith', relationship: 'Brother' }, signedOn: '2026-11-01', repaymentAcknowledged: true, suitablePerson: { suitablePersonName: 'Sam Smith', enhancedCheck: true } } });

    const confirmation = await browser.get(String(accepted.headers.location));
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('govuk-panel');
    expect(text(confirmation.body)).toContain('What happens next');
    expect(text(confirmation.body)).toContain('Sam Smith (Brother) signed it for you on 1 November 2026');
    expect(readability(mainText(confirmation.body)).readingAge).toBeLessThanOrEqual(9);

    // The same form sent again (a double click, a retry after a lost answer) lands on the same confirmation.
    const retried = await browser.post(`${base()}/adult-social-care/accept`, form);
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe(`${base()}/adult-social-care/accepted`);
    expect((await offerRow('adult-social-care')).revision).toBe(row.revision);
    const events = await database.db.select({ kind: processEvents.kind }).from(processEvents).where(and(eq(processEvents.personId, person.id), eq(processEvents.kind, 'direct-payment-accepted')));
    expect(events).toHaveLength(1);
    const entries = await database.db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.subjectId, person.id), eq(auditLog.action, 'plan.direct-payment')));
    expect(entries.filter((entry) => entry.detail === 'direct-payment.accepted')).toHaveLength(1);

    // A stale decline of the accepted offer changes nothing.
    const stale = await browser.post(`${base()}/adult-social-care/decline`, { revision: String(revision) });
    expect(stale.statusCode).toBe(303);
    expect((await offerRow('adult-social-care')).state).toBe('accepted');
    const page = await browser.get(base());
    expect(text(page.body)).toContain('Accepted');
    expect(text(page.body)).toContain('Sam Smith, as a suitable person');
  });

  it('refuses a broker the person does not share their record with, and audits it', async () => {
    const broker = await organisationOf(database, person.areaId, 'user_led_organisation');
    await database.db.update(consents).set({ revokedAt: clock.now() }).where(and(eq(consents.areaId, person.areaId), eq(consents.personId, person.id), eq(consents.organisationId, broker.id), isNull(consents.revokedAt)));
    const browser = await signedIn('broker@riverton.example');
    expect((await browser.get(base())).statusCode).toBe(403);
    await browser.get('/');
    const posted = await browser.post(`${base()}/supporting-people/decline`, { revision: '1' });
    expect(posted.statusCode).toBe(403);
    const denied = await database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectId, person.id), eq(auditLog.outcome, 'denied')));
    expect(denied.map((entry) => entry.action)).toEqual(expect.arrayContaining(['person.read', 'plan.write']));
  });
});

describe('the direct payments API', () => {
  it('gives the same offers, states and agreement to a token the person shares with', async () => {
    const [council] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, person.areaId), eq(organisations.kind, 'county_council')));
    const { token } = await issueToken(database, council!.id, 'practitioner', 'direct payments test');
    const response = await app.inject({ method: 'GET', url: `/api/v1/people/${person.id}/plan/direct-payments`, headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { planState: string; offers: { streamCode: string; state: string; amount: { yearlyPence: number; fourWeeklyPence: number }; exception: { code: string; reasons: string } | null; agreement: { signerName: string } | null }[] };
    expect(body.planState).toBe('agreed');
    const asc = body.offers.find((offer) => offer.streamCode === 'adult-social-care')!;
    expect(asc).toMatchObject({ state: 'accepted', agreement: { signerName: 'Sam Smith' } });
    expect(asc.amount).toMatchObject(directPaymentAmount(streams.find((stream) => stream.streamCode === 'adult-social-care')!.yearlyPence));
    expect(body.offers.find((offer) => offer.streamCode === 'supporting-people')).toMatchObject({ state: 'not-offered', exception: { code: 'need-not-met', reasons: exceptionReasons }, agreement: null });
  });
});

describe('answering an offer through the API', () => {
  it('accepts with a complete agreement once, and refuses stale, inapplicable, incomplete and unconsented answers', async () => {
    // The accepted offer put back to offered, as if it had just been made, so the API can answer it afresh.
    const row = await offerRow('adult-social-care');
    await database.db
      .update(directPaymentOffers)
      .set({ state: 'offered', offer: { ...(row.offer as object), state: 'offered', agreement: null }, revision: row.revision + 1 })
      .where(and(eq(directPaymentOffers.areaId, person.areaId), eq(directPaymentOffers.id, row.id)));
    const revision = row.revision + 1;
    const council = await organisationOf(database, person.areaId, 'county_council');
    const { token } = await issueToken(database, council.id, 'practitioner', 'answering offers');
    const post = (payload: unknown, bearer = token) => app.inject({ method: 'POST', url: `/api/v1/people/${person.id}/plan/direct-payments`, headers: { authorization: `Bearer ${bearer}` }, payload: payload as object });
    const agreement = { repaymentAcknowledged: true, signedBy: { by: 'someone-else', name: 'Sam Smith', relationship: 'Brother' }, signedOn: '2026-11-01', suitablePerson: null };

    expect((await post({ action: 'accept', streamCode: 'adult-social-care', expectedRevision: revision })).statusCode).toBe(400);
    expect((await post({ action: 'decline', streamCode: 'no-such-stream', expectedRevision: 1 })).statusCode).toBe(404);
    const notOffered = await post({ action: 'decline', streamCode: 'supporting-people', expectedRevision: 1 });
    expect(notOffered.statusCode).toBe(422);
    expect(notOffered.json().detail).toContain('was not offered');

    const incomplete = await post({
      action: 'accept',
      streamCode: 'adult-social-care',
      expectedRevision: revision,
      agreement: { ...agreement, repaymentAcknowledged: false, signedOn: '2026-11-03', suitablePerson: { name: 'Sam Smith', surrogateConsent: true, consulted: true, wishesConsidered: true, enhancedCheck: false } },
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(incomplete.json().issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['/agreement/repaymentAcknowledged', '/agreement/signedOn', '/agreement/suitablePerson', '/agreement/suitablePerson/enhancedCheck']);
    expect((await post({ action: 'decline', streamCode: 'adult-social-care', expectedRevision: revision - 1 })).statusCode).toBe(409);

    const accepted = await post({ action: 'accept', streamCode: 'adult-social-care', expectedRevision: revision, agreement });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ alreadyDone: false, offer: { state: 'accepted', revision: revision + 1, agreement: { signedBy: 'someone-else', signerName: 'Sam Smith' } } });
    const retried = await post({ action: 'accept', streamCode: 'adult-social-care', expectedRevision: revision, agreement });
    expect(retried.json()).toMatchObject({ alreadyDone: true, offer: { state: 'accepted', revision: revision + 1 } });
    expect((await post({ action: 'decline', streamCode: 'adult-social-care', expectedRevision: revision + 1 })).statusCode).toBe(422);
    const events = await database.db.select({ kind: processEvents.kind }).from(processEvents).where(and(eq(processEvents.personId, person.id), eq(processEvents.kind, 'direct-payment-accepted')));
    expect(events).toHaveLength(2);

    // The broker the person stopped sharing with is refused, and the refusal is on the record.
    const broker = await organisationOf(database, person.areaId, 'user_led_organisation');
    const brokerToken = await issueToken(database, broker.id, 'broker', 'broker without consent');
    expect((await post({ action: 'decline', streamCode: 'adult-social-care', expectedRevision: revision + 1 }, brokerToken.token)).statusCode).toBe(403);
    const denied = await database.db.select({ sequence: auditLog.sequence }).from(auditLog).where(and(eq(auditLog.subjectId, person.id), eq(auditLog.action, 'plan.write'), eq(auditLog.outcome, 'denied'), eq(auditLog.actorType, 'api_token')));
    expect(denied.length).toBeGreaterThan(0);
  });

  it('is in the OpenAPI document beside the list of offers, with its refusals', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; requestBody?: unknown }>> };
    const offers = document.paths['/api/v1/people/{personId}/plan/direct-payments']!;
    expect(offers.get!.operationId).toBe('listDirectPaymentOffers');
    expect(offers.post!.operationId).toBe('answerDirectPaymentOffer');
    expect(offers.post!.requestBody).toBeDefined();
    expect(Object.keys(offers.post!.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409', '422']));
    expect(document.paths['/api/v1/areas/{areaId}/budget-reasons']!.get!.operationId).toBe('listBudgetReasons');
  });
});
