// Works out, for a whole population at once, which answers count and who is eligible for a stream: the same results as
// `visibleAnswers` and `decideEligibility`, prepared once per question set so each person costs a few microseconds.
// The what-if runs this over every completed assessment in an area; the tests hold it equal to the domain functions.
import type { EligibilityDecision, EligibilityRule } from '../../domain/assessment/eligibility.ts';
import { unableCases } from '../../domain/assessment/eligibility.ts';
import { type AnswerValue, type Condition, type Question, type QuestionSet, allQuestions, conditionHolds } from '../../domain/assessment/question-set.ts';
import type { Calculator } from '../../domain/budget/calculators.ts';
import type { RasTable } from '../../domain/budget/ras.ts';

/** Every question a RAS table reads: scored needs, the conditions and hours of deductions, the conditions of add-ons. */
export function questionsReadByTable(table: RasTable): string[] {
  const ids = table.scoring.map((rule) => rule.question);
  for (const deduction of table.deductions) {
    ids.push(...deduction.when.map((condition) => condition.question));
    if (deduction.kind === 'percent-of-points') ids.push(...deduction.appliesTo);
    else ids.push(deduction.hoursQuestion);
  }
  for (const addOn of table.addOns) ids.push(...addOn.when.map((condition) => condition.question));
  return ids;
}

export function questionsReadByCalculator(calculator: Calculator): string[] {
  return calculator.kind === 'work-choice' ? [] : Object.values(calculator.questions as Record<string, string>);
}

/** The questions whose answers can change a rule's decision (the fluctuating question only adds a reason). */
export function questionsReadByRule(rule: EligibilityRule): string[] {
  if (rule.kind === 'care-act') return [rule.impairmentQuestion, ...rule.outcomes.map((outcome) => outcome.question), rule.wellbeingQuestion];
  return rule.conditions.map((condition) => condition.when.question);
}

/**
 * The questions of a set that must be read to know whether these count: the questions themselves and, because a
 * question counts only while it is shown, every question its `showIf` depends on, however far back.
 */
export function questionsNeeded(set: QuestionSet, ids: Iterable<string>): Set<string> {
  const byId = new Map(allQuestions(set).map((question) => [question.id, question]));
  const needed = new Set<string>();
  const pending = [...ids];
  while (pending.length) {
    const id = pending.pop()!;
    const question = byId.get(id);
    if (!question || needed.has(id)) continue;
    needed.add(id);
    if (question.showIf) pending.push(question.showIf.question);
  }
  return needed;
}

const kindCodes = { 'yes-no': 0, 'single-choice': 1, 'multiple-choice': 2, number: 3, text: 4 } as const;

/**
 * `answerFits` prepared for one question: the options in a set, the kind as a number, so that the check for every
 * person is one switch rather than a search of the options list.
 */
interface SlotQuestion {
  id: string;
  kind: (typeof kindCodes)[Question['kind']];
  options: ReadonlySet<unknown>;
  min: number;
  max: number;
  optional: boolean;
  /** Where this question's answer sits in the values array the caller passes. */
  slot: number;
  showIf: Condition | undefined;
}

function fits(question: SlotQuestion, value: unknown): boolean {
  switch (question.kind) {
    case 0:
      return typeof value === 'boolean';
    case 1:
      return typeof value === 'string' && question.options.has(value);
    case 2:
      return Array.isArray(value) && value.every((item) => question.options.has(item));
    case 3:
      return typeof value === 'number' && Number.isFinite(value) && value >= question.min && value <= question.max;
    case 4:
      return typeof value === 'string' && value.trim() !== '';
  }
}

export interface PopulationEvaluator {
  /**
   * The answers that count among the needed questions, given the stored answers as an array in `keys` order from
   * `firstSlot` (null or undefined for no answer): equal to `visibleAnswers(set, answers)` restricted to those questions,
   * with every needed question present and undefined where nothing counts (which the domain reads as no answer).
   * The same object is reused for the next person, so read it before calling again.
   */
  counted(values: readonly unknown[]): Readonly<Record<string, AnswerValue | undefined>>;
  /** The rule's decision on the answers `counted` last returned: equal to `decideEligibility(rule, set, answers).decision`. */
  decide(rule: EligibilityRule): EligibilityDecision;
}

/**
 * Prepares one question set for a population run. `keys` are the answer keys the caller fetches, in order, starting at
 * position `firstSlot` of the values array; they must include `questionsNeeded(set, …)` for everything that will be
 * asked of the evaluator.
 */
