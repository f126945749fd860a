// Changes to an area's reasons an actual budget may differ from the indicative one: add, reword, retire and bring
// back. Each is one transaction with its audit entry inside it. A reason is never deleted, so a past decision that
// gave it can always be read; a retired one only leaves the approval form.
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { budgetReasonCodes } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';

export type ReasonOutcome = { ok: true; id: string; code: string } | { ok: false; field: string; message: string };

const subjectType = 'budget_reason_code';

/** Adds a reason. A code the area already uses, retired or not, is refused: a code means one reason for ever. */
export async function addReason(db: Database, areaId: string, input: { name: string; code: string }, now: Date, writer: AuditWriter): Promise<ReasonOutcome> {
  return db.transaction(async (tx) => {
    const [added] = await tx.insert(budgetReasonCodes).values({ areaId, code: input.code, name: input.name, createdAt: now }).onConflictDoNothing().returning({ id: budgetReasonCodes.id });
    if (!added) return { ok: false as const, field: 'code', message: `The code ${input.code} is already used for another reason in this area. Type a different code` };
    await writer(tx, { action: 'budget-reason.add', subjectType, subjectId: added.id, areaId, detail: 'reason added' });
    return { ok: true as const, id: added.id, code: input.code };
  });
}

/** Rewords a reason. Past decisions keep its code, so they read the new wording. */
export async function changeReason(db: Database, reason: { id: string; areaId: string; code: string }, name: string, writer: AuditWriter): Promise<ReasonOutcome> {
  return db.transaction(async (tx) => {
    await tx.update(budgetReasonCodes).set({ name }).where(and(eq(budgetReasonCodes.areaId, reason.areaId), eq(budgetReasonCodes.id, reason.id)));
    await writer(tx, { action: 'budget-reason.change', subjectType, subjectId: reason.id, areaId: reason.areaId, detail: 'wording changed' });
    return { ok: true as const, id: reason.id, code: reason.code };
  });
}

/** Retires a reason from now, or brings it back. Repeating either changes nothing and writes no entry. */
export async function setReasonRetired(db: Database, reason: { id: string; areaId: string }, retired: boolean, now: Date, writer: AuditWriter): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(budgetReasonCodes)
      .set({ retiredAt: retired ? now : null })
      .where(and(eq(budgetReasonCodes.areaId, reason.areaId), eq(budgetReasonCodes.id, reason.id), retired ? isNull(budgetReasonCodes.retiredAt) : isNotNull(budgetReasonCodes.retiredAt)))
      .returning({ id: budgetReasonCodes.id });
    if (changed.length === 0) return false;
    await writer(tx, { action: retired ? 'budget-reason.retire' : 'budget-reason.reinstate', subjectType, subjectId: reason.id, areaId: reason.areaId, detail: retired ? 'retired' : 'reinstated' });
    return true;
  });
}
