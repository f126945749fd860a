// Saves an owning organisation's confirmation or change of an eligibility decision: the decision, the reason, who
// and when, its audit entry and its process event, all in one transaction and safe to send twice.
import { and, eq } from 'drizzle-orm';
import { processEventKey } from '../../domain/process/process-events.ts';
import type { Database } from '../../db/database.ts';
import { eligibilityDecisions } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';
import { recordProcessEvent } from '../../records/process-events.ts';
import type { ConfirmedDecision } from './confirmation.ts';

export interface Confirmation {
  decision: ConfirmedDecision;
  overridden: boolean;
  reason: string | undefined;
}

/**
 * Answers false when nothing changed because this very confirmation was saved already (a retry, or a second click):
 * the first confirmation's time stands. A different confirmation replaces the earlier one; both are in the audit log.
 */
export async function confirmEligibility(
  db: Database,
  input: { decision: { id: string; areaId: string }; confirmation: Confirmation; userId: string; now: Date },
  audit: AuditWriter,
): Promise<boolean> {
  const { confirmation, userId, now } = input;
  const thisDecision = and(eq(eligibilityDecisions.areaId, input.decision.areaId), eq(eligibilityDecisions.id, input.decision.id));
  return db.transaction(async (tx) => {
    // Locked so two submissions at once cannot both see "not yet confirmed" and both record a change.
    const [row] = await tx.select().from(eligibilityDecisions).where(thisDecision).for('update');
    if (!row) throw new Error('Eligibility decision has disappeared');
    const reason = confirmation.reason ?? null;
    if (row.confirmedDecision === confirmation.decision && row.confirmationReason === reason) return false;
    await tx
      .update(eligibilityDecisions)
      .set({ confirmedDecision: confirmation.decision, confirmationReason: reason, confirmedByUserId: userId, confirmedAt: now })
      .where(thisDecision);
    await audit(tx, {
      action: 'eligibility.confirm',
      subjectType: 'person',
      subjectId: row.personId,
      areaId: row.areaId,
      // The stream and the outcome only: the reason is free text and may name people or conditions.
      detail: `${row.streamCode}: ${confirmation.overridden ? `changed from ${row.decision} to ${confirmation.decision}` : `confirmed ${confirmation.decision}`}`,
    });
    await recordProcessEvent(tx, {
      areaId: row.areaId,
      personId: row.personId,
      kind: 'eligibility-confirmed',
      streamCode: row.streamCode,
      dedupeKey: processEventKey('eligibility-confirmed', row.id),
      occurredAt: now,
    });
    return true;
  });
}
