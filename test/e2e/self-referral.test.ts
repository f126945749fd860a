// A new user refers themselves in a real browser with JavaScript off: start page, area, the form (empty and with
// mistakes, then right), landing on their own record signed in; then the record's own pages. Axe checks each page
// and each error state against WCAG 2.2 AA.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consents, people, processEvents } from '../../src/db/schema.ts';
import { brokenErrorSummaryLinks } from './support/crawl.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, fillSignIn, focusedId, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
/** The record the first journey makes, which the next one comes back to. */
let newPersonId: string;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

async function errorSummary(page: Page): Promise<string> {
  return (await page.locator('.govuk-error-summary').textContent())!.replace(/\s+/g, ' ');
}

const makeRecord = (page: Page) => submitWith(page, page.getByRole('button', { name: 'Make my record' }));

describe('referring yourself without JavaScript', () => {
  it('goes from the start page to the person’s own record, explaining every mistake on the way', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    await expectAccessible(page, 'start page');
    await submitWith(page, page.getByRole('button', { name: 'Refer yourself' }));
    expect(pathOf(page)).toBe('/start');
    await expect(page.locator('h1').textContent()).resolves.toContain('Which area do you live in?');
    await expectAccessible(page, 'choosing the area');

    const noArea = await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    expect(noArea.status()).toBe(400);
    await expect(errorSummary(page)).resolves.toContain('Select the area you live in');
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'choosing the area, with nothing chosen');

    await page.getByLabel('Northshire (illustrative)').check();
    const form = await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    expect(form.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Refer yourself');
    // The council is suggested, not forced.
    await expect(page.getByLabel('Northshire County Council').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'the self-referral form');

    await page.getByLabel('Northshire County Council').uncheck();
    const empty = await makeRecord(page);
    expect(empty.status()).toBe(400);
    const everything = await errorSummary(page);
    for (const message of ['Enter your first name', 'Enter your date of birth', 'Enter your email address', 'Enter a password', 'Select how you would like us to contact you', 'Select the format you would like letters in', 'Select at least one organisation that may see your record']) {
      expect(everything).toContain(message);
    }
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'the self-referral form sent empty');

    await page.getByLabel('First name').fill('Nia');
    await page.getByLabel('Last name').fill('Newcomer');
    await page.getByLabel('Day').fill('4');
    await page.getByLabel('Year').fill('1979');
    await page.getByLabel('Email address').fill('nia.newcomer@example.com');
    await page.getByLabel('Create a password').fill('short');
    await page.getByLabel('Postcode (optional)').fill('not a postcode');
    await page.locator('input[name="preferredContact"][value="letter"]').check();
    await page.locator('input[name="accessibleFormat"][value="easy-read"]').check();
    await page.getByLabel('NHS number (optional)').fill('943 476 5918');
    await page.getByLabel('Northshire County Council').check();
    const mistakes = await makeRecord(page);
    expect(mistakes.status()).toBe(400);
    const some = await errorSummary(page);
    for (const message of ['Date of birth must include a month', 'Password must be at least 12 characters', 'Enter your address, or choose another way for us to contact you', 'Enter a real postcode, like SW1A 1AA', 'Enter a valid NHS number']) {
      expect(some).toContain(message);
    }
    expect(some).not.toContain('Enter your first name');
    // What was typed is kept, except the password.
    await expect(page.getByLabel('First name').inputValue()).resolves.toBe('Nia');
    await expect(page.getByLabel('Postcode (optional)').inputValue()).resolves.toBe('not a postcode');
    await expect(page.locator('input[name="accessibleFormat"][value="easy-read"]').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Create a password').inputValue()).resolves.toBe('');
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'the self-referral form with mistakes');

    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Create a password').fill('a long and memorable password');
    await page.getByLabel('Address (optional)', { exact: true }).fill('3 Mill Lane\nNorthtown');
    await page.getByLabel('Postcode (optional)').fill('ne1 4st');
    await page.getByLabel('NHS number (optional)').fill('943 476 5919');
    await page.getByLabel('Northshire Jobcentre Plus').check();
    const made = await makeRecord(page);
    expect(made.status()).toBe(200);
    expect(pathOf(page)).toMatch(/^\/people\/[0-9a-f-]{36}\?done=referred$/);
    const personId = pathOf(page).split('/')[2]!.split('?')[0]!;
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('You have made your record and you are signed in');
    await expect(page.locator('h1').textContent()).resolves.toBe('Nia Newcomer');
    const summary = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain('We will contact you by: Letter by post');
    expect(summary).toContain('Letters to you in: Easy read');
    expect(summary).toContain('NE1 4ST');
    await expect(page.getByRole('link', { name: 'Start or continue your self-assessment' }).getAttribute('href')).resolves.toBe(`/people/${personId}/assessment`);
    await expectAccessible(page, 'the new record');

    const [person] = await harness.database.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({ referral: 'self-referral', dateOfBirth: '1979-11-04', accessibleFormat: 'easy-read', nhsNumber: '9434765919' });
    expect(await harness.database.db.select().from(consents).where(eq(consents.personId, personId))).toHaveLength(2);
    expect(await harness.database.db.select().from(processEvents).where(eq(processEvents.personId, personId))).toHaveLength(1);

    newPersonId = personId;
  });

  it('the new account signs in later, and the record’s own pages work, with their error states', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    const response = await fillSignIn(page, 'nia.newcomer@example.com', 'a long and memorable password');
    expect(response.status()).toBe(200);
    expect(pathOf(page)).toBe('/');
    await page.getByRole('link', { name: 'Nia Newcomer' }).click();
    const personId = newPersonId;
    expect(pathOf(page)).toBe(`/people/${personId}`);

    await page.getByRole('link', { name: /Change your contact details/ }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Change your details');
    await expectAccessible(page, 'changing details');
    await page.getByLabel('Address (optional)', { exact: true }).fill('');
    const noAddress = await submitWith(page, page.getByRole('button', { name: 'Save details' }));
    expect(noAddress.status()).toBe(400);
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'changing details with a mistake');

    await page.goto(`/people/${personId}/sharing`);
    await expectAccessible(page, 'who can see your record');
    await page.getByRole('link', { name: /Stop sharing.*Northshire Jobcentre Plus/ }).click();
    await expectAccessible(page, 'stop sharing, asking to confirm');
    const stopped = await submitWith(page, page.getByRole('button', { name: 'Stop sharing' }));
    expect(stopped.status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Sharing stopped');
    await expectAccessible(page, 'who can see your record, after a change');

    await page.goto(`/people/${personId}/supporters/new`);
    await expectAccessible(page, 'adding a supporter');
    const noSupporter = await submitWith(page, page.getByRole('button', { name: 'Add supporter' }));
    expect(noSupporter.status()).toBe(400);
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'adding a supporter, sent empty');
    await page.getByLabel('Representative').check();
    await page.getByLabel('Their full name').fill('Omar Newcomer');
    await page.getByLabel('Relationship (optional)').fill('Brother');
    await submitWith(page, page.getByRole('button', { name: 'Add supporter' }));
    await expect(page.locator('main').textContent()).resolves.toContain('Omar Newcomer – Representative');
    await expectAccessible(page, 'the record with a supporter');
    await page.getByRole('link', { name: /End role/ }).click();
    await expectAccessible(page, 'ending a supporter’s role');
  });
});

