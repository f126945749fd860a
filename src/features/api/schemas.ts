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
