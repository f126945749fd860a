// Helpers every `rtc` command uses once it runs: settings and the database.
import { openDatabase } from '../db/database.ts';
import { loadConfig } from '../platform/config.ts';

export async function openConfiguredDatabase() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  return { config, database };
}
