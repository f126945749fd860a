// Whatever a user can send, no route answers 5xx: random and malformed form bodies, odd query strings and bad ids,
// on every route the application registers, signed in as several roles and not signed in at all. Each POST route is
// fuzzed as someone allowed to reach its handler, with ids they can see, and must get past authorisation at least
// once, so the fuzz tests the handler and not only the door.
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { apiTokens, areaConfigurations, areas, budgetReasonCodes, catalogueServices, fundingStreams, organisations, personSupporters, regions, users } from '../../src/db/schema.ts';
import { currentItems } from '../../src/domain/support-plan/plan.ts';
import { openPlan } from '../../src/records/support-plans.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { organisationOf, password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let personId: string;
const browsers: Record<string, TestBrowser> = {};

interface RouteInfo {
  path: string;
  methods: string[];
}

/** Every route the app registered (static files aside). */
function routesOf(instance: FastifyInstance): RouteInfo[] {
  const byPath = new Map<string, string[]>();
  for (const route of instance.routeCatalogue) {
    if (route.url.includes('*') || route.url.startsWith('/assets/')) continue;
    byPath.set(route.url, [...(byPath.get(route.url) ?? []), route.method]);
  }
  return [...byPath].map(([path, methods]) => ({ path, methods }));
}

const fieldNames = ['email', 'password', 'code', 'displayName', 'organisationId', 'role', 'name', 'expiry', 'personId', 'returnTo', '__proto__', 'constructor', '_csrf', 'x'];
const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'null', 'undefined', '<script>alert(1)</script>', "' or 1=1 --", '\u0000', '../../etc/passwd', '00000000-0000-0000-0000-000000000000', 'a'.repeat(5000)),
);
const formBody = fc.dictionary(fc.constantFrom(...fieldNames), fc.oneof(nastyText, fc.array(nastyText, { maxLength: 3 })), { maxKeys: 6 });

function fill(path: string, id: string) {
  return path.replace(/:[A-Za-z]+/g, id);
}

// POST routes not fuzzed, with the reason. Sign-out ends the session the rest of the test relies on (and "everywhere"
// every session of that user); sign-in.test.ts and security.test.ts cover both.
const notFuzzed: Record<string, string> = {
  '/sign-out': 'ends the session',
  '/account/sign-out-everywhere': 'ends every session of the user',
};

/** The identities the POST fuzz signs in as: demo accounts, and a visitor who is not signed in. */
type Identity = 'visitor' | 'systemAdministrator' | 'areaAdministrator' | 'practitioner' | 'budgetHolder' | 'representative' | 'approver' | 'financeOfficer';

