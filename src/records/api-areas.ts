// Finds the area an API endpoint names, with the region the access policy needs. Callers authorise; this only reads.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { areas } from '../db/schema.ts';

export async function findArea(db: Queryable, areaId: string): Promise<{ id: string; regionId: string } | undefined> {
  const [area] = await db.select({ id: areas.id, regionId: areas.regionId }).from(areas).where(eq(areas.id, areaId));
  return area;
}
