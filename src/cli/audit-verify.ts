// `rtc audit verify`: checks the audit log against its hash chain, its sequence and its signed checkpoints (and, with
// --checkpoints, an exported copy of them), and says in plain words what was rewritten, deleted or reordered.
import { readFileSync } from 'node:fs';
import { type AuditReport, parseCheckpointLines } from '../domain/audit-checkpoints.ts';
import { verifyAuditLog } from '../records/audit.ts';
import { migrateConfigured } from './database-role.ts';
import { openConfiguredDatabase } from './shared.ts';

export interface AuditVerifyOptions {
  /** A file written by `rtc audit checkpoints export`. */
  checkpoints?: string;
}

function describeCheckpoints(report: AuditReport): string {
  if (report.newestCheckpoint === null) return 'no signed checkpoints yet';
  return `${report.checkpointsChecked} checkpoint signatures checked; entries after ${report.newestCheckpoint} are not yet checkpointed`;
}

export async function auditVerifyCommand(options: AuditVerifyOptions = {}): Promise<void> {
  let exported;
  if (options.checkpoints) {
    try {
      exported = parseCheckpointLines(readFileSync(options.checkpoints, 'utf8'));
    } catch (error) {
      console.error(error instanceof Error && error.message.startsWith('Line ') ? error.message : 'The checkpoints file cannot be read.');
      process.exitCode = 1;
      return;
    }
  }
  const { config, database } = await openConfiguredDatabase();
  try {
    await migrateConfigured(config, database);
    const report = await verifyAuditLog(database.db, { key: config.auditCheckpoints.key, ...(exported ? { exported } : {}) });
    const key = config.auditCheckpoints.developmentKey ? ' (checked with the development key: set AUDIT_CHECKPOINT_KEY)' : '';
    if (report.ok) {
      console.log(`Audit log OK: ${report.checked} entries, chain unbroken, no gaps; ${describeCheckpoints(report)}${key}.`);
      return;
    }
    console.error(`Audit log BROKEN at entry ${report.brokenAt}: ${report.problem}`);
    for (const problem of report.problems) console.error(`  - ${problem.kind}: ${problem.message}`);
    if (report.problemCount > report.problems.length) console.error(`  … and ${report.problemCount - report.problems.length} more problems.`);
    console.error(`${report.checked} entries read; ${describeCheckpoints(report)}${key}.`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
