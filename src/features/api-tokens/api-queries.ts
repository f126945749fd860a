// Reads for the token's own API endpoint. The caller is the token itself, so there is nothing to authorise.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { apiTokens, organisations } from '../../db/schema.ts';

/** The token with the name of the organisation it acts for. */
export async function tokenHolder(db: Queryable, tokenId: string) {
  const [token] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, areaId: apiTokens.areaId, expiresAt: apiTokens.expiresAt, organisationId: organisations.id, organisationName: organisations.name })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(eq(apiTokens.id, tokenId));
  return token;
}
