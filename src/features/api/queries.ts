// Reads for the API. Callers authorise and audit; these only read.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { apiTokens, areas, fundingStreams, organisations } from '../../db/schema.ts';

export async function findArea(db: Queryable, areaId: string) {
  const [area] = await db.select({ id: areas.id, regionId: areas.regionId }).from(areas).where(eq(areas.id, areaId));
  return area;
}

export async function tokenHolder(db: Queryable, tokenId: string) {
  const [token] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, areaId: apiTokens.areaId, expiresAt: apiTokens.expiresAt, organisationId: organisations.id, organisationName: organisations.name })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(eq(apiTokens.id, tokenId));
  return token;
}

/** Like the home page's list, but with the owning organisation's id, which a machine client needs to join on. */
export async function areaFundingStreams(db: Queryable, areaId: string) {
  return db
    .select({
      code: fundingStreams.code,
      name: fundingStreams.name,
      sector: fundingStreams.sector,
      owningOrganisationId: organisations.id,
      owningOrganisationName: organisations.name,
      retiredOn: fundingStreams.retiredOn,
    })
    .from(fundingStreams)
    .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(eq(fundingStreams.areaId, areaId))
    .orderBy(asc(fundingStreams.name), asc(fundingStreams.code));
}
