// Works out, for a whole population at once, which answers count, who is eligible for a stream and what a RAS table
// gives them: the same results as `visibleAnswers`, `decideEligibility` and `indicativeWeeklyPence`, prepared once per
// question set or table so each person costs a microsecond or so. The what-if runs this over every completed
// assessment in an area; the tests hold it equal to the domain functions.
import type { EligibilityDecision, EligibilityRule } from '../../domain/assessment/eligibility.ts';
import { unableCases } from '../../domain/assessment/eligibility.ts';
import { type AnswerValue, type Condition, type Question, type QuestionSet, allQuestions, answerMeets } from '../../domain/assessment/question-set.ts';
import type { Calculator } from '../../domain/budget/calculators.ts';
import { divideRoundHalfUp, largestRemainder } from '../../domain/budget/money.ts';
import { type CompiledRasTable, type RasTable, indicativeWeeklyPence } from '../../domain/budget/ras.ts';

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
  showIf: SlotCondition | undefined;
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

/**
 * A condition prepared for answers kept by position: where its question's answer sits (-1 when the caller does not
 * fetch it, so it never holds), and what it tests. `holds` is `conditionHolds` read from that position.
 */
interface SlotCondition {
  slot: number;
  condition: Condition;
}

function slotCondition(condition: Condition, slotOf: ReadonlyMap<string, number>): SlotCondition {
  return { slot: slotOf.get(condition.question) ?? -1, condition };
}

function holds({ slot, condition }: SlotCondition, values: readonly unknown[]): boolean {
  return slot >= 0 && answerMeets(condition, values[slot] as AnswerValue | undefined);
}

function allHold(conditions: readonly SlotCondition[], values: readonly unknown[]): boolean {
  for (let index = 0; index < conditions.length; index += 1) if (!holds(conditions[index]!, values)) return false;
  return true;
}

/** Where each key's answer sits in a values array that starts the keys at `firstSlot` (the last place, if repeated). */
function slotsOf(keys: readonly string[], firstSlot: number): Map<string, number> {
  return new Map(keys.map((key, index) => [key, firstSlot + index]));
}

export interface PopulationEvaluator {
  /**
   * The answers that count among the needed questions, given the stored answers as an array in `keys` order from
   * `firstSlot` (null or undefined for no answer): equal to `visibleAnswers(set, answers)` restricted to those questions,
   * with every needed question present and undefined where nothing counts (which the domain reads as no answer).
   * The same object is reused for the next person, so read it before calling again.
   */
  counted(values: readonly unknown[]): Readonly<Record<string, AnswerValue | undefined>>;
  /**
   * The same answers as `counted`, kept by position instead (each in its key's place, undefined where nothing counts),
   * without building the object: what `populationRas` reads. The same array is reused for the next person.
   */
  count(values: readonly unknown[]): readonly unknown[];
  /** The rule's decision on the answers last counted: equal to `decideEligibility(rule, set, answers).decision`. */
  decide(rule: EligibilityRule): EligibilityDecision;
}

/**
 * Prepares one question set for a population run. `keys` are the answer keys the caller fetches, in order, starting at
 * position `firstSlot` of the values array; they must include `questionsNeeded(set, …)` for everything that will be
 * asked of the evaluator.
 */
