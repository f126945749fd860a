// Eligibility per funding stream, as rules in data read by pure functions, each decision with plain-English reasons.
// The Care Act rule follows regulation 2 of the Care and Support (Eligibility Criteria) Regulations 2015 exactly.
import { z } from 'zod';
import { careActOutcomes } from '../care-act-outcomes.ts';
import { describeAt, itemLabel, plainIssues } from './data-errors.ts';
import {
  type AnswerValue,
  type Answers,
  type Condition,
  type Question,
  type QuestionSet,
  type Validated,
  conditionHolds,
  conditionProblems,
  conditionSchema,
  idSchema,
  questionsById,
  visibleAnswers,
  visibleQuestions,
} from './question-set.ts';

export type OutcomeCode = (typeof careActOutcomes)[number]['code'];
const outcomeCodes = careActOutcomes.map((outcome) => outcome.code) as [OutcomeCode, ...OutcomeCode[]];

/** The four meanings of "unable" in regulation 2(3). Any one of them is enough for an outcome to count. */
export const unableCases = ['needs-help', 'pain-distress-anxiety', 'risk', 'takes-much-longer'] as const;
export type UnableCase = (typeof unableCases)[number];

const unableWording: Record<UnableCase, string> = {
  'needs-help': 'you cannot do this without help',
  'pain-distress-anxiety': 'you can do this only with significant pain, distress or anxiety',
  risk: 'doing this puts your health or safety, or someone else’s, at risk',
  'takes-much-longer': 'it takes you significantly longer than would normally be expected',
};

const textSchema = z.string().trim().min(1);
const answerValues = z.array(z.string().min(1)).min(1);

export const careActRuleSchema = z.strictObject({
  kind: z.literal('care-act'),
  streamCode: idSchema,
  /** A yes-no question: does the person have a physical or mental impairment or illness? */
  impairmentQuestion: idSchema,
  /** Which question asks about each of the ten outcomes; every outcome exactly once. */
  outcomes: z.array(z.strictObject({ outcome: z.enum(outcomeCodes), question: idSchema })).min(1),
  /** For each meaning of "unable", the option values of the outcome questions that mean it. */
  unableAnswers: z.strictObject({
    'needs-help': answerValues,
    'pain-distress-anxiety': answerValues,
    risk: answerValues,
    'takes-much-longer': answerValues,
  }),
  /** A choice question on the impact on wellbeing, and which of its options mean a significant impact. */
  wellbeingQuestion: idSchema,
  significantImpactAnswers: answerValues,
  /** A yes-no question on fluctuating needs: it adds a reason saying needs were judged over time. */
  fluctuatingQuestion: idSchema.optional(),
});
export type CareActRule = z.infer<typeof careActRuleSchema>;

export const conditionsRuleSchema = z.strictObject({
  kind: z.literal('conditions'),
  streamCode: idSchema,
  /** `all`: every condition must hold; `any`: one is enough. */
  match: z.enum(['all', 'any']),
  /** Each condition carries the sentence a person reads when it holds (`met`) and when it does not (`notMet`). */
  conditions: z.array(z.strictObject({ when: conditionSchema, met: textSchema, notMet: textSchema })).min(1),
});
export type ConditionsRule = z.infer<typeof conditionsRuleSchema>;

export const eligibilityRuleSchema = z.discriminatedUnion('kind', [careActRuleSchema, conditionsRuleSchema]);
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const eligibilityRuleSetSchema = z.strictObject({
  name: textSchema,
  illustrative: z.boolean(),
  rules: z.array(eligibilityRuleSchema).min(1),
});
export type EligibilityRuleSet = z.infer<typeof eligibilityRuleSetSchema>;

export type EligibilityDecision = 'eligible' | 'not eligible' | 'more information needed';

