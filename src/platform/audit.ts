// Writes audit entries (who read or changed which record, when, through which route) and verifies the chain.
import { asc, desc, gt, sql } from 'drizzle-orm';
import { type AuditFields, auditHash, checkChain, type ChainCheck, genesisHash } from '../domain/audit-chain.ts';
import type { Database, Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';

export type AuditEntry = Omit<AuditFields, 'occurredAt'> & { occurredAt?: Date };

// One lock key for the whole chain: entries must be appended one at a time for each to name its predecessor.
const chainLockKey = 4_242_001;

async function appendWithin(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${chainLockKey})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.sequence)).limit(1);
  const fields: AuditFields = { ...entry, occurredAt: entry.occurredAt ?? new Date() };
  const previousHash = last?.hash ?? genesisHash;
  await tx.insert(auditLog).values({
    ...fields,
    previousHash,
    hash: auditHash(previousHash, fields),
  });
}

/**
 * Appends an entry. Given a transaction, the entry commits or rolls back with the change it describes; given the
 * database, it runs in a transaction of its own.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry, options: { inTransaction?: boolean } = {}): Promise<void> {
  if (options.inTransaction) return appendWithin(db, entry);
  await (db as Database).transaction((tx) => appendWithin(tx, entry));
}

/** Walks the whole log in pages, so memory stays flat however long the log grows. */
export async function verifyAuditLog(db: Database, pageSize = 5000): Promise<ChainCheck> {
  let previousHash = genesisHash;
  let checked = 0;
  let after = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.sequence, after)).orderBy(asc(auditLog.sequence)).limit(pageSize);
    if (page.length === 0) return { ok: true, checked, lastHash: previousHash };
    const result = checkChain(
      page,
      previousHash,
      checked,
    );
    if (!result.ok) return result;
    previousHash = result.lastHash;
    checked = result.checked;
    after = page[page.length - 1]!.sequence;
  }
}
