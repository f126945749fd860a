// The shapes the API accepts and returns. They validate requests, check every response before it is sent, and are
// the OpenAPI document: one definition, so the documentation cannot drift from what the service does.
import { z } from 'zod';
import { roles } from '../../domain/roles.ts';

/** Only these named schemas become OpenAPI components; other features' zod schemas stay out of the API document. */
export const apiSchemaRegistry = z.registry<{ id: string; description?: string }>();

const id = () => z.guid();
const calendarDate = () => z.iso.date();

export const problemSchema = z
  .object({
    statusCode: z.int().describe('The HTTP status code, repeated'),
    error: z.string().describe('What went wrong, in plain English'),
    message: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('For a request that did not match its schema: what was wrong, and where'),
  })
  .register(apiSchemaRegistry, { id: 'Problem', description: 'Why the request was refused' });

export const areaIdParams = z.object({ areaId: z.uuid().describe('The area id') });
export const personIdParams = z.object({ personId: z.uuid().describe('The person id') });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('How many people to return, 1 to 100'),
  offset: z.coerce.number().int().min(0).default(0).describe('How many people to skip, for the next page'),
});

export const meSchema = z
  .object({
    tokenId: id(),
    name: z.string().describe('The name given to the token when it was created'),
    role: z.enum(roles),
    organisation: z.object({ id: id(), name: z.string() }),
    areaId: id().nullable().describe('The area the token acts in; null for a token held across a region'),
    expiresAt: z.iso.datetime().nullable(),
  })
  .register(apiSchemaRegistry, { id: 'TokenHolder', description: 'The API token making the request, and the role it acts with' });

export const fundingStreamsSchema = z
  .object({
    areaId: id(),
    streams: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        sector: z.string(),
        owningOrganisation: z.object({ id: id(), name: z.string() }),
        retiredOn: calendarDate().nullable().describe('The day the area stopped using this stream; null while it is in use'),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'FundingStreams', description: 'The funding streams an area pools under Right to Control' });

export const personSummarySchema = z
  .object({ id: id(), givenName: z.string(), familyName: z.string(), dateOfBirth: calendarDate() })
  .register(apiSchemaRegistry, { id: 'PersonSummary' });

export const peoplePageSchema = z
  .object({
    areaId: id(),
    total: z.int().min(0).describe("How many people in the area share their record with the token's organisation"),
    limit: z.int(),
    offset: z.int(),
    people: z.array(personSummarySchema),
  })
  .register(apiSchemaRegistry, { id: 'PeoplePage', description: "One page of the people who agreed to share their record with the token's organisation" });

