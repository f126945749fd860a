// Creates and changes person records: self-referral (with the person's own account), a practitioner adding someone,
// contact details, consent to share and supporters. Each change is one transaction with its audit entries, and is
// safe to send twice.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { processEventKey } from '../../domain/process/process-events.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { areas, consents, fundingStreams, organisations, people, personSupporters, referralChecks, roleAssignments, users } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';
import { recordProcessEvent } from '../../records/process-events.ts';
import { areaOfPerson, type PersonRef } from '../../records/people.ts';
import { possibleMatches } from '../../records/referral-checks.ts';
import type { ContactDetails, NewPersonDetails, NewSupporter } from './validation.ts';

/** Thrown inside a transaction to roll it back; the caller turns it into a message or a retry. */
class Conflict extends Error {
  constructor(readonly reason: 'email-taken' | 'person-exists') {
    super(reason);
  }
}

export interface AreaForReferral {
  id: string;
  name: string;
  regionId: string;
  organisations: { id: string; name: string; kind: string; streams: string[] }[];
}

/** Areas people can refer themselves to: those with at least one organisation to share a record with. */
export async function referralAreas(db: Queryable) {
  return db
    .selectDistinct({ id: areas.id, name: areas.name })
    .from(areas)
    .innerJoin(organisations, eq(organisations.areaId, areas.id))
    .orderBy(asc(areas.name), asc(areas.id));
}

/** Where an organisation is, as recorded: the access policy decides on this, never on what a user's roles say. */
export async function organisationPlace(db: Queryable, organisationId: string): Promise<{ areaId: string | null; regionId: string } | undefined> {
  const [organisation] = await db.select({ areaId: organisations.areaId, regionId: organisations.regionId }).from(organisations).where(eq(organisations.id, organisationId));
  return organisation;
}

/** An area with its organisations and the funding streams each decides on, for the "who may see" choices. */
export async function areaForReferral(db: Queryable, areaId: string): Promise<AreaForReferral | undefined> {
  const [area] = await db.select({ id: areas.id, name: areas.name, regionId: areas.regionId }).from(areas).where(eq(areas.id, areaId));
  if (!area) return undefined;
  const [organisationRows, streamRows] = await Promise.all([
    db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.name)),
    db
      .select({ owner: fundingStreams.owningOrganisationId, name: fundingStreams.name })
      .from(fundingStreams)
      .where(and(eq(fundingStreams.areaId, areaId), isNull(fundingStreams.retiredOn)))
      .orderBy(asc(fundingStreams.name)),
  ]);
  if (organisationRows.length === 0) return undefined;
  return {
    ...area,
    organisations: organisationRows.map((organisation) => ({ ...organisation, streams: streamRows.filter((stream) => stream.owner === organisation.id).map((stream) => stream.name) })),
  };
}

function personValues(details: NewPersonDetails) {
  return {
    givenName: details.givenName,
    familyName: details.familyName,
    dateOfBirth: details.dateOfBirth,
    email: details.email,
    phone: details.phone,
    address: details.address,
    postcode: details.postcode,
    preferredContact: details.preferredContact,
    accessibleFormat: details.accessibleFormat,
    nhsNumber: details.nhsNumber,
  };
}

async function recordFirstContact(tx: Queryable, areaId: string, personId: string, now: Date) {
  await recordProcessEvent(tx, { areaId, personId, kind: 'first-contact', dedupeKey: processEventKey('first-contact', personId), occurredAt: now });
}

/**
 * Ids are random UUIDs, unique across areas in practice, but the key is (area_id, id) (ADR 10): an id a form proposes
 * must not already be a record's in another area, or one person could be found under another's id.
 */
async function refuseIdUsedElsewhere(tx: Queryable, personId: string, areaId: string): Promise<void> {
  const existing = await areaOfPerson(tx, personId);
  if (existing !== undefined && existing !== areaId) throw new Conflict('person-exists');
}

async function shareWith(tx: Queryable, areaId: string, personId: string, organisationIds: readonly string[], audit: AuditWriter, detail: string) {
  if (organisationIds.length === 0) return;
  await tx.insert(consents).values(organisationIds.map((organisationId) => ({ areaId, personId, organisationId })));
  for (const organisationId of organisationIds) {
    await audit(tx, { action: 'consent.give', subjectType: 'person', subjectId: personId, areaId, detail: `organisation ${organisationId}; ${detail}` });
  }
}

export type CreateResult = { ok: true; personId: string; userId?: string } | { ok: false; reason: 'email-taken' | 'person-exists' };

async function catchConflict(work: () => Promise<CreateResult>): Promise<CreateResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Conflict) return { ok: false, reason: error.reason };
    throw error;
  }
}

/**
 * The person's account, their record, their budget-holder role, their consents and the first-contact event, all or
 * nothing. The person's id comes from the form, so a second copy of the same form finds the first record instead of
 * making another.
 */
