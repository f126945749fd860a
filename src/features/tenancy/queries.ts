// Reads regions, areas and their organisations and funding streams for the tenancy pages.
import { asc, eq } from 'drizzle-orm';
import { rightToControlStreams } from '../../domain/funding-streams.ts';
import { type OrganisationKind, organisationKindNames } from '../../domain/roles.ts';
import type { Queryable } from '../../db/database.ts';
import { areas, fundingStreams, organisations, regions } from '../../db/schema.ts';
import { kindInASentence, ownerStandsIn } from '../../records/tenancy.ts';

export function kindName(kind: string): string {
  return organisationKindNames[kind as OrganisationKind] ?? kind;
}

/** Every region with its areas, and each area's organisations, in name order. */
export async function tenancyOverview(db: Queryable) {
  const [regionRows, areaRows, organisationRows] = await Promise.all([
    db.select().from(regions).orderBy(asc(regions.name)),
    db.select().from(areas).orderBy(asc(areas.name)),
    db.select().from(organisations).orderBy(asc(organisations.name)),
  ]);
  return regionRows.map((region) => ({
    id: region.id,
    name: region.name,
    illustrative: region.illustrative,
    regionalOrganisations: organisationRows.filter((o) => o.regionId === region.id && o.areaId === null).map((o) => ({ id: o.id, name: o.name, kindName: kindName(o.kind) })),
    areas: areaRows
      .filter((area) => area.regionId === region.id)
      .map((area) => ({
        id: area.id,
        name: area.name,
        illustrative: area.illustrative,
        organisations: organisationRows.filter((o) => o.areaId === area.id).map((o) => ({ id: o.id, name: o.name, kindName: kindName(o.kind) })),
      })),
  }));
}

export async function regionChoices(db: Queryable) {
  return db.select({ id: regions.id, name: regions.name, illustrative: regions.illustrative }).from(regions).orderBy(asc(regions.name));
}

export async function findRegion(db: Queryable, regionId: string) {
  const [region] = await db.select().from(regions).where(eq(regions.id, regionId));
  return region;
}

/**
 * An area's organisations and funding streams, each stream with its owner and, where the lead council owns a
 * stream only because the area had no organisation of the usual kind, which kind that was.
 */
export async function areaDetail(db: Queryable, areaId: string) {
  const [organisationRows, streamRows] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.name)),
    db
      .select({ code: fundingStreams.code, name: fundingStreams.name, sector: fundingStreams.sector, retiredOn: fundingStreams.retiredOn, ownerName: organisations.name, ownerKind: organisations.kind })
      .from(fundingStreams)
      .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
      .where(eq(fundingStreams.areaId, areaId))
      .orderBy(asc(fundingStreams.name)),
  ]);
  return {
    organisations: organisationRows.map((o) => ({ ...o, kindName: kindName(o.kind) })),
    streams: streamRows.map((stream) => {
      const usualKind = rightToControlStreams.find((definition) => definition.code === stream.code)?.ownerKind;
      const standsIn = usualKind !== undefined && ownerStandsIn(usualKind, stream.ownerKind);
      return { ...stream, missingKindName: standsIn ? kindInASentence[usualKind] : null };
    }),
  };
}
