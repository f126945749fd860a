// Every demo account, every role in both areas: sign in through the form, then check each page reachable from the
// home page in two clicks, and each form on them submitted empty, with axe.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/features/sign-in/demo-accounts.ts';
import { brokenErrorSummaryLinks, crawl, submitEmpty } from './support/crawl.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, expectAccessibleOnce, pathOf, signIn } from './support/pages.ts';

const areaAccounts = ['practitioner', 'work.coach', 'housing.officer', 'approver', 'senior.approver', 'work.approver', 'housing.approver', 'finance', 'admin', 'director', 'broker', 'budget.holder', 'representative'];
const accounts = ['sysadmin@platform.example', 'coordinator@region.example', ...['northshire', 'riverton'].flatMap((area) => areaAccounts.map((name) => `${name}@${area}.example`))];

let harness: Harness;
// Markup already checked by axe, shared across accounts so a page identical for every role is checked once.
const checked = new Set<string>();

beforeAll(async () => {
  // Every account signs in from the same address within a minute; the sign-in rate limit has its own tests.
  harness = await startHarness({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('every demo account', () => {
  it('the list below covers every account the demo creates', async () => {
    const seeded = (await demoAccounts(harness.database.db)).map((account) => account.email);
    expect([...seeded].sort()).toEqual([...accounts].sort());
  });

  it.each(accounts)('%s: pages and empty forms reachable from home are accessible', async (email) => {
    const page = await harness.newPage();
    await signIn(page, email, password);

    const { visits, forms } = await crawl(page, '/', 2, (visited) => expectAccessibleOnce(visited, checked));
    expect(visits.length).toBeGreaterThan(1);
    // Nothing linked for this person may be missing, forbidden or broken, nor sign them out.
    const failures = visits.filter((visit) => visit.status >= 400 || visit.landedOn.startsWith('/sign-in'));
    expect(failures.map((visit) => `${visit.path} (linked from ${visit.linkedFrom}) gave ${visit.status}, showing ${visit.landedOn}`)).toEqual([]);

    for (const form of forms) {
      const status = await submitEmpty(page, form);
      const where = `“${form.button}” on ${form.pagePath} (${form.action}) submitted empty`;
      expect(status, `${where} gave ${status}`).toBeLessThan(500);
      expect(status, `${where} was refused: a form shown to someone must accept their submission`).not.toBe(403);
      expect(await brokenErrorSummaryLinks(page), `${where}: error summary links without a field`).toEqual([]);
      await expectAccessible(page, `${where}, showing ${pathOf(page)}`);
    }
    // Staff homes now reach people's plans, approvals and reports in two clicks: a crawl of a few hundred pages.
  }, 180_000);
});
