// Loads who is acting (a user, or an API token) with every role they hold, for the access policy.
import { eq } from 'drizzle-orm';
import type { Principal, RoleAssignment } from '../domain/access-policy.ts';
import { isStaffRole, type Role, roles } from '../domain/roles.ts';
import type { Queryable } from '../db/database.ts';
import { roleAssignments } from '../db/schema.ts';

export function asRole(value: string): Role {
  if ((roles as readonly string[]).includes(value)) return value as Role;
  throw new Error(`Unknown role in database: ${value}`);
}

export async function loadAssignments(db: Queryable, userId: string): Promise<RoleAssignment[]> {
  const rows = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId));
  return rows.map((row) => ({
    role: asRole(row.role),
    organisationId: row.organisationId,
    areaId: row.areaId,
    regionId: row.regionId,
    personId: row.personId,
  }));
}

export async function userPrincipal(db: Queryable, userId: string): Promise<Principal> {
  return { kind: 'user', id: userId, assignments: await loadAssignments(db, userId) };
}

export function holdsStaffRole(principal: Principal): boolean {
  return principal.assignments.some((assignment) => isStaffRole(assignment.role));
}
