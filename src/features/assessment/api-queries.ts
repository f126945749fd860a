// Reads for the assessment API endpoint. Callers authorise and audit; these only read.
import { desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations, assessments } from '../../db/schema.ts';

/** The person's most recently started assessment, whatever its status, with the question set version it uses. */
export async function latestAssessmentWithQuestionSet(db: Queryable, personId: string) {
  const [row] = await db
    .select({
      assessment: assessments,
      questionSet: { id: areaConfigurations.id, version: areaConfigurations.version, effectiveFrom: areaConfigurations.effectiveFrom, illustrative: areaConfigurations.illustrative },
    })
    .from(assessments)
    .innerJoin(areaConfigurations, eq(areaConfigurations.id, assessments.questionSetId))
    .where(eq(assessments.personId, personId))
    .orderBy(desc(assessments.startedAt), desc(assessments.updatedAt))
    .limit(1);
  return row;
}
