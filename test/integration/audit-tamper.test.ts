// Tampering by someone who can do anything in the database (switch the triggers off, delete, alter, renumber, and
// recompute every hash so the chain looks whole) is still reported, by the sequence and the signed checkpoints.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { auditCheckpoints, auditLog } from '../../src/db/schema.ts';
import { auditHash, genesisHash } from '../../src/domain/audit-chain.ts';
import { checkpointLine, signCheckpoint } from '../../src/domain/audit-checkpoints.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { type AuditEntry, AuditQueue, recordAudit, verifyAuditLog } from '../../src/records/audit.ts';
import { allCheckpoints, Checkpointer } from '../../src/records/audit-checkpoints.ts';
import { rtc, type ScratchDatabase, scratchDatabase } from '../support/cli.ts';

const key = Buffer.from('a test key that only these tests know, 40+ chars');
const clock = new FixedClock('2026-12-02T09:00:00Z');

function entry(n: number): AuditEntry {
  return { occurredAt: clock.now(), actorType: 'user', actorId: `user-${n % 3}`, action: 'person.read', outcome: 'allowed', subjectType: 'person', subjectId: `person-${n}`, areaId: null, route: '/people/:personId', method: 'GET', requestId: `request-${n}`, detail: null };
}

/** As the database's superuser: switches the triggers off, runs `change`, switches them back on. */
async function asSuperuser(database: DatabaseHandle, change: () => Promise<unknown>): Promise<void> {
  await database.db.execute(sql`alter table audit_log disable trigger user`);
  await database.db.execute(sql`alter table audit_checkpoints disable trigger user`);
  try {
    await change();
  } finally {
    await database.db.execute(sql`alter table audit_log enable trigger user`);
    await database.db.execute(sql`alter table audit_checkpoints enable trigger user`);
  }
}

/** Recomputes every link and hash in sequence order, as someone covering their tracks would. */
async function recomputeChain(database: DatabaseHandle): Promise<void> {
  const rows = await database.db.select().from(auditLog).orderBy(asc(auditLog.sequence));
  let previousHash = genesisHash;
  for (const row of rows) {
    const hash = auditHash(previousHash, row);
    await database.db.update(auditLog).set({ previousHash, hash }).where(eq(auditLog.sequence, row.sequence));
    previousHash = hash;
  }
}

/** Moves an entry's sequence, through a number no entry has, so two can swap places. */
async function renumber(database: DatabaseHandle, from: number, to: number): Promise<void> {
  await database.db.update(auditLog).set({ sequence: to }).where(eq(auditLog.sequence, from));
}

async function kinds(database: DatabaseHandle, options: Parameters<typeof verifyAuditLog>[1] = {}) {
  const report = await verifyAuditLog(database.db, { key, ...(typeof options === 'object' ? options : {}) });
  return { report, found: report.problems.map((problem) => `${problem.kind} ${problem.sequence}`) };
}

