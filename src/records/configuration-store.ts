// Stores and loads an area's versioned configuration: the question set, eligibility rules, RAS tables and stream
// calculators. Published versions never change, so they (and their compiled forms) are cached by area and id: each
// read asks the database which versions are in force, and fetches only definitions it has not seen.
import { and, desc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { defaultEligibilityRules } from '../domain/assessment/default-eligibility-rules.ts';
import { defaultQuestionSet } from '../domain/assessment/default-question-set.ts';
import type { EligibilityRuleSet } from '../domain/assessment/eligibility.ts';
import type { QuestionSet } from '../domain/assessment/question-set.ts';
import type { Calculator } from '../domain/budget/calculators.ts';
import { defaultCalculators } from '../domain/budget/default-calculators.ts';
import { defaultRasTable } from '../domain/budget/default-ras.ts';
import { compileRasTable, type CompiledRasTable, type RasTable } from '../domain/budget/ras.ts';
import type { Queryable } from '../db/database.ts';
import { areaConfigurations } from '../db/schema.ts';

export const configurationKinds = ['question-set', 'eligibility-rules', 'ras-table', 'calculator'] as const;
export type ConfigurationKind = (typeof configurationKinds)[number];

export interface Versioned<T> {
  id: string;
  version: number;
  effectiveFrom: string;
  illustrative: boolean;
  definition: T;
}

export interface AreaConfiguration {
  questionSet: Versioned<QuestionSet>;
  rules: Versioned<EligibilityRuleSet>;
  rasTables: (Versioned<RasTable> & { compiled: CompiledRasTable })[];
  calculators: Versioned<Calculator>[];
}

/**
 * Gives a new area the illustrative defaults, published and labelled illustrative, so it works from the first day
 * and administrators can see what to replace. Call inside the transaction that creates the area.
 */
export async function seedDefaultConfiguration(tx: Queryable, areaId: string, publishedAt: Date): Promise<void> {
  const row = (kind: ConfigurationKind, definition: unknown, effectiveFrom: string, streamCode: string | null = null) => ({
    areaId,
    kind,
    streamCode,
    version: 1,
    definition,
    illustrative: true,
    effectiveFrom,
    publishedAt,
  });
  await tx.insert(areaConfigurations).values([
    row('question-set', defaultQuestionSet, '2025-04-01'),
    row('eligibility-rules', defaultEligibilityRules, '2025-04-01'),
    row('ras-table', defaultRasTable, defaultRasTable.effectiveFrom, defaultRasTable.streamCode),
    ...defaultCalculators.map((calculator) => row('calculator', calculator, calculator.effectiveFrom, calculator.streamCode)),
  ]);
}

type ConfigurationRow = typeof areaConfigurations.$inferSelect;

/** How many published versions are kept in memory: every area's versions in force several times over. */
const cacheLimit = 1000;

/**
 * Published versions by area and id, least recently used first. Only published rows are kept: a draft can still be
 * published (which sets its first day), but a published version is never edited, so a kept copy can never go stale.
 */
const published = new Map<string, ConfigurationRow>();
const compiledCache = new Map<string, CompiledRasTable>();

function cacheKey(areaId: string, id: string): string {
  return `${areaId} ${id}`;
}

function remember(row: ConfigurationRow): void {
  if (!row.publishedAt) return;
  const key = cacheKey(row.areaId, row.id);
  published.delete(key);
  published.set(key, row);
  while (published.size > cacheLimit) {
    const oldest = published.keys().next().value as string;
    published.delete(oldest);
    compiledCache.delete(oldest);
  }
}

function recall(areaId: string, id: string): ConfigurationRow | undefined {
  const key = cacheKey(areaId, id);
  const row = published.get(key);
  if (row) {
    published.delete(key);
    published.set(key, row);
  }
  return row;
}

/** How many published versions are held in memory now (for tests of the bound). */
export function cachedConfigurationCount(): number {
  return published.size;
}

/** Versions of one area by id: published ones from memory, the rest (and any not yet seen) in one read. */
async function rowsByIds(db: Queryable, areaId: string, ids: readonly string[]): Promise<Map<string, ConfigurationRow>> {
  const found = new Map<string, ConfigurationRow>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const row = recall(areaId, id);
    if (row) found.set(id, row);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const rows = await db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, areaId), inArray(areaConfigurations.id, missing)));
    for (const row of rows) {
      remember(row);
      found.set(row.id, row);
    }
  }
  return found;
}

function compiledFor(row: ConfigurationRow): CompiledRasTable {
  const key = cacheKey(row.areaId, row.id);
  let compiled = compiledCache.get(key);
  if (!compiled) {
    compiled = compileRasTable(row.definition as RasTable);
    if (row.publishedAt) compiledCache.set(key, compiled);
  }
  return compiled;
}

function versioned<T>(row: ConfigurationRow): Versioned<T> {
  return { id: row.id, version: row.version, effectiveFrom: row.effectiveFrom, illustrative: row.illustrative, definition: row.definition as T };
}

/**
 * Published versions in force on a day (YYYY-MM-DD): for each kind and stream, the latest effective on or before it.
 * The database says which versions those are (without their definitions), so a version published a moment ago is in
 * force at once; only definitions not already in memory are then read.
 */
export async function configurationInForce(db: Queryable, areaId: string, day: string): Promise<AreaConfiguration | undefined> {
  const versions = await db
    .select({ id: areaConfigurations.id, kind: areaConfigurations.kind, streamCode: areaConfigurations.streamCode })
    .from(areaConfigurations)
    .where(and(eq(areaConfigurations.areaId, areaId), isNotNull(areaConfigurations.publishedAt), lte(areaConfigurations.effectiveFrom, day)))
    .orderBy(desc(areaConfigurations.effectiveFrom), desc(areaConfigurations.version));
  const inForce = new Map<string, string>();
  for (const version of versions) {
    const key = `${version.kind}:${version.streamCode ?? ''}`;
    if (!inForce.has(key)) inForce.set(key, version.id);
  }
  const questionSetId = inForce.get('question-set:');
  const rulesId = inForce.get('eligibility-rules:');
  if (!questionSetId || !rulesId) return undefined;
  const rows = await rowsByIds(db, areaId, [...inForce.values()]);
  const questionSet = rows.get(questionSetId);
  const rules = rows.get(rulesId);
  if (!questionSet || !rules) return undefined;
  const all = [...inForce.values()].map((id) => rows.get(id)).filter((row): row is ConfigurationRow => row !== undefined);
  return {
    questionSet: versioned<QuestionSet>(questionSet),
    rules: versioned<EligibilityRuleSet>(rules),
    rasTables: all.filter((row) => row.kind === 'ras-table').map((row) => ({ ...versioned<RasTable>(row), compiled: compiledFor(row) })),
    calculators: all.filter((row) => row.kind === 'calculator').map((row) => versioned<Calculator>(row)),
  };
}

/** A specific version, e.g. the question set an assessment was answered on. */
export async function configurationById<T>(db: Queryable, areaId: string, id: string): Promise<Versioned<T> | undefined> {
  const row = (await rowsByIds(db, areaId, [id])).get(id);
  return row ? versioned<T>(row) : undefined;
}

/** Several versions of one area at once (the tables and rules behind a person's budgets), with their kinds. */
export async function configurationsByIds(db: Queryable, areaId: string, ids: readonly string[]): Promise<(Versioned<unknown> & { kind: string })[]> {
  if (ids.length === 0) return [];
  const rows = await rowsByIds(db, areaId, ids);
  return [...rows.values()].map((row) => ({ ...versioned<unknown>(row), kind: row.kind }));
}
