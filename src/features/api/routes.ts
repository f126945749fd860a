// The JSON API under /api/v1 for machine clients with a bearer token, and its OpenAPI 3.1 description. Every answer
// goes through the same access policy and audit as the pages: a token sees what a person in its role would see.
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { asRole } from '../../platform/principals.ts';
import { authorise } from '../../platform/authorisation.ts';
import type { Services } from '../../services.ts';
import { peopleSharedWith } from '../people/queries.ts';
import { authorisedPerson } from '../people/routes.ts';
import { bearerAuthentication } from './authentication.ts';
import { areaFundingStreams, findArea, tokenHolder } from './queries.ts';
import {
  apiSchemaRegistry,
  areaIdParams,
  fundingStreamsSchema,
  jsonResponse,
  meSchema,
  pageQuery,
  peoplePageSchema,
  personIdParams,
  personSchema,
  problemSchema,
  refusals,
} from './schemas.ts';

export const apiPrefix = '/api/v1';
const security = [{ bearerAuth: [] }];

const addNamedSchemas = createJsonSchemaTransformObject({ schemaRegistry: apiSchemaRegistry });

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

export async function apiRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { db, config } = services;

  // Encapsulated: swagger sees only the routes registered inside this plugin, so no page route can reach the document.
  await app.register(
    async (api) => {
      await api.register(swagger, {
        openapi: {
          openapi: '3.1.0',
          info: {
            title: 'Right to Control API',
            version: config.version,
            description:
              'Read access for machine clients. Each API token acts with one role in one organisation and sees only what a person in that role could see: people appear only once they have agreed to share their record with the token’s organisation. Every read of a person is audited.',
          },
          components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
        },
        // Belt and braces with the encapsulation above: every API route has a tag, page routes never do.
        hideUntagged: true,
        transform: createJsonSchemaTransform({ schemaRegistry: apiSchemaRegistry }),
        transformObject: addNamedSchemasWithoutUnusedCopies,
      });

      // Public like any documentation page; every other route here is 'api' and needs a token.
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) => reply.send(api.swagger()));

      await api.register(async (secured) => {
        // onRequest, not preHandler: a caller without a token learns nothing, not even whether its input was valid.
        secured.addHook('onRequest', bearerAuthentication(db));
        // Answers name people: no cache, shared or private, may keep them.
        secured.addHook('onSend', async (_request, reply) => {
          reply.header('cache-control', 'no-store');
        });
        const routes = secured.withTypeProvider<ZodTypeProvider>();

        routes.get(
          '/me',
          {
            config: { access: 'api' },
            schema: { tags: ['Tokens'], summary: 'The token making the request', description: 'Which role and organisation the token acts for, and when it expires. Useful to check a token works.', security, response: { 200: jsonResponse('The token and the role it acts with', meSchema), 401: refusals[401] } },
          },
          async (request) => {
            const token = await tokenHolder(db, request.principal!.id);
            if (!token) throw new Error('Authenticated token has disappeared');
            return {
              tokenId: token.id,
              name: token.name,
              role: asRole(token.role),
              organisation: { id: token.organisationId, name: token.organisationName },
              areaId: token.areaId,
              expiresAt: token.expiresAt?.toISOString() ?? null,
            };
          },
        );

        routes.get(
          '/areas/:areaId/funding-streams',
          {
            config: { access: 'api' },
            schema: {
              tags: ['Areas'],
              summary: 'Funding streams in an area',
              description: 'The streams the area pools under Right to Control, with the organisation that owns each. Needs a staff role in the area.',
              security,
              params: areaIdParams,
              response: { 200: jsonResponse('The area’s funding streams', fundingStreamsSchema), ...refusals, 404: jsonResponse('There is no area with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const { areaId } = request.params;
            const area = await findArea(db, areaId);
            if (!area) return reply.code(404).send({ statusCode: 404, error: 'There is no area with this id' });
            await authorise(db, request, 'area.read', { type: 'area', areaId, regionId: area.regionId });
            const streams = await areaFundingStreams(db, areaId);
            return {
              areaId,
              streams: streams.map((stream) => ({
                code: stream.code,
                name: stream.name,
                sector: stream.sector,
                owningOrganisation: { id: stream.owningOrganisationId, name: stream.owningOrganisationName },
                retiredOn: stream.retiredOn,
              })),
            };
          },
        );

        routes.get(
          '/areas/:areaId/people',
          {
            config: { access: 'api' },
            schema: {
              tags: ['People'],
              summary: "People sharing their record with the token's organisation",
              description: 'Only people in the area who currently agree to share their record with the token’s organisation, in family-name order. Needs a casework role (practitioner, approver, broker or finance officer) in the area. Audited.',
              security,
              params: areaIdParams,
              querystring: pageQuery,
              response: { 200: jsonResponse('One page of people', peoplePageSchema), ...refusals, 404: jsonResponse('There is no area with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const { areaId } = request.params;
            const { limit, offset } = request.query;
            const area = await findArea(db, areaId);
            if (!area) return reply.code(404).send({ statusCode: 404, error: 'There is no area with this id' });
            await authorise(db, request, 'person.list', { type: 'area', areaId, regionId: area.regionId });
            const organisationId = request.principal!.assignments[0]!.organisationId!;
            const page = await peopleSharedWith(db, organisationId, areaId, limit, offset);
            return { areaId, total: Number(page.total), limit, offset, people: page.rows };
          },
        );

        routes.get(
          '/people/:personId',
          {
            config: { access: 'api' },
            schema: {
              tags: ['People'],
              summary: "A person's record",
              description: 'Needs a casework role in the person’s area, and the person’s agreement to share with the token’s organisation. Every read, allowed or refused, is audited.',
              security,
              params: personIdParams,
              response: { 200: jsonResponse('The person’s record', personSchema), ...refusals, 404: jsonResponse('There is no person with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const found = await authorisedPerson(services, request, request.params.personId, 'person.read');
            if (!found) return reply.code(404).send({ statusCode: 404, error: 'There is no person with this id' });
            const { person, shared } = found;
            return {
              id: person.id,
              givenName: person.givenName,
              familyName: person.familyName,
              dateOfBirth: person.dateOfBirth,
              areaId: person.areaId,
              sharedWith: shared.map((organisation) => ({ organisationId: organisation.organisationId, name: organisation.name, givenAt: organisation.givenAt.toISOString() })),
            };
          },
        );
      });
    },
    { prefix: apiPrefix },
  );
}
