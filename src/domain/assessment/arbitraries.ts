// For tests only: fast-check generators of answers and conditions that fit a question set, so property tests range
// over everything a person could answer rather than the few cases someone thought of.
import fc from 'fast-check';
import type { AnswerValue, Condition, Question, QuestionSet } from './question-set.ts';
import { allQuestions, decimalPlacesOf } from './question-set.ts';

/** A number a person could give: within the question's limits, with no more decimal places than it allows. */
export function numberAnswer(question: Extract<Question, { kind: 'number' }>): fc.Arbitrary<number> {
  const scale = 10 ** decimalPlacesOf(question);
  const min = Math.ceil((question.min ?? 0) * scale);
  const max = Math.floor((question.max ?? 1000) * scale);
  return fc.integer({ min, max }).map((n) => n / scale);
}

/** Any valid answer to one question. */
export function answerTo(question: Question): fc.Arbitrary<AnswerValue> {
  switch (question.kind) {
    case 'yes-no':
      return fc.boolean();
    case 'single-choice':
      return fc.constantFrom(...question.options.map((o) => o.value));
    case 'multiple-choice': {
      const values = question.options.map((o) => o.value);
      return fc.subarray(values, { minLength: question.optional ? 0 : 1 });
    }
    case 'number':
      return numberAnswer(question);
    case 'text':
      return fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== '').map((text) => text.trim());
  }
}

/** Answers to any mix of the set's questions, some left out, including answers to questions a person would not see. */
export function answerSets(set: QuestionSet, leaveOutChance = 0.2): fc.Arbitrary<Record<string, AnswerValue>> {
  const questions = allQuestions(set);
  const entries = questions.map((question) =>
    fc.option(answerTo(question), { freq: Math.max(1, Math.round(1 / leaveOutChance)), nil: undefined }).map((answer) => [question.id, answer] as const),
  );
  return fc.tuple(...entries).map((pairs) => {
    const answers: Record<string, AnswerValue> = {};
    for (const [id, answer] of pairs) if (answer !== undefined) answers[id] = answer;
    return answers;
  });
}

/** A condition on one of these questions that passes the checks in `conditionProblems`. */
export function conditionOn(questions: readonly Question[]): fc.Arbitrary<Condition> {
  return fc.constantFrom(...questions).chain((question): fc.Arbitrary<Condition> => {
    const answered = fc.constant<Condition>({ question: question.id, test: 'answered' });
    switch (question.kind) {
      case 'yes-no':
        return fc.oneof(answered, fc.boolean().map((value): Condition => ({ question: question.id, test: 'equals', value })));
      case 'single-choice':
      case 'multiple-choice': {
        const values = question.options.map((o) => o.value);
        return fc.oneof(
          answered,
          fc.constantFrom(...values).map((value): Condition => ({ question: question.id, test: 'equals', value })),
          fc.subarray(values, { minLength: 1 }).map((chosen): Condition => ({ question: question.id, test: 'one-of', values: chosen })),
        );
      }
      case 'number':
        return fc.oneof(
          answered,
          fc.tuple(fc.constantFrom('at-least' as const, 'more-than' as const, 'at-most' as const), numberAnswer(question)).map(
            ([test, value]): Condition => ({ question: question.id, test, value }),
          ),
        );
      case 'text':
        return answered;
    }
  });
}
