// The application's services, built once from the database and settings and handed to every feature's routes.
import { eq } from 'drizzle-orm';
import type { Database, DatabaseHandle, DatabaseKind } from './db/database.ts';
import { regions } from './db/schema.ts';
import type { AppConfig } from './platform/config.ts';

export interface Services {
  db: Database;
  databaseKind: DatabaseKind;
  config: AppConfig;
  /** True while the database holds the illustrative demo region, so pages can say the figures are made up. */
  illustrativeData(): boolean;
  refreshIllustrativeData(): Promise<void>;
}

export function createServices(database: DatabaseHandle, config: AppConfig): Services {
  let illustrative = false;
  return {
    db: database.db,
    databaseKind: database.kind,
    config,
    illustrativeData: () => illustrative,
    async refreshIllustrativeData() {
      const [demoRegion] = await database.db.select({ id: regions.id }).from(regions).where(eq(regions.illustrative, true)).limit(1);
      illustrative = demoRegion !== undefined;
    },
  };
}
