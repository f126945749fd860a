// For tests only: fast-check generators of valid RAS tables and calculators for a question set, per-point and banded,
// so the budget's promises (lines add up, limits hold) are tested over tables no one wrote by hand.
import fc from 'fast-check';
import { conditionOn } from '../assessment/arbitraries.ts';
import { type Question, type QuestionSet, allQuestions, questionsById } from '../assessment/question-set.ts';
import type { AccessToWorkCalculator, Calculator, DisabledFacilitiesGrantCalculator, SupportingPeopleCalculator } from './calculators.ts';
import type { Band, Deduction, Pricing, RasTable, ScoringRule } from './ras.ts';

export const percents = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => hundredths / 100);
export const days = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const weeklyAmounts = fc.integer({ min: 0, max: 300_000 });

function scoringFor(question: Question): fc.Arbitrary<ScoringRule> {
  const need = `need ${question.id}`;
  if (question.kind === 'number') {
    return fc
      .record({ pointsPerUnit: fc.integer({ min: 0, max: 2_000 }).map((n) => n / 100), maxPoints: fc.option(fc.nat(200), { nil: undefined }) })
      .map(({ pointsPerUnit, maxPoints }): ScoringRule => ({ kind: 'per-unit', question: question.id, need, pointsPerUnit, ...(maxPoints === undefined ? {} : { maxPoints }) }));
  }
  const keys = question.kind === 'yes-no' ? ['yes', 'no'] : question.kind === 'text' ? [] : question.options.map((o) => o.value);
  return fc
    .subarray(keys)
    .chain((chosen) => fc.tuple(...chosen.map(() => fc.nat(20))).map((points) => Object.fromEntries(chosen.map((key, i) => [key, points[i]!]))))
    .map((points): ScoringRule => ({ kind: 'per-option', question: question.id, need, points }));
}

/** Contiguous bands from 0, the last open-ended, listed in any order (the order given must not matter). */
export const bandPricing: fc.Arbitrary<Pricing> = fc
  .uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 6 })
  .chain((cuts) => {
    const starts = [0, ...[...cuts].sort((a, b) => a - b)];
    return fc.tuple(...starts.map(() => weeklyAmounts)).map((amounts) =>
      starts.map((fromPoints, i): Band => ({ fromPoints, toPoints: i + 1 < starts.length ? starts[i + 1]! - 1 : null, weeklyPence: amounts[i]! })),
    );
  })
  .chain((bands) => fc.shuffledSubarray(bands, { minLength: bands.length, maxLength: bands.length }))
  .map((bands): Pricing => ({ kind: 'bands', bands }));

export const perPointPricing: fc.Arbitrary<Pricing> = fc.integer({ min: 1, max: 5_000 }).map((pencePerPoint): Pricing => ({ kind: 'per-point', pencePerPoint }));

/** Any table that `validateRasTable` accepts for this question set. */
export function rasTables(set: QuestionSet, streamCode = 'adult-social-care'): fc.Arbitrary<RasTable> {
  const questions = allQuestions(set);
  const scoreable = questions.filter((q) => q.kind !== 'text');
  const numbers = questions.filter((q) => q.kind === 'number');
  return fc.subarray(scoreable).chain((scored) => {
    const scoredIds = scored.map((q) => q.id);
    const deduction: fc.Arbitrary<Deduction>[] = [
      fc
        .record({ when: fc.array(conditionOn(questions), { maxLength: 2 }), pencePerHour: fc.integer({ min: 0, max: 3_000 }), maxWeeklyPence: weeklyAmounts, hoursQuestion: fc.constantFrom(...numbers.map((q) => q.id)) })
        .map((d): Deduction => ({ kind: 'pence-per-hour', reason: 'Unpaid support', ...d })),
    ];
    if (scoredIds.length) {
      deduction.push(
        fc
          .record({ when: fc.array(conditionOn(questions), { maxLength: 2 }), percent: percents, appliesTo: fc.subarray(scoredIds, { minLength: 1 }) })
          .map((d): Deduction => ({ kind: 'percent-of-points', reason: 'Help from family', ...d })),
      );
    }
    return fc
      .record({
        scoring: fc.tuple(...scored.map(scoringFor)),
        pricing: fc.oneof(perPointPricing, bandPricing),
        limits: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 500_000 })),
        deductions: fc.array(fc.oneof(...deduction), { maxLength: 3 }),
        addOns: fc.array(
          fc.record({ reason: fc.constantFrom('social isolation', 'night-time needs'), weeklyPence: fc.integer({ min: 0, max: 10_000 }), when: fc.array(conditionOn(questions), { minLength: 1, maxLength: 2 }) }),
          { maxLength: 3 },
        ),
        contingencyPercent: percents,
        tolerancePercent: percents,
        effectiveFrom: days,
        illustrative: fc.boolean(),
      })
      .map(({ scoring, limits, ...rest }): RasTable => ({
        streamCode,
        name: 'Generated table',
        scoring,
        minimumWeeklyPence: limits[0],
        maximumWeeklyPence: limits[0] + limits[1],
        ...rest,
      }));
  });
}

