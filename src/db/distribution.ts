// Which tables shard by area on a distributed PostgreSQL (Citus), which are copied to every node, and which stay on
// the coordinator (ADR 10), with the key rules each kind must keep. Every table is in exactly one list; a test reads
// the schema against these lists, so a new table cannot forget to choose.
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';

/** People and everything about them, and each area's configuration: sharded by `area_id`, colocated. */
export const distributedByArea = [
  'people',
  'person_supporters',
  'consents',
  'referral_checks',
  'assessments',
  'eligibility_decisions',
  'indicative_budgets',
  'process_events',
  'area_configurations',
  'funding_streams',
  'catalogue_services',
  'catalogue_service_streams',
  'catalogue_unit_costs',
  'support_plans',
  'support_plan_versions',
  'support_plan_decisions',
  'agreed_budgets',
  'direct_payment_offers',
  'budget_reason_codes',
  'ledger_accounts',
  'ledger_transfers',
  'ledger_balances',
  'bank_accounts',
  'area_payment_settings',
  'payment_runs',
  'payment_run_items',
] as const;

/** Small, read everywhere, joined from every shard: copied to every node. */
export const referenceTables = ['regions', 'areas', 'organisations', 'users', 'role_assignments', 'api_tokens'] as const;

/**
 * Kept on the coordinator: sessions and sign-in failures by address (written by sign-in, never joined to a shard)
 * and, until it has one chain per area, the audit log and its checkpoints.
 */
export const localTables = ['sessions', 'sign_in_addresses', 'audit_log', 'audit_checkpoints'] as const;

export const distributionColumn = 'area_id';

type Kind = 'distributed' | 'reference' | 'local';

function kindOf(name: string, lists: DistributionLists): Kind | undefined {
  if (lists.distributed.includes(name)) return 'distributed';
  if (lists.reference.includes(name)) return 'reference';
  if (lists.local.includes(name)) return 'local';
  return undefined;
}

export interface DistributionLists {
  distributed: readonly string[];
  reference: readonly string[];
  local: readonly string[];
}

export const distributionLists: DistributionLists = { distributed: distributedByArea, reference: referenceTables, local: localTables };

/**
 * What stops these tables being distributed as the lists say, one plain sentence each; empty when nothing does.
 * Citus needs the distribution column in every primary key and unique index of a distributed table and in every
 * foreign key between two of them, and refuses a foreign key from a reference or local table into a shard.
 */
export function distributionProblems(tables: readonly PgTable[], lists: DistributionLists = distributionLists): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const table of tables) {
    const config = getTableConfig(table);
    const name = config.name;
    names.add(name);
    const kind = kindOf(name, lists);
    const listed = [lists.distributed, lists.reference, lists.local].filter((list) => list.includes(name)).length;
    if (listed !== 1) {
      problems.push(listed === 0 ? `${name} is in no list: choose distributed, reference or local (ADR 10)` : `${name} is in more than one list`);
      continue;
    }
    const columnNames = (columns: readonly { name: string }[]) => columns.map((column) => column.name);
    const foreignKeys = config.foreignKeys.map((foreignKey) => foreignKey.reference());
    for (const foreignKey of foreignKeys) {
      const target = getTableConfig(foreignKey.foreignTable).name;
      if (kindOf(target, lists) !== 'distributed') continue;
      if (kind !== 'distributed') {
        problems.push(`${name} (${kind}) has a foreign key into ${target}, which is sharded by area`);
        continue;
      }
      const own = columnNames(foreignKey.columns);
      const theirs = columnNames(foreignKey.foreignColumns);
      const at = own.indexOf(distributionColumn);
      if (at === -1 || theirs[at] !== distributionColumn) problems.push(`${name}'s foreign key (${own.join(', ')}) into ${target} does not include ${distributionColumn} on both sides`);
    }
    if (kind !== 'distributed') continue;
    const areaColumn = config.columns.find((column) => column.name === distributionColumn);
    if (!areaColumn) {
      problems.push(`${name} has no ${distributionColumn} column`);
      continue;
    }
    if (!areaColumn.notNull) problems.push(`${name}.${distributionColumn} may be null`);
    const keyColumns = [...config.primaryKeys.flatMap((key) => columnNames(key.columns)), ...config.columns.filter((column) => column.primary).map((column) => column.name)];
    if (keyColumns.length === 0) problems.push(`${name} has no primary key`);
    else if (!keyColumns.includes(distributionColumn)) problems.push(`${name}'s primary key (${keyColumns.join(', ')}) does not include ${distributionColumn}`);
    for (const column of config.columns) {
      if (column.isUnique && column.name !== distributionColumn) problems.push(`${name}.${column.name} is unique on its own, without ${distributionColumn}`);
    }
    for (const index of config.indexes) {
      if (!index.config.unique) continue;
      const indexed = index.config.columns.map((column) => ('name' in column ? column.name : undefined));
      if (!indexed.includes(distributionColumn)) problems.push(`${name}'s unique index ${index.config.name ?? ''} does not include ${distributionColumn}`);
    }
  }
  for (const listed of [...lists.distributed, ...lists.reference, ...lists.local]) {
    if (!names.has(listed)) problems.push(`${listed} is listed but the schema has no such table`);
  }
  return problems;
}

/** A read across areas that ADR 10 names as deliberate, recognised by the statement's text. */
export interface CrossAreaRead {
  why: string;
  matches: RegExp;
}

/** A condition that picks areas by value (a parameter or a list), not a join between two tables' area columns. */
const areaCondition = /(^|[^_a-z])"?area_id"?\s*(=\s*\$\d|in\s*\(\s*\$\d|=\s*any\s*\(\s*\$\d)/i;

/** The distributed tables a statement reads, changes or deletes from (inserts always carry their area). */
export function distributedTablesIn(statement: string): string[] {
  if (/^\s*insert\s/i.test(statement)) return [];
  const found = new Set<string>();
  for (const match of statement.matchAll(/\b(?:from|join|update)\s+"?([a-z_]+)"?/gi)) {
    const table = match[1]!.toLowerCase();
    if ((distributedByArea as readonly string[]).includes(table)) found.add(table);
  }
  return [...found];
}

/**
 * The statements that touch a table sharded by area without naming the area (so on Citus they would reach every
 * shard), other than the deliberate cross-area reads. The area must be picked by value (`area_id = $1`, `in ($1, …)`):
 * a join between two tables' area columns keeps rows together but does not pick a shard.
 */
export function statementsWithoutArea(statements: Iterable<string>, deliberate: readonly CrossAreaRead[]): string[] {
  const missing: string[] = [];
  for (const statement of statements) {
    if (distributedTablesIn(statement).length === 0) continue;
    if (areaCondition.test(statement)) continue;
    if (deliberate.some((read) => read.matches.test(statement))) continue;
    missing.push(statement);
  }
  return missing.sort();
}
