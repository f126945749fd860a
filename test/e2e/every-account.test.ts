// Every demo account, every role in both areas: sign in through the form, then visit each kind of page reachable from
// the home page in two clicks and submit each form on them empty, checking every kind of page and error state with axe
// once for each role.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../src/features/sign-in/demo-accounts.ts';
import { brokenErrorSummaryLinks, crawl, submitEmpty } from './support/crawl.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessibleOnce, pathOf, signIn } from './support/pages.ts';

const areaAccounts = ['practitioner', 'work.coach', 'housing.officer', 'approver', 'senior.approver', 'work.approver', 'housing.approver', 'finance', 'finance.lead', 'admin', 'director', 'broker', 'budget.holder', 'representative'];
const accounts = ['sysadmin@platform.example', 'coordinator@region.example', ...['northshire', 'riverton'].flatMap((area) => areaAccounts.map((name) => `${name}@${area}.example`))];

let harness: Harness;
// Page skeletons already checked by axe, shared across accounts so a page alike for every role is checked once.
const checked = new Set<string>();
// The kinds of page and form already checked by axe for each role. Another account with the same role (in another
// agency or the other area) is shown the same templates over other people and other streams, so its pages are
// visited, their links followed and their forms submitted, but axe runs only on a kind that role has not been shown
// yet. (Each journey checks its own pages in full.)
const checkedForRole = new Set<string>();
const rolesByEmail = new Map<string, string>();
const crawledRoles = new Set<string>();
const roleOf = (email: string) => rolesByEmail.get(email) ?? email;

/** axe for a page kind this role has not had checked, unless its skeleton was checked for anyone. */
async function checkOncePerRole(page: Page, role: string, shape: string, label?: string): Promise<void> {
  if (checkedForRole.has(`${role} ${shape}`)) return;
  await expectAccessibleOnce(page, checked, label);
  checkedForRole.add(`${role} ${shape}`);
}

beforeAll(async () => {
  // Every account signs in from the same address within a minute; the sign-in rate limit has its own tests.
  harness = await startHarness({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  for (const account of await demoAccounts(harness.database.db)) rolesByEmail.set(account.email, account.roles);
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

    // The first account of a role is shown three pages of each kind (three people's records, say); another account
    // with the role, one of each, enough to find a link it is shown but may not follow.
    const role = roleOf(email);
    const { visits, forms } = await crawl(page, '/', 2, (visited, shape) => checkOncePerRole(visited, role, shape), crawledRoles.has(role) ? 1 : 3);
    crawledRoles.add(role);
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
      await checkOncePerRole(page, role, `form ${form.shape}`, `${where}, showing ${pathOf(page)}`);
    }
    // Staff homes reach people's plans, approvals and reports in two clicks: some fifty pages and twenty forms.
  }, 180_000);
});
