// ILLUSTRATIVE calculator figures for the five seeded streams that do not use a RAS, matched to the illustrative
// question set. Rates and caps are examples for an area to replace; they are not any agency's current figures.
import type { Calculator } from './calculators.ts';

export const defaultCalculators: Calculator[] = [
  {
    kind: 'access-to-work',
    streamCode: 'access-to-work',
    name: 'Access to Work (illustrative)',
    illustrative: true,
    effectiveFrom: '2025-04-01',
    questions: {
      supportWorkerHours: 'work-support-worker-hours',
      equipmentCostPounds: 'work-equipment-cost',
      travelWeeklyPounds: 'work-travel-cost',
      employerSize: 'employer-size',
    },
    supportWorkerPencePerHour: 1_600,
    equipmentSpreadWeeks: 52,
    annualCapPence: 6_926_000,
    employerShares: [
      { employerSizes: ['50-to-249'], firstPence: 50_000, percentOfRest: 20, restUpToPence: 1_000_000 },
      { employerSizes: ['250-or-more'], firstPence: 100_000, percentOfRest: 20, restUpToPence: 1_000_000 },
    ],
    unknownEmployerSizes: ['not-known'],
  },
  {
    kind: 'disabled-facilities-grant',
    streamCode: 'disabled-facilities-grant',
    name: 'Disabled Facilities Grant (illustrative)',
    illustrative: true,
    effectiveFrom: '2025-04-01',
    questions: { quotesPounds: 'home-adaptations-quotes', contributionPounds: 'home-means-test-contribution' },
    maximumGrantPence: 3_000_000,
  },
  {
    kind: 'supporting-people',
    streamCode: 'supporting-people',
    name: 'Supporting People (illustrative)',
    illustrative: true,
    effectiveFrom: '2025-04-01',
    questions: { hours: 'housing-support-hours' },
    hourlyRatePence: 1_800,
    maximumHoursPerWeek: 10,
  },
  {
    kind: 'independent-living-fund',
    streamCode: 'independent-living-fund',
    name: 'Independent Living Fund (illustrative)',
    illustrative: true,
    effectiveFrom: '2025-04-01',
    questions: { weeklyAwardPounds: 'ilf-weekly-amount' },
  },
  {
    kind: 'work-choice',
    streamCode: 'work-choice',
    name: 'Work Choice (illustrative)',
    illustrative: true,
    effectiveFrom: '2025-04-01',
    programme: 'Work Choice',
    weeklyPence: 6_000,
  },
];
