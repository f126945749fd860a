// GET /api/v1/people/:personId/assessment: a person's latest self-assessment and its answers, for a machine client
// with the same access to the record as a member of staff in its role.
import { z } from 'zod';
import { apiRoute, apiSchemaRegistry, type ApiScope, calendarDate, personIdParams, recordId } from '../../platform/api.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { loadPerson } from '../../platform/person-access.ts';
import type { Services } from '../../services.ts';
import { latestAssessmentWithQuestionSet } from './api-queries.ts';

type StoredAnswer = boolean | number | string | string[];

const answerValue = z.union([z.boolean(), z.number(), z.string(), z.array(z.string())]);

export const assessmentSchema = z
  .object({
    id: recordId(),
    personId: recordId(),
    status: z.enum(['in progress', 'completed']),
    questionSet: z
      .object({ id: recordId(), version: z.int(), effectiveFrom: calendarDate(), illustrative: z.boolean() })
      .describe('The question set version the person answered on; fetch its questions from /configuration/{configurationId}'),
    answers: z.record(z.string(), answerValue).describe('The answers as given, keyed by question id: true or false, a number, an option value, or a list of option values'),
    startedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .register(apiSchemaRegistry, { id: 'Assessment', description: "The person's latest self-assessment, completed or not" });

/** Stored answers are JSON written by the assessment; keep only the shapes an answer can take. */
function answersOf(stored: unknown): Record<string, StoredAnswer> {
  const answers: Record<string, StoredAnswer> = {};
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return answers;
  for (const [question, value] of Object.entries(stored)) {
    if (typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) answers[question] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) answers[question] = value;
  }
  return answers;
}

export function assessmentApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.assessment.pattern,
    apiRoute({
      operationId: 'getLatestAssessment',
      tags: ['Assessments'],
      summary: "A person's latest self-assessment",
      description: 'The most recently started self-assessment, completed or still in progress: its status, the question set version it is answered on, and the answers keyed by question id. Needs the same access as the person’s record. Audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The latest self-assessment', assessmentSchema],
      notFound: 'There is no person with this id, or they have not started a self-assessment',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request);
      const latest = await latestAssessmentWithQuestionSet(db, person);
      if (!latest) throw new NotFoundError('This person has not started a self-assessment');
      const { assessment, questionSet } = latest;
      return {
        id: assessment.id,
        personId: assessment.personId,
        status: assessment.status === 'completed' ? ('completed' as const) : ('in progress' as const),
        questionSet,
        answers: answersOf(assessment.answers),
        startedAt: assessment.startedAt.toISOString(),
        updatedAt: assessment.updatedAt.toISOString(),
        completedAt: assessment.completedAt?.toISOString() ?? null,
      };
    },
  );
}
