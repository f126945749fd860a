// Each area's service catalogue as stored: its services with their funding streams, provider and whole cost history,
// read for the catalogue's own pages, the public cash-equivalent calculator, the API and the support plan (which
// prices plan items from it); and the catalogue written from a checked file, for the import and the demo.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { areas, catalogueServices, catalogueServiceStreams, catalogueUnitCosts, fundingStreams, organisations } from '../db/schema.ts';
import { costInForce, type UnitCost } from '../domain/service-catalogue/catalogue.ts';
import { catalogueColumns, type CatalogueColumn, type CatalogueCsvContext, type CatalogueEntry } from '../domain/service-catalogue/catalogue-csv.ts';
import type { ServiceUnit } from '../domain/support-plan/costs.ts';

export interface CatalogueCost extends UnitCost {
  id: string;
}

export interface CatalogueService {
  id: string;
  areaId: string;
  name: string;
  description: string;
  unit: ServiceUnit;
  /** Set when the provider is an organisation of the area. */
  providerOrganisationId: string | null;
  /** The provider's name, from its organisation or as written; null when there is none. */
  provider: string | null;
  directoryEntryId: string | null;
  retiredOn: string | null;
  /** The funding streams that may pay for it, by name. */
  streams: { id: string; code: string; name: string }[];
  /** Every cost it has had or will have, in order of effective date. */
  costs: CatalogueCost[];
}

async function assemble(db: Queryable, areaId: string, serviceIds?: readonly string[]): Promise<CatalogueService[]> {
  const only = serviceIds ? inArray(catalogueServices.id, [...serviceIds]) : undefined;
  const rows = await db
    .select({ service: catalogueServices, organisationName: organisations.name })
    .from(catalogueServices)
    .leftJoin(organisations, eq(organisations.id, catalogueServices.providerOrganisationId))
    .where(and(eq(catalogueServices.areaId, areaId), only))
    .orderBy(asc(sql`lower(${catalogueServices.name})`));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.service.id);
  const streams = await db
    .select({ serviceId: catalogueServiceStreams.serviceId, id: fundingStreams.id, code: fundingStreams.code, name: fundingStreams.name })
    .from(catalogueServiceStreams)
    .innerJoin(fundingStreams, and(eq(fundingStreams.areaId, catalogueServiceStreams.areaId), eq(fundingStreams.id, catalogueServiceStreams.streamId)))
    .where(and(eq(catalogueServiceStreams.areaId, areaId), inArray(catalogueServiceStreams.serviceId, ids)))
    .orderBy(asc(fundingStreams.name));
  const costs = await db
    .select({ id: catalogueUnitCosts.id, serviceId: catalogueUnitCosts.serviceId, unitCostPence: catalogueUnitCosts.unitCostPence, effectiveFrom: catalogueUnitCosts.effectiveFrom, effectiveTo: catalogueUnitCosts.effectiveTo })
    .from(catalogueUnitCosts)
    .where(and(eq(catalogueUnitCosts.areaId, areaId), inArray(catalogueUnitCosts.serviceId, ids)))
    .orderBy(asc(catalogueUnitCosts.effectiveFrom));
  return rows.map(({ service, organisationName }) => ({
    id: service.id,
    areaId: service.areaId,
    name: service.name,
    description: service.description,
    unit: service.unit as ServiceUnit,
    providerOrganisationId: service.providerOrganisationId,
    provider: organisationName ?? service.providerName,
    directoryEntryId: service.directoryEntryId,
    retiredOn: service.retiredOn,
    streams: streams.filter((stream) => stream.serviceId === service.id).map(({ id, code, name }) => ({ id, code, name })),
    costs: costs.filter((cost) => cost.serviceId === service.id).map(({ id, unitCostPence, effectiveFrom, effectiveTo }) => ({ id, unitCostPence, effectiveFrom, effectiveTo })),
  }));
}

/** The area's whole catalogue, retired services too, by name. */
export function areaCatalogue(db: Queryable, areaId: string): Promise<CatalogueService[]> {
  return assemble(db, areaId);
}

/** One service of the area, or undefined if the area has no service with this id. */
export async function catalogueService(db: Queryable, areaId: string, serviceId: string): Promise<CatalogueService | undefined> {
  const [service] = await assemble(db, areaId, [serviceId]);
  return service;
}

/** The cost of a service in force on a day (YYYY-MM-DD), if it has one then. */
export function costOn(service: Pick<CatalogueService, 'costs'>, day: string): CatalogueCost | undefined {
  return costInForce(service.costs, day);
}

/** The services a person can be offered on a day: not retired by then, and with a cost in force. */
export function pricedServicesOn(catalogue: readonly CatalogueService[], day: string): (CatalogueService & { cost: CatalogueCost })[] {
  return catalogue.flatMap((service) => {
    const cost = costOn(service, day);
    return cost && !(service.retiredOn && service.retiredOn <= day) ? [{ ...service, cost }] : [];
  });
}

