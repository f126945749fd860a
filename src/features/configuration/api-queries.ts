// Reads for the configuration API endpoints. Callers authorise; these only read.
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations, areas, fundingStreams } from '../../db/schema.ts';

/** A version of any kind, published or draft, looked for in the areas given, with its area's region for the policy. */
export async function findConfiguration(db: Queryable, configurationId: string, areaIds: readonly string[]) {
  if (areaIds.length === 0) return undefined;
  const [row] = await db
    .select({ configuration: areaConfigurations, regionId: areas.regionId })
    .from(areaConfigurations)
    .innerJoin(areas, eq(areas.id, areaConfigurations.areaId))
    .where(and(inArray(areaConfigurations.areaId, [...areaIds]), eq(areaConfigurations.id, configurationId)));
  return row;
}

/** Which area a version is in, across every area: only to refuse, and audit, a request from outside it (ADR 10). */
export async function areaOfConfiguration(db: Queryable, configurationId: string) {
  const [row] = await db
    .select({ areaId: areaConfigurations.areaId, regionId: areas.regionId })
    .from(areaConfigurations)
    .innerJoin(areas, eq(areas.id, areaConfigurations.areaId))
    .where(eq(areaConfigurations.id, configurationId))
    .limit(1);
  return row;
}

/** Stream code → name for an area, to label configuration versions. */
export async function streamNames(db: Queryable, areaId: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: fundingStreams.code, name: fundingStreams.name }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId));
  return new Map(rows.map((row) => [row.code, row.name]));
}
