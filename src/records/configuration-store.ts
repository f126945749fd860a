// Stores and loads an area's versioned configuration: the question set, eligibility rules, RAS tables and stream
// calculators. Published versions never change, so their compiled forms are cached by id for fast what-ifs.
import { and, desc, eq, isNotNull, lte } from 'drizzle-orm';
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

const compiledCache = new Map<string, CompiledRasTable>();

function compiledFor(id: string, table: RasTable): CompiledRasTable {
  let compiled = compiledCache.get(id);
  if (!compiled) {
    compiled = compileRasTable(table);
    compiledCache.set(id, compiled);
  }
  return compiled;
}

function versioned<T>(row: typeof areaConfigurations.$inferSelect): Versioned<T> {
  return { id: row.id, version: row.version, effectiveFrom: row.effectiveFrom, illustrative: row.illustrative, definition: row.definition as T };
}

/** Published versions in force on a day (YYYY-MM-DD): for each kind and stream, the latest effective on or before it. */
export async function configurationInForce(db: Queryable, areaId: string, day: string): Promise<AreaConfiguration | undefined> {
  const rows = await db
    .select()
    .from(areaConfigurations)
    .where(and(eq(areaConfigurations.areaId, areaId), isNotNull(areaConfigurations.publishedAt), lte(areaConfigurations.effectiveFrom, day)))
    .orderBy(desc(areaConfigurations.effectiveFrom), desc(areaConfigurations.version));
  const inForce = new Map<string, typeof areaConfigurations.$inferSelect>();
  for (const row of rows) {
    const key = `${row.kind}:${row.streamCode ?? ''}`;
    if (!inForce.has(key)) inForce.set(key, row);
  }
  const questionSet = inForce.get('question-set:');
  const rules = inForce.get('eligibility-rules:');
  if (!questionSet || !rules) return undefined;
  const all = [...inForce.values()];
  return {
    questionSet: versioned<QuestionSet>(questionSet),
    rules: versioned<EligibilityRuleSet>(rules),
    rasTables: all.filter((row) => row.kind === 'ras-table').map((row) => ({ ...versioned<RasTable>(row), compiled: compiledFor(row.id, row.definition as RasTable) })),
    calculators: all.filter((row) => row.kind === 'calculator').map((row) => versioned<Calculator>(row)),
  };
}

/** A specific version, e.g. the question set an assessment was answered on. */
export async function configurationById<T>(db: Queryable, areaId: string, id: string): Promise<Versioned<T> | undefined> {
  const [row] = await db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.id, id)));
  return row ? versioned<T>(row) : undefined;
}
