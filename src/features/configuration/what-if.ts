// The what-if before publishing a recalibrated RAS table: over the latest completed assessment of everyone in the area,
// the weekly amount under the pricing in force and under the draft, in total and by age band, stream and team.
//
// Speed (≤ 1 s for 100,000 assessments, and at most 1.5× its own query; bench/what-if.ts, docs/benchmarks.md): one
// query sends, per person, the age band, the team and only the answers the tables and the eligibility rule read (and
// those their questions depend on to be shown), coded into one short tab-separated line, and the rows are counted as
// they stream in. Each question set and table is prepared once (`populationEvaluator`, `populationRas`), and each
// different set of answers is worked out once: eligibility, then both tables, reading the answers by position.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { EligibilityRule, EligibilityRuleSet } from '../../domain/assessment/eligibility.ts';
import { type AnswerValue, type Question, type QuestionSet, allQuestions } from '../../domain/assessment/question-set.ts';
import { type AgeBand, ageBand } from '../../domain/age-bands.ts';
import { type Calculator, calculate } from '../../domain/budget/calculators.ts';
import { weeklyToYearly } from '../../domain/budget/money.ts';
import type { CompiledRasTable } from '../../domain/budget/ras.ts';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations } from '../../db/schema.ts';
import { populationEvaluator, populationRas, questionsNeeded, questionsReadByCalculator, questionsReadByRule, questionsReadByTable } from './population-evaluator.ts';

/** How a stream is priced now: the RAS table or calculator in force, or nothing yet. */
export type CurrentPricing = { kind: 'ras'; compiled: CompiledRasTable } | { kind: 'calculator'; calculator: Calculator } | undefined;

export interface WhatIfChange {
  streamCode: string;
  /** The name people see, for the breakdown by stream. */
  streamName: string;
  before: CurrentPricing;
  after: CompiledRasTable;
}

export interface WhatIfGroup {
  name: string;
  /** People in the group eligible for the stream (or, outside the stream breakdown, for any of the streams changed). */
  people: number;
  affected: number;
  beforeWeeklyPence: number;
  afterWeeklyPence: number;
  changeWeeklyPence: number;
  changeYearlyPence: number;
}

export interface WhatIfResult {
  day: string;
  /** People with a completed assessment. */
  assessed: number;
  /** Of them, those eligible for a stream being changed: only they are counted below. */
  included: number;
  /** Those whose weekly amount would change. */
  affected: number;
  increased: number;
  decreased: number;
  beforeWeeklyPence: number;
  afterWeeklyPence: number;
  changeWeeklyPence: number;
  changeYearlyPence: number;
  byAgeBand: WhatIfGroup[];
  byStream: WhatIfGroup[];
  byTeam: WhatIfGroup[];
}

export interface WhatIfInputs {
  areaId: string;
  /** The day (YYYY-MM-DD, London) ages are worked out on. */
  day: string;
  /** The eligibility rules in force: people not eligible for a stream are left out of it. */
  rules: EligibilityRuleSet;
  changes: readonly WhatIfChange[];
}

export const noTeamName = 'No team recorded';

// Published question sets never change, so each is read from the database once.
const questionSetCache = new Map<string, QuestionSet>();

async function questionSetsById(db: Queryable, areaId: string, ids: readonly string[]): Promise<Map<string, QuestionSet>> {
  const found = new Map<string, QuestionSet>();
  const missing = ids.filter((id) => {
    const cached = questionSetCache.get(id);
    if (cached) found.set(id, cached);
    return !cached;
  });
  if (missing.length) {
    const rows = await db
      .select({ id: areaConfigurations.id, definition: areaConfigurations.definition, publishedAt: areaConfigurations.publishedAt })
      .from(areaConfigurations)
      .where(and(eq(areaConfigurations.areaId, areaId), inArray(areaConfigurations.id, missing)));
    for (const row of rows) {
      found.set(row.id, row.definition as QuestionSet);
      if (row.publishedAt) questionSetCache.set(row.id, row.definition as QuestionSet);
    }
  }
  return found;
}

