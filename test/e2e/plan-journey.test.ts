// Issue 9's first promise, end to end through the real pages with JavaScript off, as a new user meets them: the
// Riverton budget holder starts their own plan; their support broker adds support from two agencies' money, goes over
// on adult social care, is told so in words and fixes it; the person sends the plan; the county council's approver
// agrees only the adult social care part; the district council's approver sends the grant part back with a reason;
// the person changes it and sends it again, and the district council agrees it. The person reads the decision letter
// and accepts a direct payment. Nothing is set up behind the pages; axe checks every page and every error state at
// desktop width and at 320 pixels, and the database is checked at the end.
import { and, eq, isNull } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agreedBudgets, directPaymentOffers, people, roleAssignments, users } from '../../src/db/schema.ts';
import { formatPence } from '../../src/domain/budget/money.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let personId: string;
let areaId: string;
let personName: string;

// The Riverton budget holder's indicative budgets, as the demo region gives them (their budget page shows the same).
const careWeekly = 11_970;
const careYearly = careWeekly * 52;
const grantOnce = 350_000;
// What the plan spends: a personal assistant first priced over the weekly budget, then brought under it; a level-access
// shower first quoted at the whole grant, then at a second, lower quote.
const overWeekly = careWeekly + 2_000;
const fixedWeekly = 11_000;
const fixedYearly = fixedWeekly * 52;
const secondQuote = 335_000;
const returnReason = 'Please get a second quote for the shower. The first one costs the most the grant can pay.';

