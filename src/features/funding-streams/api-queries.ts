// Reads for the funding streams API endpoint. Callers authorise and audit; these only read.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { fundingStreams, organisations } from '../../db/schema.ts';

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
