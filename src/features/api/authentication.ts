// Bearer-token sign-in for machine clients. The API never reads cookies, so a signed-in browser cannot be steered
// by another site into calling it, and a token acts with exactly the one role it was given.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/access-policy.ts';
import type { Queryable } from '../../db/database.ts';
import { sendProblem } from '../../platform/errors.ts';
import { asRole } from '../../platform/principals.ts';
import { hashToken } from '../../records/sessions.ts';
import { type ApiTokenRow, markTokenUsed, tokenByHash } from './queries.ts';

const bearer = /^Bearer +(\S+) *$/i;
/** Recording every call would mean a write per request; to the minute is enough to spot unused tokens. */
const lastUsedResolutionMs = 60_000;
const realm = 'Bearer realm="Right to Control API"';

export function tokenPrincipal(token: Pick<ApiTokenRow, 'id' | 'role' | 'organisationId' | 'areaId' | 'regionId'>): Principal {
  return {
    kind: 'api_token',
    id: token.id,
    assignments: [{ role: asRole(token.role), organisationId: token.organisationId, areaId: token.areaId, regionId: token.regionId, personId: null }],
  };
}

export function isUsable(token: Pick<ApiTokenRow, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  return token.revokedAt === null && (token.expiresAt === null || token.expiresAt.getTime() > now.getTime());
}

function refuse(request: FastifyRequest, reply: FastifyReply, challenge: string, detail: string) {
  return sendProblem(request, reply.header('www-authenticate', challenge), 401, detail);
}

/** A request hook: answers 401 unless the request carries a token that exists, is not revoked and has not expired. */
export function bearerAuthentication(db: Queryable) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const presented = bearer.exec(request.headers.authorization ?? '')?.[1];
    if (!presented) return refuse(request, reply, realm, 'Send an API token in the Authorization header, as the word Bearer followed by the token');
    const token = await tokenByHash(db, hashToken(presented));
    // The app's clock, so a test that sets "now" decides which tokens have expired.
    const now = request.server.clock.now();
    // One answer for unknown, revoked and expired tokens: the client's next step is the same (ask for a new one).
    if (!token || !isUsable(token, now)) {
      return refuse(request, reply, `${realm}, error="invalid_token"`, 'The API token is not valid. It may have been revoked or have expired. Ask your area administrator for a new one');
    }
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() >= lastUsedResolutionMs) await markTokenUsed(db, token.id, now);
    request.principal = tokenPrincipal(token);
  };
}
