// The JSON API under /api/v1 for machine clients with a bearer token, and its OpenAPI 3.1 description. Every answer
// goes through the same access policy and audit as the pages: a token sees what a person in its role would see.
import swagger, { type SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ExplanationLine } from '../../domain/budget/explanation.ts';
import { asRole } from '../../platform/principals.ts';
import { authorise } from '../../platform/authorisation.ts';
import type { Services } from '../../services.ts';
import { configurationInForce, type ConfigurationKind } from '../../records/configuration-store.ts';
import { asDecision, decisionInForce } from '../eligibility/confirmation.ts';
import { currentDecisions } from '../../records/eligibility-decisions.ts';
import { peopleSharedWith } from '../../records/people.ts';
import { authorisedPerson } from '../../platform/person-access.ts';
import { bearerAuthentication } from './authentication.ts';
import { areaFundingStreams, currentIndicativeBudgets, findArea, findConfiguration, latestAssessment, streamNames, tokenHolder } from './queries.ts';
import {
  apiSchemaRegistry,
  areaConfigurationSchema,
  areaIdParams,
  assessmentSchema,
  configurationDayQuery,
  configurationIdParams,
  configurationSchema,
  eligibilitySchema,
  fundingStreamsSchema,
  indicativeBudgetsSchema,
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

const noPerson = { statusCode: 404, error: 'There is no person with this id' } as const;

/** Stored answers are JSON written by the assessment; keep only the shapes an answer can take. */
function answersOf(stored: unknown): Record<string, boolean | number | string | string[]> {
  const answers: Record<string, boolean | number | string | string[]> = {};
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return answers;
  for (const [question, value] of Object.entries(stored)) {
    if (typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) answers[question] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) answers[question] = value;
  }
  return answers;
}

function linesOf(stored: unknown): ExplanationLine[] {
  if (!Array.isArray(stored)) return [];
  return (stored as ExplanationLine[]).map((line) => ({
    text: String(line.text),
    weeklyPenceChange: line.weeklyPenceChange,
    ...(line.pointsChange !== undefined ? { pointsChange: line.pointsChange } : {}),
    ...(line.oneOffPenceChange !== undefined ? { oneOffPenceChange: line.oneOffPenceChange } : {}),
  }));
}

