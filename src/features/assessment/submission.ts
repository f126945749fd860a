// Completing a self-assessment: the eligibility decision for every stream and the indicative budgets, issued together.
// Used by the submit page and tests; safe to retry, since a completed assessment is issued once.
import { and, eq, isNull } from 'drizzle-orm';
import { type Question, type QuestionSet, missingAnswers } from '../../domain/assessment/question-set.ts';
import { type DecisionBasis, sameBasis } from '../../domain/budget/decision-basis.ts';
import { type StreamAmount, type UpFrontInputs, upFrontAmounts } from '../../domain/budget/up-front.ts';
import { processEventKey } from '../../domain/process/process-events.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { assessments, eligibilityDecisions, indicativeBudgets, people } from '../../db/schema.ts';
import { assessmentInProgress, hasDecisions, latestAssessment } from '../../records/assessments.ts';
import { type AreaConfiguration, configurationById, configurationInForce } from '../../records/configuration-store.ts';
import { earlierDecisions } from '../../records/eligibility-decisions.ts';
import type { PersonRef } from '../../records/people.ts';
import { recordProcessEvent } from '../../records/process-events.ts';
import { storedAnswers } from './assessment-service.ts';

export type CompletionOutcome =
  /** Completed now: `decisions` rows and `budgets` rows were written. */
  | { outcome: 'completed'; assessmentId: string; personId: string; decisions: number; budgets: number }
  /** Completed before (a retry, or a second click): nothing was written. */
  | { outcome: 'already-completed'; assessmentId: string; personId: string }
  /** Required questions of `questionSet` (the one it was answered on) are still unanswered: nothing was written. */
  | { outcome: 'incomplete'; assessmentId: string; personId: string; missing: Question[]; questionSet: QuestionSet }
  | { outcome: 'not-found' }
  /** The area has no published question set or eligibility rules in force on the day. */
  | { outcome: 'no-configuration'; assessmentId: string; personId: string };

/** The RAS table or calculator that priced a stream, the same way `upFrontAmounts` chose it: a RAS table wins. */
function pricingConfiguration(configuration: AreaConfiguration, streamCode: string): string | undefined {
  const table = configuration.rasTables.find((candidate) => candidate.compiled.table.streamCode === streamCode);
  if (table) return table.id;
  return configuration.calculators.find((candidate) => candidate.definition.streamCode === streamCode)?.id;
}

type EarlierDecision = NonNullable<ReturnType<Awaited<ReturnType<typeof earlierDecisions>>['get']>>;

/** What a new decision keeps of the owning organisation's word on the stream's earlier one. */
interface CarriedForward {
  confirmedDecision?: string | null;
  confirmationReason?: string | null;
  confirmedByUserId?: string | null;
  confirmedAt?: Date | null;
  previousDecisionId?: string;
  answersChanged?: boolean;
}

/**
 * An organisation's decision stands while the answers it rests on, and so the rules' decision, stay the same. When
 * they change, the new decision is the rules' and is flagged to the organisation with what it decided before, and it
 * stays flagged, through later changes, until the organisation decides again.
 */
export function carriedForward(earlier: Pick<EarlierDecision, 'id' | 'decision' | 'confirmedDecision' | 'confirmationReason' | 'confirmedByUserId' | 'confirmedAt' | 'previousDecisionId' | 'answersChanged'> | undefined, earlierBasis: unknown, amount: StreamAmount): CarriedForward {
  if (!earlier) return {};
  if (earlier.confirmedDecision) {
    if (sameBasis(earlierBasis, amount.basis) && earlier.decision === amount.eligibility.decision) {
      const { confirmedDecision, confirmationReason, confirmedByUserId, confirmedAt } = earlier;
      return { confirmedDecision, confirmationReason, confirmedByUserId, confirmedAt, previousDecisionId: earlier.id, answersChanged: false };
    }
    return { previousDecisionId: earlier.id, answersChanged: true };
  }
  if (earlier.answersChanged && earlier.previousDecisionId) return { previousDecisionId: earlier.previousDecisionId, answersChanged: true };
  return {};
}

/**
 * Completes an assessment: marks it completed; decides eligibility for every stream from its answers (on the question
 * set version it was answered on) with the rules in force on `day`, keeping each owning organisation's confirmation or
 * change of its earlier decision unless the answers that decision rests on changed (`carriedForward`); supersedes the person's current indicative budget
 * for each stream and issues the new ones from the RAS tables and calculators in force on `day`, their explanation
 * lines stored exactly as worked out; records the process events. Everything it writes is dated `now`.
 *
 * Call it inside a transaction (`db.transaction((tx) => completeAssessment(tx, assessment, day, now))`): everything is written
 * or nothing is. It locks the person and the assessment, and an assessment that already has its decisions is left as
 * it is, so a retried or doubled submit writes nothing twice. An assessment marked completed without decisions (as
 * imported or generated data may be) is issued its decisions and budgets.
 */
