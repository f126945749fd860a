// `rtc audit verify`: walks the audit log's hash chain and reports the first broken link. Exit code 1 if broken.
import { verifyAuditLog } from '../records/audit.ts';
import { openConfiguredDatabase } from './shared.ts';

export async function auditVerifyCommand(): Promise<void> {
  const { database } = await openConfiguredDatabase();
  await database.migrate();
  const result = await verifyAuditLog(database.db);
  if (result.ok) {
    console.log(`Audit log OK: ${result.checked} entries, chain unbroken.`);
  } else {
    console.error(`Audit log BROKEN at entry ${result.brokenAt}: ${result.problem}. ${result.checked} entries before it are intact.`);
    process.exitCode = 1;
  }
  await database.close();
}