/**
 * How each answer travels, as short text, exactly. An answer that does not fit its question (the wrong type, or not
 * one of the options) counts for nothing, just like no answer, so both travel as the empty string:
 * - a choice answer as the number of its option in base 36 ("0", "1", …), or "" if it is not an option;
 * - a yes-or-no answer as "t" or "f", or "" if it is not true or false (so the text "true" is not taken for true);
 * - anything else as its JSON text (`->` then text), read by `fromJsonText`.
 * Option names are compared as JSON when one could be mistaken for the text of a number, true, false or null.
 */
type Carrier = { kind: 'option'; options: string[] } | { kind: 'yes-no' } | { kind: 'json' };

function carriers(sets: Iterable<QuestionSet>, keys: readonly string[]): Carrier[] {
  const asked = new Map<string, Question[]>();
  for (const set of sets) for (const question of allQuestions(set)) asked.set(question.id, [...(asked.get(question.id) ?? []), question]);
  return keys.map((key): Carrier => {
    const questions = asked.get(key) ?? [];
    if (questions.length && questions.every((question) => question.kind === 'yes-no')) return { kind: 'yes-no' };
    if (questions.length && questions.every((question) => question.kind === 'single-choice')) {
      // The options of every version of the question: an answer is checked against its own version later.
      const options = [...new Set(questions.flatMap((question) => (question.kind === 'single-choice' ? question.options.map((option) => option.value) : [])))];
      return { kind: 'option', options };
    }
    return { kind: 'json' };
  });
}

function answerAsText(key: string, carrier: Carrier): SQL {
  if (carrier.kind === 'yes-no') return sql`case a.answers -> ${key}::text when 'true'::jsonb then 't' when 'false'::jsonb then 'f' else '' end`;
  if (carrier.kind === 'json') return sql`coalesce((a.answers -> ${key}::text)::text, '')`;
  const lookalike = carrier.options.some((value) => /^(\d+|true|false|null)$/.test(value));
  const branches = carrier.options.map((value, index) => (lookalike ? sql`when ${JSON.stringify(value)}::jsonb then ${index.toString(36)}` : sql`when ${value} then ${index.toString(36)}`));
  return lookalike ? sql`case a.answers -> ${key}::text ${sql.join(branches, sql` `)} else '' end` : sql`case a.answers ->> ${key}::text ${sql.join(branches, sql` `)} else '' end`;
}

function fromText(text: string, carrier: Carrier): unknown {
  if (text === '') return undefined;
  if (carrier.kind === 'option') return carrier.options[parseInt(text, 36)];
  if (carrier.kind === 'yes-no') return text === 't';
  return fromJsonText(text);
}

/** `fromText` for an answer one character long, the usual case, read by its character code rather than parsed. */
function fromCharacter(code: number, carrier: Carrier): unknown {
  if (carrier.kind === 'option') return carrier.options[code <= 57 ? code - 48 : code - 87];
  if (carrier.kind === 'yes-no') return code === 116;
  return fromJsonText(String.fromCharCode(code));
}

function fromJsonText(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const first = text.charCodeAt(0);
  // PostgreSQL prints jsonb numbers as plain decimals, which Number reads exactly as JSON.parse would.
  if ((first >= 48 && first <= 57) || first === 45) return Number(text);
  return JSON.parse(text);
}

/** At most 100 arguments a function call: long lists are joined in pieces. */
function joinedWithTabs(parts: readonly SQL[]): SQL {
  if (parts.length <= 90) return sql`concat_ws(chr(9), ${sql.join([...parts], sql`, `)})`;
  const pieces: SQL[] = [];
  for (let start = 0; start < parts.length; start += 90) pieces.push(joinedWithTabs(parts.slice(start, start + 90)));
  return joinedWithTabs(pieces);
}

/**
 * The age bands in the order reports list them, each with the age it starts at: read from `ageBand` itself, so the
 * bands worked out in SQL are always the domain's.
 */
const bandStarts: readonly { band: AgeBand; fromAge: number }[] = (() => {
  const starts = [{ band: ageBand(0), fromAge: 0 }];
  for (let age = 1; age <= 150; age += 1) if (ageBand(age) !== ageBand(age - 1)) starts.push({ band: ageBand(age), fromAge: age });
  return starts;
})();

