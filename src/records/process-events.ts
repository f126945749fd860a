// Records when each step of a person's journey happened, for the process measures, and reads their timeline back.
// Any feature records its steps here, inside the transaction that makes the step happen.
import { and, asc, eq } from 'drizzle-orm';
import type { ProcessEventKind } from '../domain/process/process-events.ts';
import type { Queryable } from '../db/database.ts';
import type { PersonRef } from './people.ts';
import { fundingStreams, processEvents } from '../db/schema.ts';

export interface ProcessEventInput {
  areaId: string;
  personId: string;
  kind: ProcessEventKind;
  /** For the kinds about one funding stream (eligibility decided or confirmed, indicative budget issued). */
  streamCode?: string | null;
  /** Names the step once, e.g. `processEventKey('eligibility-confirmed', decisionId)`: a retry records nothing new. */
  dedupeKey: string;
  /** When it happened, from the clock of whoever makes it happen. */
  occurredAt: Date;
}

/**
 * Records a step once. Safe to retry: if an event with the same dedupe key exists, nothing changes and the first
 * time stands. Answers true when this call recorded it. Pass the transaction that makes the step happen, so the
 * event commits or rolls back with it.
 */
export async function recordProcessEvent(tx: Queryable, event: ProcessEventInput): Promise<boolean> {
  const inserted = await tx
    .insert(processEvents)
    .values({
      areaId: event.areaId,
      personId: event.personId,
      kind: event.kind,
      streamCode: event.streamCode ?? null,
      dedupeKey: event.dedupeKey,
      occurredAt: event.occurredAt,
    })
    .onConflictDoNothing({ target: [processEvents.areaId, processEvents.dedupeKey] })
    .returning({ id: processEvents.id });
  return inserted.length > 0;
}

/** A person's events, earliest first, with the stream's current name where the event is about one. */
export async function personProcessEvents(db: Queryable, person: PersonRef) {
  return db
    .select({ id: processEvents.id, kind: processEvents.kind, streamCode: processEvents.streamCode, streamName: fundingStreams.name, occurredAt: processEvents.occurredAt })
    .from(processEvents)
    .leftJoin(fundingStreams, and(eq(fundingStreams.areaId, processEvents.areaId), eq(fundingStreams.code, processEvents.streamCode)))
    .where(and(eq(processEvents.areaId, person.areaId), eq(processEvents.personId, person.id)))
    .orderBy(asc(processEvents.occurredAt), asc(processEvents.id));
}
