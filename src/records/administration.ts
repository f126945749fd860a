// The organisations and users an administrator may manage, within the scope the access policy gives them
// (`administrationScope`: everything for a system administrator, their own areas for an area administrator).
import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { z } from 'zod';
import type { AdministrationScope } from '../domain/access-policy.ts';
import { type Role, roleNames } from '../domain/roles.ts';
import type { Queryable } from '../db/database.ts';
import { areas, organisations, roleAssignments, users } from '../db/schema.ts';
import { lockedAccounts } from './sign-in-addresses.ts';

export type AdminScope = AdministrationScope;

/** Any organisation, in scope or not: callers authorise against its area. Undefined for an unknown or malformed id. */
export async function findOrganisation(db: Queryable, organisationId: string) {
  if (!z.uuid().safeParse(organisationId).success) return undefined;
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, organisationId));
  return organisation;
}

export async function manageableOrganisations(db: Queryable, scope: AdminScope) {
  const query = db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, areaId: organisations.areaId, regionId: organisations.regionId, areaName: areas.name })
    .from(organisations)
    .leftJoin(areas, eq(areas.id, organisations.areaId));
  const rows = scope.everything ? await query : scope.areaIds.length ? await query.where(inArray(organisations.areaId, scope.areaIds)) : [];
  return rows.sort((a, b) => `${a.areaName ?? ''}${a.name}`.localeCompare(`${b.areaName ?? ''}${b.name}`));
}

/** Staff accounts in scope, with their roles; personal accounts (budget holders) are managed with their record. */
export async function manageableUsers(db: Queryable, scope: AdminScope, now: Date) {
  const inScope = scope.everything ? isNotNull(roleAssignments.organisationId) : scope.areaIds.length ? inArray(roleAssignments.areaId, scope.areaIds) : undefined;
  if (!inScope) return [];
  const rows = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, totpEnabledAt: users.totpEnabledAt, role: roleAssignments.role, organisationName: organisations.name })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(inScope, or(isNotNull(roleAssignments.organisationId))))
    .orderBy(asc(users.displayName));
  // Locked out from some address: the owner may still sign in from elsewhere, but someone has been guessing.
  const locked = await lockedAccounts(db, [...new Set(rows.map((row) => row.id))], now);
  const byUser = new Map<string, { id: string; email: string; displayName: string; locked: boolean; mfa: boolean; roles: string[] }>();
  for (const row of rows) {
    const user = byUser.get(row.id) ?? { id: row.id, email: row.email, displayName: row.displayName, locked: locked.has(row.id), mfa: row.totpEnabledAt !== null, roles: [] };
    user.roles.push(`${roleNames[row.role as Role] ?? row.role} at ${row.organisationName}`);
    byUser.set(row.id, user);
  }
  return [...byUser.values()];
}

export async function userIsInScope(db: Queryable, scope: AdminScope, userId: string): Promise<boolean> {
  if (scope.everything) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    return user !== undefined;
  }
  if (scope.areaIds.length === 0) return false;
  const [row] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.areaId, scope.areaIds), isNotNull(roleAssignments.organisationId)))
    .limit(1);
  return row !== undefined;
}
