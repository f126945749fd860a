// The support plan in a real browser with JavaScript off: the Riverton budget holder starts a plan and adds an outcome
// (a mistake first), their support broker adds support on two funding streams, going over on one, and is told so in
// words; the broker fixes it, and the person checks the plan and sends it. Axe checks every page and every error
// state at desktop width and at 320 pixels.
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { roleAssignments, users } from '../../src/db/schema.ts';
import { formatPence } from '../../src/domain/budget/money.ts';
import { openPlan, type PlanStream, planStreams } from '../../src/records/support-plans.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let personId: string;
let areaId: string;
let care: PlanStream;
let housing: PlanStream;

beforeAll(async () => {
  harness = await startHarness();
  const [holder] = await harness.database.db
    .select({ personId: roleAssignments.personId, areaId: roleAssignments.areaId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(users.email, 'budget.holder@riverton.example'), eq(roleAssignments.role, 'budget_holder')));
  personId = holder!.personId!;
  areaId = holder!.areaId!;
  const streams = await planStreams(harness.database.db, { id: personId, areaId });
  care = streams.find((stream) => stream.streamCode === 'adult-social-care')!;
  housing = streams.find((stream) => stream.streamCode === 'supporting-people')!;
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

/** Fills in the support form: `pounds` an hour, once a week for an hour, from 1 February 2027. */
async function fillItem(page: Page, what: string, streamName: string, pounds: string) {
  await page.getByLabel('What is the support?').fill(what);
  await page.getByLabel('Who gives it?').fill('Sam Jones');
  await page.getByLabel('A direct payment', { exact: true }).check();
  await page.getByLabel(streamName, { exact: true }).check();
  await page.getByLabel('By the hour').check();
  await page.getByLabel('Every week').check();
  await page.getByLabel('How many times each week or each 4 weeks?').fill('1');
  await page.getByLabel('How much each time?').fill('1');
  await page.getByLabel('Cost for one (in pounds)').fill(pounds);
  await page.locator('#start-day').fill('1');
  await page.locator('#start-month').fill('2');
  await page.locator('#start-year').fill('2027');
}

// One journey in steps, each page kept from one step to the next as a person would keep their browser open.
let person: Page;
let broker: Page;
const overPence = () => care.weeklyPence + 2000;
const careYearly = () => care.yearlyPence + (care.oneOffPence ?? 0);

describe('writing and sending a support plan', () => {
  it('is started by the person, who adds an outcome after a mistake', async () => {
    expect(care && housing).toBeTruthy();
    person = await harness.newPage({ javaScriptEnabled: false });
    await signIn(person, 'budget.holder@riverton.example', password);
    await person.goto(`/people/${personId}`);
    await submitWith(person, person.getByRole('link', { name: 'Your support plan' }));
    expect(pathOf(person)).toBe(`/people/${personId}/plan`);
    await expect(mainText(person)).resolves.toContain('You decide how the money is spent');
    await expectAccessible(person, 'the plan before it starts');
    await submitWith(person, person.getByRole('button', { name: 'Start the plan' }));
    await expect(mainText(person)).resolves.toContain('Your support plan has been started');
    await expectAccessible(person, 'a new plan');

    await submitWith(person, person.getByRole('link', { name: 'Add an outcome' }));
    await expectAccessible(person, 'adding an outcome');
    await person.getByLabel('What do you want?').fill('I want to go swimming with my friends');
    const wrong = await submitWith(person, person.getByRole('button', { name: 'Save outcome' }));
    expect(wrong.status()).toBe(400);
    await expect(person.locator('.govuk-error-summary').textContent()).resolves.toContain('Select at least one thing this outcome is about');
    await expect(person.getByLabel('What do you want?').inputValue()).resolves.toBe('I want to go swimming with my friends');
    await expectAccessible(person, 'an outcome with a mistake');
    await person.getByLabel('Making use of necessary facilities or services in the local community', { exact: false }).check();
    await person.getByLabel('Family and other relationships').check();
    await submitWith(person, person.getByRole('button', { name: 'Save outcome' }));
    await expect(mainText(person)).resolves.toContain('I want to go swimming with my friends');
  });

  it('gets support on two streams from the broker the person shares with, and says when one is over', async () => {
    broker = await harness.newPage({ javaScriptEnabled: false });
    await signIn(broker, 'broker@riverton.example', password);
    await broker.goto(`/people/${personId}`);
    await submitWith(broker, broker.getByRole('link', { name: 'Support plan' }));
    await expectAccessible(broker, 'the plan as the broker sees it');
    await submitWith(broker, broker.getByRole('link', { name: 'Add support' }));
    await expectAccessible(broker, 'adding support');
    await fillItem(broker, 'Personal assistant', care.streamName, '12.345');
    const mistake = await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    expect(mistake.status()).toBe(400);
    await expect(broker.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter an amount to the nearest penny');
    await expect(broker.getByLabel('What is the support?').inputValue()).resolves.toBe('Personal assistant');
    await expectAccessible(broker, 'support with a mistake');
    await broker.getByLabel('Cost for one (in pounds)').fill((overPence() / 100).toFixed(2));
    await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    expect(pathOf(broker)).toBe(`/people/${personId}/plan?done=saved`);

    await submitWith(broker, broker.getByRole('link', { name: 'Add support' }));
    await fillItem(broker, 'Help with bills', housing.streamName, '10.00');
    await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    const over = await mainText(broker);
    expect(over).toContain(`${formatPence(overPence() * 52)} a year planned of ${formatPence(careYearly())} indicative: ${formatPence(overPence() * 52 - careYearly())} over`);
    expect(over).toContain(`The plan costs more than the money available for ${care.streamName}`);
    expect(over).toContain(`${formatPence(1000 * 52)} a year planned of ${formatPence(housing.yearlyPence + (housing.oneOffPence ?? 0))} indicative`);
    await expectAccessible(broker, 'a plan over budget');
  });

  it('is brought back within budget by the broker', async () => {
    // Fixed: the personal assistant changed to cost what the weekly budget allows.
    await submitWith(broker, broker.getByRole('link', { name: 'Change Personal assistant' }));
    await expectAccessible(broker, 'changing support');
    await broker.getByLabel('Cost for one (in pounds)').fill((care.weeklyPence / 100).toFixed(2));
    await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    const fixed = await mainText(broker);
    expect(fixed).not.toContain('The plan costs more than the money available');
    expect(fixed).toContain(`${formatPence(care.weeklyPence * 52)} a year planned of ${formatPence(careYearly())} indicative`);
  });

  it('is checked and sent by the person, once', async () => {
    // The person sees the versions, with the broker's changes, then checks and sends the plan.
    await person.goto(`/people/${personId}/plan`);
    await submitWith(person, person.getByRole('link', { name: 'See every version and what changed' }));
    await expect(mainText(person)).resolves.toContain('as a support broker');
    await expectAccessible(person, 'the versions');
    await person.goto(`/people/${personId}/plan`);
    await submitWith(person, person.getByRole('link', { name: 'Check the plan and send it' }));
    await expect(mainText(person)).resolves.toContain(care.owningOrganisationName!);
    await expectAccessible(person, 'checking the plan');
    await submitWith(person, person.getByRole('button', { name: 'Send the plan' }));
    expect(pathOf(person)).toBe(`/people/${personId}/plan?done=sent`);
    await expect(mainText(person)).resolves.toContain('Sent for approval');
    await expectAccessible(person, 'a plan sent for approval');

    // Sending again unchanged is refused, with the reason.
    await person.goto(`/people/${personId}/plan/send`);
    await expect(mainText(person)).resolves.toContain('already with the approvers');
    await expectAccessible(person, 'a plan that cannot be sent again');
    expect((await openPlan(harness.database.db, { id: personId, areaId }))!.state).toBe('submitted');
  });
});
