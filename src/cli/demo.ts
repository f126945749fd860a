// `rtc demo`: create or reset the illustrative demo region, with a progress bar and the sign-in details printed.
import { SingleBar, Presets } from 'cli-progress';
import { createDemoRegion, type DemoAccount, demoPasswordText } from '../demo/demo-region.ts';
import { roleNames } from '../domain/roles.ts';
import { loadConfig } from '../platform/config.ts';
import { openConfiguredDatabaseCreatedApart } from './shared.ts';

export function printDemoAccounts(accounts: DemoAccount[]): void {
  console.log('\nDemo sign-in details (illustrative data only). Every account uses the password: ' + demoPasswordText);
  for (const account of accounts) console.log(`  ${account.email.padEnd(36)} ${roleNames[account.role]} – ${account.where}`);
  console.log('');
}

export async function demoCommand(options: { people: number; seed: number }): Promise<void> {
  if (loadConfig().environment === 'production') {
    console.error('The demo cannot be created in production.');
    process.exitCode = 1;
    return;
  }
  const { database } = await openConfiguredDatabaseCreatedApart();
  await database.migrate();
  const bar = new SingleBar({ format: 'Generating people [{bar}] {value}/{total}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
  bar.start(Math.max(options.people, 4), 0);
  const result = await createDemoRegion(database.db, { people: options.people, seed: options.seed, onProgress: (done) => bar.update(done) });
  bar.stop();
  console.log(`Demo region created with ${result.people} synthetic people in ${result.areaIds.length} areas.`);
  printDemoAccounts(result.accounts);
  await database.close();
}
