// Tenancy: the regions, areas and organisations that own every other row.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

// Names are unique case-insensitively (regions everywhere, areas within their region, organisations within their
// area or, for region-wide ones, their region), so a form sent twice cannot make a second copy.
export const regions = pgTable(
  'regions',
  {
    id: id(),
    name: text('name').notNull(),
    illustrative: boolean('illustrative').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('regions_name_idx').on(sql`lower(${t.name})`)],
);

/** An area groups the agencies that serve the same people (e.g. a county with its districts and Jobcentres). */
export const areas = pgTable(
  'areas',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    name: text('name').notNull(),
    illustrative: boolean('illustrative').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('areas_region_idx').on(t.regionId), uniqueIndex('areas_region_name_idx').on(t.regionId, sql`lower(${t.name})`)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** Null only for organisations that work across a region, such as the regional coordinator. */
    areaId: uuid('area_id').references(() => areas.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    // How people reach the organisation, shown beside every budget, letter and decision it owns. All optional: an
    // organisation without them yet is shown with its area's lead council as the place to ask.
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    postalAddress: text('postal_address'),
    openingHours: text('opening_hours'),
    /** Relay UK text relay, as dialled ("18001 then 01632 960 000"). */
    textRelay: text('text_relay'),
    /** An https link to the organisation's British Sign Language video relay service. */
    bslVideoRelayUrl: text('bsl_video_relay_url'),
    /** How to ask for a decision to be looked at again; when empty, standard wording built from the contacts is used. */
    reviewHow: text('review_how'),
    createdAt: createdAt(),
  },
  (t) => [
    index('organisations_area_idx').on(t.areaId),
    index('organisations_region_idx').on(t.regionId),
    uniqueIndex('organisations_area_name_idx').on(t.areaId, sql`lower(${t.name})`).where(sql`${t.areaId} is not null`),
    uniqueIndex('organisations_region_name_idx').on(t.regionId, sql`lower(${t.name})`).where(sql`${t.areaId} is null`),
  ],
);
