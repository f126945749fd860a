// Helpers every `rtc` command uses: settings, the database, and argument parsing.
import { InvalidArgumentError } from 'commander';
import { openDatabase } from '../db/database.ts';
import { loadConfig } from '../platform/config.ts';

export function positiveWholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('Give a whole number, 0 or more.');
  return number;
}

export async function openConfiguredDatabase() {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  return { config, database };
}
