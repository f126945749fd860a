// Column helpers shared by every part of the schema: the UUID primary key and the created_at timestamp.
import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * The id of a row in a table distributed by area: unique in practice (a random UUID), but the primary key is
 * (area_id, id) so the table can be sharded by area on Citus (ADR 10).
 */
export const tenantId = () => uuid('id').notNull().default(sql`gen_random_uuid()`);
