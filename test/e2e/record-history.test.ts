// "Who has looked at my record" as a new user meets it, in a real browser with JavaScript off: a practitioner opens a
// person's record, then the budget holder signs in, follows the link from their record and sees that visit, by
// organisation and role, with no staff name. Axe checks the page at desktop width and at 320 pixels.
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('who has looked at my record', () => {
  it('shows the budget holder the practitioner’s visit to their record', async () => {
    // The budget holder's record, as the budget holder's home page links it.
    const holder = await harness.newPage({ javaScriptEnabled: false });
    await signIn(holder, 'budget.holder@northshire.example', password);
    await submitWith(holder, holder.locator('main a[href^="/people/"]').first());
    const recordPath = pathOf(holder);
    expect(recordPath).toMatch(/^\/people\/[0-9a-f-]{36}$/);

    // A practitioner of the county council opens that record.
    const practitioner = await harness.newPage({ javaScriptEnabled: false });
    await signIn(practitioner, 'practitioner@northshire.example', password);
    await practitioner.goto(recordPath);
    await expect(practitioner.locator('h1').textContent()).resolves.toBeTruthy();

    // The budget holder comes back to their record and follows the link.
    await holder.goto(recordPath);
    await submitWith(holder, holder.getByRole('link', { name: 'Who has looked at your record' }));
    expect(pathOf(holder)).toBe(`${recordPath}/history`);
    await expect(holder.locator('h1').textContent()).resolves.toBe('Who has looked at your record');
    const rows = (await holder.locator('table tbody tr').allTextContents()).map((row) => row.replace(/\s+/g, ' ').trim());
    expect(rows[0]).toMatch(/You Looked at who has looked at your record$/);
    expect(rows[1]).toMatch(/You Looked at your record$/);
    expect(rows[2]).toMatch(/Someone at Northshire County Council \(practitioner\) Looked at your record$/);
    const [practitionerUser] = await harness.database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    const main = (await holder.locator('main').textContent())!;
    expect(main).not.toContain(practitionerUser!.displayName);
    expect(main).not.toContain(practitionerUser!.email);
    await expectAccessible(holder, 'who has looked at your record');
  });
});
