// The benchmark's reference: the budget page's own template rendered from fixed records, through the same view
// engine and security plugins as the service (CSP nonce, CSRF token, cookies, headers), with no database and no
// session. What a signed-in page could reach if reading its records cost nothing; pages are measured against it.
// Usage: PORT=3998 tsx bench/reference-server.ts
import Fastify from 'fastify';
import type { ExplanationLine } from '../src/domain/budget/explanation.ts';
import { noContacts } from '../src/domain/organisation-contacts.ts';
import { budgetView, govukTableParams, type BudgetRecord, type BudgetRecords } from '../src/features/budget/budget-view.ts';
import { featurePaths } from '../src/features/index.ts';
import { loadConfig } from '../src/platform/config.ts';
import { registerSecurity } from '../src/platform/security.ts';
import { registerViews } from '../src/platform/views.ts';
import { streamContactBlocks } from '../src/records/organisation-contacts.ts';

const council = '00000000-0000-4000-8000-000000000001';
const jobcentre = '00000000-0000-4000-8000-000000000002';
const district = '00000000-0000-4000-8000-000000000003';
const issuedAt = new Date('2026-11-20T10:00:00Z');

function lines(stream: string, points: number[], pencePerPoint: number): ExplanationLine[] {
  const scored = points.map((point, index) => ({ text: `You scored ${point} points for ${stream} need ${index + 1}`, pointsChange: point, weeklyPenceChange: point * pencePerPoint }));
  return [{ text: `Each point is worth ${pencePerPoint} pence a week`, weeklyPenceChange: 0 }, ...scored, { text: 'Contingency 5%', weeklyPenceChange: 315 }];
}

function budget(streamCode: string, assessmentId: string, explanation: ExplanationLine[], superseded: Date | null): BudgetRecord {
  const weeklyPence = explanation.reduce((sum, line) => sum + line.weeklyPenceChange, 0);
  return { assessmentId, streamCode, configurationId: 'ras', weeklyPence, yearlyPence: weeklyPence * 52, oneOffPence: 0, lines: explanation, issuedAt, supersededAt: superseded };
}

const decision = (assessmentId: string, streamCode: string, value: string, reasons: string[]) => ({ assessmentId, streamCode, decision: value, reasons, confirmedDecision: null, confirmationReason: null });

// Shaped like a demo person's budget: three streams paid, one not, and one earlier budget replaced.
const records: BudgetRecords = {
  streams: [
    { code: 'asc', name: 'Adult social care', owner: 'Northshire County Council', ownerId: council },
    { code: 'access-to-work', name: 'Access to Work', owner: 'Northshire Jobcentre Plus', ownerId: jobcentre },
    { code: 'dfg', name: 'Disabled Facilities Grant', owner: 'Northshire District Council', ownerId: district },
    { code: 'ilf', name: 'Independent living support', owner: 'Northshire County Council', ownerId: council },
  ],
  current: [
    budget('asc', 'now', lines('care', [4, 3, 2, 4, 1, 2], 1450), null),
    budget('access-to-work', 'now', lines('work', [2, 3], 2100), null),
    budget('dfg', 'now', lines('home', [3, 1], 900), null),
  ],
  earlier: [budget('asc', 'before', lines('care', [3, 3, 2, 2], 1450), new Date('2026-11-20T09:00:00Z'))],
  decisions: [
    decision('now', 'asc', 'eligible', []),
    decision('now', 'access-to-work', 'eligible', []),
    decision('now', 'dfg', 'eligible', []),
    decision('now', 'ilf', 'not eligible', ['The answers say help is needed with fewer than two daily tasks']),
  ],
  earlierDecisions: [decision('before', 'asc', 'eligible', [])],
  sharedWith: new Set([council, jobcentre]),
  illustrativeConfigurations: new Set(['ras']),
  tolerances: { asc: 10 },
};
const person = { id: '00000000-0000-4000-8000-00000000000a', givenName: 'Alex', familyName: 'Example', areaId: '00000000-0000-4000-8000-00000000000b' };
const contactsOf = (name: string, id: string) => ({ ...noContacts, id, name, contactPhone: '0300 123 4567', contactEmail: 'care@northshire.example', openingHours: 'Monday to Friday, 9am to 5pm' });
const owners = new Map([
  ['asc', contactsOf('Northshire County Council', council)],
  ['access-to-work', contactsOf('Northshire Jobcentre Plus', jobcentre)],
  ['ilf', contactsOf('Northshire County Council', council)],
]);
const currentUser = { id: '00000000-0000-4000-8000-00000000000c', email: 'practitioner@northshire.example', displayName: 'Northshire Practitioner', totpEnabled: false, isStaff: true };

const config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development', LOG_LEVEL: 'warn' });
const app = Fastify({ logger: false });
await registerSecurity(app, config);
await registerViews(app, config, { illustrativeData: () => true, paths: featurePaths });
app.decorateRequest('currentUser', undefined);
app.addHook('onRequest', async (request) => {
  request.currentUser = currentUser;
});
app.get('/health', { config: { access: 'public' } }, () => ({ status: 'ok' }));
// Worked out on every request, as the service does: the view, its tables and the contacts, then the same template.
app.get('/budget', { config: { access: 'public' } }, (_request, reply) => {
  const view = budgetView(records);
  return reply.render('budget/budget.njk', {
    pageTitle: `Budget for ${person.givenName} ${person.familyName}`,
    person,
    own: false,
    view,
    tables: Object.fromEntries(view.funded.map((stream) => [stream.code, govukTableParams(stream.table)])),
    contacts: streamContactBlocks({ lead: owners.get('asc'), owners }, [...view.funded, ...view.unfunded].map((stream) => stream.code)),
    updating: false,
    completed: false,
  });
});
await app.listen({ port: Number(process.env.PORT ?? 3998), host: '127.0.0.1' });
