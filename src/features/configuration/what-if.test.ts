// The what-if's numbers, exact to the penny, on a small population worked out by hand with the illustrative RAS table
// (£9.00 a point, minimum £50, 5% contingency, 25% off some needs for lasting unpaid help, £15 for isolation).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageBand, ageOn } from '../../domain/age-bands.ts';
import { answerSets } from '../../domain/assessment/arbitraries.ts';
import { decideEligibility } from '../../domain/assessment/eligibility.ts';
import { type AnswerValue, visibleAnswers } from '../../domain/assessment/question-set.ts';
import { compileRasTable, indicativeWeeklyPence } from '../../domain/budget/ras.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { assessments, people } from '../../db/schema.ts';
import { resetDatabase, testDatabase } from '../../../test/support/database.ts';
import { createArea, createRegion } from '../../records/tenancy.ts';
import { type AreaConfiguration, configurationInForce } from '../../records/configuration-store.ts';
import { questionsNeeded, questionsReadByRule, questionsReadByTable } from './population-evaluator.ts';
import { type WhatIfInputs, latestBirthDateAtAge, noTeamName, runWhatIf } from './what-if.ts';

const day = '2026-01-15';
let database: DatabaseHandle;
let areaId: string;
let configuration: AreaConfiguration;

const outcomes = ['nutrition', 'hygiene', 'toilet', 'clothing', 'home-safety', 'habitable-home', 'relationships', 'work-learning', 'community', 'caring'];

/** A complete set of answers: no difficulties, no unpaid help, not working, unless `changes` says otherwise. */
function answers(changes: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const all: Record<string, AnswerValue> = {
    impairment: true,
    'impairment-kind': ['physical'],
    fluctuating: false,
    'wellbeing-impact': 'significant',
    isolation: 'rarely',
    'unpaid-support': false,
    'work-status': 'not-working',
    'home-adaptations-needed': false,
    'housing-support-hours': 0,
    'ilf-award': false,
  };
  for (const outcome of outcomes) all[`outcome-${outcome}`] = outcome === 'caring' ? 'not-applicable' : 'without-difficulty';
  return { ...all, ...changes };
}

type Stored = { status: string; completedAt: Date | null; answers: Record<string, AnswerValue> };

async function person(area: string, dateOfBirth: string, team: string | null, ...assessed: Stored[]) {
  return personWith(configuration.questionSet.id, area, dateOfBirth, team, assessed);
}

async function personWith(questionSetId: string, area: string, dateOfBirth: string, team: string | null, assessed: Stored[]) {
  const [row] = await database.db.insert(people).values({ areaId: area, givenName: 'Test', familyName: 'Person', dateOfBirth, team }).returning({ id: people.id });
  for (const assessment of assessed) {
    await database.db.insert(assessments).values({ areaId: area, personId: row!.id, questionSetId, ...assessment });
  }
}

const completed = (answersGiven: Record<string, AnswerValue>, completedAt = new Date('2025-12-01T10:00:00Z')) => ({ status: 'completed', completedAt, answers: answersGiven });

async function newArea(name: string) {
  return database.db.transaction(async (tx) => {
    const region = await createRegion(tx, { name: `${name} region` });
    const created = await createArea(tx, { regionId: region.id, name, illustrative: false, leadCouncil: { name: `${name} Council`, kind: 'county_council' }, partners: [] }, { now: new Date() });
    return created.areaId;
  });
}

function inputsWithPrice(pencePerPoint: number): WhatIfInputs {
  const table = configuration.rasTables.find((t) => t.definition.streamCode === 'adult-social-care')!;
  return {
    areaId,
    day,
    rules: configuration.rules.definition,
    changes: [{ streamCode: 'adult-social-care', streamName: 'Adult Social Care', before: { kind: 'ras', compiled: table.compiled }, after: compileRasTable({ ...table.definition, pricing: { kind: 'per-point', pencePerPoint } }) }],
  };
}

