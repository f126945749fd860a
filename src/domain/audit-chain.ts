// The audit log's hash chain: each entry's hash covers its own fields and the previous entry's hash, so altering,
// inserting or removing any entry before the newest breaks every link after it.
import { createHash } from 'node:crypto';

export const genesisHash = '0'.repeat(64);

export interface AuditFields {
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  areaId: string | null;
  route: string | null;
  method: string | null;
  requestId: string | null;
  detail: string | null;
  /** The people a list showed (ids, in order); absent or null for an entry about one record. */
  peopleShown?: readonly string[] | null;
}

export function auditHash(previousHash: string, entry: AuditFields): string {
  // A fixed field order and JSON encoding keep the hash independent of driver and column order. The people a list
  // showed were added later: they join the hashed fields only when present, so every earlier entry keeps its hash.
  const fields: unknown[] = [
    previousHash,
    entry.occurredAt.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.outcome,
    entry.subjectType,
    entry.subjectId,
    entry.areaId,
    entry.route,
    entry.method,
    entry.requestId,
    entry.detail,
  ];
  if (entry.peopleShown != null) fields.push(entry.peopleShown);
  const canonical = JSON.stringify(fields);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainedEntry extends AuditFields {
  sequence: number;
  previousHash: string;
  hash: string;
}

export type ChainCheck =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; brokenAt: number; problem: string };

/** Checks entries in sequence order, continuing from `previousHash`; stops at the first broken link. */
export function checkChain(entries: Iterable<ChainedEntry>, previousHash = genesisHash, alreadyChecked = 0): ChainCheck {
  let checked = alreadyChecked;
  let expectedPrevious = previousHash;
  for (const entry of entries) {
    if (entry.previousHash !== expectedPrevious) {
      return { ok: false, checked, brokenAt: entry.sequence, problem: 'does not follow the entry before it (an entry was removed or inserted)' };
    }
    if (auditHash(entry.previousHash, entry) !== entry.hash) {
      return { ok: false, checked, brokenAt: entry.sequence, problem: 'its contents do not match its hash (it was altered)' };
    }
    expectedPrevious = entry.hash;
    checked += 1;
  }
  return { ok: true, checked, lastHash: expectedPrevious };
}
