// The audit log as the person it is about sees it: every visit to their record (a read, a change or a refused
// attempt) and every list of people they were shown in, a page of visits at a time, newest first.
import { and, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';
import type { PersonRef } from './people.ts';

export type HistoryEntry = typeof auditLog.$inferSelect;

/** One request that named the person: its entries, oldest first (an authorisation, then the change it allowed). */
export interface Visit {
  entries: HistoryEntry[];
}

export interface HistoryPage {
  /** How many visits there are in all, for "Showing 26 to 50 of 60". */
  total: number;
  visits: Visit[];
}

/** Entries about the person, or lists that showed them: the area first, so the query stays in one area's rows. */
function namingPerson(person: PersonRef): SQL {
  return and(
    eq(auditLog.areaId, person.areaId),
    or(and(eq(auditLog.subjectType, 'person'), eq(auditLog.subjectId, person.id)), sql`${auditLog.peopleShown} @> ${JSON.stringify([person.id])}::jsonb`),
  )!;
}

// A request writes one entry when it is authorised and another for the change it makes: both are one visit. Entries
// made outside a request (a command) have no request id and are a visit each.
const visitKey = sql<string>`coalesce(${auditLog.requestId}, ${auditLog.sequence}::text)`;

/**
 * A page of the person's visits, newest first, and how many there are. Three reads: the count, the page's visits,
 * and their entries.
 */
export async function recordHistory(db: Queryable, person: PersonRef, page: { limit: number; offset: number }): Promise<HistoryPage> {
  const where = namingPerson(person);
  const [counted] = await db
    .select({ total: sql<number>`count(distinct ${visitKey})`.mapWith(Number) })
    .from(auditLog)
    .where(where);
  const total = counted?.total ?? 0;
  if (total === 0 || page.offset >= total) return { total, visits: [] };
  const keys = await db
    .select({ key: visitKey.as('visit') })
    .from(auditLog)
    .where(where)
    .groupBy(visitKey)
    .orderBy(desc(sql`max(${auditLog.occurredAt})`), desc(sql`max(${auditLog.sequence})`))
    .limit(page.limit)
    .offset(page.offset);
  if (keys.length === 0) return { total, visits: [] };
  const entries = await db
    .select()
    .from(auditLog)
    .where(and(where, inArray(visitKey, keys.map((row) => row.key))))
    .orderBy(auditLog.sequence);
  const byKey = new Map<string, HistoryEntry[]>(keys.map((row) => [row.key, []]));
  for (const entry of entries) byKey.get(entry.requestId ?? String(entry.sequence))?.push(entry);
  return { total, visits: keys.map((row) => ({ entries: byKey.get(row.key)! })) };
}