/**
 * The latest date of birth (YYYY-MM-DD) of anyone `age` or older on `day`: `ageOn(dateOfBirth, day) >= age` exactly
 * when the date of birth is on or before it. Born on 29 February and the day's year minus `age` is not a leap year:
 * the 28th, as `ageOn` counts a birthday not yet reached until the 1st of March.
 */
export function latestBirthDateAtAge(day: string, age: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const born = new Date(0);
  born.setUTCFullYear(year - age, month, 0);
  const lastOfMonth = born.getUTCDate();
  return `${String(year - age).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(date, lastOfMonth)).padStart(2, '0')}`;
}

/** The person's age band on the day, as its place in `bandStarts` (one character), by comparing dates of birth. */
function bandNumber(day: string): SQL {
  const later = bandStarts.slice(1).map(({ fromAge }, index) => sql`when p.date_of_birth > ${latestBirthDateAtAge(day, fromAge)}::date then ${index.toString(36)}`);
  return sql`case ${sql.join(later, sql` `)} else ${(bandStarts.length - 1).toString(36)} end`;
}

/**
 * A person's answers as one line: the question set number and each needed answer. Everyone with the same answers on
 * the same question set has the same line, which is what the count reuses; it travels as a column of its own, so it
 * is a string the map can look up as it is, not a piece cut from a longer one.
 */
function answersLine(setIds: readonly string[], keys: readonly string[], carried: readonly Carrier[]): SQL {
  // Never null, which concat_ws would leave out, shifting every field after it; -1 is a set this area does not have.
  const setNumber = sql`case a.question_set_id ${sql.join(setIds.map((id, index) => sql`when ${id}::uuid then ${String(index)}`), sql` `)} else '-1' end`;
  return joinedWithTabs([setNumber, ...keys.map((key, index) => answerAsText(key, carried[index]!))]);
}

interface Tally {
  people: number;
  affected: number;
  before: number;
  after: number;
}

const emptyTally = (): Tally => ({ people: 0, affected: 0, before: 0, after: 0 });

function add(tally: Tally, affected: number, before: number, after: number): void {
  tally.people += 1;
  tally.affected += affected;
  tally.before += before;
  tally.after += after;
}

function group(name: string, tally: Tally): WhatIfGroup {
  const change = tally.after - tally.before;
  return { name, people: tally.people, affected: tally.affected, beforeWeeklyPence: tally.before, afterWeeklyPence: tally.after, changeWeeklyPence: change, changeYearlyPence: weeklyToYearly(change) };
}

/**
 * How a pricing prices the answers that count, kept by position as the evaluators leave them (`keys` from the second
 * place): a RAS table prepared once, a calculator as it is, on those answers as an object.
 */
function pricer(pricing: CurrentPricing, keys: readonly string[]): (counted: readonly unknown[]) => number {
  if (!pricing) return () => 0;
  if (pricing.kind === 'ras') return populationRas(pricing.compiled, keys, 1);
  const { calculator } = pricing;
  return (counted) => {
    const answers: Record<string, AnswerValue | undefined> = {};
    keys.forEach((key, index) => (answers[key] = counted[index + 1] as AnswerValue | undefined));
    return calculate(calculator, answers).weeklyPence;
  };
}

const dialect = new PgDialect();

/** A person as the what-if reads them: the age band's number, the team ('' for none) and the answers line. */
type PersonRow = readonly [band: string, team: string, answers: string];

/**
 * Calls `onRow` with each row (its columns in order) as it arrives. On PostgreSQL the rows stream (node-postgres emits
 * each as it is read, keeping none), so counting overlaps with the query; PGlite answers all at once.
 */
