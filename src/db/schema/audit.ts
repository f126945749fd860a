// Audit: the append-only, hash-chained audit log.
import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained record of who read or changed what. A trigger refuses UPDATE and DELETE; the chain
 * shows any change made with that trigger switched off, and the signed checkpoints below show a chain recomputed
 * after such a change (ADR 13).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    /**
     * 1, 2, 3, … with no gaps: the writer assigns the last sequence + 1 under the chain lock (never a database
     * sequence, which skips a number when a transaction rolls back), so a missing number means a deleted entry.
     */
    sequence: bigint('sequence', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    areaId: uuid('area_id'),
    route: text('route'),
    method: text('method'),
    requestId: text('request_id'),
    detail: text('detail'),
    /**
     * For a list of people: the ids of everyone the page showed, in the order shown, so each person can later see
     * that they appeared in a list. Null for an entry about one record.
     */
    peopleShown: jsonb('people_shown').$type<string[]>(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_area_idx').on(t.areaId),
    // Answers "which lists showed this person" (`people_shown @> '["…"]'`) without reading every list entry.
    index('audit_log_people_shown_idx').using('gin', sql`${t.peopleShown} jsonb_path_ops`),
    check('audit_log_outcome_check', sql`${t.outcome} in ('allowed', 'denied', 'succeeded', 'failed')`),
  ],
);

/**
 * Checkpoints of the audit chain: an entry's sequence and hash, and when, signed with a key the database does not
 * hold (`AUDIT_CHECKPOINT_KEY`). Whoever can rewrite the log and recompute its hashes still cannot sign a checkpoint
 * that matches the rewritten chain. Append-only like the log itself.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  sequence: bigint('sequence', { mode: 'number' }).primaryKey(),
  hash: text('hash').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  signature: text('signature').notNull(),
});
