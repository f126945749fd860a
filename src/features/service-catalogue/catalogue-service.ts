// Changes to an area's service catalogue: add, change, retire or bring back a service, add a cost from a day, and
// import a whole file. Each is one transaction with its audit entry inside it; a cost is only ever added, never
// changed, so what a service cost on any past day can always be shown.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/database.ts';
import { catalogueServices, catalogueServiceStreams, catalogueUnitCosts } from '../../db/schema.ts';
import { formatPence } from '../../domain/budget/money.ts';
import { longDay, readCatalogueCsv } from '../../domain/service-catalogue/catalogue-csv.ts';
import type { ServiceUnit } from '../../domain/support-plan/costs.ts';
import type { AuditWriter } from '../../records/audit.ts';
import { catalogueCsvContext, writeCatalogueEntries } from '../../records/service-catalogue.ts';
import type { NewCost, ServiceDetails } from './validation.ts';

type Outcome = { ok: true; serviceId: string } | { ok: false; field: string; message: string };

function audit(tx: Queryable, writer: AuditWriter, action: string, serviceId: string, areaId: string, detail: string) {
  return writer(tx, { action, subjectType: 'catalogue_service', subjectId: serviceId, areaId, detail });
}

async function nameTaken(tx: Queryable, areaId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: catalogueServices.id })
    .from(catalogueServices)
    .where(and(eq(catalogueServices.areaId, areaId), sql`lower(${catalogueServices.name}) = lower(${name})`, exceptId ? ne(catalogueServices.id, exceptId) : undefined));
  return clash !== undefined;
}

const nameClash = { ok: false as const, field: 'name', message: 'This area already has a service with this name' };

function detailColumns(details: ServiceDetails) {
  const { name, description, providerOrganisationId, providerName, directoryEntryId } = details;
  return { name, description, providerOrganisationId, providerName, directoryEntryId };
}

async function setStreams(tx: Queryable, areaId: string, serviceId: string, streamIds: readonly string[]) {
  await tx.delete(catalogueServiceStreams).where(and(eq(catalogueServiceStreams.areaId, areaId), eq(catalogueServiceStreams.serviceId, serviceId)));
  if (streamIds.length) await tx.insert(catalogueServiceStreams).values(streamIds.map((streamId) => ({ areaId, serviceId, streamId })));
}

const costDetail = (cost: NewCost) => `${formatPence(cost.unitCostPence)} from ${cost.effectiveFrom}${cost.effectiveTo ? ` to ${cost.effectiveTo}` : ''}`;

export async function addService(db: Database, areaId: string, input: ServiceDetails & { unit: ServiceUnit; cost: NewCost }, writer: AuditWriter): Promise<Outcome> {
  return db.transaction(async (tx) => {
    if (await nameTaken(tx, areaId, input.name)) return nameClash;
    const [service] = await tx.insert(catalogueServices).values({ areaId, unit: input.unit, ...detailColumns(input) }).returning({ id: catalogueServices.id });
    const serviceId = service!.id;
    await setStreams(tx, areaId, serviceId, input.streamIds);
    await tx.insert(catalogueUnitCosts).values({ areaId, serviceId, ...input.cost });
    await audit(tx, writer, 'catalogue.service.add', serviceId, areaId, `per ${input.unit}, ${costDetail(input.cost)}`);
    return { ok: true as const, serviceId };
  });
}

export async function changeService(db: Database, service: { id: string; areaId: string }, input: ServiceDetails, writer: AuditWriter): Promise<Outcome> {
  return db.transaction(async (tx) => {
    if (await nameTaken(tx, service.areaId, input.name, service.id)) return nameClash;
    await tx.update(catalogueServices).set(detailColumns(input)).where(and(eq(catalogueServices.areaId, service.areaId), eq(catalogueServices.id, service.id)));
    await setStreams(tx, service.areaId, service.id, input.streamIds);
    await audit(tx, writer, 'catalogue.service.change', service.id, service.areaId, 'details or funding streams changed');
    return { ok: true as const, serviceId: service.id };
  });
}

/** A new cost from a day. A day that already has a cost is refused: costs are added, never changed. */
export async function addCost(db: Database, service: { id: string; areaId: string; costs: readonly { effectiveFrom: string; unitCostPence: number }[] }, cost: NewCost, writer: AuditWriter): Promise<Outcome> {
  const same = service.costs.find((existing) => existing.effectiveFrom === cost.effectiveFrom);
  if (same) return { ok: false, field: 'effectiveFrom', message: `This service already has a cost of ${formatPence(same.unitCostPence)} from ${longDay(cost.effectiveFrom)}. Choose a different date` };
  return db.transaction(async (tx) => {
    const added = await tx.insert(catalogueUnitCosts).values({ areaId: service.areaId, serviceId: service.id, ...cost }).onConflictDoNothing().returning({ id: catalogueUnitCosts.id });
    if (added.length === 0) return { ok: false as const, field: 'effectiveFrom', message: `This service already has a cost from ${longDay(cost.effectiveFrom)}. Choose a different date` };
    await audit(tx, writer, 'catalogue.cost.add', service.id, service.areaId, costDetail(cost));
    return { ok: true as const, serviceId: service.id };
  });
}

/** Retire from today (London) or bring back. Repeating either is harmless: the first date is kept. */
export async function setRetired(db: Database, service: { id: string; areaId: string }, retired: boolean, today: string, writer: AuditWriter): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(catalogueServices)
      .set({ retiredOn: retired ? sql`coalesce(${catalogueServices.retiredOn}, ${today}::date)` : null })
      .where(and(eq(catalogueServices.areaId, service.areaId), eq(catalogueServices.id, service.id)));
    await audit(tx, writer, retired ? 'catalogue.service.retire' : 'catalogue.service.reinstate', service.id, service.areaId, retired ? `from ${today}` : 'reinstated');
  });
}

export type ImportOutcome = { ok: true; added: number; changed: number; costsAdded: number } | { ok: false; errors: string[] };

/**
 * Imports a catalogue file into the area: checked against the area as it is inside the same transaction, and written
 * only when nothing is wrong, with one audit entry saying how much changed.
 */
export async function importCatalogue(db: Database, areaId: string, csv: string, writer: AuditWriter): Promise<ImportOutcome> {
  return db.transaction(async (tx) => {
    const checked = readCatalogueCsv(csv, await catalogueCsvContext(tx, areaId));
    if (!checked.ok) return { ok: false as const, errors: checked.errors };
    const written = await writeCatalogueEntries(tx, areaId, checked.entries, checked.given);
    await writer(tx, {
      action: 'catalogue.import',
      subjectType: 'area',
      subjectId: areaId,
      areaId,
      detail: `${written.added.length} services added, ${written.changed.length} updated, ${written.costsAdded} costs added`,
    });
    return { ok: true as const, added: written.added.length, changed: written.changed.length, costsAdded: written.costsAdded };
  });
}
