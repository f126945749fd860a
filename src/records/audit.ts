// Writes audit entries (who read or changed which record, when, through which route) and verifies the chain.
import { and, asc, desc, eq, gt, or, sql } from 'drizzle-orm';
import { type AuditFields, auditHash, checkChain, type ChainCheck, genesisHash } from '../domain/audit-chain.ts';
import type { Database, Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { PersonRef } from './people.ts';

export type AuditEntry = AuditFields;

/**
 * Who is acting, and through what: the one shape of "who" for every audit entry, whether a signed-in user or an API
 * token through a route, someone not yet signed in, or an `rtc` command.
 */
export interface Actor {
  type: 'user' | 'api_token' | 'anonymous' | 'cli';
  id: string | null;
  /** The route pattern (or the command) the action came through. */
  route: string | null;
  method: string | null;
  requestId: string | null;
}

export type AuditOutcome = 'allowed' | 'denied' | 'succeeded' | 'failed';

/** What happened, without the who and when that an AuditWriter adds. */
export interface AuditEvent {
  action: string;
  outcome?: AuditOutcome;
  subjectType?: string | null;
  subjectId?: string | null;
  areaId?: string | null;
  detail?: string | null;
  /** For a list of people: the ids of everyone it showed. */
  peopleShown?: readonly string[] | null;
}

/** Writes entries for one actor, inside the transaction of the change they describe (outcome "succeeded" unless said). */
export type AuditWriter = (tx: Queryable, event: AuditEvent) => Promise<void>;

export function auditEntry(actor: Actor, clock: Clock, event: AuditEvent): AuditEntry {
  return {
    occurredAt: clock.now(),
    actorType: actor.type,
    actorId: actor.id,
    action: event.action,
    outcome: event.outcome ?? 'succeeded',
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    areaId: event.areaId ?? null,
    route: actor.route,
    method: actor.method,
    requestId: actor.requestId,
    detail: event.detail ?? null,
    ...(event.peopleShown == null ? {} : { peopleShown: [...event.peopleShown] }),
  };
}

export function auditWriter(actor: Actor, clock: Clock): AuditWriter {
  return (tx, event) => recordAudit(tx, auditEntry(actor, clock, event), { inTransaction: true });
}

/** A command line actor: `rtc` commands act as the operator who runs them. */
export function commandActor(command: string): Actor {
  return { type: 'cli', id: null, route: command, method: null, requestId: null };
}

// One lock key for the whole chain: entries must be appended one at a time for each to name its predecessor.
const chainLockKey = 4_242_001;

async function appendWithin(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${chainLockKey})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.sequence)).limit(1);
  const previousHash = last?.hash ?? genesisHash;
  await tx.insert(auditLog).values({
    ...entry,
    peopleShown: entry.peopleShown == null ? null : [...entry.peopleShown],
    previousHash,
    hash: auditHash(previousHash, entry),
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

/**
 * The entries in which this person appeared, newest first: every read or change of their record, allowed or refused,
 * and every list of people that showed them. So a person can be told who looked at them.
 */
export async function entriesNamingPerson(db: Queryable, person: PersonRef, limit = 100) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.areaId, person.areaId),
        or(
          and(eq(auditLog.subjectType, 'person'), eq(auditLog.subjectId, person.id)),
          sql`${auditLog.peopleShown} @> ${JSON.stringify([person.id])}::jsonb`,
        ),
      ),
    )
    .orderBy(desc(auditLog.sequence))
    .limit(limit);
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
