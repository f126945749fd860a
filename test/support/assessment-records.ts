// For tests only: writes a completed self-assessment with its eligibility decisions and indicative budgets straight
// into the database, worked out by the real rules in force, so eligibility and API tests do not need the journey.
import { and, eq, isNull } from 'drizzle-orm';
import { londonDay } from '../../src/domain/age-bands.ts';
import type { AnswerValue } from '../../src/domain/assessment/question-set.ts';
import { upFrontAmounts } from '../../src/domain/budget/up-front.ts';
import type { Database } from '../../src/db/database.ts';
import { assessments, eligibilityDecisions, indicativeBudgets, people } from '../../src/db/schema.ts';
import { configurationInForce } from '../../src/records/configuration-store.ts';

/**
 * Complete answers to the illustrative question set: eligible for Adult Social Care (two outcomes, significant
 * impact) and Access to Work (in work, needs a support worker); not eligible for the other four.
 */
export const sampleAnswers: Record<string, AnswerValue> = {
  impairment: true,
  'impairment-kind': ['physical'],
  fluctuating: false,
  'outcome-nutrition': 'needs-help',
  'outcome-hygiene': 'pain-distress-anxiety',
  'outcome-toilet': 'without-difficulty',
  'outcome-clothing': 'without-difficulty',
  'outcome-home-safety': 'without-difficulty',
  'outcome-habitable-home': 'without-difficulty',
  'outcome-relationships': 'without-difficulty',
  'outcome-work-learning': 'without-difficulty',
  'outcome-community': 'without-difficulty',
  'outcome-caring': 'not-applicable',
  'wellbeing-impact': 'significant',
  isolation: 'sometimes',
  'unpaid-support': false,
  'work-status': 'in-work',
  'work-support-needed': true,
  'work-support-worker-hours': 5,
  'work-equipment-cost': 0,
  'work-travel-cost': 0,
  'employer-size': 'under-50',
  'home-adaptations-needed': false,
  'housing-support-hours': 0,
  'ilf-award': false,
};

export interface RecordedAssessment {
  assessmentId: string;
  questionSetId: string;
  decisions: (typeof eligibilityDecisions.$inferSelect)[];
  budgets: (typeof indicativeBudgets.$inferSelect)[];
}

/**
 * A completed assessment for the person on the question set in force today, a decision for every stream, and a
 * budget for each eligible stream; earlier current budgets for the same streams are superseded, as on re-assessment.
 */
export async function recordCompletedAssessment(db: Database, personId: string, answers: Record<string, AnswerValue> = sampleAnswers, completedAt = new Date()): Promise<RecordedAssessment> {
  return db.transaction(async (tx) => {
    const [person] = await tx.select({ areaId: people.areaId }).from(people).where(eq(people.id, personId));
    if (!person) throw new Error('No such person');
    const configuration = await configurationInForce(tx, person.areaId, londonDay(completedAt));
    if (!configuration) throw new Error('The area has no configuration in force');
    const [assessment] = await tx
      .insert(assessments)
      .values({ areaId: person.areaId, personId, questionSetId: configuration.questionSet.id, status: 'completed', answers, startedAt: completedAt, updatedAt: completedAt, completedAt })
      .returning({ id: assessments.id });
    const amounts = upFrontAmounts({
      set: configuration.questionSet.definition,
      answers,
      rules: configuration.rules.definition,
      rasTables: configuration.rasTables.map((table) => table.compiled),
      calculators: configuration.calculators.map((calculator) => calculator.definition),
    });
    const decisions = await tx
      .insert(eligibilityDecisions)
      .values(
        amounts.map((amount) => ({
          areaId: person.areaId,
          personId,
          assessmentId: assessment!.id,
          streamCode: amount.streamCode,
          rulesId: configuration.rules.id,
          decision: amount.eligibility.decision,
          reasons: amount.eligibility.reasons,
          decidedAt: completedAt,
        })),
      )
      .returning();
    const budgets = [];
    for (const amount of amounts) {
      if (!amount.budget) continue;
      const used = [...configuration.rasTables, ...configuration.calculators].find((version) => version.definition.streamCode === amount.streamCode)!;
      await tx
        .update(indicativeBudgets)
        .set({ supersededAt: completedAt })
        .where(and(eq(indicativeBudgets.personId, personId), eq(indicativeBudgets.streamCode, amount.streamCode), isNull(indicativeBudgets.supersededAt)));
      const [budget] = await tx
        .insert(indicativeBudgets)
        .values({
          areaId: person.areaId,
          personId,
          assessmentId: assessment!.id,
          streamCode: amount.streamCode,
          configurationId: used.id,
          weeklyPence: amount.budget.weeklyPence,
          yearlyPence: amount.budget.yearlyPence,
          oneOffPence: amount.budget.oneOffPence,
          lines: amount.budget.lines,
          issuedAt: completedAt,
        })
        .returning();
      budgets.push(budget!);
    }
    return { assessmentId: assessment!.id, questionSetId: configuration.questionSet.id, decisions, budgets };
  });
}