// Who may reach each POST route's handler (the access policy plus each route's own checks), so the fuzz gets past the
// door. The first pattern that matches a route's URL wins.
const reachedBy: [RegExp, Identity[]][] = [
  // Public forms; /start sends anyone signed in to their home page.
  [/^\/(sign-in|start)$/, ['visitor']],
  // The contribution estimate: a public form anyone can send, signed in or not.
  [/^\/contribution-estimate\//, ['visitor']],
  // Only roles that take referrals add people.
  [/^\/people\/new$/, ['practitioner']],
  // Only staff of the organisation that owns the funding stream confirm its decision.
  [/^\/people\/:personId\/eligibility\//, ['practitioner']],
  // A decision on a part of a plan: an approver of the organisation that owns the stream.
  [/^\/people\/:personId\/plan\/approval\//, ['approver']],
  // A person's record: staff of an organisation the person shares it with, the person, their representative.
  [/^\/people\//, ['practitioner', 'budgetHolder', 'representative']],
  // Users and API tokens: an area administrator for their area, a system administrator for any.
  [/^\/admin\/(users|api-tokens)\//, ['areaAdministrator', 'systemAdministrator']],
  // Regions, areas and their organisations: system administrators only.
  [/^\/admin\/(regions\/|areas\/new$|areas\/:areaId\/organisations\/)/, ['systemAdministrator']],
  // Everything else under /admin (funding streams, configuration): the area's administrator.
  [/^\/admin\//, ['areaAdministrator']],
  // Payment runs: a finance officer of the area.
  [/^\/payment-runs/, ['financeOfficer']],
  // Anyone signed in: the security code pages.
  [/^\//, ['budgetHolder']],
];

const junkId = fc.constantFrom('junk', '00000000-0000-4000-8000-000000000000', '%00');

/** The handler ran: not refused, not rate limited, not sent to a sign-in step. A 400 page or a 303 onward counts. */
function gotPastAuthorisation(response: LightMyRequestResponse): boolean {
  if ([401, 403, 404, 429].includes(response.statusCode)) return false;
  const location = String(response.headers.location ?? '');
  return !(response.statusCode >= 300 && response.statusCode < 400 && /^\/(sign-in|account\/security-code\/set-up)/.test(location));
}

function firstPersonLink(html: string, except: string[] = []): string {
  const ids = [...html.matchAll(/\/people\/([0-9a-f-]{36})/g)].map((match) => match[1]!);
  const id = ids.find((candidate) => !except.includes(candidate));
  if (!id) throw new Error('No person linked from the home page');
  return id;
}

/**
 * Each identity's browser and the real ids it can use, by route parameter: people it can see (found from its home
 * page, as a user would), and areas, organisations, users, streams, configuration versions, sections, supporters and
 * tokens from the demo data, plus a supporter, an API token, a configuration draft and decisions made for the fuzz.
 */
async function postActors(): Promise<Record<Identity, { browser: TestBrowser; ids: Record<string, string[]> }>> {
  const { db } = database;
  const visitor = new TestBrowser(app);
  await visitor.get('/sign-in');
  const representativeBrowser = new TestBrowser(app);
  await representativeBrowser.signIn('representative@northshire.example', password);
  const administrator = browsers['admin@northshire.example']!;
  const practitionerBrowser = browsers['practitioner@northshire.example']!;
  const budgetHolderBrowser = browsers['budget.holder@northshire.example']!;
  const approverBrowser = new TestBrowser(app);
  await approverBrowser.signIn('senior.approver@northshire.example', password);

  const ownPerson = firstPersonLink((await budgetHolderBrowser.get('/')).body);
  const representedPerson = firstPersonLink((await representativeBrowser.get('/')).body);
  // Someone else the county council practitioner sees, so the fuzz of one person's record does not meet another's.
  const sharedPerson = firstPersonLink((await practitionerBrowser.get('/')).body, [ownPerson, representedPerson]);

  const [region] = await db.select().from(regions).where(eq(regions.illustrative, true));
  const demoAreas = await db.select().from(areas).where(eq(areas.regionId, region!.id)).orderBy(areas.name);
  const northshire = demoAreas.find((area) => area.name.startsWith('Northshire'))!;
  const council = await organisationOf(database, northshire.id, 'county_council');
  const areaOrganisations = (await db.select().from(organisations).where(eq(organisations.areaId, northshire.id))).map((organisation) => organisation.id);
  // Reset and unlock act on someone none of the identities here signs in as: a reset ends that user's sessions.
  const [target] = await db.select().from(users).where(eq(users.email, 'approver@northshire.example'));
  // Streams the council does not own, so retiring them leaves the decisions the practitioner confirms alone.
  const otherStreams = (await db.select().from(fundingStreams).where(and(eq(fundingStreams.areaId, northshire.id), ne(fundingStreams.owningOrganisationId, council.id)))).map((stream) => stream.id);
  const catalogue = (await db.select({ id: catalogueServices.id }).from(catalogueServices).where(eq(catalogueServices.areaId, northshire.id))).map((service) => service.id);
  const councilStreams = (await db.select().from(fundingStreams).where(and(eq(fundingStreams.areaId, northshire.id), eq(fundingStreams.owningOrganisationId, council.id)))).map((stream) => stream.code);
  const configuration = await db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, northshire.id), isNotNull(areaConfigurations.publishedAt)));
  const questionSet = configuration.find((row) => row.kind === 'question-set')!;
  const sections = (questionSet.definition as { sections: { id: string }[] }).sections.map((section) => section.id);
  const publishedRas = configuration.find((row) => row.kind === 'ras-table')!;

  // A draft to publish: the published RAS table exported and imported back, as an administrator would.
  const base = `/admin/areas/${northshire.id}/configuration`;
  const exported = await administrator.get(`${base}/${publishedRas.id}.json`);
  await administrator.get(`${base}/import`);
  const imported = await administrator.post(`${base}/import`, { kind: 'ras-table', definition: exported.body });
  const draft = /\/configuration\/([0-9a-f-]{36})\?/.exec(String(imported.headers.location))?.[1];
  expect(draft, `import of a RAS table answered ${imported.statusCode}`).toBeDefined();

  // An API token to revoke.
  await administrator.get('/admin/api-tokens/new');
  const created = await administrator.post('/admin/api-tokens/new', { name: 'Fuzz target', organisation: council.id, role: 'practitioner', expiry: '90' });
  expect(created.statusCode).toBe(200);
  const tokens = (await db.select().from(apiTokens).where(eq(apiTokens.name, 'Fuzz target'))).map((token) => token.id);

  // A supporter to end on each record, added through the form.
  const supporters: Record<string, string[]> = {};
  for (const [browser, personId] of [[practitionerBrowser, sharedPerson], [budgetHolderBrowser, ownPerson], [representativeBrowser, representedPerson]] as const) {
    await browser.get(`/people/${personId}/supporters/new`);
    const added = await browser.post(`/people/${personId}/supporters/new`, { kind: 'representative', name: 'Fuzz Supporter' });
    expect(added.statusCode).toBe(303);
    supporters[personId] = (await db.select().from(personSupporters).where(eq(personSupporters.personId, personId))).map((supporter) => supporter.id);
  }

  // Demo assessments are completed without decisions; sending one issues them, so there is a decision to confirm.
  const submitted = await practitionerBrowser.post(`/people/${sharedPerson}/assessment/submit`, {});
  expect(submitted.statusCode).toBe(303);

  // A support plan on each record with an outcome and an unpaid item, made through the forms, to change and stop.
  const planIds: Record<string, { outcomeId: string[]; itemId: string[] }> = {};
  for (const [browser, personId] of [[practitionerBrowser, sharedPerson], [budgetHolderBrowser, ownPerson], [representativeBrowser, representedPerson]] as const) {
    await browser.get(`/people/${personId}/plan`);
    await browser.post(`/people/${personId}/plan`, {});
    const revision = async (url: string) => {
      const page = await browser.get(url);
      return { page: page.body, revision: /name="revision" value="(\d+)"/.exec(page.body)?.[1] ?? '' };
    };
    const outcomeForm = await revision(`/people/${personId}/plan/outcomes/new`);
    await browser.post(`/people/${personId}/plan/outcomes/new`, { revision: outcomeForm.revision, inOwnWords: 'To see my friends', careActOutcomes: 'relationships', domain: 'relationships' });
    const itemForm = await revision(`/people/${personId}/plan/items/new`);
    const item = { what: 'Lifts to the club', provider: 'A neighbour', delivery: 'unpaid', streamCode: '', unit: 'session', howOften: 'weekly', times: '1', quantity: '1', unitCost: '0' };
    await browser.post(`/people/${personId}/plan/items/new`, { ...item, revision: itemForm.revision, 'start-day': '1', 'start-month': '2', 'start-year': '2027' });
    const plan = await openPlan(db, { id: personId, areaId: northshire.id });
    planIds[personId] = { outcomeId: (plan?.document.outcomes ?? []).map((outcome) => outcome.id), itemId: plan ? currentItems(plan.document).map((entry) => entry.id) : [] };
  }

  const personIds = (personId: string) => ({ personId: [personId], organisationId: areaOrganisations, sectionId: sections, supporterId: supporters[personId]!, streamCode: councilStreams, ...planIds[personId] });
  // A payment run to review, release and cancel, prepared through the form for today.
  const financeBrowser = new TestBrowser(app);
  await financeBrowser.signIn('finance@northshire.example', password);
  await financeBrowser.get('/payment-runs');
  const [year, month, day] = new Date().toISOString().slice(0, 10).split('-');
  const prepared = await financeBrowser.post('/payment-runs', { 'periodStart-day': day!, 'periodStart-month': month!, 'periodStart-year': year! });
  const runId = /\/payment-runs\/([0-9a-f-]{36})/.exec(String(prepared.headers.location))?.[1];
  expect(runId, `preparing a payment run answered ${prepared.statusCode}`).toBeDefined();
  // The area's reasons a budget may differ, to reword and retire.
  const reasonCodes = (await db.select({ code: budgetReasonCodes.code }).from(budgetReasonCodes).where(eq(budgetReasonCodes.areaId, northshire.id))).map((reason) => reason.code);
  return {
    visitor: { browser: visitor, ids: { areaId: demoAreas.map((area) => area.id) } },
    systemAdministrator: {
      browser: browsers['sysadmin@platform.example']!,
      ids: { areaId: demoAreas.map((area) => area.id), regionId: [region!.id], organisationId: areaOrganisations, userId: [target!.id], tokenId: tokens },
    },
    areaAdministrator: {
      browser: administrator,
      ids: { areaId: [northshire.id], organisationId: areaOrganisations, userId: [target!.id], streamId: otherStreams, serviceId: catalogue, configurationId: [draft!, publishedRas.id], tokenId: tokens, reasonCode: reasonCodes },
    },
    practitioner: { browser: practitionerBrowser, ids: { ...personIds(sharedPerson), streamCode: councilStreams } },
    budgetHolder: { browser: budgetHolderBrowser, ids: personIds(ownPerson) },
    representative: { browser: representativeBrowser, ids: personIds(representedPerson) },
    // The county council's senior approver (not the approver whose sessions the reset ends), on a person who shares
    // with the council, for the council's streams.
    approver: { browser: approverBrowser, ids: { personId: [sharedPerson], streamCode: councilStreams } },
    financeOfficer: { browser: financeBrowser, ids: { runId: [runId!] } },
  };
}

beforeAll(async () => {
  const built = await testApp();
  app = built.app;
  database = built.database;
  await seedDemo(built.database);
  for (const email of ['sysadmin@platform.example', 'admin@northshire.example', 'practitioner@northshire.example', 'budget.holder@northshire.example']) {
    const browser = new TestBrowser(app);
    await browser.signIn(email, password);
    await browser.get('/');
    browsers[email] = browser;
  }
  const home = await browsers['practitioner@northshire.example']!.get('/');
  personId = /\/people\/([0-9a-f-]{36})/.exec(home.body)![1]!;
}, 120_000);
afterAll(() => app.close());

describe('no 5xx for anything a user can send', () => {
  it('answers every GET route with random ids and query strings below 500', async () => {
    const routes = routesOf(app).filter((route) => route.methods.includes('GET'));
    expect(routes.length).toBeGreaterThan(10);
    for (const browser of [new TestBrowser(app), ...Object.values(browsers)]) {
      for (const route of routes) {
        for (const id of [personId, '00000000-0000-4000-8000-000000000000', 'not-an-id', '%00', '..']) {
          const query = `?returnTo=${encodeURIComponent('//evil.example')}&limit=-5&offset=abc&created=%ff`;
          const response = await browser.get(fill(route.path, id) + query);
          expect(response.statusCode, `GET ${route.path} ${id}`).toBeLessThan(500);
        }
      }
    }
  }, 120_000);

  it('fuzzes every POST route as someone allowed to reach its handler, below 500 and past authorisation', async () => {
    const routes = routesOf(app).filter((route) => route.methods.includes('POST') && !route.path.startsWith('/api/'));
    expect(routes.map((r) => r.path)).toContain('/sign-in');
    const actors = await postActors();
    const tally: { route: string; requests: number; past: number; statuses: Map<number, number> }[] = [];
    for (const route of routes) {
      if (route.path in notFuzzed) continue;
      const who = reachedBy.find(([pattern]) => pattern.test(route.path))![1];
      const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!);
      for (const name of who) {
        for (const param of params) expect(actors[name].ids[param], `${name} needs a real id for :${param} to reach POST ${route.path}`).toBeDefined();
      }
      // Mostly real ids the identity can see, sometimes junk: each request names one identity and one id per parameter.
      const requestTo = fc.constantFrom(...who).chain((name) =>
        fc.record({ name: fc.constant(name), ids: fc.record(Object.fromEntries(params.map((param) => [param, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...actors[name].ids[param]!) }, { weight: 1, arbitrary: junkId })]))) }),
      );
      // First, for each identity, an empty form with its first real ids, so the count never rests on luck alone.
      const examples: [{ name: Identity; ids: Record<string, string> }, Record<string, string>][] = who.map((name) => [{ name, ids: Object.fromEntries(params.map((param) => [param, actors[name].ids[param]![0]!])) }, {}]);
      const counts = { route: route.path, requests: 0, past: 0, statuses: new Map<number, number>() };
      tally.push(counts);
      await fc.assert(
        fc.asyncProperty(requestTo, formBody, async ({ name, ids }, body) => {
          const url = route.path.replace(/:([A-Za-z]+)/g, (_, param: string) => ids[param]!);
          const response = await actors[name].browser.post(url, body as Record<string, string | string[]>);
          expect(response.statusCode, `POST ${url} as ${name} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
          counts.requests += 1;
          counts.statuses.set(response.statusCode, (counts.statuses.get(response.statusCode) ?? 0) + 1);
          if (gotPastAuthorisation(response)) counts.past += 1;
        }),
        { numRuns: 15, examples },
      );
    }
    const neverPast = tally.filter((counts) => counts.past === 0).map(({ route, requests, statuses }) => `POST ${route}: none of ${requests} requests got past authorisation (statuses ${JSON.stringify(Object.fromEntries(statuses))})`);
    expect(neverPast, 'routes the fuzz never got past authorisation on').toEqual([]);
    expect(tally.length + Object.keys(notFuzzed).length).toBe(routes.length);
  }, 120_000);

  it('answers malformed and oversized bodies below 500', async () => {
    const browser = browsers['admin@northshire.example']!;
    await browser.get('/admin/users/new');
    const cookie = [...browser.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
    const attempts: { type: string; payload: string }[] = [
      { type: 'application/x-www-form-urlencoded', payload: '%%%&&&=%zz' },
      { type: 'application/x-www-form-urlencoded', payload: `displayName=${'a'.repeat(200_000)}` },
      { type: 'application/json', payload: '{"displayName":' },
      { type: 'application/json', payload: JSON.stringify({ displayName: { nested: true }, _csrf: browser.lastCsrfToken }) },
      { type: 'text/plain', payload: 'hello' },
      { type: 'multipart/form-data; boundary=x', payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--' },
    ];
    for (const route of ['/sign-in', '/admin/users/new', '/account/security-code/set-up', '/sign-in/security-code']) {
      for (const attempt of attempts) {
        const response = await app.inject({ method: 'POST', url: route, payload: attempt.payload, headers: { 'content-type': attempt.type, cookie } });
        expect(response.statusCode, `${route} ${attempt.type} ${attempt.payload.slice(0, 40)}`).toBeLessThan(500);
        expect(response.statusCode).toBeGreaterThanOrEqual(300);
      }
    }
  });
});