/** Valid calculators of every kind, reading the questions the illustrative question set uses. */
export function calculators(set: QuestionSet): fc.Arbitrary<Calculator> {
  const employerSize = questionsById(set).get('employer-size');
  const sizes = employerSize?.kind === 'single-choice' ? employerSize.options.map((o) => o.value) : [];
  const base = { name: 'Generated', illustrative: true, effectiveFrom: '2025-04-01' };
  const accessToWork = fc
    .record({
      supportWorkerPencePerHour: fc.integer({ min: 0, max: 5_000 }),
      equipmentSpreadWeeks: fc.integer({ min: 1, max: 520 }),
      annualCapPence: fc.integer({ min: 0, max: 10_000_000 }),
      split: fc.shuffledSubarray(sizes).chain((shuffled) => fc.integer({ min: 0, max: shuffled.length }).map((n) => [shuffled.slice(0, n), shuffled.slice(n)] as const)),
      share: fc.record({ firstPence: fc.integer({ min: 0, max: 200_000 }), percentOfRest: percents, extra: fc.integer({ min: 0, max: 2_000_000 }) }),
    })
    .map(({ split: [shared, rest], share, ...numbers }): AccessToWorkCalculator => ({
      ...base,
      kind: 'access-to-work',
      streamCode: 'access-to-work',
      questions: { supportWorkerHours: 'work-support-worker-hours', equipmentCostPounds: 'work-equipment-cost', travelWeeklyPounds: 'work-travel-cost', employerSize: 'employer-size' },
      ...numbers,
      employerShares: shared.map((size) => ({ employerSizes: [size], firstPence: share.firstPence, percentOfRest: share.percentOfRest, restUpToPence: share.firstPence + share.extra })),
      unknownEmployerSizes: rest.slice(0, 1),
    }));
  const grant = fc.integer({ min: 0, max: 10_000_000 }).map(
    (maximumGrantPence): DisabledFacilitiesGrantCalculator => ({
      ...base,
      kind: 'disabled-facilities-grant',
      streamCode: 'disabled-facilities-grant',
      questions: { quotesPounds: 'home-adaptations-quotes', contributionPounds: 'home-means-test-contribution' },
      maximumGrantPence,
    }),
  );
  const supportingPeople = fc
    .record({ hourlyRatePence: fc.integer({ min: 0, max: 5_000 }), maximumHoursPerWeek: fc.option(fc.integer({ min: 1, max: 400 }).map((n) => n / 10), { nil: undefined }) })
    .map(({ hourlyRatePence, maximumHoursPerWeek }): SupportingPeopleCalculator => ({
      ...base,
      kind: 'supporting-people',
      streamCode: 'supporting-people',
      questions: { hours: 'housing-support-hours' },
      hourlyRatePence,
      ...(maximumHoursPerWeek === undefined ? {} : { maximumHoursPerWeek }),
    }));
  const ilf = fc.constant<Calculator>({ ...base, kind: 'independent-living-fund', streamCode: 'independent-living-fund', questions: { weeklyAwardPounds: 'ilf-weekly-amount' } });
  const workChoice = weeklyAmounts.map((weeklyPence): Calculator => ({ ...base, kind: 'work-choice', streamCode: 'work-choice', programme: 'Work Choice', weeklyPence }));
  return fc.oneof(accessToWork, grant, supportingPeople, ilf, workChoice);
}