export function populationEvaluator(set: QuestionSet, keys: readonly string[], firstSlot = 0): PopulationEvaluator {
  const slotOf = new Map(keys.map((key, index) => [key, firstSlot + index]));
  const questions: SlotQuestion[] = [];
  for (const question of allQuestions(set)) {
    const slot = slotOf.get(question.id);
    if (slot === undefined) continue;
    questions.push({
      id: question.id,
      kind: kindCodes[question.kind],
      options: new Set<unknown>(question.kind === 'single-choice' || question.kind === 'multiple-choice' ? question.options.map((option) => option.value) : []),
      min: question.kind === 'number' && question.min !== undefined ? question.min : -Infinity,
      max: question.kind === 'number' && question.max !== undefined ? question.max : Infinity,
      optional: question.optional === true,
      slot,
      showIf: question.showIf,
    });
  }
  const position = new Map(questions.map((entry, index) => [entry.id, index]));
  // Reused for every person, so a run allocates nothing per person here: which needed questions were shown, and the
  // answers that count, always with the same keys in the same order (one shape for every lookup the tables make).
  const shown = new Uint8Array(questions.length);
  const answers: Record<string, AnswerValue | undefined> = {};
  for (const question of questions) answers[question.id] = undefined;

  /** A required question shown but not answered: the answer may still come, so a decision on it waits. */
  function awaited(id: string): boolean {
    const index = position.get(id);
    if (index === undefined || shown[index] === 0) return false;
    return !questions[index]!.optional && answers[id] === undefined;
  }

  const ruleDeciders = new WeakMap<EligibilityRule, () => EligibilityDecision>();

  function careAct(rule: Extract<EligibilityRule, { kind: 'care-act' }>): () => EligibilityDecision {
    const caseOf = new Map<string, string>();
    for (const unable of unableCases) for (const value of rule.unableAnswers[unable]) caseOf.set(value, unable);
    const significant = new Set(rule.significantImpactAnswers);
    const isUnable = (value: string) => caseOf.has(value);
    return () => {
      let no = false;
      let unknown = false;
      const impairment = answers[rule.impairmentQuestion];
      if (impairment === false || (impairment !== true && !awaited(rule.impairmentQuestion))) no = true;
      else if (impairment !== true) unknown = true;

      let unableCount = 0;
      let awaitedOutcomes = 0;
      for (const { question } of rule.outcomes) {
        const answer = answers[question];
        if (answer === undefined) {
          if (awaited(question)) awaitedOutcomes += 1;
          continue;
        }
        if (Array.isArray(answer) ? answer.some(isUnable) : isUnable(String(answer))) unableCount += 1;
      }
      if (unableCount < 2) {
        if (unableCount + awaitedOutcomes >= 2) unknown = true;
        else no = true;
      }

      const wellbeing = answers[rule.wellbeingQuestion];
      if (wellbeing === undefined) {
        if (awaited(rule.wellbeingQuestion)) unknown = true;
        else no = true;
      } else if (!(Array.isArray(wellbeing) ? wellbeing.some((value) => significant.has(value)) : significant.has(String(wellbeing)))) {
        no = true;
      }
      return no ? 'not eligible' : unknown ? 'more information needed' : 'eligible';
    };
  }

  function conditions(rule: Extract<EligibilityRule, { kind: 'conditions' }>): () => EligibilityDecision {
    return () => {
      let yes = 0;
      let no = 0;
      let unknown = 0;
      for (const { when } of rule.conditions) {
        if (conditionHolds(when, answers)) yes += 1;
        else if (awaited(when.question)) unknown += 1;
        else no += 1;
      }
      if (rule.match === 'all') return no ? 'not eligible' : unknown ? 'more information needed' : 'eligible';
      return yes ? 'eligible' : unknown ? 'more information needed' : 'not eligible';
    };
  }

  return {
    counted(values) {
      for (let index = 0; index < questions.length; index += 1) {
        const question = questions[index]!;
        // Conditions only look at earlier questions, which already hold what counts for this person.
        if (question.showIf && !conditionHolds(question.showIf, answers)) {
          shown[index] = 0;
          answers[question.id] = undefined;
          continue;
        }
        shown[index] = 1;
        const value = values[question.slot];
        answers[question.id] = value !== null && value !== undefined && fits(question, value) ? (value as AnswerValue) : undefined;
      }
      return answers;
    },
    decide(rule) {
      let decider = ruleDeciders.get(rule);
      if (!decider) {
        decider = rule.kind === 'care-act' ? careAct(rule) : conditions(rule);
        ruleDeciders.set(rule, decider);
      }
      return decider();
    },
  };
}
