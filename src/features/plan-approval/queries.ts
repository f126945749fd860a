// What the approvers' pages read beyond the shared plan records: each organisation's list of plans waiting for it,
// only of people who share their record with it, and the plan as it was sent (the version in front of the approvers).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { consents, fundingStreams, organisations, people, supportPlanVersions, supportPlans } from '../../db/schema.ts';
import type { SupportPlan } from '../../domain/support-plan/plan.ts';
import type { SignOff } from '../../domain/support-plan/sign-off.ts';

export interface WaitingPlan {
  /** The person's id, as `id`, so the list's audit entry names everyone it shows. */
  id: string;
  planId: string;
  givenName: string;
  familyName: string;
  submittedAt: Date | null;
  signOff: SignOff;
  revision: number;
}

/**
 * Plans with a part waiting for this organisation, oldest sent first, in one statement: only of people who share their
 * record with the organisation now, so nobody appears to an approver who may not open their record.
 */
export function plansWaitingFor(db: Queryable, organisation: { areaId: string; organisationId: string }, limit = 100): Promise<WaitingPlan[]> {
  return db
    .select({ id: supportPlans.personId, planId: supportPlans.id, givenName: people.givenName, familyName: people.familyName, submittedAt: supportPlans.submittedAt, signOff: supportPlans.signOff, revision: supportPlans.revision })
    .from(supportPlans)
    .innerJoin(people, and(eq(people.areaId, supportPlans.areaId), eq(people.id, supportPlans.personId)))
    .where(
      and(
        eq(supportPlans.areaId, organisation.areaId),
        eq(supportPlans.state, 'submitted'),
        isNull(supportPlans.supersededAt),
        sql`exists (select 1 from jsonb_array_elements(${supportPlans.signOff} -> 'parts') part where part ->> 'owningOrganisationId' = ${organisation.organisationId} and part ->> 'state' in ('awaiting-approval', 'awaiting-second-approval'))`,
        sql`exists (select 1 from ${consents} where ${consents.areaId} = ${supportPlans.areaId} and ${consents.personId} = ${supportPlans.personId} and ${consents.organisationId} = ${organisation.organisationId} and ${consents.revokedAt} is null)`,
      ),
    )
    .orderBy(asc(supportPlans.submittedAt), asc(supportPlans.id))
    .limit(limit) as Promise<WaitingPlan[]>;
}

/** The plan as it was when last sent: what the approvers decide on, even if the person has changed it since. */
export async function planAsSent(db: Queryable, plan: { areaId: string; id: string }, version: number): Promise<SupportPlan | undefined> {
  const [row] = await db
    .select({ document: supportPlanVersions.document })
    .from(supportPlanVersions)
    .where(and(eq(supportPlanVersions.areaId, plan.areaId), eq(supportPlanVersions.planId, plan.id), eq(supportPlanVersions.version, version)));
  return row?.document as SupportPlan | undefined;
}

/** One funding stream of the area by its code, with its owner: what a decision on that stream is authorised against. */
export async function areaStream(db: Queryable, areaId: string, streamCode: string) {
  const [row] = await db
    .select({ code: fundingStreams.code, name: fundingStreams.name, owningOrganisationId: fundingStreams.owningOrganisationId })
    .from(fundingStreams)
    .where(and(eq(fundingStreams.areaId, areaId), eq(fundingStreams.code, streamCode)));
  return row;
}

/** The names of the areas' streams and of the organisations that own them, for lists that show parts by stream. */
export function streamNamesIn(db: Queryable, areaIds: readonly string[]) {
  if (areaIds.length === 0) return Promise.resolve([]);
  return db
    .select({ areaId: fundingStreams.areaId, code: fundingStreams.code, name: fundingStreams.name, ownerId: fundingStreams.owningOrganisationId, owner: organisations.name })
    .from(fundingStreams)
    .leftJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(inArray(fundingStreams.areaId, [...areaIds]));
}
