// Enforces the access policy on a request and writes the audit entry: every read or change of a person's record is
// logged whether it was allowed or refused; refusals of anything else are logged too.
import type { FastifyRequest } from 'fastify';
import { type Action, decide, type Decision, type Resource } from '../domain/access-policy.ts';
import type { Queryable } from '../db/database.ts';
import { recordAudit } from './audit.ts';

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(readonly decision: Decision) {
    super('Forbidden');
  }
}

function subjectOf(resource: Resource): { subjectType: string; subjectId: string | null; areaId: string | null } {
  switch (resource.type) {
    case 'person':
      return { subjectType: 'person', subjectId: resource.personId, areaId: resource.areaId };
    case 'area':
      return { subjectType: 'area', subjectId: resource.areaId, areaId: resource.areaId };
    case 'region':
      return { subjectType: 'region', subjectId: resource.regionId, areaId: null };
    case 'system':
      return { subjectType: 'system', subjectId: null, areaId: null };
  }
}

export async function auditRequest(
  db: Queryable,
  request: FastifyRequest,
  entry: { action: string; outcome: 'allowed' | 'denied' | 'succeeded' | 'failed'; subjectType?: string | null; subjectId?: string | null; areaId?: string | null; detail?: string | null; actorId?: string | null },
  options: { inTransaction?: boolean } = {},
): Promise<void> {
  await recordAudit(
    db,
    {
      actorType: request.principal?.kind ?? 'anonymous',
      actorId: entry.actorId !== undefined ? entry.actorId : (request.principal?.id ?? null),
      action: entry.action,
      outcome: entry.outcome,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      areaId: entry.areaId ?? null,
      route: request.routeOptions.url ?? null,
      method: request.method,
      requestId: request.id,
      detail: entry.detail ?? null,
    },
    options,
  );
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
