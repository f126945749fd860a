// The approver role assignments the user pages show and change: each approver's limit, per organisation.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { organisations, roleAssignments, users } from '../../db/schema.ts';

/** Each approver role these users hold, with the organisation and the limit (pence a year; null when none is set). */
export function approverLimits(db: Queryable, userIds: readonly string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .select({ userId: roleAssignments.userId, organisationId: roleAssignments.organisationId, organisationName: organisations.name, limitYearlyPence: roleAssignments.approvalLimitYearlyPence })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roleAssignments.role, 'approver'), inArray(roleAssignments.userId, [...userIds])))
    .orderBy(asc(organisations.name));
}

/** One user's approver roles, each with its organisation and where it is, for the page that changes their limits. */
export function approverAssignments(db: Queryable, userId: string) {
  return db
    .select({
      organisationId: organisations.id,
      displayName: users.displayName,
      organisationName: organisations.name,
      areaId: organisations.areaId,
      regionId: organisations.regionId,
      limitYearlyPence: roleAssignments.approvalLimitYearlyPence,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'approver')))
    .orderBy(asc(organisations.name));
}
