// Loads who is acting (a user, or an API token) with every role they hold, for the access policy.
import { eq } from 'drizzle-orm';
import type { Principal, RoleAssignment } from '../domain/access-policy.ts';
import { isStaffRole, type Role, roles } from '../domain/roles.ts';
import type { Queryable } from '../db/database.ts';
import { roleAssignments } from '../db/schema.ts';
import type { StoredAssignment } from '../records/sessions.ts';

export function asRole(value: string): Role {
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new Error(`Unknown role in database: ${value}`);
}

/** Roles as stored (a row, or one element of the session read's JSON array) → the policy's assignments. */
export function asAssignments(rows: readonly StoredAssignment[]): RoleAssignment[] {
  return rows.map((row) => ({
    role: asRole(row.role),
    organisationId: row.organisationId,
    areaId: row.areaId,
    regionId: row.regionId,
    personId: row.personId,
  }));
}

export async function loadAssignments(db: Queryable, userId: string): Promise<RoleAssignment[]> {
  return asAssignments(await db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId)));
}

/** The principal of a signed-in session, from the roles read with it (records/sessions.ts `findSession`). */
export function sessionPrincipal(userId: string, rows: readonly StoredAssignment[]): Principal {
  return { kind: 'user', id: userId, assignments: asAssignments(rows) };
}

export async function userPrincipal(db: Queryable, userId: string): Promise<Principal> {
  return { kind: 'user', id: userId, assignments: await loadAssignments(db, userId) };
}

export function holdsStaffRole(principal: Principal): boolean {
  return principal.assignments.some((assignment) => isStaffRole(assignment.role));
}