describe('tampering with the audit log as a superuser', () => {
  let scratch: ScratchDatabase;
  let database: DatabaseHandle;

  beforeAll(async () => {
    scratch = await scratchDatabase('tamper');
    database = await scratch.open();
    await database.migrate();
  }, 120_000);
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  // Thirty entries, written through the app's queue in three rounds, signed at entries 10, 20 and 30.
  beforeEach(async () => {
    await asSuperuser(database, async () => {
      await database.db.delete(auditLog);
      await database.db.delete(auditCheckpoints);
    });
    const checkpointer = new Checkpointer(database.db, { key, everyEntries: 10, everySeconds: 3600 }, clock);
    const queue = new AuditQueue(database.db, { after: checkpointer });
    for (let round = 0; round < 3; round += 1) await Promise.all(Array.from({ length: 10 }, (_, i) => queue.append(entry(round * 10 + i + 1))));
    await queue.close();
    expect((await allCheckpoints(database.db)).map((checkpoint) => checkpoint.sequence)).toEqual([10, 20, 30]);
  });

  it('signs a checkpoint once enough time has passed, for entries written only with changes', async () => {
    const later = new FixedClock('2026-12-02T10:00:00Z');
    const checkpointer = new Checkpointer(database.db, { key, everyEntries: 1000, everySeconds: 60 }, later);
    try {
      for (const n of [31, 32, 33]) await database.db.transaction((tx) => recordAudit(tx, entry(n), { inTransaction: true }));
      await checkpointer.checkpointIfDue();
      expect((await allCheckpoints(database.db)).map((checkpoint) => checkpoint.sequence)).toEqual([10, 20, 30]);
      later.set('2026-12-02T10:01:00Z');
      await checkpointer.checkpointIfDue();
      expect((await allCheckpoints(database.db)).map((checkpoint) => checkpoint.sequence)).toEqual([10, 20, 30, 33]);
      expect((await kinds(database)).report).toMatchObject({ ok: true, newestCheckpoint: 33 });
    } finally {
      checkpointer.stop();
    }
  });

  it('passes an untouched log, numbered 1 to 30 with three genuine checkpoints', async () => {
    const { report } = await kinds(database);
    expect(report).toMatchObject({ ok: true, checked: 30, lastSequence: 30, checkpointsChecked: 3, newestCheckpoint: 20 + 10 });
  });

  it('reports an entry deleted and the chain recomputed: a gap, and a checkpoint that no longer matches', async () => {
    await asSuperuser(database, async () => {
      await database.db.delete(auditLog).where(eq(auditLog.sequence, 15));
      await recomputeChain(database);
    });
    const { report, found } = await kinds(database);
    expect(report.ok).toBe(false);
    expect(found).toEqual(['deleted 15', 'rewritten 20', 'rewritten 30']);
    expect(report.problems[0]!.message).toBe('Entry 15 is missing: deleted from the log.');
  });

  it('reports entries deleted, the rest renumbered to close the gap and the chain recomputed', async () => {
    await asSuperuser(database, async () => {
      await database.db.delete(auditLog).where(eq(auditLog.sequence, 15));
      for (let sequence = 16; sequence <= 30; sequence += 1) await renumber(database, sequence, sequence - 1);
      await recomputeChain(database);
    });
    const { found, report } = await kinds(database);
    expect(found).toEqual(['rewritten 20', 'deleted 30']);
    expect(report.problems[1]!.message).toContain('the log ends at entry 29: entries were deleted from the end');
  });

  it('reports an entry altered and every hash recomputed', async () => {
    await asSuperuser(database, async () => {
      await database.db.update(auditLog).set({ actorId: 'someone-else' }).where(eq(auditLog.sequence, 12));
      await recomputeChain(database);
    });
    const { found, report } = await kinds(database);
    expect(found).toEqual(['rewritten 20', 'rewritten 30']);
    expect(report.problems[0]!.message).toContain('does not match the checkpoint signed at 2026-12-02T09:00:00.000Z');
  });

  it('reports two entries swapped, with and without the hashes recomputed', async () => {
    await asSuperuser(database, async () => {
      await renumber(database, 12, -12);
      await renumber(database, 13, 12);
      await renumber(database, -12, 13);
    });
    expect((await kinds(database)).found).toContain('reordered 13');
    await asSuperuser(database, () => recomputeChain(database));
    expect((await kinds(database)).found).toEqual(['rewritten 20', 'rewritten 30']);
  });

  it('reports a forged checkpoint, and a checkpoint pointing at a deleted entry', async () => {
    await asSuperuser(database, async () => {
      await database.db.insert(auditCheckpoints).values(signCheckpoint(Buffer.from('a key the database made up for itself, long'), { sequence: 25, hash: 'f'.repeat(64), signedAt: clock.now() }));
      await database.db.delete(auditLog).where(eq(auditLog.sequence, 10));
    });
    const { found, report } = await kinds(database);
    expect(found).toContain('checkpoint 25');
    expect(found).toContain('deleted 10');
    expect(report.problems.map((problem) => problem.message)).toContain('A signed checkpoint names entry 10, which is missing: it was deleted.');
  });

  it('with the exported checkpoints, reports the newest entries deleted together with their checkpoint', async () => {
    const exported = await allCheckpoints(database.db);
    await asSuperuser(database, async () => {
      await database.db.delete(auditLog).where(gt(auditLog.sequence, 25));
      await database.db.delete(auditCheckpoints).where(eq(auditCheckpoints.sequence, 30));
    });
    // The database alone now looks whole: a shorter chain, every remaining checkpoint matching.
    expect((await kinds(database)).report.ok).toBe(true);
    expect((await kinds(database, { exported })).found).toEqual(['deleted 30', 'deleted 30']);
  });
});

describe('rtc audit checkpoints export and rtc audit verify --checkpoints', () => {
  let scratch: ScratchDatabase;
  let folder: string;
  const env = () => ({ ...scratch.env, AUDIT_CHECKPOINT_KEY: key.toString('utf8') });

  beforeAll(async () => {
    scratch = await scratchDatabase('checkpoints');
    folder = mkdtempSync(join(tmpdir(), 'rtc-checkpoints-'));
    const database = await scratch.open();
    await database.migrate();
    const queue = new AuditQueue(database.db, { after: new Checkpointer(database.db, { key, everyEntries: 5, everySeconds: 3600 }, clock) });
    for (let round = 0; round < 2; round += 1) await Promise.all(Array.from({ length: 5 }, (_, i) => queue.append(entry(round * 5 + i + 1))));
    await queue.close();
    await database.close();
  }, 120_000);

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await scratch.drop();
  });

  it('exports the checkpoints as JSON lines, then finds the newest entries and checkpoint deleted from the database', async () => {
    const file = join(folder, 'checkpoints.jsonl');
    const signed = await rtc(['audit', 'checkpoint'], env());
    expect(signed.stdout).toContain('Entry 10, the newest, already has a checkpoint.');
    const exported = await rtc(['audit', 'checkpoints', 'export', file], env());
    expect(exported.stdout).toContain('2 checkpoints written, the newest at entry 10');

    const database = await scratch.open();
    expect(readFileSync(file, 'utf8')).toBe((await allCheckpoints(database.db)).map((checkpoint) => `${checkpointLine(checkpoint)}\n`).join(''));
    await asSuperuser(database, async () => {
      await database.db.delete(auditLog).where(gt(auditLog.sequence, 7));
      await database.db.delete(auditCheckpoints).where(eq(auditCheckpoints.sequence, 10));
    });
    await database.close();

    const alone = await rtc(['audit', 'verify'], env());
    expect(alone.stdout).toContain('Audit log OK: 7 entries');
    const compared = await rtc(['audit', 'verify', '--checkpoints', file], env());
    expect(compared.code).toBe(1);
    expect(compared.stderr).toContain('Audit log BROKEN at entry 10: The exported checkpoint at entry 10 is missing from the database: checkpoints were deleted.');
    expect(compared.stderr).toContain('the log ends at entry 7: entries were deleted from the end');
  }, 180_000);
});
