// Paying direct payments (ADR 18): each person's bank details (replaced, never edited), each area's Bacs originator,
// and payment runs with one item per person per stream per period, each tied to the ledger transfer that pays it.
import { sql } from 'drizzle-orm';
import { bigint, check, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, tenantId } from './columns.ts';
import { people } from './people.ts';
import { areas } from './tenancy.ts';

/**
 * The account a person's direct payments go to. A change adds a row and marks the old one replaced, so a released
 * payment run still names the account it paid. `modulus` is what the check said when the details were given:
 * `passed`, or `not-checked` when the sort code is outside Vocalink's tables; a run checks again with the current tables.
 */
export const bankAccounts = pgTable(
  'bank_accounts',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    sortCode: text('sort_code').notNull(),
    accountNumber: text('account_number').notNull(),
    /** In Bacs characters, at most 18: what the bank will see. */
    accountName: text('account_name').notNull(),
    modulus: text('modulus').notNull(),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'bank_accounts_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'bank_accounts_person_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    uniqueIndex('bank_accounts_current_idx').on(t.areaId, t.personId).where(sql`${t.replacedAt} is null`),
    check('bank_accounts_sort_code', sql`${t.sortCode} ~ '^[0-9]{6}$'`),
    check('bank_accounts_account_number', sql`${t.accountNumber} ~ '^[0-9]{8}$'`),
    check('bank_accounts_modulus', sql`${t.modulus} in ('passed', 'not-checked')`),
  ],
);

/** The area's own Bacs details: its service user number and the account the payments are made from. */
export const areaPaymentSettings = pgTable(
  'area_payment_settings',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    serviceUserNumber: text('service_user_number').notNull(),
    sortCode: text('sort_code').notNull(),
    accountNumber: text('account_number').notNull(),
    accountName: text('account_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'area_payment_settings_pkey', columns: [t.areaId, t.id] }),
    uniqueIndex('area_payment_settings_area_idx').on(t.areaId),
    check('area_payment_settings_sun', sql`${t.serviceUserNumber} ~ '^[0-9]{6}$'`),
    check('area_payment_settings_sort_code', sql`${t.sortCode} ~ '^[0-9]{6}$'`),
    check('area_payment_settings_account_number', sql`${t.accountNumber} ~ '^[0-9]{8}$'`),
  ],
);

/**
 * One payment run: the direct payments due for one period in one area, prepared in batches (`prepared_at` is set
 * when the last batch is done), reviewed by one finance officer and released by another. One run per area per period.
 */
export const paymentRuns = pgTable(
  'payment_runs',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    periodStart: date('period_start').notNull(),
    /** The last day of the period, inclusive. */
    periodEnd: date('period_end').notNull(),
    lengthDays: integer('length_days').notNull(),
    /** draft, reviewed, released or cancelled. */
    state: text('state').notNull().default('draft'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    preparedAt: timestamp('prepared_at', { withTimezone: true }),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    releasedByUserId: uuid('released_by_user_id').references(() => users.id),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    payableCount: integer('payable_count').notNull().default(0),
    payablePence: bigint('payable_pence', { mode: 'number' }).notNull().default(0),
    exceptionCount: integer('exception_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'payment_runs_pkey', columns: [t.areaId, t.id] }),
    uniqueIndex('payment_runs_period_idx').on(t.areaId, t.periodStart),
    check('payment_runs_state', sql`${t.state} in ('draft', 'reviewed', 'released', 'cancelled')`),
    check('payment_runs_length', sql`${t.lengthDays} between 1 and 366`),
    check('payment_runs_two_people', sql`${t.releasedByUserId} is null or ${t.releasedByUserId} <> ${t.reviewedByUserId}`),
  ],
);

/**
 * One direct payment due in a run: the amount, the bank account it goes to and the ledger hold that reserves it, or
 * the reason it cannot be paid (no bank details, details that fail the modulus check).
 */
export const paymentRunItems = pgTable(
  'payment_run_items',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    runId: uuid('run_id').notNull(),
    personId: uuid('person_id').notNull(),
    streamCode: text('stream_code').notNull(),
    agreedBudgetId: uuid('agreed_budget_id').notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    bankAccountId: uuid('bank_account_id'),
    transferId: text('transfer_id'),
    exception: text('exception'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'payment_run_items_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'payment_run_items_run_fk', columns: [t.areaId, t.runId], foreignColumns: [paymentRuns.areaId, paymentRuns.id] }),
    foreignKey({ name: 'payment_run_items_person_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    foreignKey({ name: 'payment_run_items_bank_fk', columns: [t.areaId, t.bankAccountId], foreignColumns: [bankAccounts.areaId, bankAccounts.id] }),
    uniqueIndex('payment_run_items_once_idx').on(t.areaId, t.runId, t.personId, t.streamCode),
    index('payment_run_items_person_idx').on(t.areaId, t.personId),
    check('payment_run_items_amount', sql`${t.amountPence} > 0`),
    check('payment_run_items_paid_or_not', sql`(${t.exception} is null) = (${t.transferId} is not null and ${t.bankAccountId} is not null)`),
  ],
);
