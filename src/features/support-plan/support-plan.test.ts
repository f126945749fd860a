// The support plan as a person and the people beside them use it: start once, add outcomes and items, see each
// stream's running total in words (over, left, exactly), fix an overspend, send it; a broker with consent edits and
// the version says so, one without consent is refused and audited; answers kept on error; a stale save refused; a part
// whose organisation cannot see the record is not sent; every read and change audited; and the JSON API.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPence } from '../../domain/budget/money.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, organisations, roleAssignments, supportPlans, supportPlanVersions, users } from '../../db/schema.ts';
import { FixedClock } from '../../platform/clock.ts';
import { auditWriter } from '../../records/audit.ts';
import { approverFor, decidePart, openPlan, planStreams } from '../../records/support-plans.ts';
import { TestBrowser, testApp } from '../../../test/support/app.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';
import { planVersionsSchema, supportPlanSchema } from './api.ts';
import { servicesForPlan } from './queries.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let riverton: string;
/** The Riverton budget holder shares with the county, the district council and the user-led organisation: two agencies own their money. */
let rivertonPerson: string;

async function personOf(email: string) {
  const [row] = await database.db.select({ personId: roleAssignments.personId, areaId: roleAssignments.areaId }).from(roleAssignments).innerJoin(users, eq(users.id, roleAssignments.userId)).where(eq(users.email, email));
  return row!;
}

async function organisationOf(areaId: string, kind: string) {
  const [row] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
  return row!;
}

async function signedIn(email: string) {
  const browser = new TestBrowser(app);
  expect((await browser.signIn(email, password)).statusCode).toBe(303);
  return browser;
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&pound;/g, '£')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function revisionIn(html: string): string {
  return /name="revision" value="(\d+)"/.exec(html)![1]!;
}

function formValue(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;
}

async function streamsOf(personId: string, areaId: string) {
  return planStreams(database.db, { id: personId, areaId });
}

/** An item form filled in: one hour a week at `pounds`, paid from `streamCode` as a direct payment. */
function itemForm(html: string, streamCode: string, pounds: string, what = 'Personal assistant'): Record<string, string> {
  return {
    revision: revisionIn(html),
    itemId: formValue(html, 'itemId'),
    what,
    provider: 'Sam Jones',
    delivery: 'direct-payment',
    streamCode,
    unit: 'hour',
    howOften: 'weekly',
    times: '1',
    quantity: '1',
    unitCost: pounds,
    'start-day': '1',
    'start-month': '2',
    'start-year': '2027',
  };
}

async function startedPlan(browser: TestBrowser, personId: string) {
  await browser.get(`/people/${personId}/plan`);
  const started = await browser.post(`/people/${personId}/plan`, {});
  expect(started.statusCode).toBe(303);
}

async function addItem(browser: TestBrowser, personId: string, streamCode: string, pounds: string, what?: string) {
  const form = await browser.get(`/people/${personId}/plan/items/new`);
  expect(form.statusCode).toBe(200);
  return browser.post(`/people/${personId}/plan/items/new`, itemForm(form.body, streamCode, pounds, what));
}

/** Each test starts without a plan: any earlier one is set aside, as a review would. */
async function resetPlans() {
  await database.db.update(supportPlans).set({ supersededAt: new Date() }).where(and(eq(supportPlans.personId, rivertonPerson), isNull(supportPlans.supersededAt)));
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  const demo = await seedDemo(database);
  riverton = demo.areaIds[1]!;
  rivertonPerson = (await personOf('budget.holder@riverton.example')).personId!;
}, 120_000);
afterAll(() => app.close());

