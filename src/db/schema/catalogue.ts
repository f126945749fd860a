// The service catalogue: each area's services, priced per unit, with the cost history that says what a service cost
// on any day, and the funding streams that may pay for each. Any service can be turned into money a person may take
// instead (a direct payment), so every price is kept, never overwritten.
import { sql } from 'drizzle-orm';
import { bigint, date, foreignKey, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from './columns.ts';
import { fundingStreams } from './configuration.ts';
import { areas, organisations } from './tenancy.ts';

/** A service an area buys or arranges, priced in one unit. Names are unique in the area, whatever their capitals. */
export const catalogueServices = pgTable(
  'catalogue_services',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** One of the units in domain/support-plan/costs.ts; fixed once the service has a price. */
    unit: text('unit').notNull(),
    /** The provider when it is an organisation of the area; otherwise `providerName` may name one. */
    providerOrganisationId: uuid('provider_organisation_id').references(() => organisations.id),
    providerName: text('provider_name'),
    /** The service's entry in the area's directory of support, by the directory's own id. */
    directoryEntryId: text('directory_entry_id'),
    retiredOn: date('retired_on'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'catalogue_services_pkey', columns: [t.areaId, t.id] }), uniqueIndex('catalogue_services_area_name_idx').on(t.areaId, sql`lower(${t.name})`)],
);

/** Which funding streams may pay for a service. */
export const catalogueServiceStreams = pgTable(
  'catalogue_service_streams',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    serviceId: uuid('service_id').notNull(),
    streamId: uuid('stream_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'catalogue_service_streams_pkey', columns: [t.areaId, t.id] }),
    uniqueIndex('catalogue_service_streams_service_stream_idx').on(t.areaId, t.serviceId, t.streamId),
    foreignKey({ name: 'catalogue_service_streams_service_fk', columns: [t.areaId, t.serviceId], foreignColumns: [catalogueServices.areaId, catalogueServices.id] }),
    foreignKey({ name: 'catalogue_service_streams_stream_fk', columns: [t.areaId, t.streamId], foreignColumns: [fundingStreams.areaId, fundingStreams.id] }),
  ],
);

/**
 * A service's cost per unit from a day. The cost in force on a day is the one with the latest `effective_from` on or
 * before it (unless that one has ended by then); a new price is a new row, so every cost a plan used can be shown.
 */
export const catalogueUnitCosts = pgTable(
  'catalogue_unit_costs',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    serviceId: uuid('service_id').notNull(),
    unitCostPence: bigint('unit_cost_pence', { mode: 'number' }).notNull(),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'catalogue_unit_costs_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'catalogue_unit_costs_service_fk', columns: [t.areaId, t.serviceId], foreignColumns: [catalogueServices.areaId, catalogueServices.id] }),
    uniqueIndex('catalogue_unit_costs_service_from_idx').on(t.areaId, t.serviceId, t.effectiveFrom),
  ],
);
