// The answers a stream's decision rests on: the questions its eligibility rule reads and the questions its RAS table
// or calculator prices. Worked out from the rules as data, so a changed rule changes what a decision rests on.
import type { EligibilityRule } from '../assessment/eligibility.ts';
import { type AnswerValue, type Answers, type QuestionSet, visibleAnswers } from '../assessment/question-set.ts';
import type { Calculator } from './calculators.ts';
import type { RasTable } from './ras.ts';

/** Question id → the answer that counted (a hidden or unanswered question counts as null). */
export type DecisionBasis = Readonly<Record<string, AnswerValue | null>>;

/** Every question an eligibility rule reads. */
export function questionsReadByRule(rule: EligibilityRule): string[] {
  if (rule.kind === 'conditions') return unique(rule.conditions.map((condition) => condition.when.question));
  return unique([rule.impairmentQuestion, ...rule.outcomes.map((outcome) => outcome.question), rule.wellbeingQuestion, ...(rule.fluctuatingQuestion ? [rule.fluctuatingQuestion] : [])]);
}

/** Every question a RAS table reads: what it scores, and what its deductions and add-ons depend on. */
export function questionsReadByRas(table: RasTable): string[] {
  return unique([
    ...table.scoring.map((rule) => rule.question),
    ...table.deductions.flatMap((deduction) => [
      ...deduction.when.map((condition) => condition.question),
      ...(deduction.kind === 'pence-per-hour' ? [deduction.hoursQuestion] : deduction.appliesTo),
    ]),
    ...table.addOns.flatMap((addOn) => addOn.when.map((condition) => condition.question)),
  ]);
}

/** Every question a calculator reads (Work Choice pays a fixed amount and reads none). */
export function questionsReadByCalculator(calculator: Calculator): string[] {
  return calculator.kind === 'work-choice' ? [] : unique(Object.values(calculator.questions));
}

export interface BasisInputs {
  set: QuestionSet;
  answers: Answers;
  rule: EligibilityRule;
  /** The stream's RAS table, which wins over a calculator as it does when pricing. */
  rasTable?: RasTable | undefined;
  calculator?: Calculator | undefined;
}

/**
 * The answers one stream's decision and amount rest on, as they counted (only answers to questions shown count). Two
 * sets of answers with the same basis give the stream the same decision and, on the same table, the same amount.
 */
export function decisionBasis(inputs: BasisInputs): DecisionBasis {
  const pricing = inputs.rasTable ? questionsReadByRas(inputs.rasTable) : inputs.calculator ? questionsReadByCalculator(inputs.calculator) : [];
  const counted = visibleAnswers(inputs.set, inputs.answers);
  const basis: Record<string, AnswerValue | null> = {};
  for (const id of unique([...questionsReadByRule(inputs.rule), ...pricing]).sort()) basis[id] = counted[id] ?? null;
  return basis;
}

/** Whether a decision resting on `previous` (as stored; anything unreadable counts as changed) rests on `next` too. */
export function sameBasis(previous: unknown, next: DecisionBasis): boolean {
  if (!previous || typeof previous !== 'object' || Array.isArray(previous)) return false;
  const before = previous as Record<string, unknown>;
  const keys = Object.keys(next);
  if (Object.keys(before).length !== keys.length) return false;
  return keys.every((key) => Object.hasOwn(before, key) && sameAnswer(before[key], next[key] ?? null));
}

function sameAnswer(a: unknown, b: AnswerValue | null): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    // A multiple-choice answer is a set: the order the boxes were ticked in says nothing.
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const sorted = [...b].sort();
    return [...a].sort().every((value, index) => value === sorted[index]);
  }
  return a === b || (a === undefined && b === null);
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
