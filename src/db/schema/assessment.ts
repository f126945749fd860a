// Assessment: self-assessments, the eligibility decisions and indicative budgets made from them, and process events.
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { id } from './columns.ts';
import { areaConfigurations } from './configuration.ts';
import { people } from './people.ts';
import { areas } from './tenancy.ts';

/** One joined-up self-assessment: the person's answers, on the question set version they were asked. */
export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    questionSetId: uuid('question_set_id').notNull().references(() => areaConfigurations.id),
    /** 'in progress' or 'completed'. */
    status: text('status').notNull().default('in progress'),
    answers: jsonb('answers').notNull().default({}),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    startedByUserId: uuid('started_by_user_id').references(() => users.id),
  },
  (t) => [index('assessments_person_idx').on(t.personId), index('assessments_area_idx').on(t.areaId, t.status)],
);

/** The decision per stream from an assessment, and the owning agency's confirmation or override with its reason. */
export const eligibilityDecisions = pgTable(
  'eligibility_decisions',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    assessmentId: uuid('assessment_id').notNull().references(() => assessments.id),
    streamCode: text('stream_code').notNull(),
    rulesId: uuid('rules_id').notNull().references(() => areaConfigurations.id),
    decision: text('decision').notNull(),
    reasons: jsonb('reasons').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedDecision: text('confirmed_decision'),
    confirmationReason: text('confirmation_reason'),
    confirmedByUserId: uuid('confirmed_by_user_id').references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('eligibility_decisions_assessment_stream_idx').on(t.assessmentId, t.streamCode), index('eligibility_decisions_person_idx').on(t.personId)],
);

/** Each indicative budget issued, kept for history: a changed answer issues a new one and supersedes the old. */
export const indicativeBudgets = pgTable(
  'indicative_budgets',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    assessmentId: uuid('assessment_id').notNull().references(() => assessments.id),
    streamCode: text('stream_code').notNull(),
    configurationId: uuid('configuration_id').notNull().references(() => areaConfigurations.id),
    weeklyPence: bigint('weekly_pence', { mode: 'number' }).notNull(),
    yearlyPence: bigint('yearly_pence', { mode: 'number' }).notNull(),
    oneOffPence: bigint('one_off_pence', { mode: 'number' }).notNull().default(0),
    /** The line-by-line explanation, exactly as shown to the person; its amounts sum to the totals. */
    lines: jsonb('lines').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [index('indicative_budgets_person_idx').on(t.personId, t.streamCode), index('indicative_budgets_area_idx').on(t.areaId, t.supersededAt)],
);

/** When each step happened (first contact, assessment started and completed, decisions, budget issued). */
export const processEvents = pgTable(
  'process_events',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    kind: text('kind').notNull(),
    streamCode: text('stream_code'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    /** Makes recording safe to retry: the same event for the same subject is stored once. */
    dedupeKey: text('dedupe_key').notNull(),
  },
  (t) => [uniqueIndex('process_events_dedupe_idx').on(t.dedupeKey), index('process_events_area_kind_idx').on(t.areaId, t.kind, t.occurredAt)],
);
