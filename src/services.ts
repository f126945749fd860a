// The application's services, built once from the database, the settings and the clock, and handed to every
// feature's routes. Wired by hand; the type is read off the function, so adding a service is one line here.
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from './db/database.ts';
import { regions } from './db/schema.ts';
import type { Clock } from './platform/clock.ts';
import type { AppConfig } from './platform/config.ts';
import { AuditQueue } from './records/audit.ts';
import { Checkpointer } from './records/audit-checkpoints.ts';

export function createServices(database: DatabaseHandle, config: AppConfig, clock: Clock) {
  let illustrative = false;
  return {
    db: database.db,
    /** Audit entries for reads, written together (group commit) and checkpointed now and then (ADR 13). */
    audit: new AuditQueue(database.db, { after: new Checkpointer(database.db, config.auditCheckpoints, clock) }),
    databaseKind: database.kind,
    config,
    clock,
    /** True while the database holds the illustrative demo region, so pages can say the figures are made up. */
    illustrativeData: (): boolean => illustrative,
    async refreshIllustrativeData(): Promise<void> {
      const [demoRegion] = await database.db.select({ id: regions.id }).from(regions).where(eq(regions.illustrative, true)).limit(1);
      illustrative = demoRegion !== undefined;
    },
  };
}

export type Services = ReturnType<typeof createServices>;
