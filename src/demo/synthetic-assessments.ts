// Turns a synthetic person's profile into a completed self-assessment on the illustrative default question set, so
// the demo and the benchmarks have answers that agree with each person's needs, unpaid support, work and home.
import type { AnswerValue } from '../domain/assessment/question-set.ts';
import { outcomeAnswers } from '../domain/assessment/default-question-set.ts';
import { ageOn } from '../domain/age-bands.ts';
import { careActOutcomes } from '../domain/care-act-outcomes.ts';
import type { SyntheticPerson } from './synthetic-people.ts';

type Because = SyntheticPerson['profile']['outcomesNotAchieved'][number]['because'];

/** The profile's four ways of being "unable" as the outcome questions' option values. */
const unableAnswer: Record<Because, string> = {
  'needs help': outcomeAnswers.needsHelp,
  'pain or distress': outcomeAnswers.painDistressAnxiety,
  endangers: outcomeAnswers.risk,
  'takes much longer': outcomeAnswers.takesMuchLonger,
};

const impairmentKind: Record<SyntheticPerson['profile']['primarySupportReason'], string> = {
  'Physical support': 'physical',
  'Sensory support': 'sensory',
  'Support with memory and cognition': 'memory-cognition',
  'Learning disability support': 'learning-disability',
  'Mental health support': 'mental-health',
  'Social support': 'other',
};

/**
 * The few answers a profile does not settle (employer size, the cost of equipment…) are drawn from the person's own
 * details, so the same person always gets the same answers without the generator's sequence changing.
 */
function choicesFor(person: SyntheticPerson): () => number {
  let state = 2166136261;
  for (const character of `${person.givenName}|${person.familyName}|${person.dateOfBirth}|${person.team}`) {
    state = Math.imul(state ^ character.charCodeAt(0), 16777619) >>> 0;
  }
  // mulberry32: small, fast and good enough to spread made-up answers.
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Answers to every question the default set shows this person, consistent with the profile: each outcome not
 * achieved is answered in the way the profile says, unpaid support hours and whether they can carry on are as
 * generated, work and home follow the profile. The result is complete (`isComplete`) on the default question set.
 */
export function syntheticAnswers(person: SyntheticPerson, today: string): Record<string, AnswerValue> {
  const random = choicesFor(person);
  const { profile } = person;
  const age = ageOn(person.dateOfBirth, today);
  const notAchieved = new Map(profile.outcomesNotAchieved.map((entry) => [entry.outcome, entry.because]));
  const answers: Record<string, AnswerValue> = {};

  answers.impairment = true;
  const kinds = new Set([impairmentKind[profile.primarySupportReason]]);
  if (age >= 65 && random() < 0.4) kinds.add('long-term-condition');
  if (profile.primarySupportReason === 'Learning disability support' && random() < 0.3) kinds.add('mental-health');
  // Stored in the order the question lists its options, as validateAnswer would store them.
  answers['impairment-kind'] = ['physical', 'sensory', 'learning-disability', 'mental-health', 'memory-cognition', 'long-term-condition', 'other'].filter((kind) => kinds.has(kind));
  answers.fluctuating = profile.primarySupportReason === 'Mental health support' || random() < 0.2;

  for (const outcome of careActOutcomes) {
    const because = notAchieved.get(outcome.code);
    // Most people do not look after a child; older people almost never do.
    const fallback = outcome.code === 'caring' && (age >= 60 || random() < 0.85) ? outcomeAnswers.notApplicable : outcomeAnswers.withoutDifficulty;
    answers[`outcome-${outcome.code}`] = because ? unableAnswer[because] : fallback;
  }
  const outcomeCount = notAchieved.size;
  answers['wellbeing-impact'] = profile.significantImpactOnWellbeing
    ? outcomeCount >= 4 ? 'very-significant' : 'significant'
    : outcomeCount <= 1 ? 'little' : 'some';
  const cutOff = notAchieved.has('relationships') || notAchieved.has('community');
  answers.isolation = cutOff ? 'often' : profile.unpaidSupportHoursPerWeek === 0 && age >= 75 ? 'sometimes' : 'rarely';

  const hours = profile.unpaidSupportHoursPerWeek;
  answers['unpaid-support'] = hours > 0;
  if (hours > 0) {
    const who = age >= 65 ? (random() < 0.6 ? ['partner'] : ['child']) : age < 30 ? ['parent'] : random() < 0.5 ? ['partner'] : ['parent'];
    if (random() < 0.25) who.push('friend-neighbour');
    answers['unpaid-support-who'] = ['partner', 'parent', 'child', 'other-family', 'friend-neighbour'].filter((value) => who.includes(value));
    answers['unpaid-support-hours'] = hours;
    answers['unpaid-support-sustainable'] = profile.unpaidSupportSustainable;
  }

  const workStatus = { 'in work': 'in-work', 'looking for work': 'looking-for-work', 'not working': 'not-working', retired: 'not-working' }[profile.work];
  answers['work-status'] = workStatus;
  if (workStatus === 'in-work') {
    const needsSupport = notAchieved.has('work-learning') || profile.primarySupportReason === 'Physical support' || profile.primarySupportReason === 'Sensory support' || random() < 0.3;
    answers['work-support-needed'] = needsSupport;
    if (needsSupport) {
      answers['work-support-worker-hours'] = random() < 0.5 ? 0 : Math.round(random() * 30) / 2 + 1;
      answers['work-equipment-cost'] = random() < 0.4 ? 0 : 100 * Math.round(random() * 40 + 2);
      answers['work-travel-cost'] = random() < 0.6 ? 0 : Math.round(random() * 90 + 10);
    }
    answers['employer-size'] = ['self-employed', 'under-50', '50-to-249', '250-or-more', 'not-known'][Math.floor(random() * 5)]!;
  } else if (workStatus === 'looking-for-work') {
    answers['employment-support-needed'] = random() < 0.7;
  }

  answers['home-adaptations-needed'] = profile.needsHomeAdaptations;
  if (profile.needsHomeAdaptations) {
    // Quotes and the means test are optional: many people have neither yet.
    if (random() < 0.6) answers['home-adaptations-quotes'] = 500 * Math.round(random() * 50 + 2);
    if (random() < 0.4) answers['home-means-test-contribution'] = random() < 0.7 ? 0 : 250 * Math.round(random() * 20 + 1);
  }
  const housingNeed = notAchieved.has('habitable-home') || profile.primarySupportReason === 'Mental health support' || profile.primarySupportReason === 'Learning disability support';
  answers['housing-support-hours'] = housingNeed ? Math.round(random() * 10 + 2) / 2 : 0;

  // The Independent Living Fund closed to new people in 2015: only a few long-standing working-age awards remain.
  const ilf = age < 65 && outcomeCount >= 6 && random() < 0.3;
  answers['ilf-award'] = ilf;
  if (ilf) answers['ilf-weekly-amount'] = Math.round(random() * 30_000 + 5_000) / 100;
  return answers;
}
