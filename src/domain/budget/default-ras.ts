// An ILLUSTRATIVE RAS table for adult social care, matched to the illustrative question set. No public worked example
// with real figures exists, so every number here is made up to show how a table works: it is not any council's RAS.
import { careActOutcomes } from '../care-act-outcomes.ts';
import { outcomeAnswers } from '../assessment/default-question-set.ts';
import type { RasTable } from './ras.ts';

type OutcomeCode = (typeof careActOutcomes)[number]['code'];

const needs: Record<OutcomeCode, string> = {
  nutrition: 'help with food and drink',
  hygiene: 'help with washing',
  toilet: 'help using the toilet',
  clothing: 'help getting dressed',
  'home-safety': 'help moving around your home safely',
  'habitable-home': 'help keeping your home clean and safe',
  relationships: 'help keeping in touch with family and friends',
  'work-learning': 'help with work, learning or volunteering',
  community: 'help getting out and about',
  caring: 'help looking after a child',
};

/** Being unable in any of the four ways scores; how much depends on the way. */
const outcomePoints = {
  [outcomeAnswers.needsHelp]: 6,
  [outcomeAnswers.risk]: 5,
  [outcomeAnswers.painDistressAnxiety]: 4,
  [outcomeAnswers.takesMuchLonger]: 3,
};

export const defaultRasTable: RasTable = {
  streamCode: 'adult-social-care',
  name: 'Adult social care RAS (illustrative)',
  illustrative: true,
  effectiveFrom: '2025-04-01',
  scoring: [
    ...careActOutcomes.map((outcome) => ({ kind: 'per-option' as const, question: `outcome-${outcome.code}`, need: needs[outcome.code], points: outcomePoints })),
    { kind: 'per-option', question: 'fluctuating', need: 'needs that change from day to day', points: { yes: 2 } },
  ],
  pricing: { kind: 'per-point', pencePerPoint: 900 },
  minimumWeeklyPence: 5_000,
  maximumWeeklyPence: 150_000,
  deductions: [
    {
      kind: 'percent-of-points',
      reason: 'Help from family and friends that can carry on',
      when: [
        { question: 'unpaid-support', test: 'equals', value: true },
        { question: 'unpaid-support-sustainable', test: 'equals', value: true },
      ],
      percent: 25,
      appliesTo: ['outcome-nutrition', 'outcome-habitable-home', 'outcome-relationships', 'outcome-community'],
    },
  ],
  addOns: [
    {
      reason: 'social isolation',
      weeklyPence: 1_500,
      when: [
        { question: 'isolation', test: 'equals', value: 'often' },
        { question: 'wellbeing-impact', test: 'equals', value: 'very-significant' },
      ],
    },
  ],
  contingencyPercent: 5,
  tolerancePercent: 10,
};
