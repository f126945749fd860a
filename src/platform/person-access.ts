// Loads the person a route names and checks the request may do what the route declares to their record: every route
// with a :personId goes through here, so the role, area and consent check and its audit entry cannot be skipped.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import { areaOfPerson, findPersonAndSharing, type Person, type SharedOrganisation } from '../records/people.ts';
import { areasOf, authorise, refuseOutsideAreas } from './authorisation.ts';
import { NotFoundError } from './errors.ts';
import type { PersonAudit } from './request-context.ts';

export const personIdParam = z.object({ personId: z.uuid() });

export type Viewer = 'self' | 'representative' | 'staff';

export interface LoadedPerson {
  person: Person;
  /** The organisations the person currently agrees may see their record. */
  shared: SharedOrganisation[];
  /** Whose eyes the page is for. */
  viewer: Viewer;
}

/** Whose eyes the page is for: the person, someone acting for them, or staff. Pages speak to each differently. */
export function viewerOf(request: FastifyRequest, personId: string): Viewer {
  const assignments = request.principal?.assignments ?? [];
  if (assignments.some((a) => a.role === 'budget_holder' && a.personId === personId)) return 'self';
  if (assignments.some((a) => a.role === 'representative' && a.personId === personId)) return 'representative';
  return 'staff';
}

/** The action the route declared (`config.audit`); a person route that declares none is a programming error. */
function declaredAction(request: FastifyRequest): PersonAudit {
  const action = request.routeOptions.config.audit;
  if (!action) throw new Error(`Route ${request.routeOptions.url ?? ''} loads a person but declares no audit action`);
  return action;
}

/**
 * The person named by the route's `:personId` (or `personId` when given), once the policy allows the route's declared
 * action. Throws NotFoundError for a malformed or unknown id (never a 500) and ForbiddenError, audited, when refused,
 * before anything of the record reaches the page.
 */
export async function loadPerson(db: Queryable, request: FastifyRequest, personId?: string): Promise<LoadedPerson> {
  const id = personId ?? personIdParam.safeParse(request.params).data?.personId;
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw new NotFoundError('There is no person with this id');
  // The record and whom it is shared with come in one statement: both are needed to decide before anything is shown.
  const found = await findPersonAndSharing(db, parsed.data, areasOf(request));
  if (!found) {
    const areaId = await areaOfPerson(db, parsed.data);
    const elsewhere = areaId === undefined ? undefined : { type: 'person' as const, personId: parsed.data, areaId, consentedOrganisationIds: [] };
    return refuseOutsideAreas(db, request, declaredAction(request), elsewhere, 'There is no person with this id');
  }
  const { person, shared } = found;
  await authorise(db, request, declaredAction(request), {
    type: 'person',
    personId: person.id,
    areaId: person.areaId,
    consentedOrganisationIds: shared.map((row) => row.organisationId),
  });
  return { person, shared, viewer: viewerOf(request, person.id) };
}