describe('a practitioner adds a person, without JavaScript', () => {
  it('the form, its error state, the new record and a sharing change with its note are accessible', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example', password);
    await page.goto('/people/new');
    await expectAccessible(page, 'adding a person');
    const empty = await submitWith(page, page.getByRole('button', { name: 'Add person' }));
    expect(empty.status()).toBe(400);
    await expect(errorSummary(page)).resolves.toContain('Confirm the person has agreed to share their record with your organisation');
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'adding a person, sent empty');

    await page.getByLabel('First name').fill('Pat');
    await page.getByLabel('Last name').fill('Added');
    await page.getByLabel('Day').fill('9');
    await page.getByLabel('Month').fill('9');
    await page.getByLabel('Year').fill('1950');
    await page.getByLabel('Phone number (optional)').fill('01632 960 002');
    await page.locator('input[name="preferredContact"][value="phone"]').check();
    await page.locator('input[name="accessibleFormat"][value="large-print"]').check();
    await page.getByLabel('The person has agreed to share their record with Northshire County Council').check();
    const made = await submitWith(page, page.getByRole('button', { name: 'Add person' }));
    expect(made.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Pat Added');
    await expectAccessible(page, 'the record a practitioner made');

    await page.getByRole('link', { name: 'Change who can see their record' }).click();
    await page.getByRole('link', { name: /Share.*Northshire District Council/ }).click();
    const noNote = await submitWith(page, page.getByRole('button', { name: 'Share record' }));
    expect(noNote.status()).toBe(400);
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'recording a sharing change without a note');
  });
});

