// Follows the links a signed-in person can see, breadth first from their home page, and submits each form found on
// the way with every field left empty, as a person who presses the button too early would.
import type { Page } from 'playwright-core';
import { pathOf, submitWith } from './pages.ts';

export interface Visit {
  path: string;
  /** Status of the page finally shown, after any redirects. */
  status: number;
  /** Where the browser ended up: a link that lands on the sign-in page has lost the session. */
  landedOn: string;
  depth: number;
  linkedFrom: string | undefined;
}

export interface FoundForm {
  pagePath: string;
  /** The action with any record id replaced, the same for this form on every record. */
  shape: string;
  /** Position among the page's forms, to find it again on a fresh copy of the page. */
  index: number;
  action: string;
  button: string;
}

interface FormOnPage {
  method: string;
  action: string;
  button: string;
  fillable: number;
}

/** Links that would end the session or leave the HTML pages are not followed. */
export function followable(href: string, from: string, origin: string): string | undefined {
  if (href.startsWith('#')) return undefined;
  const url = new URL(href, from);
  if (url.origin !== origin) return undefined;
  if (/^\/(api|assets)\//.test(url.pathname) || url.pathname.includes('sign-out')) return undefined;
  return `${url.pathname}${url.search}`;
}

function signsOut(form: FormOnPage): boolean {
  return new URL(form.action).pathname.includes('sign-out') || /sign out/i.test(form.button);
}

/** Pages of one kind: the same path with any record id in it, and the same query names whatever their values. */
export function pageShape(path: string): string {
  const url = new URL(path, 'http://shape');
  const ids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  return `${url.pathname.replace(ids, ':id')}?${[...new Set(url.searchParams.keys())].sort().join('&')}`;
}

/** How many pages of one kind are visited: a list of 25 people, or 13 pages of results, does not mean 25 checks. */
const defaultPagesPerShape = 3;

/**
 * Visits every page reachable in `maxDepth` clicks from `start` (up to `pagesPerShape` of each kind, three unless
 * told), calling `check` on each with its kind, and returns every visit and the post forms seen, one per kind of action.
 */
export async function crawl(
  page: Page,
  start: string,
  maxDepth: number,
  check: (page: Page, shape: string) => Promise<void>,
  pagesPerShape = defaultPagesPerShape,
): Promise<{ visits: Visit[]; forms: FoundForm[] }> {
  const origin = new URL(page.url()).origin;
  const visits: Visit[] = [];
  const forms = new Map<string, FoundForm>();
  const queued = new Set([start]);
  const shapes = new Map<string, number>([[pageShape(start), 1]]);
  const queue: { path: string; depth: number; linkedFrom: string | undefined }[] = [{ path: start, depth: 0, linkedFrom: undefined }];

  while (queue.length > 0) {
    const next = queue.shift()!;
    const response = await page.goto(next.path);
    visits.push({ ...next, status: response?.status() ?? 0, landedOn: pathOf(page) });
    await check(page, pageShape(next.path));

    const found = (await page.locator('form').evaluateAll((elements) =>
      elements.map((form) => ({
        method: (form.getAttribute('method') ?? 'get').toLowerCase(),
        action: form.action,
        button: form.querySelector('button, input[type=submit]')?.textContent?.trim() ?? '',
        fillable: form.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea').length,
      })),
    )) as FormOnPage[];
    found.forEach((form, index) => {
      // Forms of buttons alone (unlock, revoke, …) have no empty state: pressing one is the action itself.
      if (form.method !== 'post' || form.fillable === 0 || signsOut(form)) return;
      const action = new URL(form.action).pathname;
      // The same form for another record (/admin/funding-streams/<id>) has the same empty state: submit it once.
      const shape = action.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id');
      if (!forms.has(shape)) forms.set(shape, { pagePath: pathOf(page), shape, index, action, button: form.button });
    });

    if (next.depth >= maxDepth) continue;
    // Downloads are not pages: the browser would save them, not show them.
    const hrefs = await page.locator('a[href]:not([download])').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    for (const href of hrefs as string[]) {
      const path = followable(href, page.url(), origin);
      if (!path || queued.has(path)) continue;
      const shape = pageShape(path);
      if ((shapes.get(shape) ?? 0) >= pagesPerShape) continue;
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      queued.add(path);
      queue.push({ path, depth: next.depth + 1, linkedFrom: next.path });
    }
  }
  return { visits, forms: [...forms.values()] };
}

/** Opens the form's page afresh, empties every field and submits it, returning the status of the page shown. */
export async function submitEmpty(page: Page, form: FoundForm): Promise<number> {
  await page.goto(form.pagePath);
  const element = page.locator('form').nth(form.index);
  await element.evaluate((node) => {
    // The server's own error messages are what is being tested, not the browser's built-in checks.
    node.noValidate = true;
    for (const field of node.elements) {
      if (['hidden', 'submit', 'button'].includes(field.type)) continue;
      if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
      else if (field.tagName === 'SELECT') field.selectedIndex = [...field.options].findIndex((option: { value: string }) => option.value === '');
      else field.value = '';
    }
  });
  const response = await submitWith(page, element.locator('button:not([type=button]), input[type=submit]').first());
  return response.status();
}

/** Each link in an error summary must lead to a field on the page, or it helps nobody. */
export async function brokenErrorSummaryLinks(page: Page): Promise<string[]> {
  const hrefs = (await page.locator('.govuk-error-summary a[href^="#"]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))) as string[];
  const broken = [];
  for (const href of hrefs) if ((await page.locator(`[id="${href.slice(1)}"]`).count()) !== 1) broken.push(href);
  return broken;
}
