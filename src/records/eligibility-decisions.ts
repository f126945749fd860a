// Reads of eligibility decisions for the pages and the API. Callers authorise and audit; these only read.
import { and, asc, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/database.ts';
import type { PersonRef } from './people.ts';
import { assessments, eligibilityDecisions, fundingStreams, organisations, users } from '../db/schema.ts';

/** The assessment decisions are shown from: the one completed most recently. */
export async function latestCompletedAssessment(db: Queryable, person: PersonRef) {
  const [assessment] = await db
    .select({ id: assessments.id, areaId: assessments.areaId, questionSetId: assessments.questionSetId, completedAt: assessments.completedAt })
    .from(assessments)
    .where(and(eq(assessments.areaId, person.areaId), eq(assessments.personId, person.id), eq(assessments.status, 'completed'), isNotNull(assessments.completedAt)))
    .orderBy(desc(assessments.completedAt), desc(assessments.startedAt))
    .limit(1);
  return assessment;
}

/**
 * Every stream's decision on one assessment, with the stream's name and owner (absent if the area has no stream with
 * that code) and who confirmed it, in the order of the area's stream names.
 */
export async function decisionsForAssessment(db: Queryable, assessment: { id: string; areaId: string }) {
  const previous = alias(eligibilityDecisions, 'previous_decision');
  const previousConfirmer = alias(users, 'previous_confirmer');
  const rows = await db
    .select({
      id: eligibilityDecisions.id,
      areaId: eligibilityDecisions.areaId,
      personId: eligibilityDecisions.personId,
      assessmentId: eligibilityDecisions.assessmentId,
      streamCode: eligibilityDecisions.streamCode,
      rulesId: eligibilityDecisions.rulesId,
      decision: eligibilityDecisions.decision,
      reasons: eligibilityDecisions.reasons,
      decidedAt: eligibilityDecisions.decidedAt,
      confirmedDecision: eligibilityDecisions.confirmedDecision,
      confirmationReason: eligibilityDecisions.confirmationReason,
      confirmedByUserId: eligibilityDecisions.confirmedByUserId,
      confirmedByName: users.displayName,
      confirmedAt: eligibilityDecisions.confirmedAt,
      previousDecisionId: eligibilityDecisions.previousDecisionId,
      answersChanged: eligibilityDecisions.answersChanged,
      previousConfirmedDecision: previous.confirmedDecision,
      previousConfirmationReason: previous.confirmationReason,
      previousConfirmedByName: previousConfirmer.displayName,
      previousConfirmedAt: previous.confirmedAt,
      streamName: fundingStreams.name,
      owningOrganisationId: organisations.id,
      owningOrganisationName: organisations.name,
    })
    .from(eligibilityDecisions)
    .leftJoin(fundingStreams, and(eq(fundingStreams.areaId, eligibilityDecisions.areaId), eq(fundingStreams.code, eligibilityDecisions.streamCode)))
    .leftJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .leftJoin(users, eq(users.id, eligibilityDecisions.confirmedByUserId))
    .leftJoin(previous, and(eq(previous.areaId, eligibilityDecisions.areaId), eq(previous.id, eligibilityDecisions.previousDecisionId)))
    .leftJoin(previousConfirmer, eq(previousConfirmer.id, previous.confirmedByUserId))
    .where(and(eq(eligibilityDecisions.areaId, assessment.areaId), eq(eligibilityDecisions.assessmentId, assessment.id)))
    .orderBy(asc(sql`coalesce(${fundingStreams.name}, ${eligibilityDecisions.streamCode})`), asc(eligibilityDecisions.streamCode));
  return rows.map((row) => ({ ...row, reasons: reasonsOf(row.reasons) }));
}

export type StreamDecision = Awaited<ReturnType<typeof decisionsForAssessment>>[number];

/** Reasons are stored as a JSON list of sentences; anything else shows as no reasons rather than failing the page. */
function reasonsOf(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((reason): reason is string => typeof reason === 'string') : [];
}

/** The latest completed assessment and its decisions; undefined when the person has not completed one. */
export async function currentDecisions(db: Queryable, person: PersonRef) {
  const assessment = await latestCompletedAssessment(db, person);
  if (!assessment) return undefined;
  return { assessment, decisions: await decisionsForAssessment(db, assessment) };
}

/**
 * The latest decision on each stream from the person's other assessments: what a new assessment's decisions follow.
 * Stream code → the decision row.
 */
export async function earlierDecisions(db: Queryable, person: PersonRef, exceptAssessmentId: string) {
  const rows = await db
    .select()
    .from(eligibilityDecisions)
    .where(and(eq(eligibilityDecisions.areaId, person.areaId), eq(eligibilityDecisions.personId, person.id), ne(eligibilityDecisions.assessmentId, exceptAssessmentId)))
    .orderBy(desc(eligibilityDecisions.decidedAt), desc(eligibilityDecisions.id));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.streamCode)) latest.set(row.streamCode, row);
  return latest;
}
