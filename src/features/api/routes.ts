// Mounts the JSON API under /api/v1 for machine clients with a bearer token, and serves its OpenAPI 3.1 description.
// The endpoints belong to their features (<feature>/api.ts) and are handed in by features/index.ts; what is the
// API's own lives here: the document, token authentication and the no-store rule for every answer.
import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { apiSchemaRegistry, type ApiScope } from '../../platform/api.ts';
import type { Services } from '../../services.ts';
import { bearerAuthentication } from './authentication.ts';
import { apiPaths } from './paths.ts';

/** One feature's endpoints: registered on the token-secured scope, with the services their handlers use. */
export type ApiEndpoints = (api: ApiScope, services: Services) => void;

const addNamedSchemas = createJsonSchemaTransformObject({ schemaRegistry: apiSchemaRegistry });
const zodTransform = createJsonSchemaTransform({ schemaRegistry: apiSchemaRegistry });

/** The zod transform keeps only a response's description and content: put back the headers it documents (Retry-After). */
const transformKeepingHeaders: SwaggerTransform = (input) => {
  const result = zodTransform(input) as { schema: { response?: Record<string, Record<string, unknown>> } };
  const declared = (input.schema as { response?: Record<string, { headers?: unknown }> } | undefined)?.response ?? {};
  for (const [status, response] of Object.entries(declared)) {
    const transformed = result.schema.response?.[status];
    if (response.headers && transformed) transformed.headers = response.headers;
  }
  return result as ReturnType<SwaggerTransform>;
};

/**
 * The zod provider adds an "…Input" copy of every named schema in case it is also sent to the API. Ours are only
 * ever returned, so drop copies nothing refers to: client generators would otherwise make classes for them.
 */
const addNamedSchemasWithoutUnusedCopies: SwaggerTransformObject = (document) => {
  const result = addNamedSchemas(document) as { components?: { schemas?: Record<string, unknown> } };
  const schemas = { ...result.components?.schemas };
  for (let removed = true; removed; ) {
    removed = false;
    for (const name of Object.keys(schemas).filter((key) => key.endsWith('Input'))) {
      const { [name]: _unused, ...others } = schemas;
      if (!JSON.stringify({ ...result, components: { ...result.components, schemas: others } }).includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        removed = true;
      }
    }
  }
  return { ...result, components: { ...result.components, schemas } } as ReturnType<SwaggerTransformObject>;
};

export async function apiRoutes(app: FastifyInstance, services: Services, endpoints: readonly ApiEndpoints[]): Promise<void> {
  const { db, config } = services;

  // Encapsulated: swagger sees only the routes registered inside this plugin, so no page route can reach the document.
  await app.register(async (api) => {
    await api.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Right to Control API',
          version: config.version,
          description:
            'Access for machine clients. Each API token acts with one role in one organisation and may see and do only what a person in that role could: people appear only once they have agreed to share their record with the token’s organisation. Every read and change of a person’s record is audited; a change names the revision it was made against, so a stale one is refused (409) and a retry is safe. Refusals and failures are RFC 9457 problems (application/problem+json); each operation lists the statuses it can answer. A request whose headers take over a minute to arrive is answered 408, before any operation sees it.',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      },
      // Belt and braces with the encapsulation above: every API route has a tag, page routes never do.
      hideUntagged: true,
      transform: transformKeepingHeaders,
      transformObject: addNamedSchemasWithoutUnusedCopies,
    });

    // Public like any documentation page; every other route here is 'api' and needs a token.
    api.get(apiPaths.openApi.pattern, { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) => reply.send(api.swagger()));

    await api.register(async (secured) => {
      // onRequest, not preHandler: a caller without a token learns nothing, not even whether its input was valid.
      secured.addHook('onRequest', bearerAuthentication(db));
      // Then a limit per token, not per address: one leaked token cannot read a whole area in seconds, and callers
      // behind one gateway do not share a limit. Answers 429 with Retry-After.
      secured.addHook('onRequest', secured.rateLimit({ max: config.apiRateLimitPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `token:${request.principal?.id ?? request.ip}` }));
      // Answers name people: no cache, shared or private, may keep them.
      secured.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      const scope = secured.withTypeProvider<ZodTypeProvider>();
      for (const register of endpoints) register(scope, services);
    });
  });
}
