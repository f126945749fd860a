// One database per test run, shared by every test file, emptied between tests. The audit log is append-only by
// design, so it is never emptied: tests find their own entries by request or subject.
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';
import { recordStatements } from './statements.ts';

let shared: Promise<DatabaseHandle> | undefined;

export function testDatabase(): Promise<DatabaseHandle> {
  recordStatements();
  shared ??= (async () => {
    const handle = await openDatabase({ url: inject('testDatabaseUrl'), dataDir: 'memory' });
    await handle.migrate();
    return handle;
  })();
  return shared;
}

/** Every table but the audit log's, children before parents. */
export const resetTables = ['payment_run_items', 'payment_runs', 'area_payment_settings', 'bank_accounts', 'ledger_balances', 'ledger_transfers', 'ledger_accounts', 'agreed_budgets', 'direct_payment_offers', 'support_plan_decisions', 'support_plan_versions', 'support_plans', 'budget_reason_codes', 'catalogue_unit_costs', 'catalogue_service_streams', 'catalogue_services', 'process_events', 'indicative_budgets', 'eligibility_decisions', 'assessments', 'area_configurations', 'person_supporters', 'sessions', 'sign_in_addresses', 'api_tokens', 'role_assignments', 'consents', 'referral_checks', 'people', 'funding_streams', 'users', 'organisations', 'areas', 'regions'];

export async function resetDatabase(handle: DatabaseHandle): Promise<void> {
  await handle.db.execute(sql.raw(`truncate ${resetTables.join(', ')} cascade`));
}