async function eachRow(db: Queryable, query: SQL, onRow: (row: PersonRow) => void): Promise<void> {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) {
    for (const row of await rowsOf<{ b: string; t: string; r: string }>(db, query)) onRow([row.b, row.t, row.r]);
    return;
  }
  const { sql: text, params } = dialect.sqlToQuery(query);
  const client = await pool.connect();
  let failure: unknown;
  try {
    await new Promise<void>((resolve, reject) => {
      // Rows as arrays, not objects: one fewer object a person. (The types know rowMode only on other overloads.)
      const config: pg.QueryConfig = { text, values: params };
      const stream = client.query(new pg.Query({ ...config, rowMode: 'array' } as pg.QueryConfig));
      stream.on('row', (row: unknown) => {
        if (failure) return;
        try {
          onRow(row as PersonRow);
        } catch (error) {
          failure = error;
        }
      });
      stream.on('error', reject);
      stream.on('end', () => (failure ? reject(failure) : resolve()));
    });
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  client.release();
}

/** Both drivers (node-postgres and PGlite) answer a raw query with `{ rows }`, each row an object by column name. */
async function rowsOf<T>(db: Queryable, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Runs the what-if. Reads answers in aggregate only; the caller authorises and audits the run. */
export async function runWhatIf(db: Queryable, inputs: WhatIfInputs): Promise<WhatIfResult> {
  const changes = inputs.changes.map((change) => ({
    ...change,
    rule: inputs.rules.rules.find((rule) => rule.streamCode === change.streamCode) as EligibilityRule | undefined,
  }));

  // Assessments are answered on one of the area's question set versions: a handful of rows, unlike the assessments.
  const setIds = (
    await db.select({ id: areaConfigurations.id }).from(areaConfigurations).where(and(eq(areaConfigurations.areaId, inputs.areaId), eq(areaConfigurations.kind, 'question-set')))
  ).map((row) => row.id);
  const sets = await questionSetsById(db, inputs.areaId, setIds);

  const read = new Set<string>();
  for (const change of changes) {
    if (!change.rule) continue;
    for (const id of questionsReadByRule(change.rule)) read.add(id);
    for (const id of questionsReadByTable(change.after.table)) read.add(id);
    if (change.before?.kind === 'ras') for (const id of questionsReadByTable(change.before.compiled.table)) read.add(id);
    if (change.before?.kind === 'calculator') for (const id of questionsReadByCalculator(change.before.calculator)) read.add(id);
  }
  const keySet = new Set<string>();
  for (const set of sets.values()) for (const id of questionsNeeded(set, read)) keySet.add(id);
  const keys = [...keySet].sort();
  const setIdList = [...sets.keys()];
  const carried = carriers(sets.values(), keys);
  // The part of a line after the team starts with the set number; the answers follow from the second place.
  const evaluators = setIdList.map((id) => populationEvaluator(sets.get(id)!, keys, 1));
  const prices = changes.map((change) => ({ before: pricer(change.before, keys), after: populationRas(change.after, keys, 1) }));

  const streams = changes.map(emptyTally);
  const total = emptyTally();
  let assessed = 0;
  let increased = 0;
  let decreased = 0;

  /**
   * What each different set of answers comes to, worked out once (many people answer alike) and kept in one flat list
   * rather than an object a set: from its place, per change, eligible (1 or 0), then the weekly amount now and with
   * the draft. -1 for answers on a question set that is not this area's, which nothing here can read.
   */
  const perSet = 1 + changes.length * 3;
  const outcomes: number[] = [];
  const outcomeAt = new Map<string, number>();
  // The answers of the set being worked out, in `keys` order from the second place (the evaluators' `firstSlot`).
  const values: unknown[] = new Array(keys.length + 1).fill(undefined);

  /** Reads the fields of a line's answers in place, without splitting it into a list of strings first. */
  function outcomeOf(answered: string): number {
    let end = answered.indexOf('\t');
    const evaluator = evaluators[end === 1 ? answered.charCodeAt(0) - 48 : Number(end < 0 ? answered : answered.slice(0, end))];
    if (!evaluator) return -1;
    for (let index = 0; index < carried.length; index += 1) {
      const start = end + 1;
      end = answered.indexOf('\t', start);
      if (end < 0) end = answered.length;
      values[index + 1] = end === start ? undefined : end === start + 1 ? fromCharacter(answered.charCodeAt(start), carried[index]!) : fromText(answered.slice(start, end), carried[index]!);
    }
    const counted = evaluator.count(values);
    const at = outcomes.length;
    let eligibleForAny = 0;
    for (let index = 0; index < changes.length; index += 1) {
      const change = changes[index]!;
      if (!change.rule || evaluator.decide(change.rule) !== 'eligible') {
        outcomes.push(0, 0, 0);
        continue;
      }
      eligibleForAny = 1;
      outcomes.push(1, prices[index]!.before(counted), prices[index]!.after(counted));
    }
    outcomes.push(eligibleForAny);
    return at;
  }

  // By age band (its number in `bandStarts`) and by team.
  const bandTallies: (Tally | undefined)[] = bandStarts.map(() => undefined);
  const teamTallies = new Map<string, Tally>();

  function tallyPerson(row: PersonRow) {
    const answered = row[2];
    assessed += 1;
    let at = outcomeAt.get(answered);
    if (at === undefined) {
      at = outcomeOf(answered);
      outcomeAt.set(answered, at);
    }
    if (at < 0 || outcomes[at + perSet - 1] === 0) return;
    let before = 0;
    let after = 0;
    for (let index = 0; index < changes.length; index += 1) {
      const place = at + index * 3;
      if (outcomes[place] !== 1) continue;
      const was = outcomes[place + 1]!;
      const will = outcomes[place + 2]!;
      const tally = streams[index]!;
      tally.people += 1;
      tally.before += was;
      tally.after += will;
      if (was !== will) tally.affected += 1;
      before += was;
      after += will;
    }
    const affected = before !== after ? 1 : 0;
    if (after > before) increased += 1;
    else if (after < before) decreased += 1;
    // One character, "0" to "5" (base 36 should the bands ever pass ten).
    const band = row[0].length === 1 && row[0] <= '9' ? row[0].charCodeAt(0) - 48 : parseInt(row[0], 36);
    const team = row[1] || noTeamName;
    let bandTally = bandTallies[band];
    if (!bandTally) bandTallies[band] = bandTally = emptyTally();
    let teamTally = teamTallies.get(team);
    if (!teamTally) teamTallies.set(team, (teamTally = emptyTally()));
    add(total, affected, before, after);
    add(bandTally, affected, before, after);
    add(teamTally, affected, before, after);
  }

  // The latest completed assessment per person, found by an anti-join rather than by sorting every row, so that
  // PostgreSQL can share the work between parallel workers. A tab in a team's name reads as a space in the report.
  if (setIdList.length) {
    await eachRow(db, sql`
      select ${bandNumber(inputs.day)} as b, translate(coalesce(p.team, ''), chr(9), ' ') as t, ${answersLine(setIdList, keys, carried)} as r
      from assessments a
      join people p on p.area_id = a.area_id and p.id = a.person_id
      where a.area_id = ${inputs.areaId} and a.status = 'completed'
        and not exists (
          select 1 from assessments newer
          where newer.person_id = a.person_id and newer.area_id = a.area_id and newer.status = 'completed'
            and (coalesce(newer.completed_at, '-infinity'), newer.id) > (coalesce(a.completed_at, '-infinity'), a.id))`, tallyPerson);
  }

  const totals = group('All', total);
  return {
    day: inputs.day,
    assessed,
    included: total.people,
    affected: total.affected,
    increased,
    decreased,
    beforeWeeklyPence: totals.beforeWeeklyPence,
    afterWeeklyPence: totals.afterWeeklyPence,
    changeWeeklyPence: totals.changeWeeklyPence,
    changeYearlyPence: totals.changeYearlyPence,
    byAgeBand: bandStarts.flatMap(({ band }, index) => (bandTallies[index] ? [group(band, bandTallies[index])] : [])),
    byStream: changes.map((change, index) => group(change.streamName, streams[index]!)),
    byTeam: [...teamTallies.keys()].sort((a, b) => (a === noTeamName ? 1 : b === noTeamName ? -1 : a.localeCompare(b))).map((team) => group(team, teamTallies.get(team)!)),
  };
}