export async function createSelfReferral(
  db: Database,
  input: NewPersonDetails & { email: string; personId: string; passwordHash: string; area: AreaForReferral; organisationIds: readonly string[]; now: Date },
  audit: (userId: string) => AuditWriter,
): Promise<CreateResult> {
  return catchConflict(() =>
    db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, displayName: `${input.givenName} ${input.familyName}`, passwordHash: input.passwordHash })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!user) throw new Conflict('email-taken');
      const write = audit(user.id);
      const areaId = input.area.id;
      await refuseIdUsedElsewhere(tx, input.personId, areaId);
      const [person] = await tx
        .insert(people)
        .values({ id: input.personId, areaId, ...personValues(input), referral: 'self-referral', createdByUserId: user.id, createdAt: input.now, updatedAt: input.now })
        .onConflictDoNothing()
        .returning({ id: people.id });
      if (!person) throw new Conflict('person-exists');
      await tx.insert(roleAssignments).values({ userId: user.id, role: 'budget_holder', personId: person.id, areaId, regionId: input.area.regionId });
      await write(tx, { action: 'user.create', subjectType: 'user', subjectId: user.id, areaId, detail: 'role budget_holder; self-referral' });
      // Staff check every self-referral; any record that looks like the same person is flagged to them, never shown
      // to the person referring themselves (it would tell a stranger who else has a record).
      const matches = await possibleMatches(tx, areaId, input, person.id);
      await tx.insert(referralChecks).values({ areaId, personId: person.id, source: 'self-referral', possibleMatchIds: matches.map((match) => match.id), createdAt: input.now });
      await write(tx, { action: 'person.create', subjectType: 'person', subjectId: person.id, areaId, detail: `self-referral; possible matches ${matches.length}` });
      await shareWith(tx, areaId, person.id, input.organisationIds, write, 'given by the person');
      await recordFirstContact(tx, areaId, person.id, input.now);
      return { ok: true as const, personId: person.id, userId: user.id };
    }),
  );
}

/** The account a self-referral made for this person, to recognise a resent form. */
export async function budgetHolderAccount(db: Queryable, personId: string) {
  const [row] = await db
    .select({ userId: users.id, email: users.email, passwordHash: users.passwordHash })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.personId, personId), eq(roleAssignments.role, 'budget_holder')))
    .limit(1);
  return row;
}

/** A practitioner's record for someone, shared with the practitioner's organisation and any others agreed. */
export async function createPersonForPractitioner(
  db: Database,
  input: NewPersonDetails & {
    personId: string;
    areaId: string;
    createdByUserId: string;
    ownOrganisationId: string;
    organisationIds: readonly string[];
    now: Date;
    /** Records that looked like the same person, which the practitioner said are someone else, and why. */
    notTheSameAs?: { personIds: readonly string[]; reason: string };
  },
  audit: AuditWriter,
): Promise<CreateResult> {
  return catchConflict(() =>
    db.transaction(async (tx) => {
      await refuseIdUsedElsewhere(tx, input.personId, input.areaId);
      const [person] = await tx
        .insert(people)
        .values({ id: input.personId, areaId: input.areaId, ...personValues(input), referral: 'practitioner', createdByUserId: input.createdByUserId, createdAt: input.now, updatedAt: input.now })
        .onConflictDoNothing()
        .returning({ id: people.id });
      if (!person) throw new Conflict('person-exists');
      const notTheSameAs = input.notTheSameAs;
      await audit(tx, { action: 'person.create', subjectType: 'person', subjectId: person.id, areaId: input.areaId, detail: notTheSameAs ? `practitioner; new record despite possible matches ${notTheSameAs.personIds.length}` : 'practitioner' });
      if (notTheSameAs) {
        // Kept with the record, so whoever finds two records later can see why there are two.
        await tx.insert(referralChecks).values({
          areaId: input.areaId,
          personId: person.id,
          source: 'practitioner',
          possibleMatchIds: [...notTheSameAs.personIds],
          reason: notTheSameAs.reason,
          checkedAt: input.now,
          checkedByUserId: input.createdByUserId,
          createdAt: input.now,
        });
      }
      const organisationIds = [input.ownOrganisationId, ...input.organisationIds.filter((id) => id !== input.ownOrganisationId)];
      await shareWith(tx, input.areaId, person.id, organisationIds, audit, 'agreed with the practitioner who made the record');
      await recordFirstContact(tx, input.areaId, person.id, input.now);
      return { ok: true as const, personId: person.id };
    }),
  );
}

/**
 * Marks a self-referral as checked by this member of staff. Only an unchecked one changes, so the same button pressed
 * twice records one check.
 */
export async function markSelfReferralChecked(db: Database, person: PersonRef, userId: string, audit: AuditWriter, now: Date): Promise<'checked' | 'unchanged'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(referralChecks)
      .set({ checkedAt: now, checkedByUserId: userId })
      .where(and(eq(referralChecks.areaId, person.areaId), eq(referralChecks.personId, person.id), eq(referralChecks.source, 'self-referral'), isNull(referralChecks.checkedAt)))
      .returning({ id: referralChecks.id });
    if (!row) return 'unchanged';
    await audit(tx, { action: 'person.referral.check', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: 'self-referral checked' });
    return 'checked';
  });
}

