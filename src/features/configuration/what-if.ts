// The what-if before publishing a recalibrated RAS table: over the latest completed assessment of everyone in the area,
// the weekly amount under the pricing in force and under the draft, in total and by age band, stream and team.
//
// Speed (≤ 1 s for 100,000 assessments; bench/what-if.ts, docs/benchmarks.md): one query sends, per person, only the
// answers the tables and the eligibility rule read (and those their questions depend on to be shown), coded into one
// short tab-separated line, and the rows are counted as they stream in. Each question set is prepared once
// (`populationEvaluator`), and each different set of answers is worked out once: eligibility, then both tables.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { EligibilityRule, EligibilityRuleSet } from '../../domain/assessment/eligibility.ts';
import { type Answers, type Question, type QuestionSet, allQuestions } from '../../domain/assessment/question-set.ts';
import { type AgeBand, ageBand, ageBands, ageOn } from '../../domain/age-bands.ts';
import { type Calculator, calculate } from '../../domain/budget/calculators.ts';
import { weeklyToYearly } from '../../domain/budget/money.ts';
import { type CompiledRasTable, indicativeWeeklyPence } from '../../domain/budget/ras.ts';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations } from '../../db/schema.ts';
import { populationEvaluator, questionsNeeded, questionsReadByCalculator, questionsReadByRule, questionsReadByTable } from './population-evaluator.ts';

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
 * One line a person: date of birth, team, then the question set number and each needed answer. Everyone with the same
 * answers on the same question set has the same line after the team, which is what the count reuses.
 */
function personLine(setIds: readonly string[], keys: readonly string[], carried: readonly Carrier[]): SQL {
  // Never null, which concat_ws would leave out, shifting every field after it; -1 is a set this area does not have.
  const setNumber = sql`case a.question_set_id ${sql.join(setIds.map((id, index) => sql`when ${id}::uuid then ${String(index)}`), sql` `)} else '-1' end`;
  const answers = keys.map((key, index) => answerAsText(key, carried[index]!));
  // A tab in a team's name would end the field early; in a report label a space reads the same.
  return joinedWithTabs([sql`to_char(p.date_of_birth, 'YYYY-MM-DD')`, sql`translate(coalesce(p.team, ''), chr(9), ' ')`, setNumber, ...answers]);
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

function currentWeeklyPence(pricing: CurrentPricing, answers: Answers): number {
  if (!pricing) return 0;
  return pricing.kind === 'ras' ? indicativeWeeklyPence(pricing.compiled, answers) : calculate(pricing.calculator, answers).weeklyPence;
}

const dialect = new PgDialect();

/**
 * Calls `onRow` with the first column of each row as it arrives. On PostgreSQL the rows stream (node-postgres emits
 * each as it is read, keeping none), so counting overlaps with the query; PGlite answers all at once.
 */
async function eachRow(db: Queryable, query: SQL, onRow: (text: string) => void): Promise<void> {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) {
    for (const row of await rowsOf<{ r: string }>(db, query)) onRow(row.r);
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
          onRow((row as string[])[0]!);
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

  const streams = changes.map(emptyTally);
  const bands = new Map<AgeBand, Tally>();
  const teams = new Map<string, Tally>();
  const bandOf = new Map<string, AgeBand>();
  const total = emptyTally();
  let assessed = 0;
  let increased = 0;
  let decreased = 0;

  /**
   * What a set of answers comes to, per change: eligible (1 or 0), then the weekly amount now and with the draft.
   * Worked out once for each different set of answers: many people answer alike.
   */
  const outcomes = new Map<string, Float64Array | null>();
  function outcomeOf(answered: string): Float64Array | null {
    const values: unknown[] = answered.split('\t');
    const evaluator = evaluators[Number(values[0])];
    if (!evaluator) return null;
    for (let index = 0; index < carried.length; index += 1) values[index + 1] = fromText(values[index + 1] as string, carried[index]!);
    const answers = evaluator.counted(values);
    const outcome = new Float64Array(changes.length * 3);
    for (let index = 0; index < changes.length; index += 1) {
      const change = changes[index]!;
      if (!change.rule || evaluator.decide(change.rule) !== 'eligible') continue;
      outcome[index * 3] = 1;
      outcome[index * 3 + 1] = currentWeeklyPence(change.before, answers);
      outcome[index * 3 + 2] = indicativeWeeklyPence(change.after, answers);
    }
    return outcome;
  }

  function tallyPerson(line: string) {
    const teamEnd = line.indexOf('\t', 11);
    const answered = line.slice(teamEnd + 1);
    assessed += 1;
    let outcome = outcomes.get(answered);
    if (outcome === undefined) {
      outcome = outcomeOf(answered);
      outcomes.set(answered, outcome);
    }
    // Answered on a question set that is not this area's: nothing here can read it.
    if (!outcome) return;
    let eligible = false;
    let before = 0;
    let after = 0;
    for (let index = 0; index < changes.length; index += 1) {
      if (outcome[index * 3] !== 1) continue;
      eligible = true;
      const was = outcome[index * 3 + 1]!;
      const will = outcome[index * 3 + 2]!;
      const tally = streams[index]!;
      tally.people += 1;
      tally.before += was;
      tally.after += will;
      if (was !== will) tally.affected += 1;
      before += was;
      after += will;
    }
    if (!eligible) return;
    const affected = before !== after ? 1 : 0;
    if (after > before) increased += 1;
    else if (after < before) decreased += 1;
    const dateOfBirth = line.slice(0, 10);
    const team = line.slice(11, teamEnd) || noTeamName;
    let band = bandOf.get(dateOfBirth);
    if (!band) {
      band = ageBand(ageOn(dateOfBirth, inputs.day));
      bandOf.set(dateOfBirth, band);
    }
    let bandTally = bands.get(band);
    if (!bandTally) bands.set(band, (bandTally = emptyTally()));
    let teamTally = teams.get(team);
    if (!teamTally) teams.set(team, (teamTally = emptyTally()));
    add(total, affected, before, after);
    add(bandTally, affected, before, after);
    add(teamTally, affected, before, after);
  }

  // The latest completed assessment per person, found by an anti-join rather than by sorting every row, so that
  // PostgreSQL can share the work between parallel workers.
  if (setIdList.length) {
    await eachRow(db, sql`
      select ${personLine(setIdList, keys, carried)} as r
      from assessments a
      join people p on p.area_id = a.area_id and p.id = a.person_id
      where a.area_id = ${inputs.areaId} and a.status = 'completed'
        and not exists (
          select 1 from assessments newer
          where newer.person_id = a.person_id and newer.area_id = a.area_id and newer.status = 'completed'
            and (coalesce(newer.completed_at, '-infinity'), newer.id) > (coalesce(a.completed_at, '-infinity'), a.id))`, tallyPerson);
  }

  const bandOrder: AgeBand[] = ['under 18', ...ageBands];
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
    byAgeBand: bandOrder.filter((band) => bands.has(band)).map((band) => group(band, bands.get(band)!)),
    byStream: changes.map((change, index) => group(change.streamName, streams[index]!)),
    byTeam: [...teams.keys()].sort((a, b) => (a === noTeamName ? 1 : b === noTeamName ? -1 : a.localeCompare(b))).map((team) => group(team, teams.get(team)!)),
  };
}
