// Signed checkpoints of the audit chain: written by the app every so many entries or seconds and by `rtc audit
// checkpoint`, read by `rtc audit verify` and exported as JSON lines to keep away from the database (ADR 13).
import { asc, desc } from 'drizzle-orm';
import { type Checkpoint, signCheckpoint } from '../domain/audit-checkpoints.ts';
import type { Clock } from '../domain/clock.ts';
import type { Database, Queryable } from '../db/database.ts';
import { auditCheckpoints } from '../db/schema.ts';
import { type AfterAppend, chainEnd, type ChainEnd, lockChain } from './audit.ts';

export interface CheckpointPolicy {
  /** The signing key; the database never holds it. */
  key: Uint8Array;
  /** Sign after this many new entries… */
  everyEntries: number;
  /** …or once this many seconds have passed with new entries, whichever comes first. */
  everySeconds: number;
}

/** Signs an entry's sequence and hash (a committed entry: the chain's end, or a batch's last) unless already checkpointed. */
async function signEnd(tx: Queryable, key: Uint8Array, end: ChainEnd, now: Date): Promise<Checkpoint | undefined> {
  if (end.sequence === 0) return undefined;
  const checkpoint = signCheckpoint(key, { sequence: end.sequence, hash: end.hash, signedAt: now });
  const [stored] = await tx.insert(auditCheckpoints).values(checkpoint).onConflictDoNothing().returning();
  return stored;
}

async function newestCheckpoint(db: Queryable): Promise<Checkpoint | undefined> {
  const [newest] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.sequence)).limit(1);
  return newest;
}

/** Signs a checkpoint of the newest entry now (the command); answers the newest checkpoint, new or already there. */
export async function checkpointNow(db: Database, key: Uint8Array, clock: Clock): Promise<{ checkpoint: Checkpoint | undefined; written: boolean }> {
  return db.transaction(async (tx) => {
    await lockChain(tx);
    const written = await signEnd(tx, key, await chainEnd(tx), clock.now());
    return { checkpoint: written ?? (await newestCheckpoint(tx)), written: written !== undefined };
  });
}

/** Every checkpoint, oldest first: one per thousand entries or so, small enough to hold. */
export async function allCheckpoints(db: Queryable): Promise<Checkpoint[]> {
  return db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.sequence));
}

/**
 * Writes a checkpoint after a batch once enough entries or time have passed, signing that batch's last entry (committed,
 * so never changing), and on a timer for entries written only with changes (which do not pass through the queue),
 * which reads the chain's end under the chain lock.
 */
export class Checkpointer implements AfterAppend {
  private lastSequence: number | undefined;
  private lastAt: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly policy: CheckpointPolicy,
    private readonly clock: Clock,
  ) {
    this.lastAt = clock.now().getTime();
    this.timer = setInterval(() => {
      this.checkpointIfDue().catch(() => {
        // The next batch or tick tries again; a missed checkpoint only widens the window verify can vouch for.
      });
    }, policy.everySeconds * 1000);
    this.timer.unref();
  }

  private due(end: ChainEnd, now: number): boolean {
    if (this.lastSequence === undefined || end.sequence <= this.lastSequence) return false;
    return end.sequence - this.lastSequence >= this.policy.everyEntries || now - this.lastAt >= this.policy.everySeconds * 1000;
  }

  async afterAppend(tx: Queryable, end: ChainEnd): Promise<void> {
    this.lastSequence ??= (await newestCheckpoint(tx))?.sequence ?? 0;
    const now = this.clock.now();
    if (!this.due(end, now.getTime())) return;
    await signEnd(tx, this.policy.key, end, now);
    this.lastSequence = end.sequence;
    this.lastAt = now.getTime();
  }

  /** What the timer runs: signs the chain's end if enough entries or time have passed since the last checkpoint. */
  async checkpointIfDue(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockChain(tx);
      await this.afterAppend(tx, await chainEnd(tx));
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