const contactFields = ['email', 'phone', 'address', 'postcode', 'preferredContact', 'accessibleFormat', 'nhsNumber'] as const;

/** Saves changed contact details; the audit names which fields changed, never their values. */
export async function changeContactDetails(db: Database, person: PersonRef, details: ContactDetails, audit: AuditWriter, now: Date): Promise<string[]> {
  const personId = person.id;
  const thisPerson = and(eq(people.areaId, person.areaId), eq(people.id, person.id));
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(people).where(thisPerson).for('update');
    if (!current) return [];
    const changed = contactFields.filter((field) => (current[field] ?? null) !== (details[field] ?? null));
    if (changed.length === 0) return [];
    await tx
      .update(people)
      .set({ ...details, updatedAt: now })
      .where(thisPerson);
    await audit(tx, { action: 'person.details.change', subjectType: 'person', subjectId: personId, areaId: current.areaId, detail: `changed: ${changed.join(', ')}` });
    return [...changed];
  });
}

/**
 * Gives or withdraws consent to share with one organisation. Withdrawal dates the active consent, never deletes it;
 * giving again adds a new row. The person's row is locked first, so two copies of the same request make one change.
 */
export async function changeConsent(
  db: Database,
  input: { personId: string; areaId: string; organisationId: string; change: 'give' | 'withdraw'; detail: string },
  audit: AuditWriter,
  now: Date,
): Promise<'changed' | 'unchanged'> {
  return db.transaction(async (tx) => {
    await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.areaId, input.areaId), eq(people.id, input.personId)))
      .for('update');
    const active = and(eq(consents.areaId, input.areaId), eq(consents.personId, input.personId), eq(consents.organisationId, input.organisationId), isNull(consents.revokedAt));
    const [current] = await tx.select({ id: consents.id }).from(consents).where(active);
    if (input.change === 'give') {
      if (current) return 'unchanged';
      await tx.insert(consents).values({ areaId: input.areaId, personId: input.personId, organisationId: input.organisationId, givenAt: now });
    } else {
      if (!current) return 'unchanged';
      await tx.update(consents).set({ revokedAt: now }).where(active);
    }
    await audit(tx, { action: `consent.${input.change}`, subjectType: 'person', subjectId: input.personId, areaId: input.areaId, detail: `organisation ${input.organisationId}; ${input.detail}` });
    return 'changed';
  });
}

/** Every consent the person has given in their area, active or withdrawn, newest first within each organisation. */
export async function consentHistory(db: Queryable, person: PersonRef) {
  return db
    .select({ organisationId: consents.organisationId, givenAt: consents.givenAt, revokedAt: consents.revokedAt })
    .from(consents)
    .where(and(eq(consents.areaId, person.areaId), eq(consents.personId, person.id)))
    .orderBy(asc(consents.organisationId), asc(consents.givenAt));
}

export async function supportersOf(db: Queryable, person: PersonRef) {
  return db
    .select()
    .from(personSupporters)
    .where(and(eq(personSupporters.areaId, person.areaId), eq(personSupporters.personId, person.id)))
    .orderBy(asc(personSupporters.createdAt), asc(personSupporters.id));
}

/** Adds a supporter. The form carries the new row's id, so sending it twice adds them once. */
export async function addSupporter(db: Database, input: NewSupporter & { supporterId: string; personId: string; areaId: string }, audit: AuditWriter): Promise<'added' | 'already added' | 'id in use'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(personSupporters)
      .values({ id: input.supporterId, areaId: input.areaId, personId: input.personId, kind: input.kind, name: input.name, relationship: input.relationship, contact: input.contact })
      .onConflictDoNothing()
      .returning({ id: personSupporters.id });
    if (!row) {
      const [existing] = await tx
        .select({ personId: personSupporters.personId })
        .from(personSupporters)
        .where(and(eq(personSupporters.areaId, input.areaId), eq(personSupporters.id, input.supporterId)));
      return existing?.personId === input.personId ? 'already added' : 'id in use';
    }
    await audit(tx, { action: 'supporter.add', subjectType: 'person', subjectId: input.personId, areaId: input.areaId, detail: `supporter ${row.id}; ${input.kind}` });
    return 'added';
  });
}

/** Ends a supporter's role from now; the row is kept, so the record shows who supported the person and when. */
export async function endSupporter(db: Database, input: { supporterId: string; personId: string; areaId: string }, audit: AuditWriter, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(personSupporters)
      .set({ endedAt: now })
      .where(and(eq(personSupporters.areaId, input.areaId), eq(personSupporters.id, input.supporterId), eq(personSupporters.personId, input.personId), isNull(personSupporters.endedAt)))
      .returning({ id: personSupporters.id });
    if (!row) return;
    await audit(tx, { action: 'supporter.end', subjectType: 'person', subjectId: input.personId, areaId: input.areaId, detail: `supporter ${row.id}` });
  });
}
