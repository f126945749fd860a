// Possible duplicate records and the self-referrals staff have still to check: reads shared by the people pages and
// the staff home page. Each read names its area first (ADR 10); callers authorise and audit.
import { and, asc, count, eq, gt, inArray, isNull, min, ne, or, type SQL } from 'drizzle-orm';
import { type MatchDetails, type MatchReason, matchableNhsNumber, possibleMatch } from '../domain/people/possible-match.ts';
import type { Queryable } from '../db/database.ts';
import { consents, people, referralChecks } from '../db/schema.ts';

export interface PossibleMatch {
  id: string;
  areaId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
  reason: MatchReason;
  /** The organisations the person currently agrees may see the record: the policy decides who may see the match. */
  consentedOrganisationIds: string[];
}

/**
 * Records in the area that may be the same person as these details, leaving out `exceptPersonId` (the record being
 * made, when its form is sent again). The database narrows to the same date of birth or NHS number; the domain's rule
 * decides, so names compare however they were typed.
 */
export async function possibleMatches(db: Queryable, areaId: string, details: MatchDetails, exceptPersonId?: string): Promise<PossibleMatch[]> {
  const nhsNumber = matchableNhsNumber(details);
  const narrowed = or(eq(people.dateOfBirth, details.dateOfBirth), nhsNumber ? eq(people.nhsNumber, nhsNumber) : undefined) as SQL;
  const candidates = await db
    .select({ id: people.id, areaId: people.areaId, givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth, postcode: people.postcode, nhsNumber: people.nhsNumber })
    .from(people)
    .where(and(eq(people.areaId, areaId), narrowed, exceptPersonId ? ne(people.id, exceptPersonId) : undefined))
    .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
    .limit(50);
  const matched = candidates.flatMap((candidate) => {
    const reason = possibleMatch(details, candidate);
    return reason ? [{ ...candidate, reason }] : [];
  });
  if (matched.length === 0) return [];
  const shared = await db
    .select({ personId: consents.personId, organisationId: consents.organisationId })
    .from(consents)
    .where(and(eq(consents.areaId, areaId), inArray(consents.personId, matched.map((match) => match.id)), isNull(consents.revokedAt)));
  return matched.map(({ nhsNumber: _nhsNumber, ...match }) => ({
    ...match,
    consentedOrganisationIds: shared.filter((row) => row.personId === match.id).map((row) => row.organisationId),
  }));
}

/** Records by id in one area, with who they are shared with, for the possible matches a referral was flagged with. */
export async function recordsForMatches(db: Queryable, areaId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return [];
  const [rows, shared] = await Promise.all([
    db
      .select({ id: people.id, areaId: people.areaId, givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth, postcode: people.postcode })
      .from(people)
      .where(and(eq(people.areaId, areaId), inArray(people.id, [...personIds])))
      .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id)),
    db
      .select({ personId: consents.personId, organisationId: consents.organisationId })
      .from(consents)
      .where(and(eq(consents.areaId, areaId), inArray(consents.personId, [...personIds]), isNull(consents.revokedAt))),
  ]);
  return rows.map((row) => ({ ...row, consentedOrganisationIds: shared.filter((consent) => consent.personId === row.id).map((consent) => consent.organisationId) }));
}

/** Self-referrals shared with this organisation that nobody has checked yet. */
function toCheck(organisationId: string, areaId: string) {
  return and(
    eq(referralChecks.areaId, areaId),
    eq(referralChecks.source, 'self-referral'),
    isNull(referralChecks.checkedAt),
    eq(consents.organisationId, organisationId),
    isNull(consents.revokedAt),
  );
}

const sharedWithPerson = and(eq(consents.areaId, referralChecks.areaId), eq(consents.personId, referralChecks.personId));

/** The self-referrals still to check that this organisation may see, oldest first. */
export async function selfReferralsToCheck(db: Queryable, organisationId: string, areaId: string, limit: number) {
  return db
    .selectDistinct({
      personId: people.id,
      areaId: people.areaId,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
      postcode: people.postcode,
      referredAt: referralChecks.createdAt,
      possibleMatchIds: referralChecks.possibleMatchIds,
    })
    .from(referralChecks)
    .innerJoin(people, and(eq(people.areaId, referralChecks.areaId), eq(people.id, referralChecks.personId)))
    .innerJoin(consents, sharedWithPerson)
    .where(toCheck(organisationId, areaId))
    .orderBy(asc(referralChecks.createdAt), asc(people.id))
    .limit(limit);
}

/** How many self-referrals this organisation has still to check: the number on the staff home page. */
export async function countSelfReferralsToCheck(db: Queryable, organisationId: string, areaId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(referralChecks).innerJoin(consents, sharedWithPerson).where(toCheck(organisationId, areaId));
  return Number(row?.value ?? 0);
}

/** What was checked when this person's record was made, if anything was. */
export async function referralCheckOf(db: Queryable, person: { id: string; areaId: string }) {
  const [row] = await db
    .select()
    .from(referralChecks)
    .where(and(eq(referralChecks.areaId, person.areaId), eq(referralChecks.personId, person.id)));
  return row;
}

/** Self-referrals made in an area after a moment, and when the earliest of them was: for the area's daily ceiling. */
export async function selfReferralsSince(db: Queryable, areaId: string, since: Date): Promise<{ made: number; earliest: Date | null }> {
  const [row] = await db
    .select({ made: count(), earliest: min(people.createdAt) })
    .from(people)
    .where(and(eq(people.areaId, areaId), eq(people.referral, 'self-referral'), gt(people.createdAt, since)));
  return { made: Number(row?.made ?? 0), earliest: row?.earliest ?? null };
}
