// `rtc audit checkpoint` signs a checkpoint of the audit log's newest entry now; `rtc audit checkpoints export FILE`
// writes every checkpoint as JSON lines, to keep somewhere the database's users cannot reach (ADR 13).
import { writeFileSync } from 'node:fs';
import { checkpointLine } from '../domain/audit-checkpoints.ts';
import { systemClock } from '../platform/clock.ts';
import { allCheckpoints, checkpointNow } from '../records/audit-checkpoints.ts';
import { migrateConfigured } from './database-role.ts';
import { openConfiguredDatabase } from './shared.ts';

export async function auditCheckpointCommand(): Promise<void> {
  const { config, database } = await openConfiguredDatabase();
  try {
    await migrateConfigured(config, database);
    const { checkpoint, written } = await checkpointNow(database.db, config.auditCheckpoints.key, systemClock);
    if (!checkpoint) console.log('The audit log is empty: nothing to checkpoint yet.');
    else if (written) console.log(`Checkpoint signed at entry ${checkpoint.sequence}.`);
    else console.log(`Entry ${checkpoint.sequence}, the newest, already has a checkpoint.`);
  } finally {
    await database.close();
  }
}

export async function auditCheckpointsExportCommand(file: string): Promise<void> {
  const { config, database } = await openConfiguredDatabase();
  try {
    await migrateConfigured(config, database);
    const checkpoints = await allCheckpoints(database.db);
    writeFileSync(file, checkpoints.map((checkpoint) => `${checkpointLine(checkpoint)}\n`).join(''));
    console.log(`${checkpoints.length} checkpoints written${checkpoints.length > 0 ? `, the newest at entry ${checkpoints.at(-1)!.sequence}` : ''}. Keep the file away from the database.`);
  } finally {
    await database.close();
  }
}