export interface EligibilityResult {
  streamCode: string;
  decision: EligibilityDecision;
  /** Sentences a person reads, the decision first. */
  reasons: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Checking rules

function kindProblem(question: Question | undefined, id: string, kinds: readonly Question['kind'][], what: string): string | undefined {
  if (!question) return `uses question "${id}", which is not in the question set`;
  if (!kinds.includes(question.kind)) return `uses question "${id}" as ${what}, but it is a ${question.kind} question`;
  return undefined;
}

function optionsOf(question: Question | undefined): string[] {
  return question && (question.kind === 'single-choice' || question.kind === 'multiple-choice') ? question.options.map((o) => o.value) : [];
}

function careActProblems(rule: CareActRule, questions: ReadonlyMap<string, Question>): string[] {
  const problems: string[] = [];
  const impairment = kindProblem(questions.get(rule.impairmentQuestion), rule.impairmentQuestion, ['yes-no'], '"impairmentQuestion"');
  if (impairment) problems.push(impairment);
  const seen = new Set<string>();
  for (const { outcome, question } of rule.outcomes) {
    if (seen.has(outcome)) problems.push(`lists the outcome "${outcome}" more than once`);
    seen.add(outcome);
    const problem = kindProblem(questions.get(question), question, ['single-choice', 'multiple-choice'], `the question for "${outcome}"`);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const options = optionsOf(questions.get(question));
    for (const unable of unableCases) {
      const missing = rule.unableAnswers[unable].filter((value) => !options.includes(value));
      if (missing.length) problems.push(`"unableAnswers.${unable}" lists ${missing.map((v) => `"${v}"`).join(', ')}, not an option of question "${question}"`);
    }
  }
  const absent = outcomeCodes.filter((code) => !seen.has(code));
  if (absent.length) problems.push(`must name a question for each of the ten outcomes: ${absent.map((c) => `"${c}"`).join(', ')} ${absent.length === 1 ? 'is' : 'are'} missing`);
  const claimed = new Map<string, UnableCase>();
  for (const unable of unableCases) {
    for (const value of rule.unableAnswers[unable]) {
      const other = claimed.get(value);
      if (other && other !== unable) problems.push(`"unableAnswers" gives the answer "${value}" two meanings ("${other}" and "${unable}")`);
      claimed.set(value, unable);
    }
  }
  const wellbeing = questions.get(rule.wellbeingQuestion);
  const wellbeingProblem = kindProblem(wellbeing, rule.wellbeingQuestion, ['single-choice', 'multiple-choice'], '"wellbeingQuestion"');
  if (wellbeingProblem) problems.push(wellbeingProblem);
  else {
    const missing = rule.significantImpactAnswers.filter((value) => !optionsOf(wellbeing).includes(value));
    if (missing.length) problems.push(`"significantImpactAnswers" lists ${missing.map((v) => `"${v}"`).join(', ')}, not an option of question "${rule.wellbeingQuestion}"`);
  }
  if (rule.fluctuatingQuestion) {
    const problem = kindProblem(questions.get(rule.fluctuatingQuestion), rule.fluctuatingQuestion, ['yes-no'], '"fluctuatingQuestion"');
    if (problem) problems.push(problem);
  }
  return problems;
}

export interface RuleCheckOptions {
  /** When given, every rule's stream must be one of these codes. */
  streamCodes?: readonly string[];
}

/** Checks imported JSON as a set of eligibility rules for a question set. Errors are plain English; nothing half-valid passes. */
export function validateEligibilityRules(json: unknown, set: QuestionSet, options: RuleCheckOptions = {}): Validated<'rules', EligibilityRuleSet> {
  const parsed = eligibilityRuleSetSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: plainIssues(parsed.error, json) };
  const questions = questionsById(set);
  const errors: string[] = [];
  const streams = new Set<string>();
  parsed.data.rules.forEach((rule, r) => {
    const label = itemLabel('rules', r, rule);
    if (streams.has(rule.streamCode)) errors.push(`${label} repeats a stream that already has a rule: one rule per stream`);
    streams.add(rule.streamCode);
    if (options.streamCodes && !options.streamCodes.includes(rule.streamCode)) errors.push(`${label} is for "${rule.streamCode}", which is not one of the area's funding streams`);
    if (rule.kind === 'care-act') for (const p of careActProblems(rule, questions)) errors.push(p.startsWith('"') ? `${label}: ${p}` : `${label} ${p}`);
    else
      rule.conditions.forEach((condition, c) => {
        for (const p of conditionProblems(condition.when, questions)) errors.push(describeAt([label, `condition ${c + 1}`], [], p));
      });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rules: parsed.data };
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding

/** The answers that count, and which required questions are shown but not yet answered (so the answer may come). */
interface Facts {
  answers: Readonly<Record<string, AnswerValue>>;
  awaited: ReadonlySet<string>;
  questions: ReadonlyMap<string, Question>;
}

function factsFrom(set: QuestionSet, answers: Answers): Facts {
  const counted = visibleAnswers(set, answers);
  const awaited = new Set(visibleQuestions(set, answers).filter((q) => !q.optional && counted[q.id] === undefined).map((q) => q.id));
  return { answers: counted, awaited, questions: questionsById(set) };
}

type Truth = 'yes' | 'no' | 'unknown';

function truthOf(condition: Condition, facts: Facts): Truth {
  if (conditionHolds(condition, facts.answers)) return 'yes';
  return facts.awaited.has(condition.question) ? 'unknown' : 'no';
}

function askFor(facts: Facts, id: string): string {
  const text = facts.questions.get(id)?.text;
  return text ? `We still need your answer to “${text}”` : `We still need your answer to question "${id}"`;
}

function labelOf(question: Question | undefined, value: AnswerValue): string {
  const values = Array.isArray(value) ? value : [String(value)];
  const options = question && (question.kind === 'single-choice' || question.kind === 'multiple-choice') ? question.options : [];
  return values.map((v) => options.find((o) => o.value === v)?.label ?? v).join(', ');
}

function decideCareAct(rule: CareActRule, facts: Facts): EligibilityResult {
  const truths: Truth[] = [];
  const details: string[] = [];

  const impairment = facts.answers[rule.impairmentQuestion];
  if (impairment === true) {
    truths.push('yes');
    details.push('Your needs come from a physical or mental impairment or illness.');
  } else if (impairment === false) {
    truths.push('no');
    details.push('You told us you do not have a physical or mental impairment or illness. Under the Care Act, needs must come from an impairment or illness.');
  } else {
    truths.push(facts.awaited.has(rule.impairmentQuestion) ? 'unknown' : 'no');
    details.push('We need to know whether you have a physical or mental impairment or illness.');
  }

  const caseOf = new Map<string, UnableCase>();
  for (const unable of unableCases) for (const value of rule.unableAnswers[unable]) caseOf.set(value, unable);
  const counted: string[] = [];
  let awaitedOutcomes = 0;
  for (const { outcome, question } of rule.outcomes) {
    const answer = facts.answers[question];
    if (answer === undefined) {
      if (facts.awaited.has(question)) awaitedOutcomes += 1;
      continue;
    }
    const values = Array.isArray(answer) ? answer : [String(answer)];
    const cases = unableCases.filter((unable) => values.some((value) => caseOf.get(value) === unable));
    if (cases.length === 0) continue;
    const name = careActOutcomes.find((o) => o.code === outcome)?.name ?? outcome;
    counted.push(`${name}: ${cases.map((c) => unableWording[c]).join(', and ')}.`);
  }
  const n = counted.length;
  const ofTen = `${n} of the 10 outcomes in the Care Act eligibility rules`;
  if (n >= 2) {
    truths.push('yes');
    details.push(`You are unable to achieve ${ofTen}, and 2 or more are needed. These count:`, ...counted);
  } else if (n + awaitedOutcomes >= 2) {
    truths.push('unknown');
    details.push(`So far you are unable to achieve ${ofTen}. We need your answers about ${awaitedOutcomes} more before we can tell whether 2 or more apply.`, ...counted);
  } else {
    truths.push('no');
    details.push(
      n === 0
        ? 'You did not tell us about any of the 10 outcomes in the Care Act eligibility rules that you are unable to achieve. 2 or more are needed.'
        : `You are unable to achieve only ${ofTen}, and 2 or more are needed. This one counts:`,
      ...counted,
    );
  }

  const wellbeing = facts.answers[rule.wellbeingQuestion];
  if (wellbeing === undefined) {
    truths.push(facts.awaited.has(rule.wellbeingQuestion) ? 'unknown' : 'no');
    details.push('We need to know how much these difficulties affect your wellbeing.');
  } else {
    const values = Array.isArray(wellbeing) ? wellbeing : [String(wellbeing)];
    const label = labelOf(facts.questions.get(rule.wellbeingQuestion), wellbeing);
    if (values.some((value) => rule.significantImpactAnswers.includes(value))) {
      truths.push('yes');
      details.push(`These difficulties have a significant impact on your wellbeing (you told us: “${label}”).`);
    } else {
      truths.push('no');
      details.push(`You told us these difficulties affect your wellbeing: “${label}”. The Care Act needs a significant impact on wellbeing.`);
    }
  }

  if (rule.fluctuatingQuestion && facts.answers[rule.fluctuatingQuestion] === true) {
    details.push('Your needs change over time, so they have been looked at over a typical period, including bad days.');
  }

  const decision: EligibilityDecision = truths.includes('no') ? 'not eligible' : truths.includes('unknown') ? 'more information needed' : 'eligible';
  const summary = {
    eligible: 'You are eligible for care and support under the Care Act: all three conditions are met.',
    'not eligible': 'You are not eligible for care and support under the Care Act, because all three conditions must be met and at least one is not.',
    'more information needed': 'We need more information before we can tell whether you are eligible for care and support under the Care Act.',
  }[decision];
  return { streamCode: rule.streamCode, decision, reasons: [summary, ...details] };
}

function decideConditions(rule: ConditionsRule, facts: Facts): EligibilityResult {
  const judged = rule.conditions.map((condition) => ({ ...condition, truth: truthOf(condition.when, facts) }));
  const yes = judged.filter((c) => c.truth === 'yes');
  const no = judged.filter((c) => c.truth === 'no');
  const unknown = judged.filter((c) => c.truth === 'unknown');
  const asked = [...new Set(unknown.map((c) => c.when.question))].map((id) => askFor(facts, id) + '.');
  if (rule.match === 'all') {
    if (no.length) {
      // A condition on a question never shown fails only because an earlier answer hid it; say the answered reasons first.
      const answered = no.filter((c) => facts.answers[c.when.question] !== undefined);
      return { streamCode: rule.streamCode, decision: 'not eligible', reasons: (answered.length ? answered : no).map((c) => c.notMet) };
    }
    if (unknown.length) return { streamCode: rule.streamCode, decision: 'more information needed', reasons: [...yes.map((c) => c.met), ...asked] };
    return { streamCode: rule.streamCode, decision: 'eligible', reasons: yes.map((c) => c.met) };
  }
  if (yes.length) return { streamCode: rule.streamCode, decision: 'eligible', reasons: yes.map((c) => c.met) };
  if (unknown.length) return { streamCode: rule.streamCode, decision: 'more information needed', reasons: asked };
  return { streamCode: rule.streamCode, decision: 'not eligible', reasons: no.map((c) => c.notMet) };
}

function decideWith(rule: EligibilityRule, facts: Facts): EligibilityResult {
  return rule.kind === 'care-act' ? decideCareAct(rule, facts) : decideConditions(rule, facts);
}

/**
 * One stream's decision. Only answers to questions now shown count; a required question shown but not answered makes
 * the decision "more information needed" unless another answer already settles it.
 */
export function decideEligibility(rule: EligibilityRule, set: QuestionSet, answers: Answers): EligibilityResult {
  return decideWith(rule, factsFrom(set, answers));
}

/** Every stream's decision from one set of answers, in the order of the rules. */
export function decideAllEligibility(rules: EligibilityRuleSet, set: QuestionSet, answers: Answers): EligibilityResult[] {
  const facts = factsFrom(set, answers);
  return rules.rules.map((rule) => decideWith(rule, facts));
}
