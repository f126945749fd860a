// Pages reflow at 320 px (WCAG 1.4.10): the budget page with its earlier budgets and the large print letter, the
// tables most likely to push a page sideways, checked by the same expectAccessible every journey uses.
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicativeBudgets, people, roleAssignments, users } from '../../src/db/schema.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, signIn } from './support/pages.ts';

let harness: Harness;
let personId: string;

beforeAll(async () => {
  harness = await startHarness();
  const { db } = harness.database;
  const [row] = await db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(eq(users.email, 'budget.holder@northshire.example'));
  personId = row!.personId!;
  // Give the person earlier budgets: copies of today's, replaced a week after they were issued.
  const current = await db.select().from(indicativeBudgets).where(and(eq(indicativeBudgets.personId, personId), isNull(indicativeBudgets.supersededAt)));
  for (const { id: _id, ...budget } of current) {
    await db.insert(indicativeBudgets).values({ ...budget, issuedAt: new Date(budget.issuedAt.getTime() - 14 * 86_400_000), supersededAt: new Date(budget.issuedAt.getTime() - 7 * 86_400_000) });
  }
  await db.update(people).set({ accessibleFormat: 'large print' }).where(eq(people.id, personId));
});
afterAll(() => harness.close());

describe('reflow at 320 px', () => {
  it('shows the budget with its earlier budgets, and the large print letter, without sideways scrolling', async () => {
    const page = await harness.newPage();
    await signIn(page, 'budget.holder@northshire.example', password);
    for (const path of [`/people/${personId}/budget`, `/people/${personId}/budget/letter`, `/people/${personId}/timeline`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expectAccessible(page);
    }
  });
});
