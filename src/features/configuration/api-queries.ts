// Reads for the configuration API endpoints. Callers authorise; these only read.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations, areas, fundingStreams } from '../../db/schema.ts';

/** A version of any kind, published or draft, with its area's region for the policy check. */
export async function findConfiguration(db: Queryable, configurationId: string) {
  const [row] = await db
    .select({ configuration: areaConfigurations, regionId: areas.regionId })
    .from(areaConfigurations)
    .innerJoin(areas, eq(areas.id, areaConfigurations.areaId))
    .where(eq(areaConfigurations.id, configurationId));
  return row;
}

/** Stream code → name for an area, to label configuration versions. */
export async function streamNames(db: Queryable, areaId: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: fundingStreams.code, name: fundingStreams.name }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId));
  return new Map(rows.map((row) => [row.code, row.name]));
}