export async function completeAssessment(tx: Queryable, target: { id: string; areaId: string }, day: string, now: Date): Promise<CompletionOutcome> {
  const assessmentId = target.id;
  const areaId = target.areaId;
  const thisAssessment = and(eq(assessments.areaId, areaId), eq(assessments.id, assessmentId));
  const [found] = await tx.select({ personId: assessments.personId }).from(assessments).where(thisAssessment);
  if (!found) return { outcome: 'not-found' };
  // The person first, then the assessment: every writer of a person's budgets takes the locks in this order.
  await tx.select({ id: people.id }).from(people).where(and(eq(people.areaId, areaId), eq(people.id, found.personId))).for('update');
  const [assessment] = await tx.select().from(assessments).where(thisAssessment).for('update');
  if (!assessment) return { outcome: 'not-found' };
  const { personId } = assessment;

  if (await hasDecisions(tx, assessment)) return { outcome: 'already-completed', assessmentId, personId };

  const questionSet = await configurationById<QuestionSet>(tx, areaId, assessment.questionSetId);
  const configuration = await configurationInForce(tx, areaId, day);
  if (!questionSet || !configuration) return { outcome: 'no-configuration', assessmentId, personId };

  const answers = storedAnswers(assessment.answers);
  const missing = missingAnswers(questionSet.definition, answers);
  if (missing.length > 0) return { outcome: 'incomplete', assessmentId, personId, missing, questionSet: questionSet.definition };

  const pricing: Omit<UpFrontInputs, 'set' | 'answers'> = {
    rules: configuration.rules.definition,
    rasTables: configuration.rasTables.map((table) => table.compiled),
    calculators: configuration.calculators.map((calculator) => calculator.definition),
  };
  const amounts: StreamAmount[] = upFrontAmounts({ set: questionSet.definition, answers, ...pricing });
  const earlier = await earlierDecisions(tx, { id: personId, areaId }, assessmentId);

  // Decisions made before the basis was stored: what they rested on is worked out again from their own assessment.
  const earlierBases = new Map<string, Map<string, DecisionBasis>>();
  async function basisOf(decision: EarlierDecision): Promise<unknown> {
    if (decision.basisAnswers !== null) return decision.basisAnswers;
    if (!earlierBases.has(decision.assessmentId)) {
      const [old] = await tx.select().from(assessments).where(and(eq(assessments.areaId, areaId), eq(assessments.id, decision.assessmentId)));
      const oldSet = old ? await configurationById<QuestionSet>(tx, areaId, old.questionSetId) : undefined;
      const bases = old && oldSet ? upFrontAmounts({ set: oldSet.definition, answers: storedAnswers(old.answers), ...pricing }).map((amount) => [amount.streamCode, amount.basis] as const) : [];
      earlierBases.set(decision.assessmentId, new Map(bases));
    }
    return earlierBases.get(decision.assessmentId)!.get(decision.streamCode) ?? null;
  }

  await tx
    .update(assessments)
    .set({ status: 'completed', completedAt: assessment.completedAt ?? now, updatedAt: now })
    .where(thisAssessment);
  await recordProcessEvent(tx, { areaId, personId, kind: 'assessment-completed', dedupeKey: processEventKey('assessment-completed', assessmentId), occurredAt: now });

  let budgets = 0;
  for (const amount of amounts) {
    const before = earlier.get(amount.streamCode);
    const kept = carriedForward(before, before ? await basisOf(before) : null, amount);
    const [decision] = await tx
      .insert(eligibilityDecisions)
      .values({
        areaId,
        personId,
        assessmentId,
        streamCode: amount.streamCode,
        rulesId: configuration.rules.id,
        decision: amount.eligibility.decision,
        reasons: amount.eligibility.reasons,
        decidedAt: now,
        basisAnswers: amount.basis,
        ...kept,
      })
      .returning({ id: eligibilityDecisions.id });
    await recordProcessEvent(tx, { areaId, personId, kind: 'eligibility-decided', streamCode: amount.streamCode, dedupeKey: processEventKey('eligibility-decided', decision!.id), occurredAt: now });

    // Whatever this assessment decides, the budget issued before for the stream is no longer the current one: a
    // person who is no longer eligible must not go on seeing the old amount as available.
    await tx
      .update(indicativeBudgets)
      .set({ supersededAt: now })
      .where(and(eq(indicativeBudgets.areaId, areaId), eq(indicativeBudgets.personId, personId), eq(indicativeBudgets.streamCode, amount.streamCode), isNull(indicativeBudgets.supersededAt)));

    const configurationId = amount.budget ? pricingConfiguration(configuration, amount.streamCode) : undefined;
    if (!amount.budget || !configurationId) continue;
    const [budget] = await tx
      .insert(indicativeBudgets)
      .values({
        areaId,
        personId,
        assessmentId,
        streamCode: amount.streamCode,
        configurationId,
        weeklyPence: amount.budget.weeklyPence,
        yearlyPence: amount.budget.yearlyPence,
        oneOffPence: amount.budget.oneOffPence,
        lines: amount.budget.lines,
        issuedAt: now,
      })
      .returning({ id: indicativeBudgets.id });
    budgets += 1;
    await recordProcessEvent(tx, { areaId, personId, kind: 'indicative-budget-issued', streamCode: amount.streamCode, dedupeKey: processEventKey('indicative-budget-issued', budget!.id), occurredAt: now });
  }
  return { outcome: 'completed', assessmentId, personId, decisions: amounts.length, budgets };
}

/**
 * The submit button: completes, in one transaction, the assessment the person is answering or, for a retried
 * submit, the one the first submit completed. Nothing to submit when they have never started one.
 */
export async function submitAssessment(db: Database, person: PersonRef, day: string, now: Date): Promise<CompletionOutcome | { outcome: 'nothing-to-submit' }> {
  const target = (await assessmentInProgress(db, person)) ?? (await latestAssessment(db, person));
  if (!target) return { outcome: 'nothing-to-submit' };
  return db.transaction((tx) => completeAssessment(tx, target, day, now));
}
