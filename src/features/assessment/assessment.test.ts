// The self-assessment journey through the real pages: start, answer sections (with their error messages), save and
// come back later, follow-up questions without JavaScript, check your answers, submit once however often it is sent.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QuestionSet } from '../../domain/assessment/question-set.ts';
import { upFrontAmounts } from '../../domain/budget/up-front.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { assessments, auditLog, consents, eligibilityDecisions, indicativeBudgets, organisations, people, processEvents, roleAssignments, users } from '../../db/schema.ts';
import { TestBrowser, testApp, testConfig } from '../../../test/support/app.ts';
import { password, seedDemo } from '../../../test/support/demo.ts';
import { configurationById, configurationInForce } from '../../records/configuration-store.ts';
import { startAssessment, storedAnswers } from './assessment-service.ts';
import { completeAssessment } from './submission.ts';
import { answerEverything, answerSection, clearAssessments, formAnswers, shownOn } from '../../../test/support/assessment-journey.ts';
import { systemClock } from '../../platform/clock.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let personId: string;
let areaId: string;

async function budgetHolderPersonId() {
  const [row] = await database.db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.email, 'budget.holder@northshire.example'));
  return row!.personId!;
}

async function signedIn(email = 'budget.holder@northshire.example') {
  const browser = new TestBrowser(app);
  await browser.signIn(email, password);
  return browser;
}

async function personAssessments() {
  return database.db.select().from(assessments).where(eq(assessments.personId, personId)).orderBy(assessments.startedAt);
}

async function inProgressAnswers() {
  const rows = await personAssessments();
  return storedAnswers(rows.find((row) => row.status === 'in progress')?.answers);
}

beforeAll(async () => {
  // Every test here signs in from the same address within a minute or so; the sign-in rate limit has its own tests.
  ({ app, database } = await testApp({ login: { ...testConfig().login, rateLimitPerMinute: 1000 } }));
});
afterAll(() => app.close());

beforeEach(async () => {
  await seedDemo(database);
  personId = await budgetHolderPersonId();
  const [person] = await database.db.select().from(people).where(eq(people.id, personId));
  areaId = person!.areaId;
  // The demo may give people an assessment already; these tests start from a person who has none.
  await clearAssessments(database, personId);
});