function definitionName(definition: unknown): string | null {
  const named = definition as { name?: unknown; title?: unknown } | null;
  if (typeof named?.name === 'string') return named.name;
  return typeof named?.title === 'string' ? named.title : null;
}

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
            if (!found) return reply.code(404).send(noPerson);
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

        routes.get(
          '/people/:personId/assessment',
          {
            config: { access: 'api' },
            schema: {
              tags: ['Assessments'],
              summary: "A person's latest self-assessment",
              description: 'The most recently started self-assessment, completed or still in progress: its status, the question set version it is answered on, and the answers keyed by question id. Needs the same access as the person’s record. Audited.',
              security,
              params: personIdParams,
              response: { 200: jsonResponse('The latest self-assessment', assessmentSchema), ...refusals, 404: jsonResponse('There is no person with this id, or they have not started a self-assessment', problemSchema) },
            },
          },
          async (request, reply) => {
            const found = await authorisedPerson(services, request, request.params.personId, 'person.read');
            if (!found) return reply.code(404).send(noPerson);
            const latest = await latestAssessment(db, found.person.id);
            if (!latest) return reply.code(404).send({ statusCode: 404, error: 'This person has not started a self-assessment' });
            const { assessment, questionSet } = latest;
            return {
              id: assessment.id,
              personId: assessment.personId,
              status: assessment.status === 'completed' ? ('completed' as const) : ('in progress' as const),
              questionSet,
              answers: answersOf(assessment.answers),
              startedAt: assessment.startedAt.toISOString(),
              updatedAt: assessment.updatedAt.toISOString(),
              completedAt: assessment.completedAt?.toISOString() ?? null,
            };
          },
        );

        routes.get(
          '/people/:personId/eligibility',
          {
            config: { access: 'api' },
            schema: {
              tags: ['Assessments'],
              summary: "A person's eligibility for each funding stream",
              description: 'The decision for each stream on the latest completed self-assessment, with its reasons in plain English and the owning organisation’s confirmation or change. An empty list until the person completes one. Needs the same access as the person’s record. Audited.',
              security,
              params: personIdParams,
              response: { 200: jsonResponse('The decisions and their reasons', eligibilitySchema), ...refusals, 404: jsonResponse('There is no person with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const found = await authorisedPerson(services, request, request.params.personId, 'person.read');
            if (!found) return reply.code(404).send(noPerson);
            const current = await currentDecisions(db, found.person.id);
            return {
              personId: found.person.id,
              assessmentId: current?.assessment.id ?? null,
              completedAt: current?.assessment.completedAt?.toISOString() ?? null,
              decisions: (current?.decisions ?? []).map((row) => ({
                id: row.id,
                streamCode: row.streamCode,
                streamName: row.streamName,
                owningOrganisation: row.owningOrganisationId && row.owningOrganisationName ? { id: row.owningOrganisationId, name: row.owningOrganisationName } : null,
                decision: asDecision(row.decision),
                reasons: row.reasons,
                decidedAt: row.decidedAt.toISOString(),
                rulesId: row.rulesId,
                confirmation:
                  row.confirmedDecision && row.confirmedAt
                    ? {
                        decision: row.confirmedDecision === 'eligible' ? ('eligible' as const) : ('not eligible' as const),
                        overridden: row.confirmedDecision !== row.decision,
                        reason: row.confirmationReason,
                        confirmedBy: row.confirmedByUserId && row.confirmedByName ? { userId: row.confirmedByUserId, name: row.confirmedByName } : null,
                        confirmedAt: row.confirmedAt.toISOString(),
                      }
                    : null,
                decisionInForce: decisionInForce(row),
              })),
            };
          },
        );

        routes.get(
          '/people/:personId/indicative-budget',
          {
            config: { access: 'api' },
            schema: {
              tags: ['Assessments'],
              summary: "A person's indicative budgets",
              description: 'The current indicative (up-front) budget for each stream the person is eligible for: weekly, yearly and one-off amounts in whole pence, with the line-by-line explanation that adds up to them, and how many earlier budgets were replaced. Needs the same access as the person’s record. Audited.',
              security,
              params: personIdParams,
              response: { 200: jsonResponse('The current budgets', indicativeBudgetsSchema), ...refusals, 404: jsonResponse('There is no person with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const found = await authorisedPerson(services, request, request.params.personId, 'person.read');
            if (!found) return reply.code(404).send(noPerson);
            const { current, historyCount } = await currentIndicativeBudgets(db, found.person.id);
            // One per stream: should two ever be current at once, the newest is the one the person was told.
            const seen = new Set<string>();
            const budgets = current
              .filter(({ budget }) => !seen.has(budget.streamCode) && seen.add(budget.streamCode))
              .map(({ budget, streamName }) => ({
                id: budget.id,
                streamCode: budget.streamCode,
                streamName,
                assessmentId: budget.assessmentId,
                configurationId: budget.configurationId,
                weeklyPence: budget.weeklyPence,
                yearlyPence: budget.yearlyPence,
                oneOffPence: budget.oneOffPence,
                lines: linesOf(budget.lines),
                issuedAt: budget.issuedAt.toISOString(),
              }))
              .sort((a, b) => a.streamCode.localeCompare(b.streamCode));
            const total = budgets.reduce(
              (sum, budget) => ({ weeklyPence: sum.weeklyPence + budget.weeklyPence, yearlyPence: sum.yearlyPence + budget.yearlyPence, oneOffPence: sum.oneOffPence + budget.oneOffPence }),
              { weeklyPence: 0, yearlyPence: 0, oneOffPence: 0 },
            );
            return { personId: found.person.id, budgets, total, historyCount };
          },
        );

        routes.get(
          '/areas/:areaId/configuration',
          {
            config: { access: 'api' },
            schema: {
              tags: ['Configuration'],
              summary: 'Configuration in force in an area',
              description: 'The published question set, eligibility rules, RAS tables and calculators in force on a day: for each kind and stream, the version with the latest effective date on or before it. Fetch a definition from /configuration/{configurationId}. Needs a staff role in the area.',
              security,
              params: areaIdParams,
              querystring: configurationDayQuery,
              response: { 200: jsonResponse('The versions in force', areaConfigurationSchema), ...refusals, 404: jsonResponse('There is no area with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const { areaId } = request.params;
            const area = await findArea(db, areaId);
            if (!area) return reply.code(404).send({ statusCode: 404, error: 'There is no area with this id' });
            await authorise(db, request, 'area.read', { type: 'area', areaId, regionId: area.regionId });
            const on = request.query.on ?? services.clock.today();
            const [inForce, names] = await Promise.all([configurationInForce(db, areaId, on), streamNames(db, areaId)]);
            const version = (kind: ConfigurationKind, item: { id: string; version: number; effectiveFrom: string; illustrative: boolean; definition: unknown }) => {
              const streamCode = kind === 'ras-table' || kind === 'calculator' ? ((item.definition as { streamCode?: string }).streamCode ?? null) : null;
              return { id: item.id, kind, streamCode, streamName: streamCode ? (names.get(streamCode) ?? null) : null, name: definitionName(item.definition), version: item.version, effectiveFrom: item.effectiveFrom, illustrative: item.illustrative };
            };
            const versions = inForce
              ? [
                  version('question-set', inForce.questionSet),
                  version('eligibility-rules', inForce.rules),
                  ...inForce.rasTables.map((table) => version('ras-table', table)),
                  ...inForce.calculators.map((calculator) => version('calculator', calculator)),
                ]
              : [];
            return { areaId, on, versions };
          },
        );

        routes.get(
          '/configuration/:configurationId',
          {
            config: { access: 'api' },
            schema: {
              tags: ['Configuration'],
              summary: 'One configuration version',
              description: 'A question set, eligibility rules, RAS table or calculator version with its JSON definition. Published versions need a staff role in the area; drafts not yet published need an area administrator.',
              security,
              params: configurationIdParams,
              response: { 200: jsonResponse('The version and its definition', configurationSchema), ...refusals, 404: jsonResponse('There is no configuration with this id', problemSchema) },
            },
          },
          async (request, reply) => {
            const found = await findConfiguration(db, request.params.configurationId);
            if (!found) return reply.code(404).send({ statusCode: 404, error: 'There is no configuration with this id' });
            const { configuration, regionId } = found;
            // Drafts are work in progress for administrators; only what has been published is for everyone in the area.
            await authorise(db, request, configuration.publishedAt ? 'area.read' : 'area.administer', { type: 'area', areaId: configuration.areaId, regionId });
            return {
              id: configuration.id,
              areaId: configuration.areaId,
              kind: configuration.kind as ConfigurationKind,
              streamCode: configuration.streamCode,
              version: configuration.version,
              effectiveFrom: configuration.effectiveFrom,
              illustrative: configuration.illustrative,
              publishedAt: configuration.publishedAt?.toISOString() ?? null,
              definition: configuration.definition as Record<string, unknown>,
            };
          },
        );
      });
    },
    { prefix: apiPrefix },
  );
}
