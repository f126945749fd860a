// Who may see a person's record and who is looking: every route with a :personId loads the person through here, so
// the role, area and consent check (and its audit entry) cannot be skipped.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditRequest, authorise } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import type { AuditWriter } from './person-service.ts';
import { consentedOrganisations, findPerson } from './queries.ts';
import type { Voice } from './validation.ts';

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

export type Viewer = 'self' | 'representative' | 'staff';

/** Whose eyes the page is for: the person, someone acting for them, or staff. Pages speak to each differently. */
export function viewerOf(request: FastifyRequest, personId: string): Viewer {
  const assignments = request.principal?.assignments ?? [];
  if (assignments.some((a) => a.role === 'budget_holder' && a.personId === personId)) return 'self';
  if (assignments.some((a) => a.role === 'representative' && a.personId === personId)) return 'representative';
  return 'staff';
}

export function voiceOf(viewer: Viewer): Voice {
  return viewer === 'self' ? 'your' : 'their';
}

/** Audit entries for changes made through a request, written inside the change's own transaction. */
export function requestAudit(request: FastifyRequest): AuditWriter {
  return (tx, entry) => auditRequest(tx, request, { ...entry, outcome: 'succeeded' }, { inTransaction: true });
}

/**
 * Loads the person for a route with a :personId, answering 404 (never a 500) for an id that is malformed or unknown.
 * The access check throws a 403, audited, before anything of the record reaches the page.
 */
export async function personForRoute(services: Services, request: FastifyRequest, reply: FastifyReply, action: 'person.read' | 'person.change') {
  const params = personIdParam.safeParse(request.params);
  if (!params.success) {
    await sendErrorPage(request, reply, 404);
    return undefined;
  }
  const found = await authorisedPerson(services, request, params.data.personId, action);
  if (!found) await sendErrorPage(request, reply, 404);
  return found;
}
