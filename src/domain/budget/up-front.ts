// The up-front picture for one person: for every funding stream, the eligibility decision with its reasons and, where
// eligible, the indicative amount with its explanation. The page that tells a person what money is available reads this.
import { type EligibilityResult, type EligibilityRuleSet, decideAllEligibility } from '../assessment/eligibility.ts';
import { type Answers, type QuestionSet, visibleAnswers } from '../assessment/question-set.ts';
import { type Calculator, calculate } from './calculators.ts';
import type { IndicativeBudget } from './explanation.ts';
import { type CompiledRasTable, indicativeBudget } from './ras.ts';

export interface StreamAmount {
  streamCode: string;
  eligibility: EligibilityResult;
  /** Present only when eligible and the stream has a RAS table or a calculator. */
  budget?: IndicativeBudget;
}

export interface UpFrontInputs {
  set: QuestionSet;
  answers: Answers;
  rules: EligibilityRuleSet;
  /** Compiled RAS tables in force, at most one per stream. */
  rasTables: readonly CompiledRasTable[];
  /** Calculators in force, at most one per stream. */
  calculators: readonly Calculator[];
}

/** Every stream with a rule, in the rules' order. A RAS table wins over a calculator for the same stream. */
export function upFrontAmounts(inputs: UpFrontInputs): StreamAmount[] {
  const counted = visibleAnswers(inputs.set, inputs.answers);
  return decideAllEligibility(inputs.rules, inputs.set, inputs.answers).map((eligibility) => {
    if (eligibility.decision !== 'eligible') return { streamCode: eligibility.streamCode, eligibility };
    const ras = inputs.rasTables.find((table) => table.table.streamCode === eligibility.streamCode);
    if (ras) return { streamCode: eligibility.streamCode, eligibility, budget: indicativeBudget(ras, counted) };
    const calculator = inputs.calculators.find((c) => c.streamCode === eligibility.streamCode);
    return calculator ? { streamCode: eligibility.streamCode, eligibility, budget: calculate(calculator, counted) } : { streamCode: eligibility.streamCode, eligibility };
  });
}
