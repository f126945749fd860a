// What every JSON API endpoint shares, whichever feature it belongs to: the registry that names OpenAPI components,
// the shapes of refusals and common inputs, the type of the token-secured scope, and `apiRoute`, which declares an
// endpoint's access, audit action, documentation and failure answers in one place so no endpoint can forget one.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { findArea } from '../records/tenancy.ts';
import { NotFoundError, problemMediaType } from './errors.ts';
import type { PersonAudit } from './request-context.ts';

/** Only these named schemas become OpenAPI components; other zod schemas (forms, imports) stay out of the document. */
export const apiSchemaRegistry = z.registry<{ id: string; description?: string }>();

/**
 * The scope every feature's endpoints are registered on: behind bearer-token authentication, with zod typing
 * requests and answers. Features receive it; only the API's mount makes it.
 */
export type ApiScope = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Ids in answers are the database's UUIDs; days are YYYY-MM-DD (Europe/London), as everywhere in the service. */
export const recordId = () => z.guid();
export const calendarDate = () => z.iso.date();

/** The earliest and latest day a request may ask about: anything outside is a typing mistake, not a real question. */
export const earliestDay = '1900-01-01';
export const latestDay = '2099-12-31';

/** A day a client sends (YYYY-MM-DD), within the years the service deals in, so no query is sent a date it refuses. */
export const requestedDay = () =>
  z.iso.date().refine((day) => day >= earliestDay && day <= latestDay, { message: `Give a day from ${earliestDay} to ${latestDay}` });

/** RFC 9457 problem details: every refusal and failure the API answers has this shape, as application/problem+json. */
export const problemSchema = z
  .object({
    type: z.literal('about:blank').describe('Always about:blank: the status and title say what kind of problem it is'),
    title: z.string().describe('The HTTP status’s own title, for example Not Found'),
    status: z.int().min(400).max(599).describe('The HTTP status code, repeated'),
    detail: z.string().describe('What went wrong and what to do, in plain English'),
    instance: z.string().regex(/^urn:uuid:[0-9a-f-]{36}$/).describe('This request’s id: quote it when you ask for help, so the service’s logs of it can be found'),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('For a request that did not match the document: what was wrong, and where'),
  })
  .register(apiSchemaRegistry, { id: 'Problem', description: 'Why the request was refused or failed (RFC 9457)' });

export const areaIdParams = z.object({ areaId: z.uuid().describe('The area id') });
export const personIdParams = z.object({ personId: z.uuid().describe('The person id') });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('How many people to return, 1 to 100'),
  offset: z.coerce.number().int().min(0).default(0).describe('How many people to skip, for the next page'),
});

/** A response with its own description, which OpenAPI requires and clients show; the schema also checks the body. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

/** A refusal or failure: a problem (RFC 9457), with the description the document shows. */
function problemResponse(description: string) {
  return { description, content: { [problemMediaType]: { schema: problemSchema } } };
}

/** Every authenticated route can refuse in these ways; documented once so clients can rely on the shape. */
export const refusals = {
  400: problemResponse('The request did not match the document: an id that is not a UUID (too long, or not correctly percent-encoded), or a query value out of range'),
  401: problemResponse('No API token, or one that is unknown, revoked or expired'),
  403: problemResponse('The token’s role does not allow this here, or the person has not agreed to share their record with the token’s organisation'),
};

/** Every token-secured route is limited per token (API_RATE_LIMIT_PER_MINUTE); the header is plain JSON Schema. */
const rateLimited = {
  ...problemResponse('Too many requests from this token in a minute: wait the number of seconds the Retry-After header gives'),
  headers: { 'Retry-After': { type: 'integer', minimum: 0, description: 'How many seconds to wait before trying again' } },
};

/** Node refuses a request whose address and headers pass 16 KB before any route sees it; a long enough id gets this. */
const tooLarge = problemResponse('The address and headers are too large to read (over 16 KB together), for example an id far too long to be a UUID');

/** Our own fault: the problem says nothing of what failed, and its instance finds the request in the logs. */
const failed = problemResponse('Something went wrong on our side; try again later');

/** Every route may be refused while the database is busy (DB_MAX_QUEUED_REQUESTS, DB_MAX_WAIT_SECONDS). */
const busy = {
  ...problemResponse('The service is busy: wait the number of seconds the Retry-After header gives, then try again'),
  headers: { 'Retry-After': { type: 'integer', minimum: 0, description: 'How many seconds to wait before trying again' } },
};

type RefusalStatus = keyof typeof refusals;
type JsonResponse<T extends z.ZodType> = ReturnType<typeof jsonResponse<T>>;

const security = [{ bearerAuth: [] }];
const everyRefusal: readonly RefusalStatus[] = [400, 401, 403];

export interface ApiRouteDeclaration<Params, Query, Answer extends z.ZodType, Refused extends RefusalStatus, NotFound extends string | undefined> {
  /** The name client generators give the call, verb first (listPeople, getPerson); unique in the document, never changed. */
  operationId: string;
  /** The OpenAPI tags that group the endpoint in the documentation; at least one, or the document hides it. */
  tags: [string, ...string[]];
  summary: string;
  description: string;
  params?: Params;
  querystring?: Query;
  /** The 200 answer: what it is, in the words the documentation shows, and its schema. */
  ok: [description: string, schema: Answer];
  /** What a 404 means here, for an endpoint that looks something up; the handler throws NotFoundError to send it. */
  notFound?: NotFound;
  /** For an endpoint about one person's record: the action `loadPerson` authorises and writes to the audit log. */
  audit?: PersonAudit;
  /** The refusals the endpoint can give, when not all of them: one with no input and no policy check cannot 400 or 403. */
  refusals?: readonly Refused[];
}

/**
 * The route options of a token-secured endpoint: `access: 'api'` and its audit action, bearer security, and every
 * answer it can give documented and checked. Spelling these out per endpoint is how one gets missed.
 */
export function apiRoute<Params = undefined, Query = undefined, Answer extends z.ZodType = z.ZodType, Refused extends RefusalStatus = RefusalStatus, NotFound extends string | undefined = undefined>(
  declaration: ApiRouteDeclaration<Params, Query, Answer, Refused, NotFound>,
) {
  const { operationId, tags, summary, description, params, querystring, ok, notFound, audit } = declaration;
  const refused = declaration.refusals ?? everyRefusal;
  const response = {
    200: jsonResponse(...ok),
    ...Object.fromEntries(refused.map((status) => [status, refusals[status]])),
    ...(notFound === undefined ? {} : { 404: problemResponse(notFound) }),
    429: rateLimited,
    431: tooLarge,
    500: failed,
    503: busy,
  } as { 200: JsonResponse<Answer>; 429: typeof rateLimited; 431: typeof tooLarge; 500: typeof failed; 503: typeof busy } & Pick<typeof refusals, Refused> & (NotFound extends string ? { 404: typeof failed } : unknown);
  return {
    config: { access: 'api' as const, ...(audit ? { audit } : {}) },
    schema: {
      operationId,
      tags,
      summary,
      description,
      security,
      ...(params === undefined ? {} : { params }),
      ...(querystring === undefined ? {} : { querystring }),
      response,
    } as { operationId: string; tags: string[]; summary: string; description: string; security: typeof security; params: Params; querystring: Query; response: typeof response },
  };
}

/** The area an endpoint names, for its policy check; NotFoundError (404 JSON) when there is none. */
export async function loadArea(db: Queryable, areaId: string): Promise<{ id: string; regionId: string }> {
  const area = await findArea(db, areaId);
  if (!area) throw new NotFoundError('There is no area with this id');
  return area;
}
