// Turns a version's JSON into what an area administrator reads on the page: each question and its points, the price,
// limits, deductions and add-ons of a RAS table; the figures of a calculator; the questions and eligibility rules.
import type { EligibilityRuleSet } from '../../domain/assessment/eligibility.ts';
import { type Condition, type Question, type QuestionSet, questionsById } from '../../domain/assessment/question-set.ts';
import type { Calculator } from '../../domain/budget/calculators.ts';
import { formatPence } from '../../domain/budget/money.ts';
import type { RasTable } from '../../domain/budget/ras.ts';

type Questions = ReadonlyMap<string, Question>;

function questionText(questions: Questions, id: string): string {
  return questions.get(id)?.text ?? `question “${id}” (not in the question set in force)`;
}

function optionLabel(question: Question | undefined, value: string): string {
  if (question?.kind === 'yes-no') return value === 'yes' ? 'Yes' : value === 'no' ? 'No' : value;
  if (question && (question.kind === 'single-choice' || question.kind === 'multiple-choice')) return question.options.find((option) => option.value === value)?.label ?? value;
  return value;
}

/** A condition as a sentence: “Does anyone help you…?” is Yes. */
export function conditionInWords(condition: Condition, questions: Questions): string {
  const question = questions.get(condition.question);
  const asked = `“${questionText(questions, condition.question)}”`;
  const value = (raw: string | number | boolean) => (typeof raw === 'boolean' ? (raw ? 'Yes' : 'No') : typeof raw === 'string' ? optionLabel(question, raw) : String(raw));
  switch (condition.test) {
    case 'equals':
      return `${asked} is answered “${value(condition.value)}”`;
    case 'one-of':
      return `${asked} is answered ${condition.values.map((v) => `“${value(v)}”`).join(' or ')}`;
    case 'at-least':
      return `the answer to ${asked} is ${condition.value} or more`;
    case 'more-than':
      return `the answer to ${asked} is more than ${condition.value}`;
    case 'at-most':
      return `the answer to ${asked} is ${condition.value} or less`;
    case 'answered':
      return `${asked} has been answered`;
  }
}

function conditionsInWords(conditions: readonly Condition[], questions: Questions): string {
  return conditions.length ? conditions.map((condition) => conditionInWords(condition, questions)).join(', and ') : 'always';
}

/** The first letter in capitals and nothing else changed (Nunjucks' `capitalize` lower-cases the rest). */
function sentence(text: string): string {
  const at = text.search(/[A-Za-z]/);
  return at < 0 ? text : text.slice(0, at) + text.charAt(at).toUpperCase() + text.slice(at + 1);
}

function percent(value: number): string {
  return `${value}%`;
}

export interface ReadableRas {
  scoring: { need: string; question: string; points: { answer: string; points: number }[]; perUnit?: string }[];
  pricing: { kind: 'per-point'; price: string } | { kind: 'bands'; bands: { range: string; weekly: string }[] };
  minimum: string;
  maximum: string;
  deductions: { reason: string; when: string; what: string }[];
  addOns: { reason: string; weekly: string; when: string }[];
  contingency: string;
  tolerance: string;
}

export function readableRas(table: RasTable, set: QuestionSet): ReadableRas {
  const questions = questionsById(set);
  const needOf = new Map(table.scoring.map((rule) => [rule.question, rule.need]));
  return {
    scoring: table.scoring.map((rule) => {
      const question = questions.get(rule.question);
      if (rule.kind === 'per-option') {
        return {
          need: sentence(rule.need),
          question: questionText(questions, rule.question),
          points: Object.entries(rule.points).map(([answer, points]) => ({ answer: optionLabel(question, answer), points })),
        };
      }
      const unit = question?.kind === 'number' && question.unit ? question.unit.replace(/ a week$/, '') : 'unit';
      const cap = rule.maxPoints !== undefined ? `, up to ${rule.maxPoints} points` : '';
      return { need: sentence(rule.need), question: questionText(questions, rule.question), points: [], perUnit: `${rule.pointsPerUnit} points for each ${unit.replace(/s$/, '')}${cap}` };
    }),
    pricing:
      table.pricing.kind === 'per-point'
        ? { kind: 'per-point', price: `${formatPence(table.pricing.pencePerPoint)} a point` }
        : {
            kind: 'bands',
            bands: table.pricing.bands.map((band) => ({
              range: band.toPoints === null ? `${band.fromPoints} points or more` : `${band.fromPoints} to ${band.toPoints} points`,
              weekly: `${formatPence(band.weeklyPence)} a week`,
            })),
          },
    minimum: `${formatPence(table.minimumWeeklyPence)} a week`,
    maximum: `${formatPence(table.maximumWeeklyPence)} a week`,
    deductions: table.deductions.map((deduction) => ({
      reason: deduction.reason,
      when: sentence(conditionsInWords(deduction.when, questions)),
      what:
        deduction.kind === 'percent-of-points'
          ? `${percent(deduction.percent)} off the points for ${deduction.appliesTo.map((id) => needOf.get(id) ?? questionText(questions, id)).join(', ')}`
          : `${formatPence(deduction.pencePerHour)} off for each hour in the answer to “${questionText(questions, deduction.hoursQuestion)}”, up to ${formatPence(deduction.maxWeeklyPence)} a week`,
    })),
    addOns: table.addOns.map((addOn) => ({ reason: sentence(addOn.reason), weekly: `${formatPence(addOn.weeklyPence)} a week`, when: sentence(conditionsInWords(addOn.when, questions)) })),
    contingency: percent(table.contingencyPercent),
    tolerance: percent(table.tolerancePercent),
  };
}