export function populationEvaluator(set: QuestionSet, keys: readonly string[], firstSlot = 0): PopulationEvaluator {
  const slotOf = slotsOf(keys, firstSlot);
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
      showIf: question.showIf && slotCondition(question.showIf, slotOf),
    });
  }
  // Reused for every person, so a run allocates nothing per person here: which needed questions were shown, and the
  // answers that count, by position (a question of another version of the set, never written, stays undefined).
  const shownAt = new Uint8Array(firstSlot + keys.length);
  const counted: unknown[] = new Array(firstSlot + keys.length).fill(undefined);
  const requiredAt = new Uint8Array(firstSlot + keys.length);
  for (const question of questions) requiredAt[question.slot] = question.optional ? 0 : 1;
  const answers: Record<string, AnswerValue | undefined> = {};
  for (const question of questions) answers[question.id] = undefined;

  /** A required question shown but not answered: the answer may still come, so a decision on it waits. */
  function awaited(slot: number): boolean {
    return slot >= 0 && shownAt[slot] === 1 && requiredAt[slot] === 1 && counted[slot] === undefined;
  }

  const ruleDeciders = new WeakMap<EligibilityRule, () => EligibilityDecision>();

  function careAct(rule: Extract<EligibilityRule, { kind: 'care-act' }>): () => EligibilityDecision {
    const caseOf = new Map<string, string>();
    for (const unable of unableCases) for (const value of rule.unableAnswers[unable]) caseOf.set(value, unable);
    const significant = new Set(rule.significantImpactAnswers);
    const isUnable = (value: string) => caseOf.has(value);
    const at = (id: string) => slotOf.get(id) ?? -1;
    const impairmentSlot = at(rule.impairmentQuestion);
    const outcomeSlots = rule.outcomes.map(({ question }) => at(question));
    const wellbeingSlot = at(rule.wellbeingQuestion);
    const read = (slot: number) => (slot < 0 ? undefined : (counted[slot] as AnswerValue | undefined));
    return () => {
      let no = false;
      let unknown = false;
      const impairment = read(impairmentSlot);
      if (impairment === false || (impairment !== true && !awaited(impairmentSlot))) no = true;
      else if (impairment !== true) unknown = true;

      let unableCount = 0;
      let awaitedOutcomes = 0;
      for (let index = 0; index < outcomeSlots.length; index += 1) {
        const slot = outcomeSlots[index]!;
        const answer = read(slot);
        if (answer === undefined) {
          if (awaited(slot)) awaitedOutcomes += 1;
          continue;
        }
        if (Array.isArray(answer) ? answer.some(isUnable) : isUnable(String(answer))) unableCount += 1;
      }
      if (unableCount < 2) {
        if (unableCount + awaitedOutcomes >= 2) unknown = true;
        else no = true;
      }

      const wellbeing = read(wellbeingSlot);
      if (wellbeing === undefined) {
        if (awaited(wellbeingSlot)) unknown = true;
        else no = true;
      } else if (!(Array.isArray(wellbeing) ? wellbeing.some((value) => significant.has(value)) : significant.has(String(wellbeing)))) {
        no = true;
      }
      return no ? 'not eligible' : unknown ? 'more information needed' : 'eligible';
    };
  }

  function conditions(rule: Extract<EligibilityRule, { kind: 'conditions' }>): () => EligibilityDecision {
    const prepared = rule.conditions.map(({ when }) => slotCondition(when, slotOf));
    return () => {
      let yes = 0;
      let no = 0;
      let unknown = 0;
      for (let index = 0; index < prepared.length; index += 1) {
        const when = prepared[index]!;
        if (holds(when, counted)) yes += 1;
        else if (awaited(when.slot)) unknown += 1;
        else no += 1;
      }
      if (rule.match === 'all') return no ? 'not eligible' : unknown ? 'more information needed' : 'eligible';
      return yes ? 'eligible' : unknown ? 'more information needed' : 'not eligible';
    };
  }

  function count(values: readonly unknown[]): readonly unknown[] {
    for (let index = 0; index < questions.length; index += 1) {
      const question = questions[index]!;
      // Conditions only look at earlier questions, which already hold what counts for this person.
      if (question.showIf && !holds(question.showIf, counted)) {
        shownAt[question.slot] = 0;
        counted[question.slot] = undefined;
        continue;
      }
      shownAt[question.slot] = 1;
      const value = values[question.slot];
      counted[question.slot] = value !== null && value !== undefined && fits(question, value) ? value : undefined;
    }
    return counted;
  }

  return {
    count,
    counted(values) {
      count(values);
      for (const question of questions) answers[question.id] = counted[question.slot] as AnswerValue | undefined;
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

/** The most points one need can score, as the RAS has it (`ras.ts`): an hours answer beyond it scores this. */
const mostPointsForOneNeed = 100_000;

/**
 * `indicativeWeeklyPence` prepared for one table, for a population run: the same amount, worked out without the lines
 * of the explanation (no text, no closures, no BigInt, nothing allocated a person). The answers are read by position,
 * as `count` leaves them: `keys` in order from `firstSlot` (undefined for no answer); a question the table reads that
 * is not among the keys counts as unanswered. Money is counted exactly in hundredths of a penny, which every step
 * before the contingency is whole in; the contingency and the one rounding follow the domain exactly (`ras.ts` counts
 * in millionths: a hundredth is 10,000 of them). Should any sum leave the range where numbers are exact integers, that
 * person is worked out by the domain function instead, so the answer is always the domain's.
 */
export function populationRas(compiled: CompiledRasTable, keys: readonly string[], firstSlot = 0): (values: readonly unknown[]) => number {
  const { table } = compiled;
  const answerAt = slotsOf(keys, firstSlot);
  const at = (id: string) => answerAt.get(id) ?? -1;
  const read = (values: readonly unknown[], slot: number) => (slot < 0 ? undefined : (values[slot] as AnswerValue | undefined));
  const pencePerPoint = table.pricing.kind === 'per-point' ? table.pricing.pencePerPoint : 0;
  // A need's points are kept by question, as the domain keeps them: a later rule for the same question overwrites.
  const needOf = new Map<string, number>();
  for (const rule of compiled.scoring) if (!needOf.has(rule.question)) needOf.set(rule.question, needOf.size);
  const scoring = compiled.scoring.map((rule) => ({ ...rule, need: needOf.get(rule.question)!, slot: at(rule.question) }));
  const scores = new Float64Array(needOf.size);
  const conditions = (when: readonly Condition[]) => when.map((condition) => slotCondition(condition, answerAt));
  const percentDeductions = compiled.deductions.flatMap((deduction) =>
    deduction.kind === 'percent-of-points' ? [{ when: conditions(deduction.when), basisPoints: deduction.basisPoints, needs: deduction.appliesTo.map((id) => needOf.get(id) ?? -1) }] : [],
  );
  const hourDeductions = compiled.deductions.flatMap((deduction) =>
    deduction.kind === 'pence-per-hour' ? [{ when: conditions(deduction.when), hoursSlot: at(deduction.hoursQuestion), pencePerHour: deduction.pencePerHour, maxWeeklyPence: deduction.maxWeeklyPence }] : [],
  );
  const addOns = table.addOns.filter((addOn) => addOn.weeklyPence > 0).map((addOn) => ({ when: conditions(addOn.when), weeklyPence: addOn.weeklyPence }));
  const { bands } = compiled;
  const withContingency = 10_000 + compiled.contingencyBasisPoints;

  /** The domain's own function, on the same answers as an object: for sums too large to count exactly here. */
  function byTheDomain(values: readonly unknown[]): number {
    const answers: Record<string, AnswerValue | undefined> = {};
    for (const [key, slot] of answerAt) answers[key] = values[slot] as AnswerValue | undefined;
    return indicativeWeeklyPence(compiled, answers);
  }

  function score(rule: (typeof scoring)[number], answer: AnswerValue | undefined): number {
    if (answer === undefined) return 0;
    if (rule.perOption) {
      if (typeof answer === 'boolean') return rule.perOption.get(answer ? 'yes' : 'no') ?? 0;
      if (typeof answer === 'string') return rule.perOption.get(answer) ?? 0;
      if (Array.isArray(answer)) {
        let total = 0;
        for (let index = 0; index < answer.length; index += 1) total += rule.perOption.get(answer[index]!) ?? 0;
        return total;
      }
      return 0;
    }
    if (typeof answer !== 'number' || !(answer > 0)) return 0;
    if (answer * rule.pointsPerUnitHundredths >= mostPointsForOneNeed * 100) return Math.min(mostPointsForOneNeed, rule.maxPoints);
    return Math.min(divideRoundHalfUp(Math.round(answer * 100) * rule.pointsPerUnitHundredths, 10_000), rule.maxPoints);
  }

  /** Points from one deduction's needs, shared out as the domain shares them, so a later deduction sees what is left. */
  function takeShares(needs: readonly number[], taken: number): void {
    const ids = needs.filter((need) => need >= 0 && scores[need]! > 0);
    const before = ids.map((need) => scores[need]!);
    const shares = largestRemainder(taken, before);
    ids.forEach((need, index) => (scores[need] = before[index]! - shares[index]!));
  }

  function weeklyPence(values: readonly unknown[]): number {
    let points = 0;
    for (let index = 0; index < scoring.length; index += 1) {
      const rule = scoring[index]!;
      const scored = score(rule, read(values, rule.slot));
      scores[rule.need] = scored;
      points += scored;
    }
    // Under per-point pricing every point is worth its price; each deduction of points takes its money with it.
    for (let index = 0; index < percentDeductions.length; index += 1) {
      const deduction = percentDeductions[index]!;
      if (!allHold(deduction.when, values)) continue;
      let sum = 0;
      for (const need of deduction.needs) if (need >= 0 && scores[need]! > 0) sum += scores[need]!;
      const taken = sum > 0 ? divideRoundHalfUp(sum * deduction.basisPoints, 10_000) : 0;
      if (taken <= 0) continue;
      // Only a later deduction of points reads what each need has left.
      if (index + 1 < percentDeductions.length) takeShares(deduction.needs, taken);
      points -= taken;
    }
    let hundredths = points * pencePerPoint * 100;
    if (bands.length) {
      let low = 0;
      let high = bands.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (bands[middle]!.fromPoints <= points) low = middle;
        else high = middle - 1;
      }
      hundredths += bands[low]!.weeklyPence * 100;
    }
    if (!Number.isSafeInteger(hundredths)) return byTheDomain(values);
    for (let index = 0; index < hourDeductions.length; index += 1) {
      const deduction = hourDeductions[index]!;
      if (!allHold(deduction.when, values)) continue;
      const hours = read(values, deduction.hoursSlot);
      if (typeof hours !== 'number' || !(hours > 0)) continue;
      const full = Math.round(hours * 100) * deduction.pencePerHour;
      if (!Number.isSafeInteger(full)) return byTheDomain(values);
      const taken = Math.min(full, deduction.maxWeeklyPence * 100, hundredths);
      if (taken > 0) hundredths -= taken;
    }
    for (let index = 0; index < addOns.length; index += 1) {
      const addOn = addOns[index]!;
      if (allHold(addOn.when, values)) hundredths += addOn.weeklyPence * 100;
    }
    // In millionths, the domain's sum is hundredths × 10,000 and its contingency that × basis points ÷ 10,000, exactly.
    const millionths = hundredths * withContingency;
    if (!Number.isSafeInteger(millionths)) return byTheDomain(values);
    const weekly = divideRoundHalfUp(millionths, 1_000_000);
    if (weekly < table.minimumWeeklyPence) return table.minimumWeeklyPence;
    if (weekly > table.maximumWeeklyPence) return table.maximumWeeklyPence;
    return weekly;
  }
  return weeklyPence;
}
