// `rtc token create`: makes an API token for a machine client and prints it once; only its hash is stored.
import type { DatabaseHandle } from '../db/database.ts';
import { auditWriter, commandActor } from '../records/audit.ts';
import { systemClock } from '../platform/clock.ts';
import { createApiToken, longestLifetimeDays, tokenRoles } from '../records/api-tokens.ts';
import { openConfiguredDatabase } from './shared.ts';

export interface TokenCreateOptions {
  name: string;
  organisation: string;
  role: string;
  /** Commander passes a number when given a parser, a string without one; either is accepted. */
  days?: number | string;
}

export interface TokenCreateOutput {
  /** Only the token goes to standard output, so `TOKEN=$(rtc token create …)` captures exactly it. */
  token(line: string): void;
  message(line: string): void;
}

const consoleOutput: TokenCreateOutput = { token: (line) => console.log(line), message: (line) => console.error(line) };

/** Tests pass their own database and output; from the command line both come from the environment. */
export async function tokenCreateCommand(options: TokenCreateOptions, context: { database?: DatabaseHandle; output?: TokenCreateOutput } = {}): Promise<void> {
  const output = context.output ?? consoleOutput;
  if (!(tokenRoles as readonly string[]).includes(options.role)) {
    output.message(`Unknown role "${options.role}" for a token. Choose one of: ${tokenRoles.join(', ')}`);
    process.exitCode = 1;
    return;
  }
  const days = Number(options.days ?? 90);
  if (!Number.isInteger(days) || days < 1 || days > longestLifetimeDays) {
    output.message(`Give --days as a whole number from 1 to ${longestLifetimeDays}.`);
    process.exitCode = 1;
    return;
  }
  let database = context.database;
  if (!database) {
    database = (await openConfiguredDatabase()).database;
    await database.migrate();
  }
  try {
    const result = await createApiToken(database.db, { name: options.name, organisationId: options.organisation, role: options.role, days, createdByUserId: null }, auditWriter(commandActor('rtc token create'), systemClock), systemClock.now());
    if (!result.ok) {
      output.message(`Not created: ${result.message}.`);
      process.exitCode = 1;
      return;
    }
    output.message(`Created API token "${options.name.trim()}" (${result.role} at ${result.organisationName}), expiring ${result.expiresAt.toISOString().slice(0, 10)}.`);
    output.message('Copy it now: it will not be shown again.');
    output.token(result.token);
  } finally {
    if (!context.database) await database.close();
  }
}
