// The managers' report in a real browser with JavaScript off: the director follows the link on their home page to
// actual against indicative budgets, reads the summary, the chart and the tables, and downloads the CSV file. Axe
// checks the page at desktop width and at 320 pixels.
import { readFile } from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { areas } from '../../src/db/schema.ts';
import { type Harness, password, startHarness } from './support/harness.ts';
import { expectAccessible, pathOf, signIn, submitWith } from './support/pages.ts';

let harness: Harness;
let areaId: string;

beforeAll(async () => {
  harness = await startHarness();
  const [area] = await harness.database.db.select().from(areas).where(eq(areas.name, 'Northshire (illustrative)'));
  areaId = area!.id;
  // The small test demo has too few agreed plans to show any age group: 300 more, in the demo's known pattern.
  const { db } = harness.database;
  await db.execute(sql`insert into people (area_id, given_name, family_name, date_of_birth) select ${areaId}::uuid, 'Report', 'Person ' || g, date '1950-01-01' from generate_series(1, 300) g`);
  await db.execute(sql`insert into support_plans (area_id, person_id, state, sign_off) select area_id, id, 'agreed', '{"state":"agreed","planVersion":1,"parts":[]}'::jsonb from people where area_id = ${areaId}::uuid and given_name = 'Report'`);
  await db.execute(sql`
    insert into agreed_budgets (area_id, person_id, plan_id, stream_code, age_band, team, indicative_yearly_pence, actual_yearly_pence, agreed_on)
    select area_id, person_id, id, 'adult-social-care', band, 'North locality team', 1000000, 1000000 + (case when band in ('18 to 24', '25 to 64') then 1 else -1 end) * (n % 4) * 5200, date '2026-11-02'
    from (select s.*, row_number() over (order by s.id) as n, (array['18 to 24','25 to 64','65 to 74','75 to 84','85 and over'])[1 + (row_number() over (order by s.id)) % 5] as band
          from support_plans s join people p on p.area_id = s.area_id and p.id = s.person_id where s.area_id = ${areaId}::uuid and p.given_name = 'Report') plans`);
});
afterAll(() => harness?.close());
afterEach(() => {
  expect(harness.cspViolations).toEqual([]);
  expect(harness.scriptErrors).toEqual([]);
});

describe('actual against indicative budgets', () => {
  it('is one click from the director’s home page, reads in words, and downloads as a CSV file', async () => {
    const page = await harness.newPage({ javaScriptEnabled: false, acceptDownloads: true });
    await signIn(page, 'director@northshire.example', password);
    await submitWith(page, page.getByRole('link', { name: 'Actual against indicative budgets, and how long plans take' }));
    expect(pathOf(page)).toBe(`/areas/${areaId}/reports/actual-vs-indicative`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Actual against indicative budgets');
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/^On average, people aged .* were agreed less than their indicative budget; people aged .* more\.$/);
    const chart = page.getByRole('img', { name: /Mean difference a year between agreed and indicative budgets, by age/ });
    await expect(chart.count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'How long plans take' }).count()).resolves.toBe(1);
    await expectAccessible(page, 'actual against indicative budgets');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download these figures as a CSV file' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^actual-vs-indicative-\d{4}-\d\d-\d\d\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF"Breakdown","Group","People"')).toBe(true);
    expect(csv).toContain('"Everyone","Everyone",');
    expect(csv).toContain('"Age band","Aged 65 to 74",');
  });
});
