// Creates a user account with one role, checking the role fits the organisation, and unlocks or resets an account.
// Used by the admin pages and by `rtc user create`, so both apply the same rules; each change is audited with it.
import { eq, sql } from 'drizzle-orm';
import { isStaffRole, type OrganisationKind, type Role, rolesByOrganisationKind } from '../../domain/roles.ts';
import type { Database } from '../../db/database.ts';
import { organisations, roleAssignments, users } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';
import { areaOfPerson } from '../../records/people.ts';
import { endAllSessions } from '../../records/sessions.ts';
import { setApprovalLimit } from '../../records/support-plans.ts';
import { clearSignInFailures } from '../../records/sign-in-addresses.ts';
import { hashPassword } from '../../platform/passwords.ts';

export interface NewUser {
  email: string;
  displayName: string;
  /** Absent for staff who only sign in through their organisation's OpenID provider. */
  password: string | undefined;
  role: Role;
  organisationId: string | undefined;
  personId: string | undefined;
  /** For an approver: the largest yearly amount, in pence, they may approve alone. */
  approvalLimitYearlyPence?: number | null;
}

export type CreateUserResult = { ok: true; userId: string } | { ok: false; field: keyof NewUser; message: string };

/** `audit` names who is acting: an administrator through the page, or the operator through `rtc user create`. */
export async function createUser(db: Database, input: NewUser, audit: AuditWriter): Promise<CreateUserResult> {
  let organisationId: string | null = null;
  let areaId: string | null = null;
  let regionId: string | null = null;
  let personId: string | null = null;
  if (input.role === 'system_administrator') {
    // Held platform-wide; no organisation.
  } else if (isStaffRole(input.role)) {
    if (!input.organisationId) return { ok: false, field: 'organisationId', message: 'Select the organisation they work for' };
    const [organisation] = await db.select().from(organisations).where(eq(organisations.id, input.organisationId));
    if (!organisation) return { ok: false, field: 'organisationId', message: 'Select an organisation from the list' };
    const allowed = rolesByOrganisationKind[organisation.kind as OrganisationKind] ?? [];
    if (!allowed.includes(input.role)) return { ok: false, field: 'role', message: `Select a role that a ${organisation.kind.replaceAll('_', ' ')} has` };
    organisationId = organisation.id;
    areaId = organisation.areaId;
    regionId = organisation.regionId;
  } else {
    if (!input.personId) return { ok: false, field: 'personId', message: 'Select the person this account is for' };
    // `rtc user create --person` names only the person: found once across areas (a deliberate cross-area read, ADR 10).
    const personArea = await areaOfPerson(db, input.personId);
    if (!personArea) return { ok: false, field: 'personId', message: 'Select a person who has a record' };
    personId = input.personId;
    areaId = personArea;
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${input.email})`);
    if (existing) return { ok: false as const, field: 'email' as const, message: 'There is already an account with this email address' };
    const [user] = await tx.insert(users).values({ email: input.email, displayName: input.displayName, passwordHash }).returning({ id: users.id });
    await tx.insert(roleAssignments).values({ userId: user!.id, role: input.role, organisationId, areaId, regionId, personId });
    await audit(tx, { action: 'user.create', subjectType: 'user', subjectId: user!.id, areaId, detail: `role ${input.role}` });
    if (input.role === 'approver' && organisationId && input.approvalLimitYearlyPence !== undefined && input.approvalLimitYearlyPence !== null) {
      await setApprovalLimit(tx, user!.id, organisationId, input.approvalLimitYearlyPence, audit);
    }
    return { ok: true as const, userId: user!.id };
  });
}

/** Clears the failed sign-ins that locked the account, so the person can try again at once. */
export async function unlockUser(db: Database, userId: string, audit: AuditWriter): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
    await clearSignInFailures(tx, userId);
    await audit(tx, { action: 'user.unlock', subjectType: 'user', subjectId: userId });
  });
}

/**
 * Removes a lost security code, so the person sets up a new one when they next sign in. A lost phone may be in
 * someone else's hands, so every session the account has is ended too.
 */
export async function resetSecurityCode(db: Database, userId: string, audit: AuditWriter): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null }).where(eq(users.id, userId));
    await audit(tx, { action: 'user.reset-security-code', subjectType: 'user', subjectId: userId });
  });
  await endAllSessions(db, userId);
}
