// The database schema. Every tenant-owned table carries area_id (or region_id) so the data can later be sharded by
// tenant; ids are UUIDs so rows can move between shards without renumbering.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// Names are unique case-insensitively (regions everywhere, areas within their region, organisations within their
// area or, for region-wide ones, their region), so a form sent twice cannot make a second copy.
export const regions = pgTable(
  'regions',
  {
    id: id(),
    name: text('name').notNull(),
    illustrative: boolean('illustrative').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('regions_name_idx').on(sql`lower(${t.name})`)],
);

/** An area groups the agencies that serve the same people (e.g. a county with its districts and Jobcentres). */
export const areas = pgTable(
  'areas',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    name: text('name').notNull(),
    illustrative: boolean('illustrative').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('areas_region_idx').on(t.regionId), uniqueIndex('areas_region_name_idx').on(t.regionId, sql`lower(${t.name})`)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    /** Null only for organisations that work across a region, such as the regional coordinator. */
    areaId: uuid('area_id').references(() => areas.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('organisations_area_idx').on(t.areaId),
    index('organisations_region_idx').on(t.regionId),
    uniqueIndex('organisations_area_name_idx').on(t.areaId, sql`lower(${t.name})`).where(sql`${t.areaId} is not null`),
    uniqueIndex('organisations_region_name_idx').on(t.regionId, sql`lower(${t.name})`).where(sql`${t.areaId} is null`),
  ],
);

/** Funding streams are data: an area may add, rename or retire them. Each has one owning organisation. */
export const fundingStreams = pgTable(
  'funding_streams',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    sector: text('sector').notNull(),
    owningOrganisationId: uuid('owning_organisation_id').notNull().references(() => organisations.id),
    description: text('description').notNull().default(''),
    retiredOn: date('retired_on'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('funding_streams_area_code_idx').on(t.areaId, t.code)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Demo accounts, removed when the demo is reset. */
    illustrative: boolean('illustrative').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
    uniqueIndex('users_oidc_idx').on(t.oidcIssuer, t.oidcSubject),
  ],
);

/** The person whose support this is. Issue-specific detail (assessment, budgets) hangs off this record. */
export const people = pgTable(
  'people',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    /** Which team in the lead organisation knows this person best; used to break down reports. */
    team: text('team'),
    /** Generated demo people carry their synthetic profile (needs, unpaid support) and are labelled illustrative. */
    illustrativeProfile: jsonb('illustrative_profile'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    postcode: text('postcode'),
    /** How the person wants to be contacted: email, phone, text message or letter. */
    preferredContact: text('preferred_contact'),
    /** The format letters and budgets are sent in: standard, large print, easy read, audio, BSL, braille or email. */
    accessibleFormat: text('accessible_format').notNull().default('standard'),
    nhsNumber: text('nhs_number'),
    /** 'self-referral' when the person started online themselves, 'practitioner' when staff created the record. */
    referral: text('referral').notNull().default('practitioner'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [index('people_area_idx').on(t.areaId)],
);

/** Someone who acts with or for the person: a representative, or a suitable person for someone who lacks capacity. */
export const personSupporters = pgTable(
  'person_supporters',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    relationship: text('relationship'),
    contact: text('contact'),
    /** Set when the supporter has an account of their own (the representative role). */
    userId: uuid('user_id').references(() => users.id),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('person_supporters_person_idx').on(t.personId)],
);

/**
 * The area's configuration that decides money, versioned: question sets, eligibility rules, RAS tables and stream
 * calculators, each a validated JSON definition. A published version is never edited; a change is a new version, so
 * every assessment and budget keeps the version it was made with.
 */
export const areaConfigurations = pgTable(
  'area_configurations',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** 'question-set', 'eligibility-rules', 'ras-table' or 'calculator'. */
    kind: text('kind').notNull(),
    /** For RAS tables and calculators: the stream they price; null for question sets and rules. */
    streamCode: text('stream_code'),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    illustrative: boolean('illustrative').notNull().default(false),
    /** The day it applies from (Europe/London); recalibration publishes a new version with a later day. */
    effectiveFrom: date('effective_from').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('area_configurations_version_idx').on(t.areaId, t.kind, sql`coalesce(${t.streamCode}, '')`, t.version),
    index('area_configurations_lookup_idx').on(t.areaId, t.kind, t.streamCode),
  ],
);

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

/** Consent to share the person's record with one agency: dated and revocable. */
export const consents = pgTable(
  'consents',
  {
    id: id(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('consents_person_idx').on(t.personId), index('consents_organisation_idx').on(t.organisationId)],
);

/** A role a user holds: in an organisation (staff) or for a person (budget holder, representative). */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    userId: uuid('user_id').notNull().references(() => users.id),
    role: text('role').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    areaId: uuid('area_id').references(() => areas.id),
    regionId: uuid('region_id').references(() => regions.id),
    personId: uuid('person_id').references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('role_assignments_user_idx').on(t.userId),
    uniqueIndex('role_assignments_unique_idx').on(
      t.userId,
      t.role,
      sql`coalesce(${t.organisationId}, '00000000-0000-0000-0000-000000000000')`,
      sql`coalesce(${t.personId}, '00000000-0000-0000-0000-000000000000')`,
    ),
  ],
);

/** Server-side sessions: the cookie holds a random token, the table holds only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    mfaVerified: boolean('mfa_verified').notNull().default(false),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Tokens for machine clients, each scoped to one role in one organisation, exactly as a user would be. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    role: text('role').notNull(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    areaId: uuid('area_id').references(() => areas.id),
    regionId: uuid('region_id').notNull().references(() => regions.id),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_area_idx').on(t.areaId)],
);

/**
 * Append-only, hash-chained record of who read or changed what. A trigger refuses UPDATE and DELETE; the chain
 * shows any change made with that trigger switched off.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    sequence: bigserial('sequence', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    areaId: uuid('area_id'),
    route: text('route'),
    method: text('method'),
    requestId: text('request_id'),
    detail: text('detail'),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_log_area_idx').on(t.areaId),
    check('audit_log_outcome_check', sql`${t.outcome} in ('allowed', 'denied', 'succeeded', 'failed')`),
  ],
);
