// The PostgreSQL role the application serves as: ordinary rights on every table, but only SELECT and INSERT on the
// audit log and its checkpoints, the ledger's transfers and balance history, and payment runs' items, and owner of
// nothing, so it cannot change, delete or truncate an entry, nor switch off or drop the triggers that refuse those
// (ADRs 13, 15 and 18). Migrations run as the owner.
import { sql } from 'drizzle-orm';
import type { Database } from './database.ts';

/** Tables the application may only add to and read. */
export const appendOnlyTables = ['audit_log', 'audit_checkpoints', 'ledger_transfers', 'ledger_balances', 'payment_run_items'] as const;

export class AppRoleError extends Error {}

const roleName = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Gives `role` (which must exist, may log in, and is neither a superuser nor the tables' owner) the application's
 * rights on the tables as they are now. Run as the owner after every migration; `rtc serve` and `rtc migrate` do so
 * when DATABASE_MIGRATION_URL is set. Safe to run again.
 */
export async function grantAppRole(db: Database, role: string): Promise<void> {
  if (!roleName.test(role)) throw new AppRoleError('Give the role name in lower case: letters, digits and underscores.');
  const found = (await db.execute(sql`
    select r.rolsuper as super, exists (select 1 from pg_tables t where t.tablename = 'audit_log' and t.tableowner = r.rolname) as owner
    from pg_roles r where r.rolname = ${role}`)) as unknown as { rows: { super: boolean; owner: boolean }[] };
  const [row] = found.rows;
  if (!row) throw new AppRoleError(`There is no role ${role}: create it first (CREATE ROLE ${role} LOGIN PASSWORD '…'), then run this again.`);
  if (row.super) throw new AppRoleError(`${role} is a superuser, which can do anything to the audit log: give the application an ordinary role.`);
  if (row.owner) throw new AppRoleError(`${role} owns the tables, and an owner can switch off the audit log's triggers: give the application a role of its own.`);
  const name = sql.identifier(role);
  const appendOnly = sql.raw(appendOnlyTables.map((table) => `"${table}"`).join(', '));
  await db.transaction(async (tx) => {
    await tx.execute(sql`grant usage on schema public to ${name}`);
    await tx.execute(sql`grant select, insert, update, delete on all tables in schema public to ${name}`);
    await tx.execute(sql`grant usage, select on all sequences in schema public to ${name}`);
    await tx.execute(sql`revoke all on ${appendOnly} from ${name}`);
    await tx.execute(sql`grant select, insert on ${appendOnly} to ${name}`);
  });
}

/** The user a postgres:// URL connects as. */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

