// Reads for the assessment API endpoint. Callers authorise and audit; these only read.
import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations, assessments } from '../../db/schema.ts';
import type { PersonRef } from '../../records/people.ts';

/** The person's most recently started assessment, whatever its status, with the question set version it uses. */
export async function latestAssessmentWithQuestionSet(db: Queryable, person: PersonRef) {
  const [row] = await db
    .select({
      assessment: assessments,
      questionSet: { id: areaConfigurations.id, version: areaConfigurations.version, effectiveFrom: areaConfigurations.effectiveFrom, illustrative: areaConfigurations.illustrative },
    })
    .from(assessments)
    .innerJoin(areaConfigurations, and(eq(areaConfigurations.areaId, assessments.areaId), eq(areaConfigurations.id, assessments.questionSetId)))
    .where(and(eq(assessments.areaId, person.areaId), eq(assessments.personId, person.id)))
    .orderBy(desc(assessments.startedAt), desc(assessments.updatedAt))
    .limit(1);
  return row;
}
