// Configuration: an area's funding streams and its versioned configuration (question sets, rules, RAS tables, calculators).
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, tenantId } from './columns.ts';
import { areas, organisations } from './tenancy.ts';

/** Funding streams are data: an area may add, rename or retire them. Each has one owning organisation. */
export const fundingStreams = pgTable(
  'funding_streams',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sector: text('sector').notNull(),
    owningOrganisationId: uuid('owning_organisation_id').notNull().references(() => organisations.id),
    description: text('description').notNull().default(''),
    retiredOn: date('retired_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'funding_streams_pkey', columns: [t.areaId, t.id] }),
    uniqueIndex('funding_streams_area_code_idx').on(t.areaId, t.code)],
);

/**
 * The area's configuration that decides money, versioned: question sets, eligibility rules, RAS tables and stream
 * calculators, each a validated JSON definition. A published version is never edited; a change is a new version, so
 * every assessment and budget keeps the version it was made with.
 */
export const areaConfigurations = pgTable(
  'area_configurations',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** 'question-set', 'eligibility-rules', 'ras-table' or 'calculator'. */
    kind: text('kind').notNull(),
    /** For RAS tables and calculators: the stream they price; null for question sets and rules. */
    streamCode: text('stream_code'),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    illustrative: boolean('illustrative').notNull().default(false),
    /** The day it applies from (Europe/London); recalibration publishes a new version with a later day. */
    effectiveFrom: date('effective_from').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'area_configurations_pkey', columns: [t.areaId, t.id] }),
    uniqueIndex('area_configurations_version_idx').on(t.areaId, t.kind, sql`coalesce(${t.streamCode}, '')`, t.version),
    index('area_configurations_lookup_idx').on(t.areaId, t.kind, t.streamCode),
  ],
);
