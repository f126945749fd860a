// A person's record summary. Every view is authorised by role, area and the person's consent, and audited.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ageOn, londonToday } from '../../domain/age-bands.ts';
import { authorise } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { consentedOrganisations, findPerson } from './queries.ts';

export const personIdParam = z.object({ personId: z.uuid() });

/** Loads a person and checks the request may read (or change) their record; undefined means "not found". */
export async function authorisedPerson(services: Services, request: Parameters<typeof authorise>[1], personId: string, action: 'person.read' | 'person.change') {
  const person = await findPerson(services.db, personId);
  if (!person) return undefined;
  const shared = await consentedOrganisations(services.db, personId);
  await authorise(services.db, request, action, {
    type: 'person',
    personId,
    areaId: person.areaId,
    consentedOrganisationIds: shared.map((row) => row.organisationId),
  });
  return { person, shared };
}

export function peopleRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { personId: string } }>('/people/:personId', async (request, reply) => {
    const params = personIdParam.safeParse(request.params);
    if (!params.success) return sendErrorPage(request, reply, 404);
    const found = await authorisedPerson(services, request, params.data.personId, 'person.read');
    if (!found) return sendErrorPage(request, reply, 404);
    const { person, shared } = found;
    return reply.render('people/person.njk', {
      pageTitle: `${person.givenName} ${person.familyName}`,
      person,
      age: ageOn(person.dateOfBirth, londonToday()),
      shared,
    });
  });
}
