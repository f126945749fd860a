// Accounts: users, the roles they hold, their sessions, and API tokens for machine clients.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { areas, organisations, regions } from './tenancy.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The time step of the last security code accepted, so no code works twice (a seen code is a used code). */
    totpLastStep: integer('totp_last_step'),
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
    /** The person a budget holder or representative acts for. No foreign key: people are sharded by area and this
     * table is copied to every node, and a copy may not point into one shard (ADR 10); createUser checks it. */
    personId: uuid('person_id'),
    /** For approvers: the largest yearly amount, in pence, they may approve alone; above it a second approver must agree. */
    approvalLimitYearlyPence: bigint('approval_limit_yearly_pence', { mode: 'number' }),
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

/**
 * Wrong passwords and codes for one account from one client address (kept as a keyed hash, never the address
 * itself), and when the account last signed in from there: a lock here stops that address only.
 */
export const signInAddresses = pgTable(
  'sign_in_addresses',
  {
    userId: uuid('user_id').notNull().references(() => users.id),
    addressKey: text('address_key').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailedAt: timestamp('last_failed_at', { withTimezone: true }),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    signedInAt: timestamp('signed_in_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.addressKey] })],
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
