// `rtc serve`: migrate, optionally create the demo, then listen. Closes cleanly on SIGINT/SIGTERM.
import { count } from 'drizzle-orm';
import { buildApp } from '../app.ts';
import { regions } from '../db/schema.ts';
import { createDemoRegion } from '../demo/demo-region.ts';
import { openConfiguredDatabaseCreatedApart } from './shared.ts';
import { printDemoAccounts } from './demo.ts';
import { migrateConfigured } from './database-role.ts';

export async function serveCommand(options: { demoIfEmpty?: boolean; people: number }): Promise<void> {
  // How long start-up took, not what time it is: a monotonic timer, which the clock rule leaves alone.
  const started = performance.now();
  const { config, database } = await openConfiguredDatabaseCreatedApart();
  await migrateConfigured(config, database);
  if (options.demoIfEmpty && config.environment !== 'production') {
    const [existing] = await database.db.select({ value: count() }).from(regions);
    if ((existing?.value ?? 0) === 0) {
      const demo = await createDemoRegion(database.db, { people: options.people });
      printDemoAccounts(demo.accounts);
    }
  }
  const app = await buildApp({ config, database });
  await app.services.refreshIllustrativeData();
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Right to Control is running at http://localhost:${config.port} on ${database.kind} (started in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
