// The up-front picture for one person: for every funding stream, the eligibility decision with its reasons and, where
// eligible, the indicative amount with its explanation. The page that tells a person what money is available reads this.
import { type EligibilityResult, type EligibilityRuleSet, decideAllEligibility } from '../assessment/eligibility.ts';
import { type Answers, type QuestionSet, visibleAnswers } from '../assessment/question-set.ts';
import { type Calculator, calculate } from './calculators.ts';
import { type DecisionBasis, decisionBasis } from './decision-basis.ts';
import type { IndicativeBudget } from './explanation.ts';
import { type CompiledRasTable, indicativeBudget } from './ras.ts';

export interface StreamAmount {
  streamCode: string;
  eligibility: EligibilityResult;
  /** The answers the decision and the amount rest on: while these stay the same, so do they. */
  basis: DecisionBasis;
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
  return decideAllEligibility(inputs.rules, inputs.set, inputs.answers).map((eligibility, index) => {
    const streamCode = eligibility.streamCode;
    const ras = inputs.rasTables.find((table) => table.table.streamCode === streamCode);
    const calculator = ras ? undefined : inputs.calculators.find((c) => c.streamCode === streamCode);
    const basis = decisionBasis({ set: inputs.set, answers: inputs.answers, rule: inputs.rules.rules[index]!, rasTable: ras?.table, calculator });
    if (eligibility.decision !== 'eligible') return { streamCode, eligibility, basis };
    if (ras) return { streamCode, eligibility, basis, budget: indicativeBudget(ras, counted) };
    return calculator ? { streamCode, eligibility, basis, budget: calculate(calculator, counted) } : { streamCode, eligibility, basis };
  });
}
