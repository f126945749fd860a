// ILLUSTRATIVE eligibility rules for the six seeded funding streams, matched to the illustrative question set. The
// Care Act rule is the law; the other five are simplified sketches of each agency's rules, for an area to replace.
import { careActOutcomes } from '../care-act-outcomes.ts';
import { outcomeAnswers } from './default-question-set.ts';
import type { EligibilityRuleSet } from './eligibility.ts';

const hasImpairment = {
  when: { question: 'impairment', test: 'equals', value: true },
  met: 'You have a physical or mental impairment or illness.',
  notMet: 'You told us you do not have a physical or mental impairment or illness, and this support is for disabled people and people with health conditions.',
} as const;

export const defaultEligibilityRules: EligibilityRuleSet = {
  name: 'Eligibility rules (illustrative)',
  illustrative: true,
  rules: [
    {
      kind: 'care-act',
      streamCode: 'adult-social-care',
      impairmentQuestion: 'impairment',
      outcomes: careActOutcomes.map((outcome) => ({ outcome: outcome.code, question: `outcome-${outcome.code}` })),
      unableAnswers: {
        'needs-help': [outcomeAnswers.needsHelp],
        'pain-distress-anxiety': [outcomeAnswers.painDistressAnxiety],
        risk: [outcomeAnswers.risk],
        'takes-much-longer': [outcomeAnswers.takesMuchLonger],
      },
      wellbeingQuestion: 'wellbeing-impact',
      significantImpactAnswers: ['significant', 'very-significant'],
      fluctuatingQuestion: 'fluctuating',
    },
    {
      kind: 'conditions',
      streamCode: 'independent-living-fund',
      match: 'all',
      conditions: [
        {
          when: { question: 'ilf-award', test: 'equals', value: true },
          met: 'You already have an Independent Living Fund award.',
          notMet: 'The Independent Living Fund is closed to new applications in England, so only people who already have an award can use it.',
        },
      ],
    },
    {
      kind: 'conditions',
      streamCode: 'access-to-work',
      match: 'all',
      conditions: [
        hasImpairment,
        {
          when: { question: 'work-status', test: 'one-of', values: ['in-work', 'starting-work'] },
          met: 'You are in paid work, or about to start a job.',
          notMet: 'Access to Work is for people in paid work or about to start a job.',
        },
        {
          when: { question: 'work-support-needed', test: 'equals', value: true },
          met: 'You need support at work because of your impairment or illness.',
          notMet: 'You told us you do not need support at work.',
        },
      ],
    },
    {
      kind: 'conditions',
      streamCode: 'work-choice',
      match: 'all',
      conditions: [
        hasImpairment,
        {
          when: { question: 'work-status', test: 'one-of', values: ['looking-for-work', 'starting-work'] },
          met: 'You are looking for work, or about to start a job.',
          notMet: 'Work Choice is for people looking for work or about to start a job.',
        },
        {
          when: { question: 'employment-support-needed', test: 'equals', value: true },
          met: 'You need specialist support to find work or settle into a job.',
          notMet: 'You told us you do not need specialist support to find work or settle into a job.',
        },
      ],
    },
    {
      kind: 'conditions',
      streamCode: 'disabled-facilities-grant',
      match: 'all',
      conditions: [
        hasImpairment,
        {
          when: { question: 'home-adaptations-needed', test: 'equals', value: true },
          met: 'You need changes to your home so you can live there safely.',
          notMet: 'You told us you do not need changes to your home.',
        },
      ],
    },
    {
      kind: 'conditions',
      streamCode: 'supporting-people',
      match: 'all',
      conditions: [
        {
          when: { question: 'housing-support-hours', test: 'more-than', value: 0 },
          met: 'You need help to keep your home and tenancy going.',
          notMet: 'You told us you do not need help to keep your home and tenancy going.',
        },
      ],
    },
  ],
};
