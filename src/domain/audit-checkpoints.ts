// Signed checkpoints of the audit chain, and the check of a whole log against them: what lets `rtc audit verify` tell
// a rewritten, shortened or reordered log from a whole one even when whoever changed it recomputed every hash.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { auditHash, type ChainedEntry, genesisHash } from './audit-chain.ts';

/**
 * The key outside production when none is configured: derived from a fixed, published label, so every process on a
 * laptop or in the tests signs and checks alike. It protects nothing; production refuses to start without a real key.
 */
export const developmentCheckpointKey: Uint8Array = createHash('sha256').update('right-to-control audit checkpoints: development only, not secret').digest();

/** A point in the chain: the entry at `sequence` had this hash at `signedAt`. */
export interface CheckpointFields {
  sequence: number;
  hash: string;
  signedAt: Date;
}

export interface Checkpoint extends CheckpointFields {
  /** HMAC-SHA-256 of the fields, hex, with a key the database does not hold. */
  signature: string;
}

function signatureOf(key: Uint8Array, fields: CheckpointFields): Buffer {
  // A fixed, labelled encoding: a signature made for anything else can never pass as a checkpoint's.
  const canonical = JSON.stringify(['audit-checkpoint-1', fields.sequence, fields.hash, fields.signedAt.toISOString()]);
  return createHmac('sha256', key).update(canonical).digest();
}

export function signCheckpoint(key: Uint8Array, fields: CheckpointFields): Checkpoint {
  return { sequence: fields.sequence, hash: fields.hash, signedAt: fields.signedAt, signature: signatureOf(key, fields).toString('hex') };
}

/** True when this key signed exactly these fields. Compared in constant time. */
export function isSignedWith(key: Uint8Array, checkpoint: Checkpoint): boolean {
  const expected = signatureOf(key, checkpoint);
  const given = Buffer.from(checkpoint.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One checkpoint as a line of JSON, for a copy kept away from the database. */
export function checkpointLine(checkpoint: Checkpoint): string {
  return JSON.stringify({ sequence: checkpoint.sequence, hash: checkpoint.hash, signedAt: checkpoint.signedAt.toISOString(), signature: checkpoint.signature });
}

/** Reads lines written by `checkpointLine`; throws naming the line that is not one. */
export function parseCheckpointLines(text: string): Checkpoint[] {
  const checkpoints: Checkpoint[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`Line ${index + 1} of the checkpoints file is not JSON`);
    }
    const { sequence, hash, signedAt, signature } = (value ?? {}) as Record<string, unknown>;
    const when = typeof signedAt === 'string' ? new Date(signedAt) : undefined;
    if (!Number.isInteger(sequence) || typeof hash !== 'string' || !when || Number.isNaN(when.getTime()) || typeof signature !== 'string') {
      throw new Error(`Line ${index + 1} of the checkpoints file is not a checkpoint`);
    }
    checkpoints.push({ sequence: sequence as number, hash, signedAt: when, signature });
  });
  return checkpoints;
}

export type AuditProblemKind = 'rewritten' | 'deleted' | 'reordered' | 'inserted' | 'checkpoint';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The entry (or checkpoint) the problem is at. */
  sequence: number;
  message: string;
}

export interface AuditReport {
  ok: boolean;
  /** Entries read. */
  checked: number;
  lastSequence: number;
  lastHash: string;
  /** Checkpoints whose signature was checked (the database's and any exported copy's). */
  checkpointsChecked: number;
  /** The newest genuine checkpoint's sequence; entries after it are protected by the chain alone. */
  newestCheckpoint: number | null;
  /** The first problems found, in the order found (at most `problemLimit`); `problemCount` counts them all. */
  problems: AuditProblem[];
  problemCount: number;
  /** The first problem's entry and message, for a one-line answer. */
  brokenAt?: number;
  problem?: string;
}

// How many earlier hashes to remember to recognise an entry moved back; the check stays flat in memory however long
// the log, and an entry moved further than this is still reported, as not following the entry before it.
const recentHashWindow = 10_000;
const problemLimit = 50;

/**
 * Checks a log, fed in sequence order a page at a time, against the checkpoints: each entry's contents against its
 * hash, its link to the one before, the sequence for gaps, and each checkpoint's signature and hash. Keeps going past
 * a problem, so one check reports everything it can see.
 */
export class AuditLogCheck {
  private readonly problems: AuditProblem[] = [];
  private problemCount = 0;
  private checked = 0;
  private lastSequence = 0;
  private lastHash = genesisHash;
  private readonly recent = new Map<string, number>();
  /** Links that named a hash not yet seen: if a later entry has it, that entry was moved down. */
  private readonly unmatchedLinks = new Map<string, number>();
  private readonly checkpoints: Checkpoint[];
  private nextCheckpoint = 0;
  private readonly checkpointsChecked: number;

