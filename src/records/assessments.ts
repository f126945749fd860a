// Reads of a person's self-assessments for the journey and the budget page. Callers authorise and audit; these only read.
import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/database.ts';
import type { PersonRef } from './people.ts';
import { assessments, eligibilityDecisions } from '../db/schema.ts';

export type AssessmentRow = typeof assessments.$inferSelect;

/** The person's most recent assessment, whatever its status: it says whether they are part-way through or finished. */
export async function latestAssessment(db: Queryable, person: PersonRef): Promise<AssessmentRow | undefined> {
  const [row] = await db.select().from(assessments).where(and(eq(assessments.areaId, person.areaId), eq(assessments.personId, person.id))).orderBy(desc(assessments.startedAt), desc(assessments.id)).limit(1);
  return row;
}

/** The assessment the person is answering now, if any. */
export async function assessmentInProgress(db: Queryable, person: PersonRef): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.areaId, person.areaId), eq(assessments.personId, person.id), eq(assessments.status, 'in progress')))
    .orderBy(desc(assessments.startedAt), desc(assessments.id))
    .limit(1);
  return row;
}

/** The most recent finished assessment: the one the current budget comes from. */
export async function latestCompletedAssessment(db: Queryable, person: PersonRef): Promise<AssessmentRow | undefined> {
  const [row] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.areaId, person.areaId), eq(assessments.personId, person.id), eq(assessments.status, 'completed')))
    .orderBy(desc(assessments.completedAt), desc(assessments.startedAt), desc(assessments.id))
    .limit(1);
  return row;
}

/** Whether eligibility has been decided from an assessment (so its budgets were issued). */
export async function hasDecisions(db: Queryable, assessment: { id: string; areaId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: eligibilityDecisions.id })
    .from(eligibilityDecisions)
    .where(and(eq(eligibilityDecisions.areaId, assessment.areaId), eq(eligibilityDecisions.assessmentId, assessment.id)))
    .limit(1);
  return row !== undefined;
}
