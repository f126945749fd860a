// GET /api/v1/areas/:areaId/people and /api/v1/people/:personId: the people who share their record with the token's
// organisation, and one person's record, each through the same policy and audit as the pages.
import { z } from 'zod';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, calendarDate, loadArea, pageQuery, personIdParams, recordId } from '../../platform/api.ts';
import { authorise } from '../../platform/authorisation.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { peopleSharedWith } from '../../records/people.ts';
import type { Services } from '../../services.ts';

export const personSummarySchema = z
  .object({ id: recordId(), givenName: z.string(), familyName: z.string(), dateOfBirth: calendarDate() })
  .register(apiSchemaRegistry, { id: 'PersonSummary' });

export const peoplePageSchema = z
  .object({
    areaId: recordId(),
    total: z.int().min(0).describe("How many people in the area share their record with the token's organisation"),
    limit: z.int(),
    offset: z.int(),
    people: z.array(personSummarySchema),
  })
  .register(apiSchemaRegistry, { id: 'PeoplePage', description: "One page of the people who agreed to share their record with the token's organisation" });

export const personSchema = z
  .object({
    id: recordId(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: calendarDate(),
    areaId: recordId(),
    sharedWith: z
      .array(z.object({ organisationId: recordId(), name: z.string(), givenAt: z.iso.datetime().describe('When the person agreed to share with this organisation') }))
      .describe('Every organisation the person currently agrees may see their record'),
  })
  .register(apiSchemaRegistry, { id: 'Person', description: "A person's record, as far as the token's role may see it" });

export function peopleApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.areaPeople.pattern,
    apiRoute({
      operationId: 'listPeople',
      tags: ['People'],
      summary: "People sharing their record with the token's organisation",
      description: 'Only people in the area who currently agree to share their record with the token’s organisation, in family-name order. Needs a casework role (practitioner, approver, broker or finance officer) in the area. Audited.',
      params: areaIdParams,
      querystring: pageQuery,
      ok: ['One page of people', peoplePageSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const { limit, offset } = request.query;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'person.list', { type: 'area', areaId, regionId: area.regionId });
      // A token holds exactly one role in one organisation: the list is of people who share with that organisation.
      const organisationId = request.principal!.assignments[0]!.organisationId!;
      const page = await peopleSharedWith(db, organisationId, areaId, limit, offset);
      return { areaId, total: Number(page.total), limit, offset, people: page.rows };
    },
  );

  api.get(
    api.paths.api.person.pattern,
    apiRoute({
      operationId: 'getPerson',
      tags: ['People'],
      summary: "A person's record",
      description: 'Needs a casework role in the person’s area, and the person’s agreement to share with the token’s organisation. Every read, allowed or refused, is audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The person’s record', personSchema],
      notFound: 'There is no person with this id',
    }),
    async (request) => {
      const { person, shared } = await loadPerson(db, request);
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
}
