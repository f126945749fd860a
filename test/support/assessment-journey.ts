// Test helpers for the self-assessment journey: a full set of form answers for the illustrative question set, and a
// way to answer a section through the real pages the way a browser without JavaScript would.
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { assessments, eligibilityDecisions, indicativeBudgets, processEvents } from '../../src/db/schema.ts';
import { assessmentPaths } from '../../src/features/assessment/paths.ts';
import type { TestBrowser } from './app.ts';

export type FormAnswers = Record<string, string | string[]>;

/** Answers to every section of the illustrative question set, as a person types them (£ signs and commas included). */
export const formAnswers: Record<string, FormAnswers> = {
  'about-you': { impairment: 'yes', 'impairment-kind': ['physical', 'mental-health'], fluctuating: 'no' },
  'daily-living': {
    'outcome-nutrition': 'needs-help',
    'outcome-hygiene': 'risk',
    'outcome-toilet': 'without-difficulty',
    'outcome-clothing': 'takes-much-longer',
    'outcome-home-safety': 'needs-help',
    'outcome-habitable-home': 'without-difficulty',
    'outcome-relationships': 'without-difficulty',
    'outcome-work-learning': 'pain-distress-anxiety',
    'outcome-community': 'needs-help',
    'outcome-caring': 'not-applicable',
    'wellbeing-impact': 'very-significant',
    isolation: 'often',
  },
  'unpaid-support': { 'unpaid-support': 'yes', 'unpaid-support-who': ['partner'], 'unpaid-support-hours': '10', 'unpaid-support-sustainable': 'yes' },
  work: { 'work-status': 'in-work', 'work-support-needed': 'yes', 'work-support-worker-hours': '5', 'work-equipment-cost': '£1,200', 'work-travel-cost': '60', 'employer-size': 'under-50' },
  home: { 'home-adaptations-needed': 'yes', 'home-adaptations-quotes': '8,500', 'home-means-test-contribution': '', 'housing-support-hours': '3' },
  'existing-support': { 'ilf-award': 'no', 'anything-else': '' },
};

export const sectionOrder = Object.keys(formAnswers);

/** The question ids a section page showed (its `_shown` field). */
export function shownOn(html: string): string[] {
  const match = /name="_shown" value="([^"]*)"/.exec(html);
  return match ? match[1]!.split(' ').filter((id) => id !== '') : [];
}

/** Where a section page's form is sent (it names the page of a long section). */
export function formAction(html: string): string | undefined {
  const match = /<form method="post" action="([^"]*\/assessment\/sections\/[^"]*)"/.exec(html);
  return match ? match[1]!.replaceAll('&amp;', '&') : undefined;
}

/**
 * Answers a section as a person would: open the page, fill in what it shows, send it; when the answers reveal
 * follow-up questions the page comes back with them, so fill those in and send again. Returns the last response.
 */
export async function answerSection(browser: TestBrowser, personId: string, sectionId: string, answers: FormAnswers, extra: Record<string, string> = {}) {
  const path = assessmentPaths.section({ personId, sectionId });
  let page = await browser.get(path);
  // A long section has several pages, and a page may come back with follow-ups: each is one more round.
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const shown = shownOn(page.body);
    const form: FormAnswers = { _shown: shown.join(' '), action: 'continue', ...extra };
    for (const id of shown) if (answers[id] !== undefined) form[id] = answers[id];
    const response = await browser.post(formAction(page.body) ?? path, form);
    const location = String(response.headers.location ?? '');
    if (response.statusCode !== 303 || !location.startsWith(`${path}?`)) return response;
    page = await browser.get(location);
  }
  throw new Error(`Section ${sectionId} kept asking for more`);
}

/** Starts (if needed) and answers every section. */
export async function answerEverything(browser: TestBrowser, personId: string, answers: Record<string, FormAnswers> = formAnswers) {
  await browser.get(assessmentPaths.taskList({ personId }));
  await browser.post(assessmentPaths.start({ personId }), {});
  for (const sectionId of sectionOrder) {
    const response = await answerSection(browser, personId, sectionId, answers[sectionId]!);
    if (response.statusCode !== 303) throw new Error(`Answering ${sectionId} gave ${response.statusCode}`);
  }
}

/** Removes a person's assessments and everything issued from them, so a test starts from someone who has none. */
export async function clearAssessments(database: { db: Database }, personId: string) {
  await database.db.transaction(async (tx) => {
    for (const table of [processEvents, indicativeBudgets, eligibilityDecisions]) await tx.delete(table).where(eq(table.personId, personId));
    await tx.delete(assessments).where(eq(assessments.personId, personId));
  });
}
