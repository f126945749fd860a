// The API answers what its OpenAPI document says: real requests to every operation, producing every status the
// document lists, each checked against the document's own schema for that status and media type.
import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { openPlan } from '../../records/support-plans.ts';
import { recordCompletedAssessment } from '../../../test/support/assessment-records.ts';
import { systemClock } from '../../platform/clock.ts';
import { agreePlan, demoApprovers } from '../../../test/support/agreed-plan.ts';

const rateLimit = 12;
const faultHeader = 'x-test-fault';
/** Holds the database's one place (the queue is set to one place and no waiting) until released, as a slow request would. */
let hold: Promise<void> = Promise.resolve();
let holding = 0;
const api = apiTestContext(
  { apiRateLimitPerMinute: rateLimit, databaseQueue: { maxActive: 1, maxWaiting: 0, maxWaitMs: 1_000 } },
  {
    beforeReady: (app) => {
      // Our own fault on a real request: the hook throws as a failing query would, before any handler runs.
      app.addHook('onRequest', async (request) => {
        if (request.headers[faultHeader]) throw new Error('A fault for the test');
      });
      app.get('/test/slow', { config: { access: 'public' } }, async () => {
        holding += 1;
        await hold;
        holding -= 1;
        return 'done';
      });
    },
  },
);

/** Runs `work` while a slow request holds the database's only place, so the queue refuses it. */
async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  hold = new Promise((resolve) => (release = resolve));
  const slow = api.context.app.inject({ method: 'GET', url: '/test/slow' });
  while (holding === 0) await new Promise((resolve) => setImmediate(resolve));
  try {
    return await work();
  } finally {
    release();
    await slow;
  }
}
const place = api.context.place;
/** What an operation must be asked to answer at all, by operationId: its required query. */
const neededQuery: Record<string, string> = { getCashEquivalent: 'quantity=3&often=week&times=7' };
/** Answers only a particular body gives, by operationId, once the needed body has been sent. */
const particularBodies: Record<string, { label: string; body: object; status: number }[]> = {
  answerDirectPaymentOffer: [
    { label: 'a stale revision', body: { action: 'offer-again', streamCode: 'adult-social-care', expectedRevision: 1 }, status: 409 },
    { label: 'an answer the offer cannot take', body: { action: 'decline', streamCode: 'adult-social-care', expectedRevision: 2 }, status: 422 },
  ],
};
/** The role a token needs to be answered at all, by operationId, where a practitioner's is refused. */
const neededRole: Record<string, string> = { getActualVsIndicative: 'director', getPlanProcessMeasures: 'director' };

/** A call with a method: GETs as api.call makes them, anything else with a JSON body. */
function send(method: string, url: string, token?: string, headers: Record<string, string> = {}, body?: unknown) {
  if (method === 'get') return api.call(url, token, headers);
  return api.context.app.inject({
    method: method.toUpperCase() as 'POST',
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body ?? {}),
  });
}

interface Media {
  schema: object;
}
interface DocumentedResponse {
  description: string;
  content?: Record<string, Media>;
  headers?: Record<string, { schema: object }>;
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  schema: { type?: string; format?: string; minimum?: number };
}
interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  responses: Record<string, DocumentedResponse>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

const documentId = 'urn:rtc:openapi';
const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

let document: OpenApiDocument;
let ajv: Ajv2020;
const operations: { path: string; method: string; operation: Operation }[] = [];
/** The statuses each operation was seen to answer, every one of them checked against the document. */
const seen = new Map<string, Set<number>>();

beforeAll(async () => {
  document = (await api.call('/api/v1/openapi.json')).json();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...document, $id: documentId });
  for (const [path, methods] of Object.entries(document.paths)) for (const [method, operation] of Object.entries(methods)) operations.push({ path, method, operation });
});

