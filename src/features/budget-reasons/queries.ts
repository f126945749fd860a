// Reads an area's reasons an actual budget may differ from the indicative one, retired ones too: what the area
// administrator keeps. The approval form reads only the reasons in use, through records/support-plans.ts.
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { budgetReasonCodes } from '../../db/schema.ts';

export interface BudgetReason {
  id: string;
  code: string;
  name: string;
  retiredAt: Date | null;
  createdAt: Date;
}

const columns = { id: budgetReasonCodes.id, code: budgetReasonCodes.code, name: budgetReasonCodes.name, retiredAt: budgetReasonCodes.retiredAt, createdAt: budgetReasonCodes.createdAt };

/** Every reason the area has had, in the order they were added. */
export function allReasons(db: Queryable, areaId: string): Promise<BudgetReason[]> {
  return db.select(columns).from(budgetReasonCodes).where(eq(budgetReasonCodes.areaId, areaId)).orderBy(asc(budgetReasonCodes.createdAt), asc(budgetReasonCodes.code));
}

/** One of the area's reasons by its code, retired or not. */
export async function findReason(db: Queryable, areaId: string, code: string): Promise<BudgetReason | undefined> {
  const [row] = await db.select(columns).from(budgetReasonCodes).where(and(eq(budgetReasonCodes.areaId, areaId), eq(budgetReasonCodes.code, code)));
  return row;
}
