// Creates and revokes API tokens. Used by the admin pages and by `rtc token create`, so both apply the same rules:
// one role that fits the organisation, a set lifetime, and only the token's hash ever stored.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { personalRoles, type OrganisationKind, type Role, roleNames, rolesByOrganisationKind } from '../domain/roles.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { AuditWriter } from './audit.ts';
import { type AdminScope, findOrganisation, manageableOrganisations } from './administration.ts';
import { apiTokens, areas, organisations } from '../db/schema.ts';
import { hashToken, newToken } from './sessions.ts';

/** Roles an organisation can give a token: never a person's own role, never system administration. */
export const tokenRoles: readonly Role[] = [...new Set(Object.values(rolesByOrganisationKind).flat())].filter((role) => !personalRoles.includes(role));

/** Lifetimes offered on the page, in days. Tokens always expire, so a forgotten one stops working on its own. */
export const tokenLifetimes = [30, 90, 365] as const;
export const longestLifetimeDays = 365;

/**
 * A recognisable prefix lets secret scanners (and people) spot a leaked token in code or logs.
 * The random part is 256 bits, so the prefix costs nothing.
 */
const tokenPrefix = 'rtc_';

export interface NewApiToken {
  name: string;
  organisationId: string;
  role: string;
  days: number;
  createdByUserId: string | null;
}

export type CreateApiTokenResult =
  | { ok: true; token: string; tokenId: string; expiresAt: Date; organisationName: string; role: Role }
  | { ok: false; field: 'name' | 'organisation' | 'role' | 'expiry'; message: string };

function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The organisation's kind decides which roles it can hold, exactly as for a person's account. */
export function rolesFor(kind: string): readonly Role[] {
  return (rolesByOrganisationKind[kind as OrganisationKind] ?? []).filter((role) => tokenRoles.includes(role));
}

/** The audit writer names who is acting; `now` starts the token's lifetime. */
export async function createApiToken(db: Database, input: NewApiToken, audit: AuditWriter, now: Date): Promise<CreateApiTokenResult> {
  const name = input.name.trim();
  if (name.length === 0) return { ok: false, field: 'name', message: 'Enter a name for the token' };
  if (name.length > 100) return { ok: false, field: 'name', message: 'Name must be 100 characters or fewer' };
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > longestLifetimeDays) {
    return { ok: false, field: 'expiry', message: `Choose a lifetime from 1 to ${longestLifetimeDays} days` };
  }
  const organisation = await findOrganisation(db, input.organisationId);
  if (!organisation) return { ok: false, field: 'organisation', message: 'Select an organisation from the list' };
  const allowed = rolesFor(organisation.kind);
  if (!allowed.includes(input.role as Role)) {
    return {
      ok: false,
      field: 'role',
      message: allowed.length ? `Select a role that ${organisation.name} has: ${listInWords(allowed.map((role) => roleNames[role]))}` : `${organisation.name} cannot have API tokens`,
    };
  }
  const role = input.role as Role;
  const token = `${tokenPrefix}${newToken()}`;
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000);
  const tokenId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name, tokenHash: hashToken(token), role, organisationId: organisation.id, areaId: organisation.areaId, regionId: organisation.regionId, createdByUserId: input.createdByUserId, expiresAt })
      .returning({ id: apiTokens.id });
    await audit(tx, { action: 'api-token.create', outcome: 'succeeded', subjectType: 'api_token', subjectId: row!.id, areaId: organisation.areaId, detail: `role ${role}, expires in ${input.days} days` });
    return row!.id;
  });
  return { ok: true, token, tokenId, expiresAt, organisationName: organisation.name, role };
}

export async function findApiToken(db: Queryable, tokenId: string) {
  const [token] = await db.select({ id: apiTokens.id, name: apiTokens.name, areaId: apiTokens.areaId, regionId: apiTokens.regionId, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, tokenId));
  return token;
}

/** Idempotent: revoking a revoked token changes nothing and writes no second audit entry. */
export async function revokeApiToken(db: Database, tokenId: string, audit: AuditWriter, now: Date): Promise<'revoked' | 'already revoked'> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, areaId: apiTokens.areaId, role: apiTokens.role });
    if (!row) return 'already revoked' as const;
    await audit(tx, { action: 'api-token.revoke', outcome: 'succeeded', subjectType: 'api_token', subjectId: row.id, areaId: row.areaId, detail: `role ${row.role}` });
    return 'revoked' as const;
  });
}

export type TokenStatus = 'Active' | 'Revoked' | 'Expired';

export function statusOf(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TokenStatus {
  if (token.revokedAt) return 'Revoked';
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return 'Expired';
  return 'Active';
}

/** Tokens an administrator may see: every one for a system administrator, else those in their areas. Newest first. */
export async function tokensInScope(db: Queryable, scope: AdminScope) {
  if (!scope.everything && scope.areaIds.length === 0) return [];
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      organisationName: organisations.name,
      areaName: areas.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .leftJoin(areas, eq(areas.id, apiTokens.areaId))
    .where(scope.everything ? undefined : inArray(apiTokens.areaId, [...scope.areaIds]))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Organisations an administrator may give a token to, in area then name order. */
export async function organisationsInScope(db: Queryable, scope: AdminScope) {
  // An organisation with no role a token may hold (none today) would only produce an error; leave it out.
  return (await manageableOrganisations(db, scope)).filter((row) => rolesFor(row.kind).length > 0);
}
