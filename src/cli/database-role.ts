// `rtc database grant-app-role NAME`, and migrating as the owner when the application serves as a role that may only
// insert and read the audit log (DATABASE_MIGRATION_URL; see docs/operations.md).
import { AppRoleError, grantAppRole, roleOfUrl } from '../db/app-role.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { type AppConfig, ConfigError } from '../platform/config.ts';
import { openConfiguredDatabase } from './shared.ts';

/**
 * Applies migrations: through DATABASE_MIGRATION_URL (the owner) when set, then gives the application's role
 * (DATABASE_URL's user) its rights on any new table; otherwise through the database already open.
 */
export async function migrateConfigured(config: AppConfig, database: DatabaseHandle): Promise<void> {
  if (!config.databaseMigrationUrl || !config.databaseUrl) {
    await database.migrate();
    return;
  }
  const owner = await openDatabase({ url: config.databaseMigrationUrl });
  try {
    await owner.migrate();
    await grantAppRole(owner.db, roleOfUrl(config.databaseUrl));
  } catch (error) {
    throw error instanceof AppRoleError ? new ConfigError(`DATABASE_URL: ${error.message}`) : error;
  } finally {
    await owner.close();
  }
}

export async function grantAppRoleCommand(role: string): Promise<void> {
  const { config, database } = await openConfiguredDatabase();
  try {
    if (database.kind !== 'postgres') {
      console.error('The embedded database has one user; application roles are for PostgreSQL (set DATABASE_URL).');
      process.exitCode = 1;
      return;
    }
    // Run as the owner: through DATABASE_MIGRATION_URL when set, or DATABASE_URL when that is the owner's.
    const owner = config.databaseMigrationUrl ? await openDatabase({ url: config.databaseMigrationUrl }) : database;
    try {
      await owner.migrate();
      await grantAppRole(owner.db, role);
    } finally {
      if (owner !== database) await owner.close();
    }
    console.log(`${role} may now serve the application: it can read and add to the audit log, and nothing more there.`);
  } catch (error) {
    if (!(error instanceof AppRoleError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