/** Fails unless the document lists the response's status for the operation, with its media type, schema and headers. */
function expectDocumented(path: string, operation: Operation, response: LightMyRequestResponse, label: string, method = 'get') {
  const status = response.statusCode;
  const documented = operation.responses[String(status)];
  expect(documented, `${operation.operationId} ${label}: ${status} is not in the document (${response.body.slice(0, 200)})`).toBeDefined();
  const [mediaType, ...others] = Object.keys(documented!.content ?? {});
  expect(others).toEqual([]);
  expect(String(response.headers['content-type']).split(';')[0], `${operation.operationId} ${label}`).toBe(mediaType);
  const validate = ajv.getSchema(`${documentId}#/${pointer('paths', path, method, 'responses', String(status), 'content', mediaType!, 'schema')}`)!;
  expect(validate(response.json()), `${operation.operationId} ${label}: ${JSON.stringify(validate.errors)}`).toBe(true);
  for (const [header, { schema }] of Object.entries(documented!.headers ?? {})) {
    const value = response.headers[header.toLowerCase()];
    expect(value, `${operation.operationId} ${label}: header ${header}`).toBeDefined();
    const typed = (schema as { type?: string }).type === 'integer' ? Number(value) : value;
    expect(ajv.validate(schema, typed), `${operation.operationId} ${label}: header ${header} is ${String(value)}`).toBe(true);
  }
  const statuses = seen.get(operation.operationId!) ?? new Set<number>();
  seen.set(operation.operationId!, statuses.add(status));
  return status;
}

/**
 * A GET over a real socket, for what only Node's own parser refuses (an address over 16 KB): inject never meets that
 * limit. Shaped like an injected response so one check serves both.
 */
async function overTheWire(url: string, token: string): Promise<LightMyRequestResponse> {
  const { app } = api.context;
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: url, headers: { authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode!, headers: response.headers, body, json: () => JSON.parse(body) } as unknown as LightMyRequestResponse));
    }).on('error', reject);
  });
}

/** Ids no client should send, each of which must be a documented answer (400), never a 5xx or an undocumented 414. */
const oddIds = ['not-a-uuid', '%E0%A4%A', 'a'.repeat(10_000), '__proto__', 'constructor', '%00', '..%2F..'];

/** A value outside a query parameter's schema, where the schema says enough to make one. */
function outOfRange(parameter: Parameter): string | undefined {
  if (parameter.schema.format === 'date') return '0000-01-01';
  if (parameter.schema.type === 'integer' || parameter.schema.type === 'number') return String((parameter.schema.minimum ?? 0) - 1);
  return undefined;
}

