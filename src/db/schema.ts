// The database schema's index: it re-exports each part of the domain from schema/, so importers import only this file.
// Every tenant-owned table carries area_id (or region_id) so the data can later be sharded by tenant; ids are UUIDs so
// rows can move between shards without renumbering.
export * from './schema/tenancy.ts';
export * from './schema/accounts.ts';
export * from './schema/people.ts';
export * from './schema/configuration.ts';
export * from './schema/assessment.ts';
export * from './schema/audit.ts';
export * from './schema/catalogue.ts';
export * from './schema/support-plans.ts';
export * from './schema/ledger.ts';
export * from './schema/payments.ts';