export const personSchema = z
  .object({
    id: id(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: calendarDate(),
    areaId: id(),
    sharedWith: z
      .array(z.object({ organisationId: id(), name: z.string(), givenAt: z.iso.datetime().describe('When the person agreed to share with this organisation') }))
      .describe('Every organisation the person currently agrees may see their record'),
  })
  .register(apiSchemaRegistry, { id: 'Person', description: "A person's record, as far as the token's role may see it" });

export const configurationIdParams = z.object({ configurationId: z.uuid().describe('The configuration version id') });

export const configurationDayQuery = z.object({
  on: calendarDate().optional().describe('The day to look at, YYYY-MM-DD (Europe/London); today if not given. Use a later day to see a recalibration already published'),
});

const decision = z.enum(['eligible', 'not eligible', 'more information needed']);
const confirmedDecision = z.enum(['eligible', 'not eligible']);
const answerValue = z.union([z.boolean(), z.number(), z.string(), z.array(z.string())]);
const configurationKind = z.enum(['question-set', 'eligibility-rules', 'ras-table', 'calculator']);

export const assessmentSchema = z
  .object({
    id: id(),
    personId: id(),
    status: z.enum(['in progress', 'completed']),
    questionSet: z
      .object({ id: id(), version: z.int(), effectiveFrom: calendarDate(), illustrative: z.boolean() })
      .describe('The question set version the person answered on; fetch its questions from /configuration/{configurationId}'),
    answers: z.record(z.string(), answerValue).describe('The answers as given, keyed by question id: true or false, a number, an option value, or a list of option values'),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .register(apiSchemaRegistry, { id: 'Assessment', description: "The person's latest self-assessment, completed or not" });

export const eligibilityDecisionSchema = z
  .object({
    id: id(),
    streamCode: z.string(),
    streamName: z.string().nullable().describe('Null if the area no longer has a stream with this code'),
    owningOrganisation: z.object({ id: id(), name: z.string() }).nullable().describe('The organisation that confirms this decision'),
    decision: decision.describe('What the eligibility rules decided from the answers'),
    reasons: z.array(z.string()).describe('The reasons, in plain English, as the person reads them'),
    decidedAt: z.iso.datetime(),
    rulesId: id().describe('The eligibility rules version used'),
    confirmation: z
      .object({
        decision: confirmedDecision,
        overridden: z.boolean().describe('True when the owning organisation changed the decision'),
        reason: z.string().nullable(),
        confirmedBy: z.object({ userId: id(), name: z.string() }).nullable(),
        confirmedAt: z.iso.datetime(),
      })
      .nullable()
      .describe('The owning organisation’s confirmation or change; null until it has looked at the decision'),
    decisionInForce: decision.describe('The confirmed decision once there is one, otherwise the rules’ decision'),
  })
  .register(apiSchemaRegistry, { id: 'EligibilityDecision', description: 'One funding stream’s eligibility decision' });

export const eligibilitySchema = z
  .object({
    personId: id(),
    assessmentId: id().nullable().describe('The completed assessment the decisions come from; null if the person has not completed one'),
    completedAt: z.iso.datetime().nullable(),
    decisions: z.array(eligibilityDecisionSchema),
  })
  .register(apiSchemaRegistry, { id: 'Eligibility', description: "Each stream's decision on the person's latest completed self-assessment" });

export const explanationLineSchema = z
  .object({
    text: z.string().describe('One line of the explanation, in plain English'),
    pointsChange: z.number().optional(),
    weeklyPenceChange: z.int().describe('Pence a week added, or taken off when negative'),
    oneOffPenceChange: z.int().optional(),
  })
  .register(apiSchemaRegistry, { id: 'ExplanationLine' });

export const indicativeBudgetsSchema = z
  .object({
    personId: id(),
    budgets: z.array(
      z.object({
        id: id(),
        streamCode: z.string(),
        streamName: z.string().nullable(),
        assessmentId: id(),
        configurationId: id().describe('The RAS table or calculator version used'),
        weeklyPence: z.int(),
        yearlyPence: z.int(),
        oneOffPence: z.int(),
        lines: z.array(explanationLineSchema).describe('The explanation; its amounts add up exactly to the totals'),
        issuedAt: z.iso.datetime(),
      }),
    ),
    total: z.object({ weeklyPence: z.int(), yearlyPence: z.int(), oneOffPence: z.int() }).describe('The current budgets added together'),
    historyCount: z.int().min(0).describe('How many earlier budgets newer ones have replaced'),
  })
  .register(apiSchemaRegistry, { id: 'IndicativeBudgets', description: "The person's current indicative budget for each stream, in whole pence" });

export const configurationVersionSchema = z
  .object({
    id: id(),
    kind: configurationKind,
    streamCode: z.string().nullable().describe('For RAS tables and calculators: the stream priced; null for the question set and the rules'),
    streamName: z.string().nullable(),
    name: z.string().nullable().describe('The name inside the definition'),
    version: z.int(),
    effectiveFrom: calendarDate(),
    illustrative: z.boolean().describe('True for seeded examples that are not any council’s real figures'),
  })
  .register(apiSchemaRegistry, { id: 'ConfigurationVersion' });

export const areaConfigurationSchema = z
  .object({
    areaId: id(),
    on: calendarDate(),
    versions: z.array(configurationVersionSchema),
  })
  .register(apiSchemaRegistry, { id: 'AreaConfiguration', description: 'The published configuration versions in force in an area on a day' });

export const configurationSchema = z
  .object({
    id: id(),
    areaId: id(),
    kind: configurationKind,
    streamCode: z.string().nullable(),
    version: z.int(),
    effectiveFrom: calendarDate(),
    illustrative: z.boolean(),
    publishedAt: z.iso.datetime().nullable().describe('Null for a draft not yet published'),
    definition: z.record(z.string(), z.unknown()).describe('The JSON definition, in the formats described in docs/ras-and-eligibility.md'),
  })
  .register(apiSchemaRegistry, { id: 'Configuration', description: 'One version of a question set, eligibility rules, RAS table or calculator' });

/** A response with its own description, which OpenAPI requires and clients show; the schema also checks the body. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

/** Every authenticated route can refuse in these ways; documented once so clients can rely on the shape. */
export const refusals = {
  400: jsonResponse('The request did not match the schema, for example an id that is not a UUID', problemSchema),
  401: jsonResponse('No API token, or one that is unknown, revoked or expired', problemSchema),
  403: jsonResponse('The token’s role does not allow this here, or the person has not agreed to share their record with the token’s organisation', problemSchema),
};
