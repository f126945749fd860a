// Assessment: self-assessments, the eligibility decisions and indicative budgets made from them, and process events.
import { bigint, boolean, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { tenantId } from './columns.ts';
import { areaConfigurations } from './configuration.ts';
import { people } from './people.ts';
import { areas } from './tenancy.ts';

/** One joined-up self-assessment: the person's answers, on the question set version they were asked. */
export const assessments = pgTable(
  'assessments',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    questionSetId: uuid('question_set_id').notNull(),
    /** 'in progress' or 'completed'. */
    status: text('status').notNull().default('in progress'),
    answers: jsonb('answers').notNull().default({}),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    startedByUserId: uuid('started_by_user_id').references(() => users.id),
  },
  (t) => [
    primaryKey({ name: 'assessments_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'assessments_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    foreignKey({ name: 'assessments_question_set_id_fk', columns: [t.areaId, t.questionSetId], foreignColumns: [areaConfigurations.areaId, areaConfigurations.id] }),
    index('assessments_person_idx').on(t.personId), index('assessments_area_idx').on(t.areaId, t.status)],
);

/** The decision per stream from an assessment, and the owning agency's confirmation or override with its reason. */
export const eligibilityDecisions = pgTable(
  'eligibility_decisions',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    assessmentId: uuid('assessment_id').notNull(),
    streamCode: text('stream_code').notNull(),
    rulesId: uuid('rules_id').notNull(),
    decision: text('decision').notNull(),
    reasons: jsonb('reasons').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedDecision: text('confirmed_decision'),
    confirmationReason: text('confirmation_reason'),
    confirmedByUserId: uuid('confirmed_by_user_id').references(() => users.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** The answers the decision rests on (question id → the answer that counted); null on decisions made before this was kept. */
    basisAnswers: jsonb('basis_answers'),
    /**
     * The owning organisation's last decision on this stream from an earlier assessment, when there was one: its
     * confirmation was carried forward to this decision, or (with `answersChanged`) it is what they decided before.
     */
    previousDecisionId: uuid('previous_decision_id'),
    /** True when the answers this rests on changed since the owning organisation decided: they need to look again. */
    answersChanged: boolean('answers_changed'),
  },
  (t) => [
    primaryKey({ name: 'eligibility_decisions_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'eligibility_decisions_previous_decision_id_fk', columns: [t.areaId, t.previousDecisionId], foreignColumns: [t.areaId, t.id] }),
    foreignKey({ name: 'eligibility_decisions_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    foreignKey({ name: 'eligibility_decisions_assessment_id_fk', columns: [t.areaId, t.assessmentId], foreignColumns: [assessments.areaId, assessments.id] }),
    foreignKey({ name: 'eligibility_decisions_rules_id_fk', columns: [t.areaId, t.rulesId], foreignColumns: [areaConfigurations.areaId, areaConfigurations.id] }),
    uniqueIndex('eligibility_decisions_assessment_stream_idx').on(t.areaId, t.assessmentId, t.streamCode), index('eligibility_decisions_person_idx').on(t.personId)],
);

/** Each indicative budget issued, kept for history: a changed answer issues a new one and supersedes the old. */
export const indicativeBudgets = pgTable(
  'indicative_budgets',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    assessmentId: uuid('assessment_id').notNull(),
    streamCode: text('stream_code').notNull(),
    configurationId: uuid('configuration_id').notNull(),
    weeklyPence: bigint('weekly_pence', { mode: 'number' }).notNull(),
    yearlyPence: bigint('yearly_pence', { mode: 'number' }).notNull(),
    oneOffPence: bigint('one_off_pence', { mode: 'number' }).notNull().default(0),
    /** The line-by-line explanation, exactly as shown to the person; its amounts sum to the totals. */
    lines: jsonb('lines').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'indicative_budgets_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'indicative_budgets_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    foreignKey({ name: 'indicative_budgets_assessment_id_fk', columns: [t.areaId, t.assessmentId], foreignColumns: [assessments.areaId, assessments.id] }),
    foreignKey({ name: 'indicative_budgets_configuration_id_fk', columns: [t.areaId, t.configurationId], foreignColumns: [areaConfigurations.areaId, areaConfigurations.id] }),
    index('indicative_budgets_person_idx').on(t.personId, t.streamCode), index('indicative_budgets_area_idx').on(t.areaId, t.supersededAt)],
);

/** When each step happened (first contact, assessment started and completed, decisions, budget issued). */
export const processEvents = pgTable(
  'process_events',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    kind: text('kind').notNull(),
    streamCode: text('stream_code'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    /** Makes recording safe to retry: the same event for the same subject is stored once. */
    dedupeKey: text('dedupe_key').notNull(),
  },
  (t) => [
    primaryKey({ name: 'process_events_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'process_events_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    uniqueIndex('process_events_dedupe_idx').on(t.areaId, t.dedupeKey), index('process_events_area_kind_idx').on(t.areaId, t.kind, t.occurredAt)],
);
