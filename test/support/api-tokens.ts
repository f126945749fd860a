// Issues API tokens for tests the way `rtc token create` does, audited as a command.
import type { DatabaseHandle } from '../../src/db/database.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createApiToken } from '../../src/records/api-tokens.ts';
import { auditWriter, commandActor } from '../../src/records/audit.ts';

export async function issueToken(database: DatabaseHandle, organisationId: string, role: string, name: string) {
  const result = await createApiToken(database.db, { name, organisationId, role, days: 30, createdByUserId: null }, auditWriter(commandActor('test'), systemClock), systemClock.now());
  if (!result.ok) throw new Error(result.message);
  return { token: result.token, id: result.tokenId };
}