describe('a practitioner adds someone who already has a record, without JavaScript', () => {
  it('is warned, must give a reason for a second record, and the reason is on the new record', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example', password);
    await page.goto('/people/new');
    // Pat Added, born 9 September 1950, was added in the journey above: typed again here as people do.
    await page.getByLabel('First name').fill('PAT');
    await page.getByLabel('Last name').fill(' added ');
    await page.getByLabel('Day').fill('09');
    await page.getByLabel('Month').fill('9');
    await page.getByLabel('Year').fill('1950');
    await page.getByLabel('Address (optional)', { exact: true }).fill('7 Second Street\nNorthtown');
    await page.locator('input[name="preferredContact"][value="letter"]').check();
    await page.locator('input[name="accessibleFormat"][value="standard"]').check();
    await page.getByLabel('The person has agreed to share their record with Northshire County Council').check();
    const warned = await submitWith(page, page.getByRole('button', { name: 'Add person' }));
    expect(warned.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toContain('may already have a record');
    await expect(page.getByRole('link', { name: 'Pat Added' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'possible duplicates');

    const noChoice = await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    expect(noChoice.status()).toBe(400);
    await expect(errorSummary(page)).resolves.toContain('Select whether this is the same person');
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'possible duplicates, nothing chosen');

    await page.getByLabel('This is a different person — add a new record').check();
    const noReason = await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    expect(noReason.status()).toBe(400);
    await expect(errorSummary(page)).resolves.toContain('Enter why this is a different person');
    expect(await brokenErrorSummaryLinks(page)).toEqual([]);
    await expectAccessible(page, 'possible duplicates, no reason given');

    await page.getByLabel('Why is this a different person?').fill('Another Pat Added: different address and GP');
    const made = await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    expect(made.status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Record made');
    const record = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(record).toContain('Reason given: Another Pat Added: different address and GP');
    expect(record).toContain('7 Second Street');
    await expectAccessible(page, 'a second record, with its reason');
  });

  it('new self-referrals to check are listed, accessible, and can be marked as checked', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false });
    await signIn(page, 'practitioner@northshire.example', password);
    await page.getByRole('link', { name: 'New self-referrals to check' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('New self-referrals to check');
    await expect(page.getByText('Possible duplicate').count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'new self-referrals to check');
    const before = await page.getByRole('button', { name: /Mark as checked/ }).count();
    const marked = await submitWith(page, page.getByRole('button', { name: /Mark as checked/ }).first());
    expect(marked.status()).toBe(200);
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Self-referral marked as checked');
    await expect(page.getByRole('button', { name: /Mark as checked/ }).count()).resolves.toBe(before - 1);
    await expectAccessible(page, 'new self-referrals to check, after marking one');
  });
});

describe('with JavaScript', () => {
  it('the error summary takes focus and its links reach the date boxes and the radios', async () => {
    const page = await harness.newPage();
    const areas = await page.goto('/start');
    expect(areas?.status()).toBe(200);
    await page.getByLabel('Riverton (illustrative)').check();
    await submitWith(page, page.getByRole('button', { name: 'Continue' }));
    await page.getByLabel('Day').fill('4');
    expect((await makeRecord(page)).status()).toBe(400);
    await expectAccessible(page, 'the self-referral form with mistakes, with JavaScript');
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Date of birth must include a month and year' }).click();
    await expect(focusedId(page)).resolves.toBe('dateOfBirth-month');
    await summary.getByRole('link', { name: 'Select how you would like us to contact you' }).click();
    await expect(focusedId(page)).resolves.toBe('preferredContact');
  });
});