beforeAll(async () => {
  harness = await startHarness();
  const [holder] = await harness.database.db
    .select({ personId: roleAssignments.personId, areaId: roleAssignments.areaId, givenName: people.givenName, familyName: people.familyName })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(people, and(eq(people.areaId, roleAssignments.areaId), eq(people.id, roleAssignments.personId)))
    .where(and(eq(users.email, 'budget.holder@riverton.example'), eq(roleAssignments.role, 'budget_holder')));
  personId = holder!.personId!;
  areaId = holder!.areaId!;
  personName = `${holder!.givenName} ${holder!.familyName}`;
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');
}

function pounds(pence: number): string {
  return (pence / 100).toFixed(2);
}

/** Fills in the support form for support that starts on 1 February 2027. */
async function fillItem(page: Page, item: { what: string; provider: string; delivery: string; stream: string; once: boolean; pounds: string }) {
  await page.getByLabel('What is the support?').fill(item.what);
  await page.getByLabel('Who gives it?').fill(item.provider);
  await page.getByLabel(item.delivery, { exact: true }).check();
  await page.getByLabel(item.stream, { exact: true }).check();
  if (item.once) {
    await page.getByLabel('Bought once, such as equipment').check();
    await page.getByLabel('Once only').check();
  } else {
    await page.getByLabel('By the hour').check();
    await page.getByLabel('Every week').check();
    await page.getByLabel('How many times each week or each 4 weeks?').fill('1');
  }
  await page.getByLabel('How much each time?').fill('1');
  await page.getByLabel('Cost for one (in pounds)').fill(item.pounds);
  await page.locator('#start-day').fill('1');
  await page.locator('#start-month').fill('2');
  await page.locator('#start-year').fill('2027');
}

/** The decision form for one part of the plan. */
const partForm = (page: Page, streamCode: string) => page.locator('form', { has: page.locator(`#${streamCode}-decision`) });

/** From the approver's home page to the person's approval page, through the list of plans waiting. */
async function openFromApprovals(page: Page, organisation: string) {
  await expect(mainText(page)).resolves.toMatch(new RegExp(`Plans to approve: \\d+ waiting for ${organisation}`));
  await submitWith(page, page.getByRole('link', { name: 'Plans to approve' }));
  expect(pathOf(page)).toBe('/approvals');
  await expectAccessible(page, `plans to approve for ${organisation}`);
  await submitWith(page, page.locator(`a[href="/people/${personId}/plan/approval"]`));
  expect(pathOf(page)).toBe(`/people/${personId}/plan/approval`);
}

// One journey in steps; each person keeps their browser open from one step to the next.
let person: Page;
let broker: Page;
let county: Page;
let district: Page;
const planPath = () => `/people/${personId}/plan`;
const slow = 240_000;

describe('a new user’s support plan, from the first page to a direct payment', () => {
  it('is started by the person from their record, with an outcome in their own words', async () => {
    person = await harness.newPage({ javaScriptEnabled: false });
    await signIn(person, 'budget.holder@riverton.example', password);
    await expectAccessible(person, 'the person’s home page');
    await submitWith(person, person.getByRole('link', { name: personName, exact: true }));
    expect(pathOf(person)).toBe(`/people/${personId}`);
    await expectAccessible(person, 'the person’s record');
    await submitWith(person, person.getByRole('link', { name: 'Your support plan' }));
    expect(pathOf(person)).toBe(planPath());
    const before = await mainText(person);
    expect(before).toContain('You decide how the money is spent');
    expect(before).toContain(`Adult Social Care: ${formatPence(careYearly)} a year, from Riverton County Council`);
    expect(before).toContain(`Disabled Facilities Grant: ${formatPence(grantOnce)} a year, from Riverton District Council`);
    await expectAccessible(person, 'the plan before it starts');
    await submitWith(person, person.getByRole('button', { name: 'Start the plan' }));
    await expect(mainText(person)).resolves.toContain('Your support plan has been started');
    await expectAccessible(person, 'a new plan');

    await submitWith(person, person.getByRole('link', { name: 'Add an outcome' }));
    await expectAccessible(person, 'adding an outcome');
    await person.getByLabel('What do you want?').fill('I want to wash at home without help, and go swimming with my friends');
    await person.getByLabel('Making use of necessary facilities or services in the local community', { exact: false }).check();
    await person.getByLabel('Family and other relationships').check();
    await submitWith(person, person.getByRole('button', { name: 'Save outcome' }));
    expect(pathOf(person)).toMatch(new RegExp(`^${planPath()}`));
    await expect(mainText(person)).resolves.toContain('I want to wash at home without help, and go swimming with my friends');
  }, slow);

  it('gets support from two agencies’ money from the broker, is told in words it is over, and is brought back within budget', async () => {
    broker = await harness.newPage({ javaScriptEnabled: false });
    await signIn(broker, 'broker@riverton.example', password);
    await expectAccessible(broker, 'the broker’s home page');
    // The broker finds the person among those sharing their record with the user-led organisation.
    await broker.getByLabel('Name', { exact: true }).fill(personName);
    await submitWith(broker, broker.getByRole('button', { name: 'Search' }));
    await expectAccessible(broker, 'the broker’s search');
    await submitWith(broker, broker.locator(`main a[href="/people/${personId}"]`).first());
    await submitWith(broker, broker.getByRole('link', { name: 'Support plan' }));
    expect(pathOf(broker)).toBe(planPath());
    await expectAccessible(broker, 'the plan as the broker sees it');

    await submitWith(broker, broker.getByRole('link', { name: 'Add support' }));
    await expectAccessible(broker, 'adding support');
    await fillItem(broker, { what: 'Personal assistant', provider: 'Sam Jones', delivery: 'A direct payment', stream: 'Adult Social Care', once: false, pounds: pounds(overWeekly) });
    await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    expect(pathOf(broker)).toBe(`${planPath()}?done=saved`);

    await submitWith(broker, broker.getByRole('link', { name: 'Add support' }));
    await fillItem(broker, { what: 'Level-access shower', provider: 'Riverton Home Adaptations', delivery: 'A budget the council manages', stream: 'Disabled Facilities Grant', once: true, pounds: pounds(grantOnce) });
    await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    expect(pathOf(broker)).toBe(`${planPath()}?done=saved`);

    const over = await mainText(broker);
    expect(over).toContain('The plan costs more than the money available for Adult Social Care. Change or stop an item to bring it down.');
    await expect(textOf(broker, '#total-adult-social-care')).resolves.toBe(`${formatPence(overWeekly * 52)} a year planned of ${formatPence(careYearly)} indicative: ${formatPence(overWeekly * 52 - careYearly)} over`);
    await expect(textOf(broker, '#total-disabled-facilities-grant')).resolves.toBe(`${formatPence(grantOnce)} a year planned of ${formatPence(grantOnce)} indicative: exactly on budget`);
    await expectAccessible(broker, 'a plan over budget on adult social care');

    // The broker changes the personal assistant to cost less than the weekly budget.
    await submitWith(broker, broker.getByRole('link', { name: 'Change Personal assistant' }));
    await expectAccessible(broker, 'changing support');
    await broker.getByLabel('Cost for one (in pounds)').fill(pounds(fixedWeekly));
    await submitWith(broker, broker.getByRole('button', { name: 'Save support' }));
    const fixed = await mainText(broker);
    expect(fixed).not.toContain('The plan costs more than the money available');
    expect(fixed).not.toMatch(/indicative: £[\d,.]+ over/);
    await expect(textOf(broker, '#total-adult-social-care')).resolves.toBe(`${formatPence(fixedYearly)} a year planned of ${formatPence(careYearly)} indicative: ${formatPence(careYearly - fixedYearly)} left`);
    await expectAccessible(broker, 'a plan within budget');
  }, slow);

  it('is checked and sent by the person', async () => {
    await person.goto(planPath());
    await expect(mainText(person)).resolves.toContain('Personal assistant');
    await submitWith(person, person.getByRole('link', { name: 'Check the plan and send it' }));
    const check = await mainText(person);
    expect(check).toContain('Riverton County Council');
    expect(check).toContain('Riverton District Council');
    await expectAccessible(person, 'checking the plan');
    await submitWith(person, person.getByRole('button', { name: 'Send the plan' }));
    expect(pathOf(person)).toBe(`${planPath()}?done=sent`);
    await expect(mainText(person)).resolves.toContain('Sent for approval');
    await expectAccessible(person, 'a plan sent for approval');
  }, slow);

  it('has its adult social care part approved by the county council, which sees nothing of the grant but its state', async () => {
    county = await harness.newPage({ javaScriptEnabled: false });
    await signIn(county, 'approver@riverton.example', password);
    await expectAccessible(county, 'the county approver’s home page');
    await openFromApprovals(county, 'Riverton County Council');
    const main = await mainText(county);
    expect(main).toContain('Personal assistant');
    expect(main).toContain('Disabled Facilities Grant: with Riverton District Council (waiting for approval)');
    expect(main).not.toContain('Level-access shower');
    expect(main).not.toContain('Riverton Home Adaptations');
    expect(main).not.toContain(formatPence(grantOnce));
    await expect(county.locator('#part-disabled-facilities-grant').count()).resolves.toBe(0);
    await expect(county.locator('#part-supporting-people').count()).resolves.toBe(0);
    await expectAccessible(county, 'the county’s approval page');

    // The actual budget starts as the plan's total, which is not the indicative budget, so a reason is needed.
    const form = partForm(county, 'adult-social-care');
    await form.getByLabel('Approve', { exact: true }).check();
    await expect(county.locator('#adult-social-care-actualBudget').inputValue()).resolves.toBe(pounds(fixedYearly));
    const wrong = await submitWith(county, form.getByRole('button', { name: 'Save decision on Adult Social Care' }));
    expect(wrong.status()).toBe(400);
    await expect(textOf(county, '.govuk-error-summary')).resolves.toContain('Select why the actual budget is different from the indicative budget');
    await expectAccessible(county, 'approving without a reason');

    const again = partForm(county, 'adult-social-care');
    await expect(again.getByLabel('Approve', { exact: true }).isChecked()).resolves.toBe(true);
    await again.getByLabel('Why it differs from the indicative budget').selectOption({ label: 'The person chose support that costs less' });
    const approved = await submitWith(county, again.getByRole('button', { name: 'Save decision on Adult Social Care' }));
    expect(approved.status()).toBe(200);
    await expect(textOf(county, '.govuk-notification-banner')).resolves.toContain('You approved Adult Social Care');
    await expectAccessible(county, 'the county’s part approved');
  }, slow);

  it('has its grant part sent back by the district council with a reason in plain English', async () => {
    district = await harness.newPage({ javaScriptEnabled: false });
    await signIn(district, 'housing.approver@riverton.example', password);
    await expectAccessible(district, 'the district approver’s home page');
    await openFromApprovals(district, 'Riverton District Council');
    const main = await mainText(district);
    expect(main).toContain('Level-access shower');
    expect(main).toContain('Adult Social Care: with Riverton County Council (approved)');
    expect(main).not.toContain('Personal assistant');
    await expectAccessible(district, 'the district’s approval page');

    const form = partForm(district, 'disabled-facilities-grant');
    await form.getByLabel('Send it back to the person to change').check();
    const empty = await submitWith(district, form.getByRole('button', { name: 'Save decision on Disabled Facilities Grant' }));
    expect(empty.status()).toBe(400);
    await expect(textOf(district, '.govuk-error-summary')).resolves.toContain('Enter why you are sending this part back');
    await expectAccessible(district, 'sending back without a reason');
    await partForm(district, 'disabled-facilities-grant').getByLabel('Why you are sending it back').fill(returnReason);
    const returned = await submitWith(district, partForm(district, 'disabled-facilities-grant').getByRole('button', { name: 'Save decision on Disabled Facilities Grant' }));
    expect(returned.status()).toBe(200);
    await expect(textOf(district, '.govuk-notification-banner')).resolves.toContain('You sent Disabled Facilities Grant back to the person with your reason');
    await expectAccessible(district, 'the grant part sent back');
  }, slow);

  it('is changed by the person where it was sent back and sent again, the approved part staying approved', async () => {
    await person.goto(`/people/${personId}`);
    await submitWith(person, person.getByRole('link', { name: 'Your support plan' }));
    const returned = await mainText(person);
    expect(returned).toContain('Some parts have been sent back to you to change');
    expect(returned).toContain(`Riverton District Council sent this part back. They said: “${returnReason}”`);
    expect(returned).toContain('Agreed by Riverton County Council. This part: approved.');
    expect(returned).toContain('Agreed by Riverton District Council. This part: sent back to change.');
    await expectAccessible(person, 'a plan with a part sent back');

    await submitWith(person, person.getByRole('link', { name: 'Change Level-access shower' }));
    await expectAccessible(person, 'changing the adaptation');
    await person.getByLabel('What is the support?').fill('Level-access shower, second quote');
    await person.getByLabel('Cost for one (in pounds)').fill(pounds(secondQuote));
    await submitWith(person, person.getByRole('button', { name: 'Save support' }));
    await expect(textOf(person, '#total-disabled-facilities-grant')).resolves.toBe(`${formatPence(secondQuote)} a year planned of ${formatPence(grantOnce)} indicative: ${formatPence(grantOnce - secondQuote)} left`);

    await submitWith(person, person.getByRole('link', { name: 'Check the plan and send it' }));
    const check = await mainText(person);
    expect(check).toContain('Yes, it goes back only if you changed it');
    expect(check).toContain('the parts you changed and the parts sent back go to the approvers again');
    await expectAccessible(person, 'checking the plan again');
    await submitWith(person, person.getByRole('button', { name: 'Send the plan' }));
    expect(pathOf(person)).toBe(`${planPath()}?done=sent`);
    const sent = await mainText(person);
    expect(sent).toContain('Agreed by Riverton County Council. This part: approved.');
    expect(sent).toContain('Agreed by Riverton District Council. This part: waiting for approval.');
    await expectAccessible(person, 'a plan sent again');
  }, slow);

  it('is agreed when the district council approves the changed grant part', async () => {
    await district.goto('/');
    await openFromApprovals(district, 'Riverton District Council');
    await expect(mainText(district)).resolves.toContain('Level-access shower, second quote');
    const form = partForm(district, 'disabled-facilities-grant');
    await form.getByLabel('Approve', { exact: true }).check();
    await expect(district.locator('#disabled-facilities-grant-actualBudget').inputValue()).resolves.toBe(pounds(secondQuote));
    await form.getByLabel('Why it differs from the indicative budget').selectOption({ label: 'The person chose support that costs less' });
    const approved = await submitWith(district, form.getByRole('button', { name: 'Save decision on Disabled Facilities Grant' }));
    expect(approved.status()).toBe(200);
    const banner = await textOf(district, '.govuk-notification-banner');
    expect(banner).toContain('You approved Disabled Facilities Grant');
    expect(banner).toContain('Every part of the plan is now agreed');
    await expectAccessible(district, 'the plan agreed');

    await person.goto(planPath());
    const agreed = await mainText(person);
    expect(agreed).toContain('Where the plan is Agreed');
    expect(agreed).toContain('Agreed by Riverton County Council. This part: approved.');
    expect(agreed).toContain('Agreed by Riverton District Council. This part: approved.');
    expect(agreed).not.toContain('Check the plan and send it');
    await expectAccessible(person, 'an agreed plan');
  }, slow);

  it('comes with a decision letter giving the agreed amounts and how to ask for a review', async () => {
    await submitWith(person, person.getByRole('link', { name: 'Read the decision letter' }));
    expect(pathOf(person)).toBe(`${planPath()}/decision-letter`);
    const letter = await mainText(person);
    expect(letter).toContain('Your support plan is agreed.');
    expect(letter).toContain(`Agreed budget: ${formatPence(fixedYearly)} a year (${formatPence(fixedWeekly)} a week).`);
    expect(letter).toContain(`Agreed budget: ${formatPence(secondQuote)}, paid once.`);
    expect(letter).toContain('The agreed budget is different from the indicative budget because: The person chose support that costs less');
    expect(letter).toContain('How to ask Riverton County Council for a review');
    expect(letter).toContain('How to ask Riverton District Council for a review');
    await expectAccessible(person, 'the decision letter');
    await submitWith(person, person.getByRole('link', { name: 'Back to the support plan' }));
    expect(pathOf(person)).toBe(planPath());
  }, slow);

  it('offers a direct payment for adult social care, which the person accepts after one empty try', async () => {
    await submitWith(person, person.getByRole('link', { name: 'Direct payments for your plan' }));
    expect(pathOf(person)).toBe(`${planPath()}/direct-payments`);
    await expectAccessible(person, 'the direct payment offers');
    await submitWith(person, person.getByRole('button', { name: 'Accept the direct payment for Adult social care' }));
    expect(pathOf(person)).toBe(`${planPath()}/direct-payments/adult-social-care/accept`);
    await expectAccessible(person, 'the direct payment agreement');

    const empty = await submitWith(person, person.getByRole('button', { name: 'Sign and accept' }));
    expect(empty.status()).toBe(400);
    const summary = await textOf(person, '.govuk-error-summary');
    expect(summary).toContain('Confirm that you understand when you may have to pay money back');
    expect(summary).toContain('Select who is signing the agreement');
    expect(summary).toContain('Select whether the money goes to a suitable person');
    await expectAccessible(person, 'the agreement left empty');

    const [year, month, day] = harness.app.clock.today().split('-');
    await person.getByLabel('I understand when money may have to be paid back').check();
    await person.locator('#signedBy').check();
    await person.locator('#signedOn-day').fill(String(Number(day)));
    await person.locator('#signedOn-month').fill(String(Number(month)));
    await person.locator('#signedOn-year').fill(year!);
    await person.locator('#suitablePerson').check();
    const accepted = await submitWith(person, person.getByRole('button', { name: 'Sign and accept' }));
    expect(accepted.status()).toBe(200);
    expect(pathOf(person)).toBe(`${planPath()}/direct-payments/adult-social-care/accepted`);
    await expect(textOf(person, '.govuk-panel')).resolves.toContain('Direct payment accepted');
    await expect(mainText(person)).resolves.toContain('What happens next');
    await expectAccessible(person, 'the direct payment accepted');
  }, slow);

  it('leaves the two agreed budgets and the accepted direct payment in the database', async () => {
    const agreed = await harness.database.db
      .select({ streamCode: agreedBudgets.streamCode, indicative: agreedBudgets.indicativeYearlyPence, actual: agreedBudgets.actualYearlyPence, reasonCode: agreedBudgets.reasonCode })
      .from(agreedBudgets)
      .where(and(eq(agreedBudgets.areaId, areaId), eq(agreedBudgets.personId, personId), isNull(agreedBudgets.supersededAt)))
      .orderBy(agreedBudgets.streamCode);
    expect(agreed).toEqual([
      { streamCode: 'adult-social-care', indicative: careYearly, actual: fixedYearly, reasonCode: 'person-chose-less' },
      { streamCode: 'disabled-facilities-grant', indicative: grantOnce, actual: secondQuote, reasonCode: 'person-chose-less' },
    ]);
    const [offer] = await harness.database.db
      .select({ state: directPaymentOffers.state })
      .from(directPaymentOffers)
      .where(and(eq(directPaymentOffers.areaId, areaId), eq(directPaymentOffers.personId, personId), eq(directPaymentOffers.streamCode, 'adult-social-care')));
    expect(offer?.state).toBe('accepted');
  });
});
