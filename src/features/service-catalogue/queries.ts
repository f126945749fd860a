// Reads for the catalogue's own pages: the choices its forms offer. The catalogue itself is read through
// records/service-catalogue.ts, which the support plan shares.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { fundingStreams, organisations } from '../../db/schema.ts';

/** The area's funding streams (retired ones too, so a service paid by one still shows it) and organisations. */
export async function areaChoices(db: Queryable, areaId: string) {
  const streams = await db.select({ id: fundingStreams.id, name: fundingStreams.name, retiredOn: fundingStreams.retiredOn }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId)).orderBy(asc(fundingStreams.name));
  const organisationRows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.name));
  return { streams, organisations: organisationRows };
}
