// The money ledger (ADR 15): accounts with running totals, immutable transfers keyed by the caller's id, and each
// account's totals after every transfer, so a balance now and a balance as at a past day are each one indexed read.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, tenantId } from './columns.ts';
import { fundingStreams } from './configuration.ts';
import { people } from './people.ts';
import { areas, organisations } from './tenancy.ts';

const pence = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/**
 * One account (domain/ledger/accounts.ts): its kind, what it is for, its limit, and its totals kept up to date by
 * every transfer under a row lock. The checks repeat the limits, so no code path can leave an account over one.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** One account per kind per person, stream or provider: `budget:<person>:<stream>`. */
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    personId: uuid('person_id'),
    streamCode: text('stream_code'),
    providerOrganisationId: uuid('provider_organisation_id').references(() => organisations.id),
    debitsMustNotExceedCredits: boolean('debits_must_not_exceed_credits').notNull(),
    creditsMustNotExceedDebits: boolean('credits_must_not_exceed_debits').notNull(),
    debitsPosted: pence('debits_posted'),
    creditsPosted: pence('credits_posted'),
    debitsPending: pence('debits_pending'),
    creditsPending: pence('credits_pending'),
    /** The day of the latest transfer: no later transfer may be dated before it. */
    lastOn: date('last_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'ledger_accounts_pkey', columns: [t.areaId, t.id] }),
    uniqueIndex('ledger_accounts_code_idx').on(t.areaId, t.code),
    foreignKey({ name: 'ledger_accounts_person_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    foreignKey({ name: 'ledger_accounts_stream_fk', columns: [t.areaId, t.streamCode], foreignColumns: [fundingStreams.areaId, fundingStreams.code] }),
    check('ledger_accounts_one_limit', sql`not (${t.debitsMustNotExceedCredits} and ${t.creditsMustNotExceedDebits})`),
    check('ledger_accounts_debit_limit', sql`not ${t.debitsMustNotExceedCredits} or ${t.debitsPosted} + ${t.debitsPending} <= ${t.creditsPosted}`),
    check('ledger_accounts_credit_limit', sql`not ${t.creditsMustNotExceedDebits} or ${t.creditsPosted} + ${t.creditsPending} <= ${t.debitsPosted}`),
    check('ledger_accounts_totals_whole', sql`${t.debitsPosted} >= 0 and ${t.creditsPosted} >= 0 and ${t.debitsPending} >= 0 and ${t.creditsPending} >= 0`),
  ],
);

/**
 * Every transfer, never changed or deleted (a trigger refuses both): money moved, held, a hold posted or voided, or a
 * reversal. `id` is the caller's, so a retry finds the transfer it already made. A hold is resolved at most once: the
 * unique index on `pending_id` makes a second post or void impossible even if the code were wrong.
 */
export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    areaId: uuid('area_id').notNull().references(() => areas.id),
    id: text('id').notNull(),
    /** The order transfers were made in; taken under the accounts' locks, so it is each account's order too. */
    sequence: bigint('sequence', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** posted, pending, post-pending or void-pending. */
    kind: text('kind').notNull(),
    debitAccountId: uuid('debit_account_id').notNull(),
    creditAccountId: uuid('credit_account_id').notNull(),
    amountPence: bigint('amount_pence', { mode: 'number' }).notNull(),
    pendingId: text('pending_id'),
    reversesId: text('reverses_id'),
    code: text('code').notNull(),
    description: text('description').notNull().default(''),
    occurredOn: date('occurred_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'ledger_transfers_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'ledger_transfers_debit_fk', columns: [t.areaId, t.debitAccountId], foreignColumns: [ledgerAccounts.areaId, ledgerAccounts.id] }),
    foreignKey({ name: 'ledger_transfers_credit_fk', columns: [t.areaId, t.creditAccountId], foreignColumns: [ledgerAccounts.areaId, ledgerAccounts.id] }),
    foreignKey({ name: 'ledger_transfers_pending_fk', columns: [t.areaId, t.pendingId], foreignColumns: [t.areaId, t.id] }),
    foreignKey({ name: 'ledger_transfers_reverses_fk', columns: [t.areaId, t.reversesId], foreignColumns: [t.areaId, t.id] }),
    uniqueIndex('ledger_transfers_resolved_once_idx').on(t.areaId, t.pendingId).where(sql`${t.pendingId} is not null`),
    index('ledger_transfers_reverses_idx').on(t.areaId, t.reversesId).where(sql`${t.reversesId} is not null`),
    index('ledger_transfers_sequence_idx').on(t.areaId, t.sequence),
    check('ledger_transfers_kind', sql`${t.kind} in ('posted', 'pending', 'post-pending', 'void-pending')`),
    check('ledger_transfers_amount', sql`${t.amountPence} > 0`),
    check('ledger_transfers_two_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check('ledger_transfers_resolves_a_hold', sql`(${t.kind} in ('post-pending', 'void-pending')) = (${t.pendingId} is not null)`),
    check('ledger_transfers_reversal_posted', sql`${t.reversesId} is null or ${t.kind} = 'posted'`),
  ],
);

/**
 * An account's totals just after each of its transfers, appended with the transfer and never changed. Transfers on
 * an account are never dated before its latest one, so the row for "as at a day" is the last one dated that day or
 * earlier: one read down the index.
 */
export const ledgerBalances = pgTable(
  'ledger_balances',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    accountId: uuid('account_id').notNull(),
    transferId: text('transfer_id').notNull(),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    occurredOn: date('occurred_on').notNull(),
    debitsPosted: pence('debits_posted'),
    creditsPosted: pence('credits_posted'),
    debitsPending: pence('debits_pending'),
    creditsPending: pence('credits_pending'),
  },
  (t) => [
    primaryKey({ name: 'ledger_balances_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'ledger_balances_account_fk', columns: [t.areaId, t.accountId], foreignColumns: [ledgerAccounts.areaId, ledgerAccounts.id] }),
    foreignKey({ name: 'ledger_balances_transfer_fk', columns: [t.areaId, t.transferId], foreignColumns: [ledgerTransfers.areaId, ledgerTransfers.id] }),
    uniqueIndex('ledger_balances_as_at_idx').on(t.areaId, t.accountId, t.occurredOn, t.sequence),
  ],
);
