// Enforces the access policy on a request and writes the audit entry: every read or change of a person's record is
// logged whether it was allowed or refused; refusals of anything else are logged too.
import type { FastifyRequest } from 'fastify';
import { type Action, type AdministrationScope, administersAnything, administrationScope, decide, type Resource } from '../domain/access-policy.ts';
import type { Queryable } from '../db/database.ts';
import { type Actor, type AuditEvent, type AuditOutcome, type AuditWriter, auditEntry, auditWriter, recordAudit } from '../records/audit.ts';
import { ForbiddenError, NotFoundError } from './errors.ts';

function subjectOf(resource: Resource): { subjectType: string; subjectId: string | null; areaId: string | null } {
  switch (resource.type) {
    case 'person':
      return { subjectType: 'person', subjectId: resource.personId, areaId: resource.areaId };
    case 'organisation':
      return { subjectType: 'organisation', subjectId: resource.organisationId, areaId: resource.areaId };
    case 'fundingStream':
      return { subjectType: 'funding_stream', subjectId: resource.streamCode, areaId: resource.areaId };
    case 'area':
      return { subjectType: 'area', subjectId: resource.areaId, areaId: resource.areaId };
    case 'region':
      return { subjectType: 'region', subjectId: resource.regionId, areaId: null };
    case 'system':
      return { subjectType: 'system', subjectId: null, areaId: null };
  }
}

/**
 * Who is acting through this request: the signed-in user or API token (anonymous before sign-in), and the route.
 * `userId` names a user the request has just made and signed in (self-referral), before the session says so.
 */
export function actorOf(request: FastifyRequest, userId?: string): Actor {
  return {
    type: userId ? 'user' : (request.principal?.kind ?? 'anonymous'),
    id: userId ?? request.principal?.id ?? null,
    route: request.routeOptions.url ?? null,
    method: request.method,
    requestId: request.id,
  };
}

/** Audit entries for changes made through a request, written inside the change's own transaction. */
export function requestAudit(request: FastifyRequest, userId?: string): AuditWriter {
  return auditWriter(actorOf(request, userId), request.server.clock);
}

/**
 * Appends one entry about this request and resolves once it is committed: inside `db` when `inTransaction` says it
 * is a transaction, otherwise with other requests' entries in the app's audit queue (group commit, ADR 13).
 */
export async function auditRequest(db: Queryable, request: FastifyRequest, event: AuditEvent & { outcome: AuditOutcome }, options: { inTransaction?: boolean } = {}): Promise<void> {
  await recordAudit(db, auditEntry(actorOf(request), request.server.clock, event), { ...options, queue: request.server.services.audit });
}

/**
 * The areas the principal works in or holds a personal role in: where the records they may see can be, so a lookup
 * by id names them and reaches only those areas' shards (ADR 10).
 */
export function areasOf(request: FastifyRequest): string[] {
  return [...new Set((request.principal?.assignments ?? []).map((assignment) => assignment.areaId).filter((areaId): areaId is string => areaId !== null))];
}

/**
 * For a record the reader's own areas do not hold (ADR 10): `elsewhere` is what one lookup across areas found of it.
 * If it is another area's, the policy refuses it, audited, with a 403; if it is nowhere, it is not found. Never returns.
 */
export async function refuseOutsideAreas(db: Queryable, request: FastifyRequest, action: Action, elsewhere: Resource | undefined, notFound?: string): Promise<never> {
  if (elsewhere) await authorise(db, request, action, elsewhere);
  throw new NotFoundError(notFound);
}

/** Throws ForbiddenError (→ 403 page or JSON) unless the policy allows; audits as described above. */
export async function authorise(db: Queryable, request: FastifyRequest, action: Action, resource: Resource): Promise<void> {
  const decision = decide(request.principal, action, resource);
  if (resource.type === 'person' || action.startsWith('person.') || !decision.allowed) {
    await auditRequest(db, request, {
      action,
      outcome: decision.allowed ? 'allowed' : 'denied',
      ...subjectOf(resource),
      detail: decision.reason,
    });
  }
  if (!decision.allowed) throw new ForbiddenError(decision);
}

/**
 * For a list of people in an area: refuses (audited) unless the policy lets the principal list people there, then
 * reads the page and writes ONE entry naming everyone it shows, so each of them can later see they appeared in it.
 * The read happens only once allowed, and nothing is returned until the entry is written.
 */
export async function authorisePersonList<Page extends { rows: readonly { id: string }[] }>(
  db: Queryable,
  request: FastifyRequest,
  area: Extract<Resource, { type: 'area' }>,
  read: () => Promise<Page>,
): Promise<Page> {
  const decision = decide(request.principal, 'person.list', area);
  if (!decision.allowed) {
    await auditRequest(db, request, { action: 'person.list', outcome: 'denied', ...subjectOf(area), detail: decision.reason });
    throw new ForbiddenError(decision);
  }
  const page = await read();
  await auditRequest(db, request, { action: 'person.list', outcome: 'allowed', ...subjectOf(area), detail: decision.reason, peopleShown: page.rows.map((row) => row.id) });
  return page;
}

/**
 * Whether the policy would allow it, without auditing or refusing: for what a page offers (a "confirm" button shown
 * only to those who may). The action itself must still go through `authorise`.
 */
export function permits(request: FastifyRequest, action: Action, resource: Resource): boolean {
  return decide(request.principal, action, resource).allowed;
}

/** Where this principal may manage users, organisations and tokens; anyone who administers nothing is refused (audited). */
export async function requireAdministration(db: Queryable, request: FastifyRequest): Promise<AdministrationScope> {
  const scope = administrationScope(request.principal);
  if (!administersAnything(scope)) await authorise(db, request, 'system.administer', { type: 'system' });
  return scope;
}

/**
 * May this administrator act for this organisation (give a role in it, make a token for it)? An organisation in an
 * area is for that area's administrators, or a system administrator; one outside any area, or none at all, only for a
 * system administrator. Refusals are audited like every other.
 */
export async function authoriseForOrganisation(db: Queryable, request: FastifyRequest, scope: AdministrationScope, organisation: { areaId: string | null; regionId: string } | undefined): Promise<void> {
  if (scope.everything || !organisation?.areaId) return authorise(db, request, 'system.administer', { type: 'system' });
  return authorise(db, request, 'area.administer', { type: 'area', areaId: organisation.areaId, regionId: organisation.regionId });
}
