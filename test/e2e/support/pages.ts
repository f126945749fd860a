// What the journeys do to a page: check it with axe against WCAG 2.2 AA, sign in through the real form, submit a
// form and wait for the page that comes back.
import { createHash } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page, Response } from 'playwright-core';

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Pages opened with JavaScript switched off: axe cannot run in them (timers never fire), so they are copied. */
export const pagesWithoutJavaScript = new WeakSet<Page>();

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
}

/**
 * Loads the page as the script-less browser rendered it into a page where axe can run, with every script removed
 * so that nothing changes the markup being checked.
 */
async function scriptlessCopy(page: Page): Promise<{ copy: Page; close: () => Promise<void> }> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const context = await page.context().browser()!.newContext();
  const copy = await context.newPage();
  const address = page.url();
  await copy.route((url) => url.href === address, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await copy.goto(address);
  return { copy, close: () => context.close() };
}

/** The narrowest width WCAG 1.4.10 (reflow) asks a page to work at without scrolling sideways, in CSS pixels. */
export const reflowWidth = 320;

/**
 * The elements wider than the window, widest first, as short selectors: what to fix when a page scrolls sideways.
 * A string expression because the tests are compiled without the DOM types.
 */
const widestElements = `(() => {
  const limit = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('');
  return [...document.body.querySelectorAll('*')]
    .map((el) => ({ el, right: el.getBoundingClientRect().right }))
    .filter(({ right }) => right > limit + 1)
    .filter(({ el }) => ![...el.children].some((child) => child.getBoundingClientRect().right > limit + 1))
    .sort((a, b) => b.right - a.right)
    .slice(0, 5)
    .map(({ el, right }) => describe(el) + ' (' + Math.round(right) + 'px)');
})()`;

/**
 * The axe rules whose result can change with the window's width (what overlaps, how big a target is, what scrolls).
 * The rest read only the markup, which a narrower window does not change, so they run once.
 */
const layoutRules = ['color-contrast', 'target-size', 'scrollable-region-focusable', 'css-orientation-lock', 'meta-viewport'];

async function axeProblems(page: Page, rules?: string[]): Promise<string[]> {
  // Legacy mode runs axe in the page itself instead of opening a second page to merge results per frame: the same
  // rules, in half the time, and these pages have no frames.
  const builder = new AxeBuilder({ page }).setLegacyMode(true);
  const results = await (rules ? builder.withRules(rules) : builder.withTags(wcagTags)).analyze();
  return results.violations.map((violation) => {
    const targets = violation.nodes.map((node) => `      ${node.target.flat().join(' ')}`);
    return `  - ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}\n${targets.join('\n')}`;
  });
}

/**
 * Fails with one line per problem and the elements involved, so the report says what to fix and where. Checks the
 * page at its own width, then at 320 px on the same page (no reload, so the check stays cheap), where the page must
 * also not scroll sideways.
 */
export async function expectAccessible(page: Page, label = pathOf(page)): Promise<void> {
  if (pagesWithoutJavaScript.has(page)) {
    const { copy, close } = await scriptlessCopy(page);
    try {
      return await expectAccessible(copy, `${label} (without JavaScript)`);
    } finally {
      await close();
    }
  }
  const lines = await axeProblems(page);
  const size = page.viewportSize();
  if (size) {
    await page.setViewportSize({ width: reflowWidth, height: size.height });
    try {
      const narrow = (await axeProblems(page, layoutRules)).map((line) => line.replace(/^ {2}- /, `  - at ${reflowWidth} px: `));
      lines.push(...narrow.filter((line) => !lines.includes(line.replace(`at ${reflowWidth} px: `, ''))));
      const [scrollWidth, clientWidth] = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
      if (scrollWidth > clientWidth) {
        const widest = (await page.evaluate(widestElements)) as string[];
        lines.push(`  - reflow: at ${reflowWidth} px the page is ${scrollWidth} px wide and scrolls sideways (WCAG 1.4.10). Widest:\n${widest.map((w) => `      ${w}`).join('\n')}`);
      }
    } finally {
      await page.setViewportSize(size);
    }
  }
  if (lines.length === 0) return;
  throw new Error(`Accessibility problems on ${label} (“${await page.title()}”):\n${lines.join('\n')}`);
}

/**
 * The page's markup with its words taken out: every element with its attributes (record ids, nonces and field values
 * aside), and for each piece of text only whether there is some and whether it holds a word long enough to push a
 * narrow window sideways. axe's rules read the elements, their attributes and classes (which set the colours) and
 * whether text is there, not which words it is, so two pages with the same skeleton (one person's record and
 * another's, in the same state) give the same result. A string expression because the tests are compiled without
 * the DOM types.
 */
const skeletonOfPage = `(() => {
  const recordId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  const text = (words) => {
    if (words.trim() === '') return '';
    const longest = Math.max(...words.trim().split(/\\s+/).map((word) => word.length));
    return longest < 16 ? 't' : 'w' + longest;
  };
  const attribute = (a) => a.name === 'value' ? (a.value === '' ? 'value' : 'value=v') : a.name + '=' + a.value.replace(recordId, ':id');
  const walk = (node) => {
    if (node.nodeType === 3) return text(node.textContent);
    if (node.nodeType !== 1) return '';
    const attributes = [...node.attributes].filter((a) => a.name !== 'nonce').map(attribute).join(' ');
    return '<' + node.tagName + ' ' + attributes + '>' + [...node.childNodes].map(walk).join('') + '</>';
  };
  return walk(document.documentElement);
})()`;

/**
 * Checks a page unless one with the same skeleton (see above) was checked already: the same footer page for every
 * role, or a second person's plan in the same state.
 */
export async function expectAccessibleOnce(page: Page, checked: Set<string>, label = pathOf(page)): Promise<void> {
  const key = createHash('sha256').update((await page.evaluate(skeletonOfPage)) as string).digest('hex');
  if (checked.has(key)) return;
  await expectAccessible(page, label);
  checked.add(key);
}

/** Presses a form's button and waits for the page that results, after any redirects. */
export async function submitWith(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  if (!response) throw new Error(`Pressing the button on ${pathOf(page)} did not load a new page`);
  return response;
}

export async function fillSignIn(page: Page, email: string, password: string): Promise<Response> {
  await page.goto('/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  return submitWith(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

/** Signs in through the form and fails unless the person lands on their home page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  const response = await fillSignIn(page, email, password);
  if (response.status() !== 200 || new URL(page.url()).pathname !== '/') {
    throw new Error(`Signing in as ${email} ended on ${pathOf(page)} with status ${response.status()}, not the home page`);
  }
}

/** The id of the focused element; a string expression because the tests are compiled without the DOM types. */
export function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate('document.activeElement ? document.activeElement.id : undefined') as Promise<string | undefined>;
}

export function focusedClass(page: Page): Promise<string | undefined> {
  return page.evaluate('document.activeElement ? document.activeElement.className : undefined') as Promise<string | undefined>;
}