describe('the OpenAPI document and the answers it describes', () => {
  it('names every operation with a unique, readable operationId, a summary and tags', () => {
    expect(operations.length).toBeGreaterThan(0);
    const ids = operations.map(({ operation }) => operation.operationId);
    for (const { path, operation } of operations) {
      expect(operation.operationId, path).toMatch(/^(get|list|start|change|submit|answer)[A-Z][A-Za-z]+$/);
      expect(operation.summary, path).toBeTruthy();
      expect(operation.tags?.length, path).toBeGreaterThan(0);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives, for every operation, every status the document lists, each matching its schema', async () => {
    const person = await api.newPerson();
    await recordCompletedAssessment(api.context.database.db, person.id);
    // Someone else's plan agreed, so there is a direct payment offer to answer while the person's own plan stays open.
    const offered = await api.newPerson();
    await recordCompletedAssessment(api.context.database.db, offered.id);
    await agreePlan(api.context.database.db, systemClock, offered, demoApprovers('northshire'));
    /** The person an operation is asked about, where it is not the known person. */
    const personFor: Record<string, string> = { listDirectPaymentOffers: offered.id, answerDirectPaymentOffer: offered.id };
    const practitioner = await api.tokenFor(place.northshire, 'county_council', 'practitioner');
    const inForce = (await api.call(`/api/v1/areas/${place.northshire}/configuration`, practitioner.token)).json() as { versions: { id: string }[] };
    const catalogue = (await api.call(`/api/v1/areas/${place.northshire}/catalogue`, practitioner.token)).json() as { services: { id: string }[] };
    const known: Record<string, string> = { areaId: place.northshire, personId: person.id, configurationId: inForce.versions[0]!.id, serviceId: catalogue.services[0]!.id };
    const filled = (path: string, values: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? known[name]!);
    // Writes to the person's support plan: a body that works at the plan's current revision, and the refusals it can give.
    const revisionOf = async (personId: string) => (await openPlan(api.context.database.db, { id: personId, areaId: place.northshire }))?.revision ?? 0;
    const unsendable = await api.newPerson();
    await send('post', `/api/v1/people/${unsendable.id}/plan`, (await api.issueFor(place.northshire, 'county_council', 'practitioner')).token);
    const careItem = () => ({ id: randomUUID(), what: 'Support worker', provider: 'A provider', unit: 'hour', frequency: { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 }, unitCostPence: 1500, startDate: '2027-01-04', endDate: null, streamCode: 'adult-social-care', delivery: 'direct-payment', outcomeIds: [] });
    const neededBody: Record<string, () => Promise<unknown>> = {
      changeSupportPlan: async () => ({ expectedRevision: await revisionOf(person.id), changes: [{ kind: 'add-item', item: careItem() }] }),
      submitSupportPlan: async () => ({ expectedRevision: await revisionOf(person.id) }),
      answerDirectPaymentOffer: async () => ({ action: 'decline', streamCode: 'adult-social-care', expectedRevision: 1 }),
    };
    /** Calls made first, for the statuses only a particular body gives: a stale revision, a broken rule. */
    const provoked: Record<string, { label: string; personId: string; body: () => Promise<unknown>; status: number }[]> = {
      changeSupportPlan: [
        { label: 'at a stale revision', personId: person.id, body: async () => ({ expectedRevision: 0, changes: [{ kind: 'set-if-things-go-wrong', text: 'Call me' }] }), status: 409 },
        { label: 'stopping an item the plan does not have', personId: person.id, body: async () => ({ expectedRevision: await revisionOf(person.id), changes: [{ kind: 'remove-item', itemId: randomUUID(), lastDay: '2027-01-04' }] }), status: 422 },
      ],
      submitSupportPlan: [
        { label: 'at a stale revision', personId: person.id, body: async () => ({ expectedRevision: 0 }), status: 409 },
        { label: 'with nothing costed', personId: unsendable.id, body: async () => ({ expectedRevision: await revisionOf(unsendable.id) }), status: 422 },
      ],
    };

    for (const { path, method, operation } of operations) {
      const call = async (label: string, url: string, token?: string, headers: Record<string, string> = {}, serverSide = Boolean(headers[faultHeader]), body?: unknown) => {
        const response = await send(method, url, token, headers, body ?? (await neededBody[operation.operationId!]?.()));
        if (!serverSide) expect(response.statusCode, `${operation.operationId} ${label}`).toBeLessThan(500);
        return expectDocumented(path, operation, response, label, method);
      };
      const role = neededRole[operation.operationId!] ?? 'practitioner';
      for (const extra of provoked[operation.operationId!] ?? []) {
        const own = (await api.issueFor(place.northshire, 'county_council', role)).token;
        expect(await call(extra.label, filled(path, { personId: extra.personId }), own, {}, false, await extra.body())).toBe(extra.status);
      }
      // A token of its own for each operation, so the rate limit is only reached when the test means it to be.
      const { token } = await api.issueFor(place.northshire, 'county_council', role);
      const needed = neededQuery[operation.operationId!];
      const about = personFor[operation.operationId!];
      const fill = (template: string, values: Record<string, string> = {}) => filled(template, { ...(about ? { personId: about } : {}), ...values }) + (needed ? `?${needed}` : '');
      const url = fill(path);
      const pathParameters = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');

      expect(await call('with a token', url, token)).toBe(200);
      for (const particular of particularBodies[operation.operationId!] ?? []) expect(await call(particular.label, url, token, {}, false, particular.body)).toBe(particular.status);
      expect(await call('without a token', url)).toBe(401);
      for (const parameter of pathParameters) {
        // And one for each path parameter, so an operation with two stays under the limit too.
        const own = (await api.issueFor(place.northshire, 'county_council', role)).token;
        for (const odd of oddIds) expect(await call(`${parameter.name}=${odd.slice(0, 20)}`, fill(path, { [parameter.name]: odd }), own)).toBe(400);
        if (operation.responses['404']) expect(await call(`unknown ${parameter.name}`, fill(path, { [parameter.name]: randomUUID() }), own)).toBe(404);
      }
      for (const parameter of (operation.parameters ?? []).filter((candidate) => candidate.in === 'query')) {
        const value = outOfRange(parameter);
        if (value !== undefined) expect(await call(`${parameter.name}=${value}`, `${fill(path)}${needed ? '&' : '?'}${parameter.name}=${value}`, token)).toBe(400);
      }
      if (operation.responses['403']) {
        const elsewhere = await api.issueFor(place.riverton, 'county_council', role);
        expect(await call('from another area', url, elsewhere.token)).toBe(403);
      }
      expect(await call('on our own fault', url, token, { [faultHeader]: 'yes' })).toBe(500);
      expect(await whileBusy(() => call('while the database is busy', url, token, {}, true))).toBe(503);
      const farTooLong = pathParameters.length > 0 ? fill(path, { [pathParameters[0]!.name]: '9'.repeat(20_000) }) : `${url}?id=${'9'.repeat(20_000)}`;
      expect(expectDocumented(path, operation, await overTheWire(farTooLong, token), 'with an address over 16 KB', method)).toBe(431);

      const busy = await api.issueFor(place.northshire, 'county_council', role);
      for (let request = 0; request < rateLimit; request += 1) await send(method, url, busy.token, {}, await neededBody[operation.operationId!]?.());
      expect(await call('past the rate limit', url, busy.token)).toBe(429);
    }

    // Every status the document lists is one the operation really gives: none is there for show.
    for (const { operation } of operations) {
      expect([...(seen.get(operation.operationId!) ?? [])].sort(), operation.operationId).toEqual(Object.keys(operation.responses).map(Number).sort());
    }
  });

  it('answers Fastify’s own refusals under /api in the documented problem shape', async () => {
    const { token } = await api.tokenFor(place.northshire, 'county_council', 'practitioner');
    const validate = ajv.compile({ $ref: `${documentId}#/components/schemas/Problem` });
    const attempts = [
      { label: 'no such address', method: 'GET' as const, url: '/api/v1/no-such-thing', status: 404 },
      { label: 'no such method', method: 'POST' as const, url: '/api/v1/me', status: 404 },
      { label: 'bad JSON', method: 'POST' as const, url: '/api/v1/me', payload: '{"not json', contentType: 'application/json', status: 400 },
      // No operation is at /me but a GET, whose body is never read: a body of any type cannot make a 415.
      { label: 'a body of a type the API never reads', method: 'POST' as const, url: '/api/v1/me', payload: '<me/>', contentType: 'application/xml', status: 404 },
      { label: 'badly encoded address', method: 'GET' as const, url: '/api/v1/%E0%A4%A', status: 400 },
      { label: 'very long id', method: 'GET' as const, url: `/api/v1/people/${'9'.repeat(10_000)}/assessment`, status: 400 },
    ];
    for (const attempt of attempts) {
      const response = await api.context.app.inject({
        method: attempt.method,
        url: attempt.url,
        headers: { authorization: `Bearer ${token}`, ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}) },
        ...(attempt.payload ? { payload: attempt.payload } : {}),
      });
      expect(response.statusCode, attempt.label).toBe(attempt.status);
      expect(response.headers['content-type'], attempt.label).toMatch(/^application\/problem\+json/);
      expect(response.headers['cache-control'], attempt.label).toBe('no-store');
      expect(validate(response.json()), `${attempt.label}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(response.json(), attempt.label).toMatchObject({ status: attempt.status, instance: expect.stringMatching(/^urn:uuid:/) });
    }
  });

  it('shows a page, not JSON, for a page address the router cannot read', async () => {
    for (const url of ['/people/%E0%A4%A', `/people/${'a'.repeat(10_000)}`]) {
      const response = await api.call(url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('<h1>Page not found</h1>');
      expect(response.body).not.toContain('%E0');
    }
  });
});
