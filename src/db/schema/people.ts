// People: the person whose support this is, those who act with or for them, and their consents to share.
import { sql } from 'drizzle-orm';
import { date, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { createdAt, tenantId } from './columns.ts';
import { areas, organisations } from './tenancy.ts';

/** The person whose support this is. Issue-specific detail (assessment, budgets) hangs off this record. */
export const people = pgTable(
  'people',
  {
    id: tenantId(),
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
  (t) => [
    // The key leads with area_id, so it also serves every read of an area's people.
    primaryKey({ name: 'people_pkey', columns: [t.areaId, t.id] }),
    // Lists of people: a page in name order, and a search by date of birth or NHS number, within one area.
    index('people_area_name_idx').on(t.areaId, sql`lower(${t.familyName})`, sql`lower(${t.givenName})`, t.id),
    index('people_area_date_of_birth_idx').on(t.areaId, t.dateOfBirth),
    index('people_area_nhs_number_idx').on(t.areaId, t.nhsNumber),
  ],
);

/** Someone who acts with or for the person: a representative, or a suitable person for someone who lacks capacity. */
export const personSupporters = pgTable(
  'person_supporters',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    relationship: text('relationship'),
    contact: text('contact'),
    /** Set when the supporter has an account of their own (the representative role). */
    userId: uuid('user_id').references(() => users.id),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'person_supporters_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'person_supporters_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    index('person_supporters_person_idx').on(t.personId)],
);

/** Consent to share the person's record with one agency: dated and revocable. */
export const consents = pgTable(
  'consents',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'consents_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'consents_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    index('consents_person_idx').on(t.personId), index('consents_organisation_idx').on(t.organisationId),
    // An organisation's list of the people sharing with it, and its count, read from the index alone.
    index('consents_area_organisation_idx').on(t.areaId, t.organisationId, t.personId).where(sql`${t.revokedAt} is null`)],
);

/**
 * What was checked when a record was made: a self-referral waits here for staff to check it (checked_at empty), and a
 * record staff made although it looked like someone already known keeps why. Possible matches are the ids of records
 * that looked like the same person when this one was made.
 */
export const referralChecks = pgTable(
  'referral_checks',
  {
    id: tenantId(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    personId: uuid('person_id').notNull(),
    /** 'self-referral' (for staff to check) or 'practitioner' (staff chose a new record despite possible matches). */
    source: text('source').notNull(),
    possibleMatchIds: jsonb('possible_match_ids').$type<string[]>().notNull().default([]),
    /** Why staff made a new record when it looked like someone already known. */
    reason: text('reason'),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    checkedByUserId: uuid('checked_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'referral_checks_pkey', columns: [t.areaId, t.id] }),
    foreignKey({ name: 'referral_checks_person_id_fk', columns: [t.areaId, t.personId], foreignColumns: [people.areaId, people.id] }),
    uniqueIndex('referral_checks_person_idx').on(t.areaId, t.personId),
  ],
);