describe('starting the self-assessment', () => {
  it('offers a start button, then starts once on the question set in force, recording the event once', async () => {
    const browser = await signedIn();
    const page = await browser.get(`/people/${personId}/assessment`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Start your self-assessment');
    const first = await browser.post(`/people/${personId}/assessment/start`, {});
    expect(first.statusCode).toBe(303);
    // A double click or a retry does not start a second one.
    await browser.post(`/people/${personId}/assessment/start`, {});
    const rows = await personAssessments();
    expect(rows).toHaveLength(1);
    const inForce = await configurationInForce(database.db, areaId, systemClock.today());
    expect(rows[0]).toMatchObject({ status: 'in progress', questionSetId: inForce!.questionSet.id, areaId });
    const events = await database.db.select().from(processEvents).where(and(eq(processEvents.personId, personId), eq(processEvents.kind, 'assessment-started')));
    expect(events.map((event) => event.dedupeKey)).toEqual([`assessment-started:${rows[0]!.id}`]);

    const taskList = await browser.get(`/people/${personId}/assessment`);
    expect(taskList.body).toContain('govuk-task-list');
    expect(taskList.body).toContain('Not yet started');
    expect(taskList.body).toContain('Illustrative');
    expect(taskList.body).toContain('Questions version 1');
    expect(taskList.body).toContain('You can do this when every section is completed');
    expect(taskList.body).not.toContain(`href="/people/${personId}/assessment/check"`);
  });
});

describe('answering a section', () => {
  it('explains each kind of bad answer next to its field, keeps what was typed, and saves every valid answer', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    // Work, page 1: single choice, and after "in work" a yes-no, then numbers (hours and pounds).
    // The follow-ups are left blank, so the page stops on them: everything before them is saved.
    expect((await answerSection(browser, personId, 'work', { 'work-status': 'in-work', 'work-support-needed': 'yes' })).statusCode).toBe(400);
    const page = await browser.get(`/people/${personId}/assessment/sections/work`);
    expect(shownOn(page.body)).toEqual(['work-status', 'work-support-needed', 'work-support-worker-hours', 'work-equipment-cost']);
    expect(await inProgressAnswers()).toMatchObject({ 'work-status': 'in-work', 'work-support-needed': true });
    const response = await browser.post(`/people/${personId}/assessment/sections/work`, {
      _shown: shownOn(page.body).join(' '),
      action: 'continue',
      'work-status': 'in-work',
      'work-support-needed': 'yes',
      'work-support-worker-hours': 'lots',
      'work-equipment-cost': '12.505',
    });
    expect(response.statusCode).toBe(400);
    const body = response.body;
    expect(body).toContain('There is a problem');
    expect(body).toContain('Enter how many hours a week as a number, like 7.5');
    expect(body).toContain('Enter the amount to the nearest penny, like 1,200');
    expect(body).toContain('href="#work-support-worker-hours"');
    expect(body).toContain('id="work-support-worker-hours-error"');
    expect(body).toContain('value="lots"');
    expect(body).toContain('value="12.505"');
    expect(body).toMatch(/<title>Error: /);

    // Page 2: an amount too large is explained, and the other answer on the page is saved all the same.
    const second = await browser.get(`/people/${personId}/assessment/sections/work?page=2`);
    expect(shownOn(second.body)).toEqual(['work-travel-cost', 'employer-size']);
    const tooMuch = await browser.post(`/people/${personId}/assessment/sections/work?page=2`, {
      _shown: shownOn(second.body).join(' '),
      action: 'continue',
      'work-travel-cost': '6000',
      'employer-size': 'under-50',
    });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.body).toContain('The amount must be £5,000 or less');
    expect(tooMuch.body).toContain('value="6000"');
    expect(tooMuch.body).toContain('The other answers on this page are saved');
    expect(await inProgressAnswers()).toMatchObject({ 'employer-size': 'under-50' });
    expect(await inProgressAnswers()).not.toHaveProperty('work-travel-cost');
  });

  it('takes amounts in pounds and pence, with or without a £ sign, and keeps them to the penny', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    await answerSection(browser, personId, 'work', { ...formAnswers.work, 'work-equipment-cost': '1,200.99', 'work-travel-cost': '£25.50' });
    expect(await inProgressAnswers()).toMatchObject({ 'work-equipment-cost': 1200.99, 'work-travel-cost': 25.5 });
    const check = await browser.get(`/people/${personId}/assessment/check`);
    expect(check.body).toContain('£25.50 a week');
    expect(check.body).toContain('£1,200.99');
  });

  it('explains a missing yes-or-no, a missing choice, unticked boxes and an overlong text', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    await answerSection(browser, personId, 'about-you', { impairment: 'yes', 'impairment-kind': ['physical'], fluctuating: 'no' });
    const aboutYou = await browser.get(`/people/${personId}/assessment/sections/about-you`);
    const missing = await browser.post(`/people/${personId}/assessment/sections/about-you`, { _shown: shownOn(aboutYou.body).join(' '), action: 'continue', impairment: 'yes' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the kind of impairment or illness you have');
    expect(missing.body).toContain('Select yes if your needs change from day to day or week to week');
    const noChoice = await browser.post(`/people/${personId}/assessment/sections/about-you`, { _shown: 'impairment', action: 'continue', impairment: 'maybe' });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Select yes if you have a physical or mental impairment or illness');

    const existing = await browser.get(`/people/${personId}/assessment/sections/existing-support`);
    const long = await browser.post(`/people/${personId}/assessment/sections/existing-support`, { _shown: shownOn(existing.body).join(' '), action: 'continue', 'ilf-award': 'no', 'anything-else': 'x'.repeat(5001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Your answer must be 5,000 characters or fewer');
    const daily = await browser.get(`/people/${personId}/assessment/sections/daily-living`);
    const unchosen = await browser.post(`/people/${personId}/assessment/sections/daily-living`, { _shown: shownOn(daily.body).join(' '), action: 'continue' });
    expect(unchosen.statusCode).toBe(400);
    expect(unchosen.body).toContain('Select how you manage getting, making and eating food and drink');
    const dailyLater = await browser.get(`/people/${personId}/assessment/sections/daily-living?page=2`);
    const unchosenLater = await browser.post(`/people/${personId}/assessment/sections/daily-living?page=2`, { _shown: shownOn(dailyLater.body).join(' '), action: 'continue' });
    expect(unchosenLater.statusCode).toBe(400);
    expect(unchosenLater.body).toContain('Select how much these difficulties affect your wellbeing');
  });

  it('asks a follow-up on the next page load when an answer reveals it (no JavaScript needed), and drops it when the answer changes back', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    const first = await browser.get(`/people/${personId}/assessment/sections/unpaid-support`);
    expect(shownOn(first.body)).toEqual(['unpaid-support']);
    const yes = await browser.post(`/people/${personId}/assessment/sections/unpaid-support`, { _shown: 'unpaid-support', action: 'continue', 'unpaid-support': 'yes' });
    expect(yes.statusCode).toBe(303);
    expect(yes.headers.location).toBe(`/people/${personId}/assessment/sections/unpaid-support?added=1#unpaid-support-who`);
    const followUp = await browser.get(String(yes.headers.location));
    expect(followUp.body).toContain('Because of your answers, we need to ask you a bit more');
    expect(shownOn(followUp.body)).toEqual(['unpaid-support', 'unpaid-support-who', 'unpaid-support-hours', 'unpaid-support-sustainable']);
    expect(await inProgressAnswers()).toMatchObject({ 'unpaid-support': true });

    const done = await answerSection(browser, personId, 'unpaid-support', formAnswers['unpaid-support']!);
    expect(done.statusCode).toBe(303);
    expect(await inProgressAnswers()).toMatchObject({ 'unpaid-support': true, 'unpaid-support-who': ['partner'], 'unpaid-support-hours': 10, 'unpaid-support-sustainable': true });

    const no = await answerSection(browser, personId, 'unpaid-support', { 'unpaid-support': 'no', 'unpaid-support-hours': 'ignored' });
    expect(no.statusCode).toBe(303);
    const page = await browser.get(`/people/${personId}/assessment/sections/unpaid-support`);
    expect(shownOn(page.body)).toEqual(['unpaid-support']);
  });

  it('saves what is valid with "Save and come back later", and the answers are there after signing in again', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    await answerSection(browser, personId, 'about-you', formAnswers['about-you']!);
    const work = await browser.get(`/people/${personId}/assessment/sections/work`);
    const later = await browser.post(`/people/${personId}/assessment/sections/work`, { _shown: shownOn(work.body).join(' '), action: 'save', 'work-status': 'looking-for-work' });
    expect(later.statusCode).toBe(303);
    expect(later.headers.location).toBe(`/people/${personId}/assessment?saved=all`);
    expect((await browser.get(String(later.headers.location))).body).toContain('Your answers have been saved');
    expect((await browser.get(String(later.headers.location))).body).not.toMatch(/There is a problem|not saved/);
    // A wrongly typed answer is the only thing reported; the rest of the page is saved.
    const home = await browser.get(`/people/${personId}/assessment/sections/home`);
    const partly = await browser.post(`/people/${personId}/assessment/sections/home`, { _shown: shownOn(home.body).join(' '), action: 'save', 'home-adaptations-needed': 'no', 'housing-support-hours': 'a few' });
    expect(partly.statusCode).toBe(400);
    expect(partly.body).toContain('Enter how many hours a week as a number, like 3');
    expect(partly.body).toContain('The other answers on this page are saved');
    expect(partly.body).toContain('value="a few"');
    await browser.post('/sign-out', {});

    const again = await signedIn();
    const taskList = await again.get(`/people/${personId}/assessment`);
    expect(taskList.body).toMatch(/About you[\s\S]*?Completed/);
    expect(taskList.body).toMatch(/Your home[\s\S]*?In progress/);
    const workAgain = await again.get(`/people/${personId}/assessment/sections/work`);
    expect(workAgain.body).toMatch(/value="looking-for-work" checked/);
    const aboutAgain = await again.get(`/people/${personId}/assessment/sections/about-you`);
    expect(aboutAgain.body).toMatch(/value="physical" checked/);
    expect(await inProgressAnswers()).toMatchObject({ impairment: true, 'work-status': 'looking-for-work', 'home-adaptations-needed': false });
    expect(await inProgressAnswers()).not.toHaveProperty('housing-support-hours');
  });

  it('never calls a question left blank an error when saving to come back later', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    const daily = await browser.get(`/people/${personId}/assessment/sections/daily-living`);
    const nothing = await browser.post(`/people/${personId}/assessment/sections/daily-living`, { _shown: shownOn(daily.body).join(' '), action: 'save' });
    expect(nothing.statusCode).toBe(303);
    expect(nothing.headers.location).toBe(`/people/${personId}/assessment?saved=all`);
    const one = await browser.post(`/people/${personId}/assessment/sections/daily-living`, { _shown: shownOn(daily.body).join(' '), action: 'save', 'outcome-toilet': 'needs-help' });
    expect(one.headers.location).toBe(`/people/${personId}/assessment?saved=all`);
    expect(await inProgressAnswers()).toEqual({ 'outcome-toilet': 'needs-help' });
    const taskList = await browser.get(String(one.headers.location));
    expect(taskList.body).toContain('Your answers have been saved');
    expect(taskList.body).toMatch(/Day-to-day living[\s\S]*?In progress/);
  });

  it('asks a long section over pages of at most 6 questions, and goes from one page to the next', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    const first = await browser.get(`/people/${personId}/assessment/sections/daily-living`);
    expect(shownOn(first.body)).toHaveLength(6);
    expect(first.body).toContain('section 2 of 6, page 1 of 2');
    const answers = formAnswers['daily-living']!;
    const form = Object.fromEntries(shownOn(first.body).map((id) => [id, answers[id]!]));
    const onwards = await browser.post(`/people/${personId}/assessment/sections/daily-living`, { ...form, _shown: shownOn(first.body).join(' '), action: 'continue' });
    expect(onwards.headers.location).toBe(`/people/${personId}/assessment/sections/daily-living?page=2`);
    const second = await browser.get(String(onwards.headers.location));
    expect(shownOn(second.body)).toEqual(['outcome-relationships', 'outcome-work-learning', 'outcome-community', 'outcome-caring', 'wellbeing-impact', 'isolation']);
    expect(second.body).toContain(`href="/people/${personId}/assessment/sections/daily-living"`);
    expect(second.body).toContain('Back to page 1');
    expect(second.body).toContain(`action="/people/${personId}/assessment/sections/daily-living?page=2"`);
    const rest = Object.fromEntries(shownOn(second.body).map((id) => [id, answers[id]!]));
    const done = await browser.post(`/people/${personId}/assessment/sections/daily-living?page=2`, { ...rest, _shown: shownOn(second.body).join(' '), action: 'continue' });
    expect(done.headers.location).toBe(`/people/${personId}/assessment/sections/unpaid-support`);
    expect((await browser.get(`/people/${personId}/assessment/sections/daily-living?page=3`)).statusCode).toBe(404);
  });

  it('goes on to the next section still to do, and to the task list after the last', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    const response = await answerSection(browser, personId, 'about-you', formAnswers['about-you']!);
    expect(response.headers.location).toBe(`/people/${personId}/assessment/sections/daily-living`);
    const last = await answerSection(browser, personId, 'existing-support', formAnswers['existing-support']!);
    expect(last.headers.location).toBe(`/people/${personId}/assessment`);
  });
});

