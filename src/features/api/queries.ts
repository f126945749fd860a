// The token lookups behind bearer authentication. Each feature's endpoints keep their own reads beside them
// (<feature>/api-queries.ts) or use records/.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { apiTokens } from '../../db/schema.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Only the hash is stored, so a token is found by the hash of what was presented. */
export async function tokenByHash(db: Queryable, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const [token] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
  return token;
}

export async function markTokenUsed(db: Queryable, tokenId: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, tokenId));
}