/** Every area, by name, for choosing whose catalogue to look at. */
export function catalogueAreas(db: Queryable) {
  return db.select({ id: areas.id, name: areas.name }).from(areas).orderBy(asc(areas.name));
}

/** The catalogue as the CSV file carries it. */
export function catalogueEntries(catalogue: readonly CatalogueService[]): CatalogueEntry[] {
  return catalogue.map((service) => ({
    name: service.name,
    description: service.description,
    unit: service.unit,
    streamCodes: service.streams.map((stream) => stream.code).sort(),
    provider: service.provider ?? '',
    directoryEntryId: service.directoryEntryId ?? '',
    retiredOn: service.retiredOn,
    costs: service.costs.map(({ unitCostPence, effectiveFrom, effectiveTo }) => ({ unitCostPence, effectiveFrom, effectiveTo })),
  }));
}

/** What a file is checked against: the area's stream codes and the services it has already. */
export async function catalogueCsvContext(db: Queryable, areaId: string): Promise<CatalogueCsvContext> {
  const streams = await db.select({ code: fundingStreams.code }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId));
  const catalogue = await areaCatalogue(db, areaId);
  return {
    streamCodes: streams.map((stream) => stream.code),
    existing: new Map(catalogue.map((service) => [service.name.toLowerCase(), { name: service.name, unit: service.unit, costs: service.costs }])),
  };
}

export interface CatalogueWrite {
  added: string[];
  changed: string[];
  costsAdded: number;
}

/**
 * Writes checked entries into the area's catalogue (call inside the caller's transaction): a service named in them
 * takes their details, one not yet in the area is added, and each cost not already there is added. Services the
 * entries do not name, and costs already there, are left as they are. A provider that is an organisation of the area
 * is linked to it by name. `given` names the columns a file had: a service already there keeps the details of any
 * other column, so a file of names and prices alone changes no description.
 */
export async function writeCatalogueEntries(tx: Queryable, areaId: string, entries: readonly CatalogueEntry[], given: readonly CatalogueColumn[] = catalogueColumns): Promise<CatalogueWrite> {
  const has = (column: CatalogueColumn) => given.includes(column);
  const streams = new Map((await tx.select({ id: fundingStreams.id, code: fundingStreams.code }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId))).map((stream) => [stream.code, stream.id]));
  const providers = new Map((await tx.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.areaId, areaId))).map((organisation) => [organisation.name.toLowerCase(), organisation.id]));
  const existing = new Map(
    (await tx.select({ id: catalogueServices.id, name: catalogueServices.name }).from(catalogueServices).where(eq(catalogueServices.areaId, areaId))).map((service) => [service.name.toLowerCase(), service.id]),
  );
  const written: CatalogueWrite = { added: [], changed: [], costsAdded: 0 };
  for (const entry of entries) {
    const providerOrganisationId = providers.get(entry.provider.toLowerCase()) ?? null;
    const details = {
      name: entry.name,
      description: entry.description,
      unit: entry.unit,
      providerOrganisationId,
      providerName: providerOrganisationId || entry.provider === '' ? null : entry.provider,
      directoryEntryId: entry.directoryEntryId === '' ? null : entry.directoryEntryId,
      retiredOn: entry.retiredOn,
    };
    let serviceId = existing.get(entry.name.toLowerCase());
    const streamsGiven = !serviceId || has('funding streams');
    if (serviceId) {
      const changes = {
        name: details.name,
        unit: details.unit,
        ...(has('description') ? { description: details.description } : {}),
        ...(has('provider') ? { providerOrganisationId: details.providerOrganisationId, providerName: details.providerName } : {}),
        ...(has('directory entry') ? { directoryEntryId: details.directoryEntryId } : {}),
        ...(has('retired from') ? { retiredOn: details.retiredOn } : {}),
      };
      await tx.update(catalogueServices).set(changes).where(and(eq(catalogueServices.areaId, areaId), eq(catalogueServices.id, serviceId)));
      if (streamsGiven) await tx.delete(catalogueServiceStreams).where(and(eq(catalogueServiceStreams.areaId, areaId), eq(catalogueServiceStreams.serviceId, serviceId)));
      written.changed.push(serviceId);
    } else {
      const [row] = await tx.insert(catalogueServices).values({ areaId, ...details }).returning({ id: catalogueServices.id });
      serviceId = row!.id;
      existing.set(entry.name.toLowerCase(), serviceId);
      written.added.push(serviceId);
    }
    const streamIds = entry.streamCodes.map((code) => streams.get(code)).filter((id): id is string => id !== undefined);
    if (streamsGiven && streamIds.length) await tx.insert(catalogueServiceStreams).values(streamIds.map((streamId) => ({ areaId, serviceId: serviceId!, streamId })));
    if (entry.costs.length) {
      const added = await tx
        .insert(catalogueUnitCosts)
        .values(entry.costs.map((cost) => ({ areaId, serviceId: serviceId!, ...cost })))
        .onConflictDoNothing()
        .returning({ id: catalogueUnitCosts.id });
      written.costsAdded += added.length;
    }
  }
  return written;
}
