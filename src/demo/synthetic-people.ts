// Generates made-up people with realistic ages, needs and unpaid support, from a seed so runs can be repeated.
// Used by the demo and the benchmarks; everything it makes is labelled illustrative.
import { Faker, en_GB, en, base } from '@faker-js/faker';
import { careActOutcomes } from '../domain/care-act-outcomes.ts';
import { nhsCheckDigit } from '../domain/people/nhs-number.ts';

export const primarySupportReasons = [
  'Physical support',
  'Sensory support',
  'Support with memory and cognition',
  'Learning disability support',
  'Mental health support',
  'Social support',
] as const;

export interface SyntheticPerson {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  team: string;
  profile: {
    illustrative: true;
    primarySupportReason: (typeof primarySupportReasons)[number];
    /** Care Act outcomes the person cannot achieve, and how ("unable" has four meanings). */
    outcomesNotAchieved: { outcome: string; because: 'needs help' | 'pain or distress' | 'endangers' | 'takes much longer' }[];
    significantImpactOnWellbeing: boolean;
    unpaidSupportHoursPerWeek: number;
    unpaidSupportSustainable: boolean;
    work: 'in work' | 'looking for work' | 'not working' | 'retired';
    needsHomeAdaptations: boolean;
  };
}

/**
 * The `index`th illustrative NHS number (unique for 100,000 indexes): in the 999 range the NHS keeps for test data, so
 * it is never a real person's, with a valid check digit so it can be searched for. The ninth digit is 0, or 1 when 0
 * leaves no valid check digit: its weight (2) makes the ten choices of it give ten different remainders, so at most
 * one of them fails.
 */
export function illustrativeNhsNumber(index: number): string {
  const firstEight = `999${String(index % 100_000).padStart(5, '0')}`;
  const firstNine = nhsCheckDigit(`${firstEight}0`) === undefined ? `${firstEight}1` : `${firstEight}0`;
  return `${firstNine}${nhsCheckDigit(firstNine)!}`;
}

/**
 * The `index`th illustrative postcode in a made-up postcode area (such as "NS"), in districts 1 to 9, so an outward
 * code like "NS4" finds a handful of people.
 */
export function illustrativePostcode(postcodeArea: string, index: number): string {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const district = 1 + (index % 9);
  const sector = Math.floor(index / 9) % 10;
  const unit = `${letters[index % letters.length]}${letters[Math.floor(index / letters.length) % letters.length]}`;
  return `${postcodeArea}${district} ${sector}${unit}`;
}

const teams = ['North locality team', 'South locality team', 'Learning disability team', 'Mental health team', 'Hospital discharge team'];
const unableBecause = ['needs help', 'pain or distress', 'endangers', 'takes much longer'] as const;

export function syntheticPeopleGenerator(seed: number, today: string) {
  const faker = new Faker({ locale: [en_GB, en, base], seed });
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];

  return function next(): SyntheticPerson {
    // About two thirds of people on long-term support are 65 or over; working-age adults are the rest.
    const age = faker.number.float() < 0.35 ? faker.number.int({ min: 18, max: 64 }) : faker.number.int({ min: 65, max: 99 });
    const birthYear = year - age - 1;
    const birthMonth = faker.number.int({ min: 1, max: 12 });
    const birthDay = faker.number.int({ min: 1, max: 28 });
    // Born after today's month and day in birthYear + 1 would make them `age`; keep it simple and valid.
    const dateOfBirth = `${birthMonth > month || (birthMonth === month && birthDay > day) ? birthYear + 1 : birthYear}-${String(birthMonth).padStart(2, '0')}-${String(birthDay).padStart(2, '0')}`;
    const workingAge = age < 66;
    const reason = age >= 75
      ? faker.helpers.weightedArrayElement([{ weight: 6, value: primarySupportReasons[0] }, { weight: 3, value: primarySupportReasons[2] }, { weight: 1, value: primarySupportReasons[1] }])
      : faker.helpers.arrayElement(primarySupportReasons);
    const outcomeCount = faker.helpers.weightedArrayElement([
      { weight: 1, value: 1 },
      { weight: 3, value: 2 },
      { weight: 3, value: 3 },
      { weight: 2, value: 4 },
      { weight: 2, value: 6 },
      { weight: 1, value: 8 },
    ]);
    const outcomes = faker.helpers.arrayElements(careActOutcomes.map((outcome) => outcome.code), outcomeCount);
    const unpaidSupportHoursPerWeek = faker.helpers.weightedArrayElement([
      { weight: 4, value: 0 },
      { weight: 3, value: faker.number.int({ min: 1, max: 10 }) },
      { weight: 2, value: faker.number.int({ min: 11, max: 35 }) },
      { weight: 1, value: faker.number.int({ min: 36, max: 70 }) },
    ]);
    return {
      givenName: faker.person.firstName(),
      familyName: faker.person.lastName(),
      dateOfBirth,
      team: faker.helpers.arrayElement(teams),
      profile: {
        illustrative: true,
        primarySupportReason: reason,
        outcomesNotAchieved: outcomes.map((outcome) => ({ outcome, because: faker.helpers.arrayElement(unableBecause) })),
        significantImpactOnWellbeing: outcomeCount >= 2 ? faker.number.float() < 0.85 : faker.number.float() < 0.3,
        unpaidSupportHoursPerWeek,
        unpaidSupportSustainable: unpaidSupportHoursPerWeek < 35 ? faker.number.float() < 0.8 : faker.number.float() < 0.4,
        work: workingAge ? faker.helpers.weightedArrayElement([{ weight: 3, value: 'in work' as const }, { weight: 2, value: 'looking for work' as const }, { weight: 5, value: 'not working' as const }]) : 'retired',
        needsHomeAdaptations: faker.number.float() < 0.25,
      },
    };
  };
}