describe('check your answers and submit', () => {
  it('shows every answer with a change link that comes back to check your answers', async () => {
    const browser = await signedIn();
    await answerEverything(browser, personId);
    const taskList = await browser.get(`/people/${personId}/assessment`);
    expect(taskList.body).toContain(`href="/people/${personId}/assessment/check"`);
    expect(taskList.body).toContain('You have completed 6 of 6 sections');
    const check = await browser.get(`/people/${personId}/assessment/check`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Physical, including mobility, Mental health');
    expect(check.body).toContain('£1,200');
    expect(check.body).toContain('10 hours a week');
    // Each change link opens the page of the section that asks the question.
    expect(check.body).toContain(`href="/people/${personId}/assessment/sections/daily-living?returnTo=check#outcome-nutrition"`);
    expect(check.body).toContain(`href="/people/${personId}/assessment/sections/daily-living?returnTo=check&amp;page=2#isolation"`);
    const changeLink = `/people/${personId}/assessment/sections/work?returnTo=check&page=2#work-travel-cost`;
    expect(check.body).toContain(`href="${changeLink.replace('&', '&amp;')}"`);

    const section = await browser.get(changeLink.replace(/#.*/, ''));
    expect(shownOn(section.body)).toContain('work-travel-cost');
    expect(section.body).toContain('name="returnTo" value="check"');
    expect(section.body).toContain('Back to check your answers');
    const response = await browser.post(`/people/${personId}/assessment/sections/work?page=2`, { ...formAnswers.work, 'work-travel-cost': '75', _shown: shownOn(section.body).join(' '), returnTo: 'check', action: 'continue' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/people/${personId}/assessment/check`);
    expect((await browser.get(`/people/${personId}/assessment/check`)).body).toContain('£75 a week');
  });

  it('submits once: a decision per stream, the budgets worked out exactly, events once; a second submit writes nothing', async () => {
    const browser = await signedIn();
    await answerEverything(browser, personId);
    await browser.get(`/people/${personId}/assessment/check`);
    const submitted = await browser.post(`/people/${personId}/assessment/submit`, {});
    expect(submitted.statusCode).toBe(303);
    expect(submitted.headers.location).toBe(`/people/${personId}/budget?completed=1`);

    const [assessment] = await personAssessments();
    expect(assessment).toMatchObject({ status: 'completed' });
    expect(assessment!.completedAt).toBeInstanceOf(Date);
    const inForce = (await configurationInForce(database.db, areaId, systemClock.today()))!;
    const set = (await configurationById<QuestionSet>(database.db, areaId, assessment!.questionSetId))!.definition;
    const expected = upFrontAmounts({
      set,
      answers: storedAnswers(assessment!.answers),
      rules: inForce.rules.definition,
      rasTables: inForce.rasTables.map((table) => table.compiled),
      calculators: inForce.calculators.map((calculator) => calculator.definition),
    });
    const decisions = await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.assessmentId, assessment!.id));
    expect(decisions).toHaveLength(expected.length);
    for (const amount of expected) {
      expect(decisions.find((decision) => decision.streamCode === amount.streamCode)).toMatchObject({ decision: amount.eligibility.decision, reasons: amount.eligibility.reasons, rulesId: inForce.rules.id });
    }
    const budgets = await database.db.select().from(indicativeBudgets).where(eq(indicativeBudgets.personId, personId));
    const priced = expected.filter((amount) => amount.budget);
    expect(priced.length).toBeGreaterThanOrEqual(3);
    expect(budgets).toHaveLength(priced.length);
    for (const amount of priced) {
      const row = budgets.find((budget) => budget.streamCode === amount.streamCode)!;
      expect(row).toMatchObject({ weeklyPence: amount.budget!.weeklyPence, yearlyPence: amount.budget!.yearlyPence, oneOffPence: amount.budget!.oneOffPence, lines: amount.budget!.lines, supersededAt: null });
      const pricing = [...inForce.rasTables, ...inForce.calculators].find((configuration) => configuration.id === row.configurationId)!;
      expect(pricing.definition.streamCode).toBe(amount.streamCode);
    }
    const events = await database.db.select().from(processEvents).where(eq(processEvents.personId, personId));
    const kinds = (kind: string) => events.filter((event) => event.kind === kind);
    expect(kinds('assessment-completed')).toHaveLength(1);
    expect(kinds('eligibility-decided').map((event) => event.streamCode).sort()).toEqual(expected.map((amount) => amount.streamCode).sort());
    expect(kinds('indicative-budget-issued').map((event) => event.streamCode).sort()).toEqual(priced.map((amount) => amount.streamCode).sort());

    // The same submit again (a retry after a dropped connection), and the service called directly: nothing new.
    const again = await browser.post(`/people/${personId}/assessment/submit`, {});
    expect(again.headers.location).toBe(`/people/${personId}/budget?completed=1`);
    expect(await database.db.transaction((tx) => completeAssessment(tx, assessment!, systemClock.today(), systemClock.now()))).toMatchObject({ outcome: 'already-completed' });
    expect(await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.personId, personId))).toHaveLength(decisions.length);
    expect(await database.db.select().from(indicativeBudgets).where(eq(indicativeBudgets.personId, personId))).toHaveLength(budgets.length);
    expect(await database.db.select().from(processEvents).where(eq(processEvents.personId, personId))).toHaveLength(events.length);
    expect(await personAssessments()).toHaveLength(1);
  });

  it('works out the budget for an assessment marked completed without one (as generated or imported data may be)', async () => {
    const browser = await signedIn();
    await answerEverything(browser, personId);
    const [assessment] = await personAssessments();
    await database.db.update(assessments).set({ status: 'completed', completedAt: new Date('2026-01-05T10:00:00Z') }).where(eq(assessments.id, assessment!.id));
    const page = await browser.get(`/people/${personId}/assessment`);
    expect(page.body).toContain('your budget has not been worked out from them yet');
    expect(page.body).toContain('Work out your budget now');
    const response = await browser.post(`/people/${personId}/assessment/submit`, {});
    expect(response.headers.location).toBe(`/people/${personId}/budget?completed=1`);
    expect((await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.assessmentId, assessment!.id))).length).toBeGreaterThan(0);
    const [after] = await personAssessments();
    expect(after!.completedAt).toEqual(new Date('2026-01-05T10:00:00Z'));
    const done = await browser.get(`/people/${personId}/assessment`);
    expect(done.body).toContain('See your budget and how it was worked out');
    const sent = await browser.get(`/people/${personId}/assessment/check`);
    expect(sent.body).toContain('The answers that were sent');
    expect(sent.body).not.toContain('returnTo=check');
    expect(sent.body).not.toContain('Send your answers');
  });

  it('issues once when two submits race, and starts once when two starts race', async () => {
    const [first, second] = await Promise.all([
      startAssessment(database.db, { id: personId, areaId }, systemClock.now(), null),
      startAssessment(database.db, { id: personId, areaId }, systemClock.now(), null),
    ]);
    expect([first, second].filter((outcome) => outcome.ok && outcome.created)).toHaveLength(1);
    expect(await personAssessments()).toHaveLength(1);
    const browser = await signedIn();
    await answerEverything(browser, personId);
    const [assessment] = await personAssessments();
    const outcomes = await Promise.all([0, 1, 2].map(() => database.db.transaction((tx) => completeAssessment(tx, assessment!, systemClock.today(), systemClock.now()))));
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['already-completed', 'already-completed', 'completed']);
    const inForce = (await configurationInForce(database.db, areaId, systemClock.today()))!;
    expect(await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.personId, personId))).toHaveLength(inForce.rules.definition.rules.length);
    const current = await database.db.select().from(indicativeBudgets).where(and(eq(indicativeBudgets.personId, personId), isNull(indicativeBudgets.supersededAt)));
    expect(new Set(current.map((budget) => budget.streamCode)).size).toBe(current.length);
  });

  it('refuses to submit with questions unanswered, listing each with a link to its section', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    await answerSection(browser, personId, 'about-you', formAnswers['about-you']!);
    await browser.get(`/people/${personId}/assessment/check`);
    const response = await browser.post(`/people/${personId}/assessment/submit`, {});
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Answer “Can you manage getting, making and eating food and drink without help?”');
    expect(response.body).toContain(`href="/people/${personId}/assessment/sections/daily-living?returnTo=check#outcome-nutrition"`);
    expect(response.body).toContain(`href="/people/${personId}/assessment/sections/daily-living?returnTo=check&amp;page=2#isolation"`);
    expect(await database.db.select().from(eligibilityDecisions).where(eq(eligibilityDecisions.personId, personId))).toHaveLength(0);
    expect((await personAssessments())[0]).toMatchObject({ status: 'in progress' });
  });

  it('after a changed answer issues a new budget and keeps the old one, superseded', async () => {
    const browser = await signedIn();
    await answerEverything(browser, personId);
    await browser.get(`/people/${personId}/assessment/check`);
    await browser.post(`/people/${personId}/assessment/submit`, {});
    const first = await database.db.select().from(indicativeBudgets).where(eq(indicativeBudgets.personId, personId));

    const done = await browser.get(`/people/${personId}/assessment`);
    expect(done.body).toContain('Update your answers');
    await browser.post(`/people/${personId}/assessment/start`, {});
    const rows = await personAssessments();
    expect(rows).toHaveLength(2);
    // The new assessment starts from the answers sent last time.
    expect(storedAnswers(rows[1]!.answers)).toEqual(storedAnswers(rows[0]!.answers));
    await answerSection(browser, personId, 'home', { ...formAnswers.home, 'housing-support-hours': '6' }, { returnTo: 'check' });
    await browser.get(`/people/${personId}/assessment/check`);
    await browser.post(`/people/${personId}/assessment/submit`, {});

    const all = await database.db.select().from(indicativeBudgets).where(eq(indicativeBudgets.personId, personId));
    expect(all).toHaveLength(first.length * 2);
    const old = all.filter((budget) => first.some((row) => row.id === budget.id));
    expect(old.every((budget) => budget.supersededAt instanceof Date)).toBe(true);
    const current = all.filter((budget) => budget.supersededAt === null);
    expect(current.every((budget) => budget.assessmentId === rows[1]!.id)).toBe(true);
    const housing = (list: typeof all) => list.find((budget) => budget.streamCode === 'supporting-people')!.weeklyPence;
    expect(housing(current)).toBe(housing(old) * 2);
    expect((await personAssessments()).map((row) => row.status)).toEqual(['completed', 'completed']);
  });

  it('supersedes the budget of a stream the person is no longer eligible for, issuing none in its place', async () => {
    const browser = await signedIn();
    await answerEverything(browser, personId);
    await browser.get(`/people/${personId}/assessment/check`);
    await browser.post(`/people/${personId}/assessment/submit`, {});
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    await answerSection(browser, personId, 'home', { ...formAnswers.home, 'housing-support-hours': '0' });
    await browser.get(`/people/${personId}/assessment/check`);
    await browser.post(`/people/${personId}/assessment/submit`, {});
    const current = await database.db
      .select()
      .from(indicativeBudgets)
      .where(and(eq(indicativeBudgets.personId, personId), eq(indicativeBudgets.streamCode, 'supporting-people'), isNull(indicativeBudgets.supersededAt)));
    expect(current).toHaveLength(0);
  });
});

describe('who may see and change the assessment', () => {
  it('gives a practitioner of another area, or of an agency without consent, 403 on every page, and audits it', async () => {
    const [district] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, 'district_council')));
    await database.db.update(consents).set({ revokedAt: new Date() }).where(and(eq(consents.personId, personId), eq(consents.organisationId, district!.id)));
    for (const email of ['practitioner@riverton.example', 'housing.officer@northshire.example']) {
      const browser = await signedIn(email);
      await browser.get('/');
      const [user] = await database.db.select().from(users).where(eq(users.email, email));
      for (const path of ['', '/sections/about-you', '/check']) {
        expect((await browser.get(`/people/${personId}/assessment${path}`)).statusCode, `${email} ${path}`).toBe(403);
      }
      for (const path of ['/start', '/sections/about-you', '/submit']) {
        expect((await browser.post(`/people/${personId}/assessment${path}`, { impairment: 'yes', _shown: 'impairment' })).statusCode, `${email} POST ${path}`).toBe(403);
      }
      const denied = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, personId), eq(auditLog.actorId, user!.id), eq(auditLog.outcome, 'denied'), inArray(auditLog.action, ['person.read', 'person.change'])));
      expect(denied.length).toBeGreaterThanOrEqual(6);
    }
    expect(await personAssessments()).toHaveLength(0);
  });

  it('lets the county council practitioner answer for the person, and audits each read and change', async () => {
    const browser = await signedIn('practitioner@northshire.example');
    await browser.get('/');
    const page = await browser.get(`/people/${personId}/assessment`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Self-assessment for');
    await answerEverything(browser, personId);
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    const changes = await database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, personId), eq(auditLog.actorId, user!.id), eq(auditLog.action, 'person.change'), eq(auditLog.outcome, 'allowed')));
    expect(changes.length).toBeGreaterThanOrEqual(7);
    expect((await personAssessments())[0]).toMatchObject({ startedByUserId: user!.id });
  });

  it('speaks to staff about the person by name, and to the person as "you"', async () => {
    const [person] = await database.db.select().from(people).where(eq(people.id, personId));
    const name = `${person!.givenName} ${person!.familyName}`;
    const staff = await signedIn('practitioner@northshire.example');
    await staff.get('/');
    const notStarted = await staff.get(`/people/${personId}/assessment`);
    expect(notStarted.body).toContain(`Self-assessment for ${name}`);
    expect(notStarted.body).not.toContain('Tell us about your life');
    await answerEverything(staff, personId);
    const taskList = await staff.get(`/people/${personId}/assessment`);
    expect(taskList.body).toContain(`${name} has completed 6 of 6 sections`);
    const check = await staff.get(`/people/${personId}/assessment/check`);
    expect(check.body).toContain('Now send the answers');
    expect(check.body).not.toContain('Send your answers');
    await staff.post(`/people/${personId}/assessment/submit`, {});
    const staffBudget = await staff.get(`/people/${personId}/budget?completed=1`);
    expect(staffBudget.body).toContain(`${name}’s self-assessment has been sent`);
    const staffDone = await staff.get(`/people/${personId}/assessment`);
    expect(staffDone.body).toContain(`${name} has finished their self-assessment`);
    expect(staffDone.body).not.toMatch(/You have finished|your budget/i);

    const own = await signedIn();
    const ownDone = await own.get(`/people/${personId}/assessment`);
    expect(ownDone.body).toContain('You have finished your self-assessment');
    expect(ownDone.body).toContain('See your budget');
    expect((await own.get(`/people/${personId}/budget?completed=1`)).body).toContain('Your self-assessment has been sent');
  });

  it('answers 404 for bad or unknown ids and sections, and never 5xx for junk', async () => {
    const browser = await signedIn();
    await browser.get(`/people/${personId}/assessment`);
    await browser.post(`/people/${personId}/assessment/start`, {});
    for (const path of ['/people/not-a-uuid/assessment', '/people/00000000-0000-4000-8000-000000000000/assessment', `/people/${personId}/assessment/sections/no-such-section`, `/people/${personId}/assessment/sections/Bad%20Id`]) {
      expect((await browser.get(path)).statusCode, path).toBe(404);
    }
    await browser.get(`/people/${personId}/assessment/sections/about-you`);
    const junk: Record<string, string | string[]>[] = [
      {},
      { _shown: 'impairment impairment-kind fluctuating nope', impairment: ['yes', 'no'], 'impairment-kind': ['zzz'], fluctuating: '<script>' },
      { _shown: ['a', 'b'], action: ['save', 'continue'], returnTo: ['check', 'x'] },
      { __proto__: 'x', constructor: 'y', _shown: '__proto__ constructor' },
    ];
    for (const body of junk) {
      const response = await browser.post(`/people/${personId}/assessment/sections/about-you`, body);
      expect(response.statusCode, JSON.stringify(body)).toBeLessThan(500);
    }
    const work = await browser.get(`/people/${personId}/assessment/sections/work`);
    const numbers = await browser.post(`/people/${personId}/assessment/sections/work`, { _shown: shownOn(work.body).join(' '), 'work-status': 'in-work', 'work-support-needed': 'yes', 'work-support-worker-hours': '1e309', 'work-equipment-cost': '-£5', 'work-travel-cost': '9'.repeat(400) });
    expect(numbers.statusCode).toBeLessThan(500);
  });
});
