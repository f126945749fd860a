// Starting a self-assessment (or a fresh one from the last answers) and saving answers section by section. Each write
// is one transaction that locks the person's row, so a double click or a retry cannot start two assessments.
import { and, eq } from 'drizzle-orm';
import { type AnswerValue, type QuestionSet, answerFits, questionsById } from '../../domain/assessment/question-set.ts';
import { londonDay } from '../../domain/age-bands.ts';
import { processEventKey } from '../../domain/process/process-events.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { assessments, people } from '../../db/schema.ts';
import { configurationById, configurationInForce } from '../../records/configuration-store.ts';
import { recordProcessEvent } from '../../records/process-events.ts';
import { assessmentInProgress, latestAssessment } from '../../records/assessments.ts';
import type { PersonRef } from '../../records/people.ts';

export type StoredAnswers = Record<string, AnswerValue>;

/** Stored answers are JSON from the database: keep only plain values a question could hold, never a prototype key. */
export function storedAnswers(value: unknown): StoredAnswers {
  const answers: StoredAnswers = Object.create(null) as StoredAnswers;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return answers;
  for (const [key, answer] of Object.entries(value as Record<string, unknown>)) {
    if (typeof answer === 'boolean' || typeof answer === 'number' || typeof answer === 'string') answers[key] = answer;
    else if (Array.isArray(answer) && answer.every((item) => typeof item === 'string')) answers[key] = answer as string[];
  }
  return answers;
}

/**
 * The answers worth carrying into a new assessment on `set`: those whose question still exists and still accepts the
 * answer (an option that was removed, say, would otherwise show as a choice nobody can see).
 */
export function carriedAnswers(set: QuestionSet, previous: StoredAnswers): StoredAnswers {
  const questions = questionsById(set);
  const carried: StoredAnswers = {};
  for (const [id, value] of Object.entries(previous)) {
    const question = questions.get(id);
    if (question && answerFits(question, value)) carried[id] = value;
  }
  return carried;
}

async function lockPerson(tx: Queryable, person: PersonRef) {
  const [locked] = await tx
    .select({ id: people.id, areaId: people.areaId })
    .from(people)
    .where(and(eq(people.areaId, person.areaId), eq(people.id, person.id)))
    .for('update');
  return locked;
}

export type StartOutcome = { ok: true; assessmentId: string; created: boolean } | { ok: false; reason: 'no-person' | 'no-question-set' };

/**
 * Starts the person's self-assessment at `now`, on the question set in force that day, or returns the one already in
 * progress. After a completed one, the new assessment starts from its answers, so the person only changes what has
 * changed and the completed one stays as history.
 */
export async function startAssessment(db: Database, personRef: PersonRef, now: Date, userId: string | null): Promise<StartOutcome> {
  const day = londonDay(now);
  const personId = personRef.id;
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, personRef);
    if (!person) return { ok: false, reason: 'no-person' } as const;
    const current = await assessmentInProgress(tx, person);
    if (current) return { ok: true, assessmentId: current.id, created: false } as const;
    const configuration = await configurationInForce(tx, person.areaId, day);
    if (!configuration) return { ok: false, reason: 'no-question-set' } as const;
    const previous = await latestAssessment(tx, person);
    const answers = previous ? carriedAnswers(configuration.questionSet.definition, storedAnswers(previous.answers)) : {};
    const [created] = await tx
      .insert(assessments)
      .values({ areaId: person.areaId, personId, questionSetId: configuration.questionSet.id, answers, startedByUserId: userId, startedAt: now, updatedAt: now })
      .returning({ id: assessments.id });
    const assessmentId = created!.id;
    await recordProcessEvent(tx, { areaId: person.areaId, personId, kind: 'assessment-started', dedupeKey: processEventKey('assessment-started', assessmentId), occurredAt: now });
    return { ok: true, assessmentId, created: true } as const;
  });
}

/**
 * Saves answers into the assessment in progress: given ids are set, `cleared` ids removed (a blank optional answer).
 * Answers to other questions are kept. Refuses (false) if the assessment is no longer in progress, so a page left
 * open after submitting cannot change a completed assessment.
 */
export async function saveAnswers(db: Database, assessment: { id: string; areaId: string }, changes: StoredAnswers, cleared: readonly string[], now: Date): Promise<boolean> {
  const thisAssessment = and(eq(assessments.areaId, assessment.areaId), eq(assessments.id, assessment.id));
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(assessments).where(thisAssessment).for('update');
    if (!row || row.status !== 'in progress') return false;
    const answers = storedAnswers(row.answers);
    for (const id of cleared) delete answers[id];
    Object.assign(answers, changes);
    await tx.update(assessments).set({ answers: { ...answers }, updatedAt: now }).where(thisAssessment);
    return true;
  });
}

/** The question set an assessment was answered on: `assessment` is the assessment's area and question set. */
export async function questionSetOf(db: Queryable, assessment: { areaId: string; questionSetId: string }) {
  return configurationById<QuestionSet>(db, assessment.areaId, assessment.questionSetId);
}
