// GET /api/v1/me: which token is calling, for whom it acts and until when, so a client can check its token works.
import { z } from 'zod';
import { roles } from '../../domain/roles.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, recordId } from '../../platform/api.ts';
import { asRole } from '../../platform/principals.ts';
import type { Services } from '../../services.ts';
import { tokenHolder } from './api-queries.ts';

export const meSchema = z
  .object({
    tokenId: recordId(),
    name: z.string().describe('The name given to the token when it was created'),
    role: z.enum(roles),
    organisation: z.object({ id: recordId(), name: z.string() }),
    areaId: recordId().nullable().describe('The area the token acts in; null for a token held across a region'),
    expiresAt: z.iso.datetime().nullable(),
  })
  .register(apiSchemaRegistry, { id: 'TokenHolder', description: 'The API token making the request, and the role it acts with' });

export function apiTokenApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.me.pattern,
    apiRoute({
      operationId: 'getCurrentToken',
      tags: ['Tokens'],
      summary: 'The token making the request',
      description: 'Which role and organisation the token acts for, and when it expires. Useful to check a token works.',
      ok: ['The token and the role it acts with', meSchema],
      // Any valid token may ask about itself, and there is no input to get wrong: only a missing or bad token is refused.
      refusals: [401],
    }),
    async (request) => {
      const token = await tokenHolder(db, request.principal!.id);
      if (!token) throw new Error('Authenticated token has disappeared');
      return {
        tokenId: token.id,
        name: token.name,
        role: asRole(token.role),
        organisation: { id: token.organisationId, name: token.organisationName },
        areaId: token.areaId,
        expiresAt: token.expiresAt?.toISOString() ?? null,
      };
    },
  );
}
