// Writes audit entries (who read or changed which record, when, through which route) and verifies the chain.
import { and, asc, desc, eq, gt, or, sql } from 'drizzle-orm';
import { type AuditFields, auditHash, genesisHash } from '../domain/audit-chain.ts';
import { AuditLogCheck, type AuditReport, type Checkpoint, developmentCheckpointKey } from '../domain/audit-checkpoints.ts';
import type { Database, Queryable } from '../db/database.ts';
import { auditCheckpoints, auditLog } from '../db/schema.ts';
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

// One lock key for the whole chain: entries must be appended one at a time for each to name its predecessor, and
// numbered last + 1 so that the sequence has no gaps. Checkpoints take it too, to sign an entry that is the newest.
const chainLockKey = 4_242_001;

/** Takes the chain lock until the transaction ends. Take it as late as possible: every append waits for it. */
export async function lockChain(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${chainLockKey})`);
}

export interface ChainEnd {
  sequence: number;
  hash: string;
}

/** The newest entry's sequence and hash (0 and the genesis hash for an empty log); read under the chain lock. */
export async function chainEnd(tx: Queryable): Promise<ChainEnd> {
  const [last] = await tx.select({ sequence: auditLog.sequence, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.sequence)).limit(1);
  return last ?? { sequence: 0, hash: genesisHash };
}

/** The rows that continue the chain from `start` with `entries`, in order, and the chain's end after them. */
function chainRows(start: ChainEnd, entries: readonly AuditEntry[]) {
  let { sequence, hash } = start;
  const rows = entries.map((entry) => {
    const previousHash = hash;
    sequence += 1;
    hash = auditHash(previousHash, entry);
    return { ...entry, peopleShown: entry.peopleShown == null ? null : [...entry.peopleShown], sequence, previousHash, hash };
  });
  return { rows, end: { sequence, hash } };
}

/** Appends entries in order within the caller's transaction: lock, read the chain's end once, one insert for them all. */
async function appendWithin(tx: Queryable, entries: readonly AuditEntry[]): Promise<ChainEnd> {
  await lockChain(tx);
  const { rows, end } = chainRows(await chainEnd(tx), entries);
  if (rows.length > 0) await tx.insert(auditLog).values(rows);
  return end;
}

/**
 * Appends rows that continue the chain from an end read earlier, in one statement that is its own transaction: it
 * takes the chain lock before its first row goes in (so a change holding the lock, which reads the end after taking
 * it, never races it) and the sequence's primary key refuses the rows if anyone appended after that end. The values
 * are cast, as a select's values are not typed by the columns they go into.
 */
async function insertFollowing(db: Queryable, rows: ReturnType<typeof chainRows>['rows']): Promise<void> {
  const values = rows.map(
    (row) =>
      sql`(${row.sequence}::bigint, ${row.occurredAt.toISOString()}::timestamptz, ${row.actorType}::text, ${row.actorId}::text, ${row.action}::text, ${row.outcome}::text, ${row.subjectType}::text, ${row.subjectId}::text, ${row.areaId}::uuid, ${row.route}::text, ${row.method}::text, ${row.requestId}::text, ${row.detail}::text, ${row.peopleShown === null ? null : JSON.stringify(row.peopleShown)}::jsonb, ${row.previousHash}::text, ${row.hash}::text)`,
  );
  await db.execute(sql`
    with chain_lock as (select pg_advisory_xact_lock(${chainLockKey}))
    insert into audit_log (sequence, occurred_at, actor_type, actor_id, action, outcome, subject_type, subject_id, area_id, route, method, request_id, detail, people_shown, previous_hash, hash)
    select following.* from (values ${sql.join(values, sql`, `)}) as following cross join chain_lock`);
}

/** Whether a database error is a unique key refused (23505), from either driver, wrapped by the ORM or not. */
function isUniqueViolation(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 4; depth += 1) {
    if ((cause as { code?: unknown }).code === '23505') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** What the queue does after each batch has committed (the checkpoints' hook): the end given is that batch's last entry. */
export interface AfterAppend {
  afterAppend(tx: Queryable, end: ChainEnd): Promise<void>;
  /** Stops anything it runs on a timer. */
  stop?(): void;
}

interface Waiting {
  entry: AuditEntry;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for entries written outside a change (reads, refusals, lists): entries are queued, and written
 * together, one statement per batch (`appendBatch`). While a batch is being
 * written the next one gathers, so under load each transaction carries many entries and when idle an entry waits
 * only for the next turn of the event loop. Each `append` resolves only once its entry is committed, and rejects if
 * its batch failed, so a page is never shown before its read is on record (ADR 13).
 */
export class AuditQueue {
  private waiting: Waiting[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  /** The chain's end as this queue last wrote or read it; another writer may have moved it on since. */
  private end: ChainEnd | undefined;

  constructor(
    readonly db: Database,
    private readonly options: { maxBatch?: number; after?: AfterAppend } = {},
  ) {}

  append(entry: AuditEntry): Promise<void> {
    // Once closed (the app is stopping), an entry is written on its own rather than refused or left waiting.
    if (this.closed) return recordAudit(this.db, entry);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // The rest of this turn's entries join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.writing = this.writeAll().finally(() => {
        this.writing = undefined;
        if (this.waiting.length > 0) this.schedule();
      });
    });
  }

  private async writeAll(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch ?? 500);
      let end: ChainEnd;
      try {
        end = await this.appendBatch(batch.map((waiting) => waiting.entry));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
        continue;
      }
      for (const waiting of batch) waiting.resolve();
      try {
        await this.options.after?.afterAppend(this.db, end);
      } catch {
        // The entries are committed; a checkpoint missed now is signed by the next batch or the timer.
      }
    }
  }

  /**
   * Usually one statement: the rows continue the end this queue last saw, under the chain lock, refused by the
   * sequence's key if another writer (a change, or another process) appended since. Then the end is read again and
   * the batch tried again; after a few refusals, in a transaction that takes the lock before reading the end.
   */
  private async appendBatch(entries: readonly AuditEntry[]): Promise<ChainEnd> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { rows, end } = chainRows(this.end ?? (await chainEnd(this.db)), entries);
      try {
        await insertFollowing(this.db, rows);
        this.end = end;
        return end;
      } catch (error) {
        this.end = undefined;
        if (!isUniqueViolation(error)) throw error;
      }
    }
    const end = await this.db.transaction((tx) => appendWithin(tx, entries));
    this.end = end;
    return end;
  }

  /** Resolves once every entry queued so far is written (or its batch failed). */
  async flush(): Promise<void> {
    while (this.waiting.length > 0 || this.writing || this.scheduled) {
      if (this.writing) await this.writing;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Writes what is queued and stops the timers; later entries are written one at a time. */
  async close(): Promise<void> {
    this.closed = true;
    this.options.after?.stop?.();
    await this.flush();
  }
}

/**
 * Appends an entry. Given a transaction (`inTransaction`), the entry commits or rolls back with the change it
 * describes. Otherwise it is written through `queue` when the queue writes to this same database (group commit),
 * or in a transaction of its own. A transaction never waits for the queue: the queue would wait for it.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry, options: { inTransaction?: boolean; queue?: AuditQueue } = {}): Promise<void> {
  if (options.inTransaction) {
    await appendWithin(db, [entry]);
    return;
  }
  if (options.queue && options.queue.db === db) return options.queue.append(entry);
  await (db as Database).transaction((tx) => appendWithin(tx, [entry]));
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

export interface VerifyOptions {
  /** The checkpoint key; the development key unless given (the command passes the configured one). */
  key?: Uint8Array;
  /** Checkpoints exported earlier (`rtc audit checkpoints export`), to compare with the database's. */
  exported?: readonly Checkpoint[];
  pageSize?: number;
}

/**
 * Checks the whole log: each entry's hash and link, gaps in the sequence, and every checkpoint's signature and hash
 * (ADR 13). Walks the log in pages, so memory stays flat however long the log grows.
 */
export async function verifyAuditLog(db: Database, options: number | VerifyOptions = {}): Promise<AuditReport> {
  const { key = developmentCheckpointKey, exported = [], pageSize = 5000 } = typeof options === 'number' ? { pageSize: options } : options;
  const stored = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.sequence));
  const check = new AuditLogCheck(key, stored, exported);
  let after = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.sequence, after)).orderBy(asc(auditLog.sequence)).limit(pageSize);
    if (page.length === 0) return check.finish();
    check.add(page);
    after = page[page.length - 1]!.sequence;
  }
}
