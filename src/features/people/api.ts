// GET /api/v1/areas/:areaId/people and /api/v1/people/:personId: the people who share their record with the token's
// organisation, and one person's record, each through the same policy and audit as the pages.
import { z } from 'zod';
import { compactPostcode, nameWords, personSorts } from '../../domain/people/person-search.ts';
import { nhsNumberDigits } from '../../domain/people/nhs-number.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, calendarDate, loadArea, pageQuery, personIdParams, recordId, requestedDay } from '../../platform/api.ts';
import { authorisePersonList } from '../../platform/authorisation.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { peopleSharedWith } from '../../records/people.ts';
import type { Services } from '../../services.ts';

export const personSummarySchema = z
  .object({
    id: recordId(),
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: calendarDate(),
    nhsNumber: z.string().nullable().describe('Ten digits, or null when not recorded'),
    postcode: z.string().nullable(),
    updatedAt: z.iso.datetime().describe('When the record was last changed'),
  })
  .register(apiSchemaRegistry, { id: 'PersonSummary' });

export const peoplePageSchema = z
  .object({
    areaId: recordId(),
    total: z.int().min(0).describe("How many people in the area share their record with the token's organisation and match the search"),
    limit: z.int().describe('The most people one page holds, as asked'),
    offset: z.int().describe('How many matching people come before this page'),
    nextOffset: z.int().nullable().describe('The offset of the next page, or null on the last page'),
    sort: z.enum(personSorts).describe('The order the people are in'),
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

/** The search, paging and order of a list of people: the same search the staff home page offers. */
export const peopleListQuery = pageQuery.extend({
  name: z
    .string()
    .max(100)
    .optional()
    .describe('Part of a name, in any case: each word must be part of the first or last name (so "ann smi" finds Anne Smith)'),
  dateOfBirth: requestedDay().optional().describe('A date of birth, YYYY-MM-DD'),
  nhsNumber: z
    .string()
    .max(20)
    .transform(nhsNumberDigits)
    .pipe(z.string().regex(/^\d{10}$/, { message: 'An NHS number is 10 digits; spaces are allowed' }))
    .optional()
    .describe('An NHS number: 10 digits, spaces allowed'),
  postcode: z
    .string()
    .max(10)
    .transform(compactPostcode)
    .pipe(z.string().regex(/^[A-Z0-9]{1,7}$/, { message: 'A postcode is letters and numbers, spaces allowed' }))
    .optional()
    .describe('A postcode or its start (such as "NS1"), in any case and with or without its space'),
  sort: z
    .enum(personSorts)
    .default('name')
    .describe('name: by last then first name; date-of-birth: oldest first; updated: most recently changed first'),
});

export function peopleApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.areaPeople.pattern,
    apiRoute({
      operationId: 'listPeople',
      tags: ['People'],
      summary: "People sharing their record with the token's organisation",
      description:
        'Only people in the area who currently agree to share their record with the token’s organisation, searched by name, date of birth, NHS number or postcode (every one given must match), in the order asked for. Needs a casework role (practitioner, approver, broker or finance officer) in the area. Audited: the entry names every person on the page.',
      params: areaIdParams,
      querystring: peopleListQuery,
      ok: ['One page of people', peoplePageSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const { limit, offset, sort, name, dateOfBirth, nhsNumber, postcode } = request.query;
      const area = await loadArea(db, areaId);
      // A token holds exactly one role in one organisation: the list is of people who share with that organisation.
      const organisationId = request.principal!.assignments[0]?.organisationId ?? '';
      const search = { ...(name && nameWords(name).length ? { name } : {}), dateOfBirth, nhsNumber, postcode };
      const page = await authorisePersonList(db, request, { type: 'area', areaId, regionId: area.regionId }, () =>
        peopleSharedWith(db, { organisationId, areaId }, { search, sort, limit, offset }),
      );
      return {
        areaId,
        total: page.total,
        limit,
        offset,
        nextOffset: offset + page.rows.length < page.total ? offset + limit : null,
        sort,
        people: page.rows.map((person) => ({ ...person, updatedAt: person.updatedAt.toISOString() })),
      };
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