describe('writing a support plan', () => {
  it('starts once, adds an outcome and items, says when a stream is over, is fixed, and is sent', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    const before = await browser.get(`/people/${rivertonPerson}/plan`);
    expect(before.statusCode).toBe(200);
    expect(text(before.body)).toContain('You decide how the money is spent. A broker, family or someone you choose can help');
    expect(before.headers['cache-control']).toContain('no-store');

    await startedPlan(browser, rivertonPerson);
    // A retry (a second click, another tab) makes no second plan.
    expect((await browser.post(`/people/${rivertonPerson}/plan`, {})).statusCode).toBe(303);
    expect(await database.db.select().from(supportPlans).where(and(eq(supportPlans.personId, rivertonPerson), isNull(supportPlans.supersededAt)))).toHaveLength(1);

    const outcomeForm = await browser.get(`/people/${rivertonPerson}/plan/outcomes/new`);
    const outcome = { revision: revisionIn(outcomeForm.body), outcomeId: formValue(outcomeForm.body, 'outcomeId'), inOwnWords: 'I want to go swimming with my friends', careActOutcomes: ['community', 'relationships'], domain: 'relationships' };
    expect((await browser.post(`/people/${rivertonPerson}/plan/outcomes/new`, outcome)).statusCode).toBe(303);
    // The same form sent twice adds the outcome once.
    expect((await browser.post(`/people/${rivertonPerson}/plan/outcomes/new`, outcome)).statusCode).toBe(303);
    expect((await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!.document.outcomes).toHaveLength(1);

    const streams = await streamsOf(rivertonPerson, riverton);
    const care = streams.find((stream) => stream.streamCode === 'adult-social-care')!;
    const housing = streams.find((stream) => stream.streamCode === 'supporting-people')!;
    expect(care && housing).toBeTruthy();
    // £10 a week more than the adult social care budget; supporting people well within its own.
    const overPence = care.weeklyPence + 1000;
    expect((await addItem(browser, rivertonPerson, 'adult-social-care', (overPence / 100).toFixed(2))).headers.location).toBe(`/people/${rivertonPerson}/plan?done=saved`);
    expect((await addItem(browser, rivertonPerson, 'supporting-people', '1.00', 'Help with bills')).statusCode).toBe(303);

    const over = text((await browser.get(`/people/${rivertonPerson}/plan?done=saved`)).body);
    expect(over).toContain('Your plan has been saved');
    const careYearly = care.yearlyPence + (care.oneOffPence ?? 0);
    expect(over).toContain(`${formatPence(overPence * 52)} a year planned of ${formatPence(careYearly)} indicative: ${formatPence(overPence * 52 - careYearly)} over`);
    const housingYearly = housing.yearlyPence + (housing.oneOffPence ?? 0);
    expect(over).toContain(`${formatPence(100 * 52)} a year planned of ${formatPence(housingYearly)} indicative: ${formatPence(housingYearly - 5200)} left`);
    expect(over).toContain(`The plan costs more than the money available for ${care.streamName}`);

    // Fixed by changing the item to cost exactly the weekly budget.
    const plan = (await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!;
    const careItem = plan.document.entries.find((entry) => entry.item.streamCode === 'adult-social-care')!.item;
    const change = await browser.get(`/people/${rivertonPerson}/plan/items/${careItem.id}`);
    expect(change.body).toContain(`value="${(overPence / 100).toFixed(2)}"`);
    expect((await browser.post(`/people/${rivertonPerson}/plan/items/${careItem.id}`, itemForm(change.body, 'adult-social-care', (care.weeklyPence / 100).toFixed(2)))).statusCode).toBe(303);
    const fixed = text((await browser.get(`/people/${rivertonPerson}/plan`)).body);
    expect(fixed).not.toContain('The plan costs more than the money available');
    expect(fixed).toContain(care.yearlyPence === careYearly ? `${formatPence(careYearly)} indicative: exactly on budget` : 'left');

    const check = await browser.get(`/people/${rivertonPerson}/plan/send`);
    expect(check.statusCode).toBe(200);
    expect(text(check.body)).toContain((await organisationOf(riverton, 'county_council')).name);
    const sent = await browser.post(`/people/${rivertonPerson}/plan/send`, { revision: revisionIn(check.body) });
    expect(sent.headers.location).toBe(`/people/${rivertonPerson}/plan?done=sent`);
    const after = (await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!;
    expect(after.state).toBe('submitted');
    expect(after.signOff.parts.map((part) => part.streamCode).sort()).toEqual(['adult-social-care', 'supporting-people']);
    const page = text((await browser.get(`/people/${rivertonPerson}/plan`)).body);
    expect(page).toContain('Sent for approval');
    expect(page).toContain('This part: waiting for approval');

    // Sending again, unchanged, is refused with the reason and nothing lost.
    const again = await browser.get(`/people/${rivertonPerson}/plan/send`);
    const twice = await browser.post(`/people/${rivertonPerson}/plan/send`, { revision: revisionIn(await (await browser.get(`/people/${rivertonPerson}/plan/about`)).body) });
    expect(text(again.body)).toContain('already with the approvers and has not changed');
    expect(twice.statusCode).toBe(400);
    expect(text(twice.body)).toContain('There is a problem');
  });

  it('lets the Riverton broker, who has consent, change the plan, and the version says so', async () => {
    await resetPlans();
    await startedPlan(await signedIn('budget.holder@riverton.example'), rivertonPerson);
    const broker = await signedIn('broker@riverton.example');
    const form = await broker.get(`/people/${rivertonPerson}/plan/about`);
    expect(form.statusCode).toBe(200);
    const saved = await broker.post(`/people/${rivertonPerson}/plan/about`, { revision: revisionIn(form.body), ifThingsGoWrong: 'Call my sister Jo first', writtenWith: ['self', 'broker'] });
    expect(saved.statusCode).toBe(303);
    const [latest] = await database.db.select().from(supportPlanVersions).innerJoin(supportPlans, eq(supportPlans.id, supportPlanVersions.planId)).where(and(eq(supportPlans.personId, rivertonPerson), isNull(supportPlans.supersededAt))).orderBy(desc(supportPlanVersions.version)).limit(1);
    expect(latest!.support_plan_versions.writtenAs).toBe('broker');
    const versions = text((await signedIn('budget.holder@riverton.example').then((browser) => browser.get(`/people/${rivertonPerson}/plan/versions`))).body);
    expect(versions).toContain('as a support broker');
    expect(versions).toContain('Changed what to do if things go wrong');
    expect(versions).toContain('Version 1');
  });

  it('refuses a broker without consent, audited, and refuses again once consent is withdrawn', async () => {
    await resetPlans();
    await startedPlan(await signedIn('budget.holder@riverton.example'), rivertonPerson);
    const broker = await signedIn('broker@riverton.example');
    const ulo = await organisationOf(riverton, 'user_led_organisation');
    // The person withdraws consent on the sharing page.
    const holder = await signedIn('budget.holder@riverton.example');
    await holder.get(`/people/${rivertonPerson}/sharing/${ulo.id}`);
    expect((await holder.post(`/people/${rivertonPerson}/sharing/${ulo.id}`, { change: 'withdraw' })).statusCode).toBe(303);
    expect((await broker.get(`/people/${rivertonPerson}/plan`)).statusCode).toBe(403);
    const refused = await broker.post(`/people/${rivertonPerson}/plan/about`, { revision: '1', ifThingsGoWrong: 'x' });
    expect(refused.statusCode).toBe(403);
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, rivertonPerson), eq(auditLog.action, 'plan.write'), eq(auditLog.outcome, 'denied'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(entry).toBeDefined();
    // Given again, the broker is back.
    await holder.get(`/people/${rivertonPerson}/sharing/${ulo.id}`);
    expect((await holder.post(`/people/${rivertonPerson}/sharing/${ulo.id}`, { change: 'give' })).statusCode).toBe(303);
    expect((await broker.get(`/people/${rivertonPerson}/plan`)).statusCode).toBe(200);
  });

  it('keeps every answer when an item has mistakes, with each message next to its field', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    await startedPlan(browser, rivertonPerson);
    const form = await browser.get(`/people/${rivertonPerson}/plan/items/new`);
    const wrong = await browser.post(`/people/${rivertonPerson}/plan/items/new`, { ...itemForm(form.body, 'adult-social-care', '12.345', 'Cleaner'), 'start-month': '13', howOften: '' });
    expect(wrong.statusCode).toBe(400);
    const page = text(wrong.body);
    expect(page).toContain('There is a problem');
    expect(page).toContain('Enter an amount to the nearest penny');
    expect(page).toContain('Select how often it happens');
    expect(page).toContain('The start date must be a real date');
    expect(wrong.body).toContain('value="Cleaner"');
    expect(wrong.body).toContain('value="12.345"');
    expect(wrong.body).toContain('href="#start-day"');
    expect(wrong.body).toMatch(/id="unitCost-error"/);
    expect((await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!.document.entries).toHaveLength(0);
  });

  it('refuses a save made on a plan that changed since, showing the current plan, never a server error', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    await startedPlan(browser, rivertonPerson);
    const stale = await browser.get(`/people/${rivertonPerson}/plan/about`);
    const other = await signedIn('broker@riverton.example');
    const form = await other.get(`/people/${rivertonPerson}/plan/about`);
    expect((await other.post(`/people/${rivertonPerson}/plan/about`, { revision: revisionIn(form.body), ifThingsGoWrong: 'Ring the office' })).statusCode).toBe(303);
    const conflict = await browser.post(`/people/${rivertonPerson}/plan/about`, { revision: revisionIn(stale.body), ifThingsGoWrong: 'Ring my sister' });
    expect(conflict.statusCode).toBe(409);
    expect(text(conflict.body)).toContain('Someone else changed this plan while you had it open');
    expect(text(conflict.body)).toContain('Ring the office');
    expect((await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!.document.ifThingsGoWrong).toBe('Ring the office');
  });

  it('will not send a part to an organisation that cannot see the record, and names it', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    const housing = (await streamsOf(rivertonPerson, riverton)).find((stream) => stream.streamCode === 'supporting-people')!;
    // The person stops sharing with the organisation that agrees the supporting people part.
    const owner = housing.owningOrganisationId!;
    await browser.get(`/people/${rivertonPerson}/sharing/${owner}`);
    expect((await browser.post(`/people/${rivertonPerson}/sharing/${owner}`, { change: 'withdraw' })).statusCode).toBe(303);
    const active = await database.db.select().from(consents).where(and(eq(consents.personId, rivertonPerson), eq(consents.organisationId, owner), isNull(consents.revokedAt)));
    expect(active).toHaveLength(0);
    await startedPlan(browser, rivertonPerson);
    // Nothing costed yet: refused.
    const empty = await browser.get(`/people/${rivertonPerson}/plan/send`);
    expect(text(empty.body)).toContain('Add at least one item with a cost');
    expect((await addItem(browser, rivertonPerson, 'supporting-people', '5.00', 'Tenancy support')).statusCode).toBe(303);
    const check = await browser.get(`/people/${rivertonPerson}/plan/send`);
    const refused = await browser.post(`/people/${rivertonPerson}/plan/send`, { revision: revisionIn((await browser.get(`/people/${rivertonPerson}/plan/about`)).body) });
    expect(refused.statusCode).toBe(400);
    for (const page of [check.body, refused.body]) {
      expect(text(page)).toContain(`${housing.owningOrganisationName} agrees the Supporting People part`);
      expect(text(page)).toContain('you have not shared it with them');
      expect(page).toContain(`/people/${rivertonPerson}/sharing/${owner}`);
    }
    expect((await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!.state).toBe('draft');
    await browser.get(`/people/${rivertonPerson}/sharing/${owner}`);
    expect((await browser.post(`/people/${rivertonPerson}/sharing/${owner}`, { change: 'give' })).statusCode).toBe(303);
  });

  it('starts an item from a service in the catalogue, with its name, unit and today’s price filled in', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    await startedPlan(browser, rivertonPerson);
    const codes = (await streamsOf(rivertonPerson, riverton)).map((stream) => stream.streamCode);
    const [service] = await servicesForPlan(database.db, riverton, codes, new Date().toISOString().slice(0, 10));
    expect(service).toBeDefined();
    const page = await browser.get(`/people/${rivertonPerson}/plan/items/new?service=${service!.id}`);
    expect(page.statusCode).toBe(200);
    const escaped = service!.name.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
    expect(page.body).toContain(`name="what" type="text" value="${escaped}"`);
    expect(page.body).toContain(`value="${formatPence(service!.cost.unitCostPence).replace('£', '')}"`);
    expect(page.body).toMatch(new RegExp(`name="unit" type="radio" value="${service!.unit}" checked`));
    // A service that is not in the list is simply not used.
    expect((await browser.get(`/people/${rivertonPerson}/plan/items/new?service=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(200);
  });

  it('shows a part sent back with the approver’s reason and what to do next, and sends only that part again', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    await startedPlan(browser, rivertonPerson);
    expect((await addItem(browser, rivertonPerson, 'adult-social-care', '10.00')).statusCode).toBe(303);
    const check = await browser.get(`/people/${rivertonPerson}/plan/send`);
    expect((await browser.post(`/people/${rivertonPerson}/plan/send`, { revision: revisionIn(check.body) })).statusCode).toBe(303);
    const person = { id: rivertonPerson, areaId: riverton };
    const plan = (await openPlan(database.db, person))!;
    const streams = await streamsOf(rivertonPerson, riverton);
    const [approverUser] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'approver@riverton.example'));
    const approver = (await approverFor(database.db, approverUser!.id, streams.find((stream) => stream.streamCode === 'adult-social-care')!.owningOrganisationId!))!;
    const audit = auditWriter({ type: 'user', id: approverUser!.id, route: null, method: null, requestId: 'plan-return' }, new FixedClock(new Date().toISOString()));
    const returned = await decidePart(database.db, person, plan.id, plan.revision, approver, { kind: 'return', streamCode: 'adult-social-care', reason: 'Say which days the assistant comes' }, streams, { userId: approver.id, now: new Date(), audit });
    expect(returned.ok).toBe(true);
    const page = text((await browser.get(`/people/${rivertonPerson}/plan`)).body);
    expect(page).toContain('Some parts have been sent back to you to change');
    expect(page).toContain('They said: “Say which days the assistant comes”');
    expect(page).toContain('What to do next: change the support paid from Adult Social Care, then check the plan and send it again');
    const again = await browser.get(`/people/${rivertonPerson}/plan/send`);
    expect(text(again.body)).toContain('the parts you changed and the parts sent back go to the approvers again');
    expect((await browser.post(`/people/${rivertonPerson}/plan/send`, { revision: revisionIn(again.body) })).statusCode).toBe(303);
    expect((await openPlan(database.db, person))!.signOff.parts[0]!.state).toBe('awaiting-approval');
  });

  it('stops an item on its last day, keeps it in the history, and asks again for a date that is not real', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    await startedPlan(browser, rivertonPerson);
    expect((await addItem(browser, rivertonPerson, 'adult-social-care', '10.00', 'Gardening help')).statusCode).toBe(303);
    const [entry] = (await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!.document.entries;
    const form = await browser.get(`/people/${rivertonPerson}/plan/items/${entry!.item.id}/stop`);
    expect(form.statusCode).toBe(200);
    const wrong = await browser.post(`/people/${rivertonPerson}/plan/items/${entry!.item.id}/stop`, { revision: revisionIn(form.body), 'lastDay-day': '31', 'lastDay-month': '2', 'lastDay-year': '2027' });
    expect(wrong.statusCode).toBe(400);
    expect(text(wrong.body)).toContain('The last day must be a real date');
    expect(wrong.body).toContain('href="#lastDay-day"');
    const stopped = await browser.post(`/people/${rivertonPerson}/plan/items/${entry!.item.id}/stop`, { revision: revisionIn(form.body), 'lastDay-day': '28', 'lastDay-month': '2', 'lastDay-year': '2027' });
    expect(stopped.statusCode).toBe(303);
    const plan = (await openPlan(database.db, { id: rivertonPerson, areaId: riverton }))!;
    expect(plan.document.entries[0]).toMatchObject({ closedBecause: 'removed', item: { endDate: '2027-02-28' } });
    expect(text((await browser.get(`/people/${rivertonPerson}/plan`)).body)).not.toContain('Gardening help');
    expect(text((await browser.get(`/people/${rivertonPerson}/plan/versions`)).body)).toContain('Stopped Gardening help: the last day is 28 February 2027');
    // Sent twice: nothing more happens.
    expect((await browser.post(`/people/${rivertonPerson}/plan/items/${entry!.item.id}/stop`, { revision: revisionIn(form.body), 'lastDay-day': '28', 'lastDay-month': '2', 'lastDay-year': '2027' })).statusCode).toBe(303);
  });

  it('writes an audit entry for every read and every change', async () => {
    await resetPlans();
    const browser = await signedIn('budget.holder@riverton.example');
    const count = async (action: string) => (await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, rivertonPerson), eq(auditLog.action, action)))).length;
    const reads = await count('person.read');
    await browser.get(`/people/${rivertonPerson}/plan`);
    await browser.get(`/people/${rivertonPerson}/plan/versions`);
    expect(await count('person.read')).toBe(reads + 2);
    const writes = await count('plan.write');
    const starts = await count('plan.start');
    await startedPlan(browser, rivertonPerson);
    expect(await count('plan.write')).toBeGreaterThan(writes);
    expect(await count('plan.start')).toBe(starts + 1);
    const changes = await count('plan.change');
    const form = await browser.get(`/people/${rivertonPerson}/plan/about`);
    await browser.post(`/people/${rivertonPerson}/plan/about`, { revision: revisionIn(form.body), ifThingsGoWrong: 'Call the office' });
    expect(await count('plan.change')).toBe(changes + 1);
  });

  it('shows staff the plan’s process measures, and not the person', async () => {
    await resetPlans();
    await startedPlan(await signedIn('budget.holder@riverton.example'), rivertonPerson);
    const staff = text((await (await signedIn('practitioner@riverton.example')).get(`/people/${rivertonPerson}/plan`)).body);
    expect(staff).toContain('Hand-offs from one person or team to another');
    const own = text((await (await signedIn('budget.holder@riverton.example')).get(`/people/${rivertonPerson}/plan`)).body);
    expect(own).not.toContain('Hand-offs');
  });
});

describe('the support plan API', () => {
  const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });

  it('starts, reads, changes and sends a plan, refusing a stale revision and a broken rule', async () => {
    await resetPlans();
    const council = await organisationOf(riverton, 'county_council');
    const { token } = await issueToken(database, council.id, 'practitioner', 'plan test');
    const base = `/api/v1/people/${rivertonPerson}/plan`;
    expect(supportPlanSchema.parse((await call('GET', base, token)).json()).plan).toBeNull();
    const started = supportPlanSchema.parse((await call('POST', base, token)).json());
    expect(started.plan!.state).toBe('draft');
    const again = supportPlanSchema.parse((await call('POST', base, token)).json());
    expect(again.plan!.id).toBe(started.plan!.id);

    const care = (await streamsOf(rivertonPerson, riverton)).find((stream) => stream.streamCode === 'adult-social-care')!;
    const item = { id: '6f0d3f51-0f2b-4f7e-9d7e-2d1a2b3c4d5e', what: 'Support worker', provider: 'Acme Care', unit: 'hour', frequency: { kind: 'weekly', timesPerWeek: 2, unitsEachTime: 150 }, unitCostPence: 2000, startDate: '2027-02-01', endDate: null, streamCode: 'adult-social-care', delivery: 'direct-payment', outcomeIds: [] };
    const changed = await call('POST', `${base}/changes`, token, { expectedRevision: started.plan!.revision, changes: [{ kind: 'add-item', item }] });
    expect(changed.statusCode).toBe(200);
    const body = supportPlanSchema.parse(changed.json());
    expect(body.plan!.items[0]).toMatchObject({ weeklyPence: 6000, yearlyPence: 312_000 });
    const total = body.plan!.totals.find((entry) => entry.streamCode === 'adult-social-care')!;
    expect(total.differencePence).toBe(312_000 - (care.yearlyPence + (care.oneOffPence ?? 0)));

    const stale = await call('POST', `${base}/changes`, token, { expectedRevision: started.plan!.revision, changes: [{ kind: 'set-if-things-go-wrong', text: 'Call me' }] });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const broken = await call('POST', `${base}/changes`, token, { expectedRevision: body.plan!.revision, changes: [{ kind: 'add-item', item: { ...item, id: '7f0d3f51-0f2b-4f7e-9d7e-2d1a2b3c4d5e', streamCode: 'access-to-work' } }] });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().issues[0].path).toBe('streamCode');
    const badBody = await call('POST', `${base}/changes`, token, { expectedRevision: 'one', changes: [] });
    expect(badBody.statusCode).toBe(400);

    const sent = await call('POST', `${base}/submit`, token, { expectedRevision: body.plan!.revision });
    expect(sent.statusCode).toBe(200);
    expect(supportPlanSchema.parse(sent.json()).plan!.parts).toEqual([expect.objectContaining({ streamCode: 'adult-social-care', state: 'awaiting-approval' })]);
    const versions = planVersionsSchema.parse((await call('GET', `${base}/versions`, token)).json());
    expect(versions.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(versions.versions[0]!.writtenAs).toBe('practitioner');
  });

  it('refuses to send a part whose organisation cannot see the record', async () => {
    await resetPlans();
    const broker = await organisationOf(riverton, 'user_led_organisation');
    const housing = (await streamsOf(rivertonPerson, riverton)).find((stream) => stream.streamCode === 'supporting-people')!;
    expect(housing.owningOrganisationId).not.toBe(broker.id);
    const { token } = await issueToken(database, broker.id, 'broker', 'plan test');
    await database.db.update(consents).set({ revokedAt: new Date() }).where(and(eq(consents.personId, rivertonPerson), eq(consents.organisationId, housing.owningOrganisationId!), isNull(consents.revokedAt)));
    const base = `/api/v1/people/${rivertonPerson}/plan`;
    const started = supportPlanSchema.parse((await call('POST', base, token)).json());
    const item = { id: '8f0d3f51-0f2b-4f7e-9d7e-2d1a2b3c4d5e', what: 'Tenancy support', provider: 'Housing team', unit: 'session', frequency: { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 }, unitCostPence: 500, startDate: '2027-02-01', endDate: null, streamCode: 'supporting-people', delivery: 'arranged-by-agency', outcomeIds: [] };
    const changed = supportPlanSchema.parse((await call('POST', `${base}/changes`, token, { expectedRevision: started.plan!.revision, changes: [{ kind: 'add-item', item }] })).json());
    const refused = await call('POST', `${base}/submit`, token, { expectedRevision: changed.plan!.revision });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().issues[0].message).toContain(`${housing.owningOrganisationName} agrees the Supporting People part`);
    expect(refused.json().issues[0].message).toContain('you have not shared it with them');
    const versions = planVersionsSchema.parse((await call('GET', `${base}/versions`, token)).json());
    expect(versions.versions[0]!.writtenAs).toBe('broker');
    await database.db.insert(consents).values({ areaId: riverton, personId: rivertonPerson, organisationId: housing.owningOrganisationId! });
  });
});
