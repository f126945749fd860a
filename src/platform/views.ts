// Server-rendered pages: Nunjucks with GOV.UK Frontend's macros, and the static assets those pages need.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { FastifyInstance, FastifyReply } from 'fastify';
import nunjucks from 'nunjucks';
import type { AppConfig } from './config.ts';

const require = createRequire(import.meta.url);
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
const here = dirname(fileURLToPath(import.meta.url));

export const templateFolders = [join(here, 'views'), join(here, '..', 'features'), govukDist];

const pence = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const londonDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });

/**
 * GOV.UK Frontend's compiled CSS asks for the GDS Transport typeface, which only GOV.UK services may use; this
 * service is run by councils, so serve the same CSS with the standard fallback (Arial) instead.
 */
function councilStylesheet(): string {
  const css = readFileSync(join(govukDist, 'govuk', 'govuk-frontend.min.css'), 'utf8');
  return css.replace(/@font-face\{[^}]*GDS Transport[^}]*\}/g, '').replaceAll('font-family:GDS Transport,', 'font-family:').replaceAll('font-family:GDS Transport', 'font-family:arial,sans-serif');
}

interface TableCell {
  text?: unknown;
  html?: unknown;
  attributes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A heading cell's words without markup, to label its column's cells when the table stacks. */
function headingLabel(cell: TableCell | undefined): string {
  if (!cell) return '';
  if (cell.text !== undefined && cell.text !== null) return String(cell.text);
  return String(cell.html ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * GOV.UK table parameters that reflow at 320 px (WCAG 1.4.10): each row becomes a card and each cell carries its
 * column heading as a label (shown by rtc.css on narrow screens), so nobody has to scroll sideways to read a row.
 */
export function reflowTable(params: { head?: TableCell[]; rows?: TableCell[][]; classes?: string; [key: string]: unknown }) {
  const labels = (params.head ?? []).map(headingLabel);
  return {
    ...params,
    classes: [params.classes, 'rtc-table-reflow'].filter(Boolean).join(' '),
    rows: (params.rows ?? []).map((row) =>
      row.map((cell, index) => (labels[index] ? { ...cell, attributes: { ...cell.attributes, 'data-label': labels[index] } } : cell)),
    ),
  };
}

/**
 * Nunjucks' own `trim` filter is `replace(/^\s*|\s*$/g, '')`, which takes time in the square of the whitespace in a
 * string: GOV.UK Frontend's macros trim every block they are given (a table's rows, a form's fields), and on a page
 * with a table of people it was over a quarter of the server's time. `String.prototype.trim` removes exactly the same
 * characters (JavaScript's `\s` is its white space and line terminators) in one pass, and marked-safe HTML stays safe.
 */
export function trim(value: unknown): unknown {
  const text = String(value ?? '').trim();
  return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(text) : text;
}

export interface ViewGlobals {
  /** True while the database holds the illustrative demo region, so every page says the figures are made up. */
  illustrativeData(): boolean;
  /** Every feature's typed paths, so templates link through them (`paths.people.person({ personId })`). */
  paths: Record<string, unknown>;
}

/** The house's filters and globals on a Nunjucks environment. */
export function configureEnvironment(env: nunjucks.Environment, globals: Pick<ViewGlobals, 'paths'>): void {
  env.addFilter('money', (value: number) => pence.format(value / 100));
  env.addFilter('longDate', (value: Date | string) => londonDate.format(new Date(value)));
  env.addFilter('time', (value: Date | string) => londonTime.format(new Date(value)).replace(' ', ''));
  env.addFilter('reflowTable', reflowTable);
  env.addFilter('trim', trim);
  env.addGlobal('paths', globals.paths);
}

export async function registerViews(app: FastifyInstance, config: AppConfig, globals: ViewGlobals): Promise<void> {
  await app.register(view, {
    engine: { nunjucks },
    templates: templateFolders,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: config.reloadTemplates,
      onConfigure: (env: nunjucks.Environment) => configureEnvironment(env, globals),
    },
  });

  // Every page gets what the layout needs: the CSP nonce, a CSRF token, who is signed in, and the demo banner.
  app.decorateReply('render', function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    return this.view(template, {
      ...context,
      cspNonce: this.cspNonce?.script,
      csrfToken: this.generateCsrf(),
      currentUser: this.request.currentUser,
      illustrativeData: globals.illustrativeData(),
    });
  });

  const stylesheet = councilStylesheet();
  const assetCache = config.environment === 'production' ? 'public, max-age=86400' : 'no-cache';
  app.get('/assets/govuk-frontend.css', { config: { access: 'public' } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', assetCache).send(stylesheet),
  );
  const script = readFileSync(join(govukDist, 'govuk', 'govuk-frontend.min.js'), 'utf8');
  app.get('/assets/govuk-frontend.min.js', { config: { access: 'public' } }, (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', assetCache).send(script),
  );
  // Static files are public: mark their routes so for the access guard, which otherwise assumes 'signed-in'.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, access: 'public' };
  });
  await app.register(fastifyStatic, {
    root: [join(here, 'public'), join(govukDist, 'govuk', 'assets')],
    prefix: '/assets/',
    cacheControl: false,
    setHeaders: (reply) => void reply.header('cache-control', assetCache),
  });
}