beforeAll(async () => {
  database = await testDatabase();
  await resetDatabase(database);
  areaId = await newArea('What-if county');
  configuration = (await configurationInForce(database.db, areaId, day))!;

  // A, 30, North: needs help with food (6) and is at risk washing (5) = 11 points.
  //   Now 11 × £9.00 = £99.00 + 5% £4.95 = £103.95.  At £9.50: £104.50 + £5.225 → £5.23 = £109.73.
  await person(areaId, '1995-06-01', 'North', completed(answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'risk' })));
  // B, 70, South: toilet 4 + clothing 3 + getting out 6 + fluctuating 2 = 15; lasting unpaid help takes 25% of getting
  //   out's 6 (1.5 → 2), so 13 points; often isolated with a very significant impact adds £15.
  //   Now £117.00 + £15 = £132.00 + 5% £6.60 = £138.60.  At £9.50: £123.50 + £15 = £138.50 + £6.925 → £6.93 = £145.43.
  await person(
    areaId,
    '1955-03-01',
    'South',
    completed(
      answers({
        'outcome-toilet': 'pain-distress-anxiety',
        'outcome-clothing': 'takes-much-longer',
        'outcome-community': 'needs-help',
        fluctuating: true,
        'unpaid-support': true,
        'unpaid-support-who': ['partner'],
        'unpaid-support-hours': 20,
        'unpaid-support-sustainable': true,
        'wellbeing-impact': 'very-significant',
        isolation: 'often',
      }),
    ),
  );
  // C, 50, North: one outcome only, so not eligible under the Care Act: left out.
  await person(areaId, '1975-01-01', 'North', completed(answers({ 'outcome-nutrition': 'needs-help' })));
  // D, 80, no team: food 3 and getting out 3, less 25% each for lasting help (0.75 → 1) = 4 points: £36.00 + £1.80
  //   = £37.80, raised to the £50.00 minimum; at £9.50 £38.00 + £1.90 = £39.90, still £50.00: eligible, not affected.
  await person(
    areaId,
    '1945-02-01',
    null,
    completed(
      answers({
        'outcome-nutrition': 'takes-much-longer',
        'outcome-community': 'takes-much-longer',
        'unpaid-support': true,
        'unpaid-support-who': ['child'],
        'unpaid-support-hours': 5,
        'unpaid-support-sustainable': true,
      }),
    ),
  );
  // E, 45, South: an older completed assessment that was eligible, a newer one that is not (no significant impact),
  //   and one in progress. Only the latest completed one counts, so E is left out.
  await person(
    areaId,
    '1980-07-20',
    'South',
    completed(answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help' }), new Date('2025-06-01T10:00:00Z')),
    completed(answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help', 'wellbeing-impact': 'little' }), new Date('2025-11-01T10:00:00Z')),
    { status: 'in progress', completedAt: null, answers: answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help', 'outcome-toilet': 'needs-help' }) },
  );
  // F: in progress only, so not assessed.
  await person(areaId, '1990-01-01', 'North', { status: 'in progress', completedAt: null, answers: answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help' }) });
  // Someone eligible in another area is never counted here.
  const elsewhere = await newArea('Elsewhere');
  // Its assessment is on its own area's question set: a record never points at another area's configuration.
  const elsewhereQuestions = (await configurationInForce(database.db, elsewhere, day))!.questionSet.id;
  await personWith(elsewhereQuestions, elsewhere, '1960-01-01', 'North', [completed(answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'needs-help' }))]);
});

describe('the what-if over a hand-made population', () => {
  it('gives exact totals: people assessed, eligible, affected, weekly and yearly change', async () => {
    const result = await runWhatIf(database.db, inputsWithPrice(950));
    expect(result).toMatchObject({
      day,
      assessed: 5,
      included: 3,
      affected: 2,
      increased: 2,
      decreased: 0,
      beforeWeeklyPence: 10_395 + 13_860 + 5_000,
      afterWeeklyPence: 10_973 + 14_543 + 5_000,
      changeWeeklyPence: 578 + 683,
      changeYearlyPence: (578 + 683) * 52,
    });
  });

  it('breaks the change down by age band, stream and team', async () => {
    const result = await runWhatIf(database.db, inputsWithPrice(950));
    const row = (name: string, people: number, affected: number, before: number, after: number) => ({
      name,
      people,
      affected,
      beforeWeeklyPence: before,
      afterWeeklyPence: after,
      changeWeeklyPence: after - before,
      changeYearlyPence: (after - before) * 52,
    });
    expect(result.byAgeBand).toEqual([row('25 to 64', 1, 1, 10_395, 10_973), row('65 to 74', 1, 1, 13_860, 14_543), row('75 to 84', 1, 0, 5_000, 5_000)]);
    expect(result.byStream).toEqual([row('Adult Social Care', 3, 2, 29_255, 30_516)]);
    expect(result.byTeam).toEqual([row('North', 1, 1, 10_395, 10_973), row('South', 1, 1, 13_860, 14_543), row(noTeamName, 1, 0, 5_000, 5_000)]);
  });

  it('shows a cut as a fall, and no change when the draft is the same', async () => {
    const cut = await runWhatIf(database.db, inputsWithPrice(800));
    // A: 11 × £8 = £88 + £4.40 = £92.40. B: £104 + £15 = £119 + £5.95 = £124.95. D: still the minimum.
    expect(cut).toMatchObject({ affected: 2, increased: 0, decreased: 2, changeWeeklyPence: 9_240 - 10_395 + (12_495 - 13_860) });
    const same = await runWhatIf(database.db, inputsWithPrice(900));
    expect(same).toMatchObject({ included: 3, affected: 0, changeWeeklyPence: 0, changeYearlyPence: 0 });
  });

  it('counts everyone as new money when nothing prices the stream yet, and no one without an eligibility rule', async () => {
    const inputs = inputsWithPrice(950);
    const fresh = await runWhatIf(database.db, { ...inputs, changes: [{ ...inputs.changes[0]!, before: undefined }] });
    expect(fresh).toMatchObject({ included: 3, affected: 3, beforeWeeklyPence: 0, afterWeeklyPence: 30_516 });
    const noRule = await runWhatIf(database.db, { ...inputs, rules: { ...inputs.rules, rules: inputs.rules.rules.filter((rule) => rule.streamCode !== 'adult-social-care') } });
    expect(noRule).toMatchObject({ assessed: 5, included: 0, affected: 0, changeWeeklyPence: 0, byAgeBand: [], byTeam: [] });
  });
});

describe('age bands worked out from dates of birth', () => {
  it('count someone as an age from their birthday on, as ageOn does, 29 February included', () => {
    const days = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    const leapDays = fc.constantFrom('2024-02-29', '2028-02-29', '2000-02-29', '2026-02-28', '2026-03-01', '2025-12-31', '2026-01-01');
    fc.assert(
      fc.property(fc.oneof(days, leapDays), fc.integer({ min: 0, max: 120 }), fc.integer({ min: -400, max: 400 }), (today, age, offset) => {
        const latest = latestBirthDateAtAge(today, age);
        const born = new Date(`${latest}T00:00:00Z`);
        born.setUTCDate(born.getUTCDate() + offset);
        const dateOfBirth = born.toISOString().slice(0, 10);
        expect(dateOfBirth <= latest).toBe(ageOn(dateOfBirth, today) >= age);
      }),
      { numRuns: 3000 },
    );
    expect(latestBirthDateAtAge('2028-02-29', 18)).toBe('2010-02-28');
    expect(latestBirthDateAtAge('2028-02-29', 20)).toBe('2008-02-29');
    expect(latestBirthDateAtAge('2026-01-15', 65)).toBe('1961-01-15');
  });

  it('put people born on the day a band starts into that band', async () => {
    const bandArea = await newArea('Birthday county');
    const questionSetId = (await configurationInForce(database.db, bandArea, day))!.questionSet.id;
    const eligible = answers({ 'outcome-nutrition': 'needs-help', 'outcome-hygiene': 'risk' });
    // On the day: 18 today, 17 until tomorrow, 65 today, 64 until tomorrow, 85 today.
    for (const dateOfBirth of ['2008-01-15', '2008-01-16', '1961-01-15', '1961-01-16', '1941-01-15']) await personWith(questionSetId, bandArea, dateOfBirth, 'North', [completed(eligible)]);
    const result = await runWhatIf(database.db, { ...inputsWithPrice(950), areaId: bandArea });
    expect(result.byAgeBand.map((g) => [g.name, g.people])).toEqual([['under 18', 1], ['18 to 24', 1], ['25 to 64', 1], ['65 to 74', 1], ['85 and over', 1]]);
  });
});

describe('the what-if agrees with the domain functions on any stored answers', () => {
  it('over random people, including answers of the wrong type, odd team names and several assessments each', async () => {
    const areaForRandom = await newArea('Random county');
    const questionSetId = (await configurationInForce(database.db, areaForRandom, day))!.questionSet.id;
    const set = configuration.questionSet.definition;
    const rule = configuration.rules.definition.rules.find((r) => r.streamCode === 'adult-social-care')!;
    const table = configuration.rasTables.find((t) => t.definition.streamCode === 'adult-social-care')!;
    const draft = compileRasTable({ ...table.definition, pricing: { kind: 'per-point', pencePerPoint: 1234 }, minimumWeeklyPence: 9000 });
    // Stored answers can hold anything JSON can: the what-if must read them exactly as the domain does.
    const junk = fc.constantFrom<unknown>(null, 'true', 'true', 'false', 'yes', 6, 0, true, ['needs-help'], { value: 'risk' }, '', 'needs-help\tx', '12', 'very-significant', 'risk');
    // Wrongly typed answers where they matter most: the questions the rule and the tables read.
    const read = [...questionsNeeded(set, [...questionsReadByRule(rule), ...questionsReadByTable(table.definition)])];
    const stored = fc.tuple(answerSets(set, 0.15), fc.dictionary(fc.constantFrom(...read), junk, { maxKeys: 2 })).map(([valid, wrong]) => ({ ...valid, ...wrong }));
    const teamsToUse = ['North', 'South', 'Tab\tteam', null, ''];
    const population = fc.sample(fc.record({ answers: fc.array(stored, { minLength: 1, maxLength: 3 }), team: fc.constantFrom(...teamsToUse), age: fc.integer({ min: 16, max: 100 }) }), { numRuns: 200, seed: 20_260_115 });

    const expected = { included: 0, affected: 0, before: 0, after: 0, bands: new Map<string, number>(), teams: new Map<string, number>() };
    for (const [index, person] of population.entries()) {
      const dateOfBirth = `${2026 - person.age - 1}-0${(index % 9) + 1}-1${index % 9}`;
      const assessed = person.answers.map((answersGiven, n) => completed(answersGiven as Record<string, AnswerValue>, new Date(Date.UTC(2025, n, 1 + (index % 20)))));
      await personWith(questionSetId, areaForRandom, dateOfBirth, person.team, assessed);
      const latest = person.answers.at(-1)! as Record<string, AnswerValue>;
      if (decideEligibility(rule, set, latest).decision !== 'eligible') continue;
      const counted = visibleAnswers(set, latest);
      const was = indicativeWeeklyPence(table.compiled, counted);
      const will = indicativeWeeklyPence(draft, counted);
      expected.included += 1;
      expected.affected += was === will ? 0 : 1;
      expected.before += was;
      expected.after += will;
      const band = ageBand(ageOn(dateOfBirth, day));
      expected.bands.set(band, (expected.bands.get(band) ?? 0) + will - was);
      const team = person.team ? person.team.replace('\t', ' ') : noTeamName;
      expected.teams.set(team, (expected.teams.get(team) ?? 0) + will - was);
    }

    const result = await runWhatIf(database.db, { areaId: areaForRandom, day, rules: configuration.rules.definition, changes: [{ streamCode: 'adult-social-care', streamName: 'Adult Social Care', before: { kind: 'ras', compiled: table.compiled }, after: draft }] });
    expect(expected.included).toBeGreaterThan(10);
    expect(result).toMatchObject({ assessed: population.length, included: expected.included, affected: expected.affected, beforeWeeklyPence: expected.before, afterWeeklyPence: expected.after });
    expect(Object.fromEntries(result.byAgeBand.map((g) => [g.name, g.changeWeeklyPence]))).toEqual(Object.fromEntries(expected.bands));
    expect(Object.fromEntries(result.byTeam.map((g) => [g.name, g.changeWeeklyPence]))).toEqual(Object.fromEntries(expected.teams));
  });
});