const calculatorKindNames: Record<Calculator['kind'], string> = {
  'access-to-work': 'Access to Work: support worker hours, equipment and travel, up to a yearly limit',
  'disabled-facilities-grant': 'Disabled Facilities Grant: a one-off grant for adaptations, less the means-test contribution, up to a maximum',
  'supporting-people': 'Supporting People: hours of housing-related support a week at an hourly rate',
  'independent-living-fund': 'Independent Living Fund: the award the person already has',
  'work-choice': 'Work Choice: the cash value of a place on the programme',
};

function settingName(key: string): string {
  const words = key.replace(/Pence$/, '').replace(/([A-Z])/g, ' $1').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function settingValue(key: string, value: unknown): string {
  if (typeof value === 'number') {
    if (/Pence$/.test(key) || /PencePerHour$/.test(key)) return formatPence(value);
    if (/Percent/.test(key) || key === 'percentOfRest') return percent(value);
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.length ? value.map((item) => (typeof item === 'object' ? describeObject(item as Record<string, unknown>) : String(item))).join('; ') : 'None';
  if (value && typeof value === 'object') return describeObject(value as Record<string, unknown>);
  return String(value);
}

function describeObject(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([key, item]) => `${settingName(key).toLowerCase()} ${settingValue(key, item)}`)
    .join(', ');
}

export interface ReadableCalculator {
  what: string;
  questions: { role: string; question: string }[];
  settings: { name: string; value: string }[];
}

export function readableCalculator(calculator: Calculator, set: QuestionSet): ReadableCalculator {
  const questions = questionsById(set);
  const skip = new Set(['kind', 'streamCode', 'name', 'illustrative', 'effectiveFrom', 'questions']);
  return {
    what: calculatorKindNames[calculator.kind],
    questions: calculator.kind === 'work-choice' ? [] : Object.entries(calculator.questions as Record<string, string>).map(([role, id]) => ({ role: settingName(role), question: questionText(questions, id) })),
    settings: Object.entries(calculator)
      .filter(([key]) => !skip.has(key))
      .map(([key, value]) => ({ name: settingName(key), value: settingValue(key, value) })),
  };
}

export interface ReadableQuestionSet {
  sections: { title: string; questions: { text: string; kind: string; answers: string; showIf: string | undefined; feeds: string; optional: boolean }[] }[];
}

const questionKindNames: Record<Question['kind'], string> = {
  'yes-no': 'Yes or no',
  'single-choice': 'Choose one',
  'multiple-choice': 'Choose any',
  number: 'A number',
  text: 'Text',
};

export function readableQuestionSet(set: QuestionSet): ReadableQuestionSet {
  const questions = questionsById(set);
  return {
    sections: set.sections.map((section) => ({
      title: section.title,
      questions: section.questions.map((question) => ({
        text: question.text,
        kind: questionKindNames[question.kind],
        answers:
          question.kind === 'single-choice' || question.kind === 'multiple-choice'
            ? question.options.map((option) => option.label).join('; ')
            : question.kind === 'number'
              ? [question.unit, question.min !== undefined ? `from ${question.min}` : '', question.max !== undefined ? `to ${question.max}` : ''].filter(Boolean).join(' ')
              : '',
        showIf: question.showIf ? `Only when ${conditionInWords(question.showIf, questions)}` : undefined,
        feeds: question.feeds.join(', '),
        optional: question.optional === true,
      })),
    })),
  };
}

export interface ReadableRules {
  rules: { streamCode: string; summary: string; conditions: string[] }[];
}

export function readableRules(rules: EligibilityRuleSet, set: QuestionSet): ReadableRules {
  const questions = questionsById(set);
  return {
    rules: rules.rules.map((rule) => {
      if (rule.kind === 'care-act') {
        return {
          streamCode: rule.streamCode,
          summary: 'The Care Act eligibility rule (Care and Support (Eligibility Criteria) Regulations 2015, regulation 2): all three conditions must hold.',
          conditions: [
            `The needs come from a physical or mental impairment or illness: ${conditionInWords({ question: rule.impairmentQuestion, test: 'equals', value: true }, questions)}.`,
            `The person is unable to achieve 2 or more of the 10 outcomes, asked in ${rule.outcomes.length} questions, in any of the four ways (cannot without help; only with significant pain, distress or anxiety; it puts them or others at risk; it takes significantly longer).`,
            `There is a significant impact on wellbeing: ${conditionInWords({ question: rule.wellbeingQuestion, test: 'one-of', values: rule.significantImpactAnswers }, questions)}.`,
          ],
        };
      }
      return {
        streamCode: rule.streamCode,
        summary: rule.match === 'all' ? 'Eligible when all of these hold:' : 'Eligible when any one of these holds:',
        conditions: rule.conditions.map((condition) => `${conditionInWords(condition.when, questions)} (“${condition.met}”)`),
      };
    }),
  };
}