  constructor(key: Uint8Array, stored: readonly Checkpoint[], exported: readonly Checkpoint[] = []) {
    const bySequence = new Map<number, Checkpoint>();
    for (const checkpoint of stored) {
      if (!isSignedWith(key, checkpoint)) {
        this.report('checkpoint', checkpoint.sequence, `The checkpoint at entry ${checkpoint.sequence} is not signed with this key: it was forged or altered, or the key has changed.`);
      } else bySequence.set(checkpoint.sequence, checkpoint);
    }
    for (const checkpoint of exported) {
      if (!isSignedWith(key, checkpoint)) {
        this.report('checkpoint', checkpoint.sequence, `The exported checkpoint at entry ${checkpoint.sequence} is not signed with this key.`);
        continue;
      }
      const inDatabase = bySequence.get(checkpoint.sequence);
      if (!inDatabase) {
        this.report('deleted', checkpoint.sequence, `The exported checkpoint at entry ${checkpoint.sequence} is missing from the database: checkpoints were deleted.`);
        bySequence.set(checkpoint.sequence, checkpoint);
      } else if (inDatabase.hash !== checkpoint.hash) {
        this.report('rewritten', checkpoint.sequence, `The database's checkpoint at entry ${checkpoint.sequence} does not match the exported copy.`);
      }
    }
    this.checkpointsChecked = stored.length + exported.length;
    this.checkpoints = [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  }

  private report(kind: AuditProblemKind, sequence: number, message: string): void {
    this.problemCount += 1;
    if (this.problems.length < problemLimit) this.problems.push({ kind, sequence, message });
  }

  /** The next entries, in sequence order, continuing from the last page. */
  add(entries: Iterable<ChainedEntry>): void {
    for (const entry of entries) this.addOne(entry);
  }

  private addOne(entry: ChainedEntry): void {
    const expected = this.lastSequence + 1;
    if (entry.sequence > expected) {
      const missing = entry.sequence === expected + 1 ? `Entry ${expected} is missing` : `Entries ${expected} to ${entry.sequence - 1} are missing`;
      this.report('deleted', expected, `${missing}: deleted from the log.`);
    } else if (entry.sequence < expected) {
      this.report('inserted', entry.sequence, `Entry ${entry.sequence} is out of sequence.`);
    }
    // Checkpoints at entries that are not there.
    while (this.checkpoints[this.nextCheckpoint] && this.checkpoints[this.nextCheckpoint]!.sequence < entry.sequence) {
      const checkpoint = this.checkpoints[this.nextCheckpoint]!;
      this.report('deleted', checkpoint.sequence, `A signed checkpoint names entry ${checkpoint.sequence}, which is missing: it was deleted.`);
      this.nextCheckpoint += 1;
    }

    if (auditHash(entry.previousHash, entry) !== entry.hash) {
      this.report('rewritten', entry.sequence, `Entry ${entry.sequence} was altered: its contents do not match its hash.`);
    } else if (entry.previousHash !== this.lastHash) {
      const namedEarlier = this.recent.get(entry.previousHash);
      if (namedEarlier !== undefined) {
        this.report('reordered', entry.sequence, `Entry ${entry.sequence} is out of order: it was written after entry ${namedEarlier}, not after entry ${this.lastSequence}.`);
      } else if (entry.sequence === expected) {
        this.report('rewritten', entry.sequence, `Entry ${entry.sequence} does not follow the entry before it: an entry was removed, inserted or altered.`);
        this.unmatchedLinks.set(entry.previousHash, entry.sequence);
      } else {
        this.unmatchedLinks.set(entry.previousHash, entry.sequence);
      }
    }
    const movedAfter = this.unmatchedLinks.get(entry.hash);
    if (movedAfter !== undefined) {
      this.report('reordered', entry.sequence, `Entry ${entry.sequence} is out of order: entry ${movedAfter} was written after it.`);
      this.unmatchedLinks.delete(entry.hash);
    }

    const checkpoint = this.checkpoints[this.nextCheckpoint];
    if (checkpoint?.sequence === entry.sequence) {
      if (checkpoint.hash !== entry.hash) {
        this.report(
          'rewritten',
          entry.sequence,
          `Entry ${entry.sequence} does not match the checkpoint signed at ${checkpoint.signedAt.toISOString()}: the log up to it was rewritten (or reordered) and its hashes recomputed.`,
        );
      }
      this.nextCheckpoint += 1;
    }

    this.recent.set(entry.hash, entry.sequence);
    if (this.recent.size > recentHashWindow) this.recent.delete(this.recent.keys().next().value!);
    if (this.unmatchedLinks.size > recentHashWindow) this.unmatchedLinks.delete(this.unmatchedLinks.keys().next().value!);
    this.checked += 1;
    this.lastSequence = Math.max(this.lastSequence, entry.sequence);
    this.lastHash = entry.hash;
  }

  finish(): AuditReport {
    for (const checkpoint of this.checkpoints.slice(this.nextCheckpoint)) {
      this.report(
        'deleted',
        checkpoint.sequence,
        `A signed checkpoint names entry ${checkpoint.sequence}, but the log ends at entry ${this.lastSequence}: entries were deleted from the end.`,
      );
    }
    this.nextCheckpoint = this.checkpoints.length;
    const problems = [...this.problems].sort((a, b) => a.sequence - b.sequence);
    const first = problems[0];
    return {
      ok: this.problemCount === 0,
      checked: this.checked,
      lastSequence: this.lastSequence,
      lastHash: this.lastHash,
      checkpointsChecked: this.checkpointsChecked,
      newestCheckpoint: this.checkpoints.at(-1)?.sequence ?? null,
      problems,
      problemCount: this.problemCount,
      ...(first ? { brokenAt: first.sequence, problem: first.message } : {}),
    };
  }
}
