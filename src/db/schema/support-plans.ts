// Support plans: the plan a person writes (every version kept), its one light-touch sign-off, the decisions each
// approver made, the actual budgets agreed per funding stream, and the direct payment offered for each stream.
import { sql } from 'drizzle-orm';
import { bigint, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, tenantId } from './columns.ts';
import { people } from './people.ts';
import { areas, organisations } from './tenancy.ts';

/**
 * One person's support plan and where its sign-off has got to. `sign_off` holds the state machine's data
 * (domain/support-plan/sign-off.ts); `revision` goes up on every change, so two people saving at once cannot
 * overwrite each other unseen. A person has one plan open at a time; a replaced plan keeps its rows.
 */
export const supportPlans = pgTable(
  'support_plans',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    /** draft, submitted, returned or agreed: the sign-off's state, kept as a column so lists can filter on it. */
    state: text('state').notNull().default('draft'),
    currentVersion: integer('current_version').notNull().default(1),
    signOff: jsonb('sign_off').notNull(),
    revision: integer('revision').notNull().default(1),
    startedByUserId: uuid('started_by_user_id').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    agreedAt: timestamp('agreed_at', { withTimezone: true }),
    /** Set when a newer plan takes this one's place (at a review). */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'support_plans_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'support_plans_person_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    uniqueIndex('support_plans_open_idx').on(t.areaId, t.personId).where(sql`${t.supersededAt} is null`),
    index('support_plans_area_state_idx').on(t.areaId, t.state),
  ],
);

/** Every version of a plan, as the person saw it: a change makes a new row and never touches an old one. */
export const supportPlanVersions = pgTable(
  'support_plan_versions',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    planId: uuid('plan_id').notNull(),
    version: integer('version').notNull(),
    /** The plan (domain/support-plan/plan.ts SupportPlan) at this version. */
    document: jsonb('document').notNull(),
    /** What changed from the version before, in plain English. */
    changes: jsonb('changes').notNull().default(sql`'[]'::jsonb`),
    writtenByUserId: uuid('written_by_user_id').references(() => users.id),
    /** How the writer stands to the person: self, representative, broker, practitioner. */
    writtenAs: text('written_as').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'support_plan_versions_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'support_plan_versions_plan_fk', columns: [t.areaId, t.planId], foreignColumns: [supportPlans.areaId, supportPlans.id] }),
    uniqueIndex('support_plan_versions_plan_version_idx').on(t.areaId, t.planId, t.version),
  ],
);

/** Each step of the sign-off, in order: who sent, approved or sent back which part, with what amount and reason. */
export const supportPlanDecisions = pgTable(
  'support_plan_decisions',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    planId: uuid('plan_id').notNull(),
    personId: uuid('person_id').notNull(),
    /** submit, resubmit, approve or return. */
    action: text('action').notNull(),
    streamCode: text('stream_code'),
    planVersion: integer('plan_version').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    actualYearlyPence: bigint('actual_yearly_pence', { mode: 'number' }),
    reasonCode: text('reason_code'),
    /** Why a part was sent back, in the approver's words. */
    reason: text('reason'),
    /** The state machine's event names and plain-English notes for this step. */
    events: jsonb('events').notNull().default(sql`'[]'::jsonb`),
    notes: jsonb('notes').notNull().default(sql`'[]'::jsonb`),
    /** A reason recorded with an approval why a direct payment is not offered for the stream (direct-payment.ts). */
    directPaymentException: jsonb('direct_payment_exception'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'support_plan_decisions_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'support_plan_decisions_plan_fk', columns: [t.areaId, t.planId], foreignColumns: [supportPlans.areaId, supportPlans.id] }),
    index('support_plan_decisions_plan_idx').on(t.areaId, t.planId, t.occurredAt),
  ],
);

/**
 * The actual budget agreed for one funding stream, beside the indicative amount it started from, with the person's age
 * band and team on the day it was agreed: one row per stream per agreed plan, what actual-vs-indicative reads.
 */
export const agreedBudgets = pgTable(
  'agreed_budgets',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    planId: uuid('plan_id').notNull(),
    streamCode: text('stream_code').notNull(),
    ageBand: text('age_band').notNull(),
    team: text('team'),
    indicativeYearlyPence: bigint('indicative_yearly_pence', { mode: 'number' }).notNull(),
    actualYearlyPence: bigint('actual_yearly_pence', { mode: 'number' }).notNull(),
    reasonCode: text('reason_code'),
    agreedOn: date('agreed_on').notNull(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'agreed_budgets_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'agreed_budgets_plan_fk', columns: [t.areaId, t.planId], foreignColumns: [supportPlans.areaId, supportPlans.id] }),
    uniqueIndex('agreed_budgets_plan_stream_idx').on(t.areaId, t.planId, t.streamCode),
    index('agreed_budgets_current_idx').on(t.areaId).where(sql`${t.supersededAt} is null`),
  ],
);

/** The direct payment offered for one stream of an agreed plan: the offer, any exception, and the signed agreement. */
export const directPaymentOffers = pgTable(
  'direct_payment_offers',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    planId: uuid('plan_id').notNull(),
    personId: uuid('person_id').notNull(),
    streamCode: text('stream_code').notNull(),
    /** not-offered, offered, accepted or declined. */
    state: text('state').notNull(),
    /** The offer (domain/support-plan/direct-payment.ts DirectPaymentOffer). */
    offer: jsonb('offer').notNull(),
    revision: integer('revision').notNull().default(1),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'direct_payment_offers_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'direct_payment_offers_plan_fk', columns: [t.areaId, t.planId], foreignColumns: [supportPlans.areaId, supportPlans.id] }),
    uniqueIndex('direct_payment_offers_plan_stream_idx').on(t.areaId, t.planId, t.streamCode),
  ],
);

/** Why an actual budget may differ from the indicative one: each area's own list, by code. */
export const budgetReasonCodes = pgTable(
  'budget_reason_codes',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'budget_reason_codes_pkey', columns: [t.areaId, t.id] }), uniqueIndex('budget_reason_codes_area_code_idx').on(t.areaId, t.code)],
);
