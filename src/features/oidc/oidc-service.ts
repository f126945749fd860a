// Decides which Right to Control account, if any, an organisation's identity provider has vouched for: an account
// already linked to that identity, or (once) a staff account whose email the provider has verified, and audits each
// attempt. Never creates accounts. Knows nothing of HTTP or of the OpenID protocol.
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema.ts';
import { holdsStaffRole, userPrincipal } from '../../platform/principals.ts';
import type { AuditWriter } from '../../records/audit.ts';

export interface VerifiedIdentity {
  /** The issuer as the provider names itself in its ID tokens. */
  issuer: string;
  subject: string;
  email: string | undefined;
  /** Only the boolean true counts: anything else may be an address the person merely typed in. */
  emailVerified: boolean;
}

export type OidcSignInOutcome =
  | { kind: 'signed-in'; userId: string; linkedNow: boolean }
  | { kind: 'not-linked'; reason: string }
  | { kind: 'refused'; userId: string; reason: 'account disabled' | 'not staff' };

type UserRow = typeof users.$inferSelect;

async function refusal(db: Database, user: UserRow): Promise<OidcSignInOutcome | undefined> {
  if (user.disabledAt) return { kind: 'refused', userId: user.id, reason: 'account disabled' };
  // Budget holders and representatives sign in with a password; the organisation's provider speaks only for staff.
  if (!holdsStaffRole(await userPrincipal(db, user.id))) return { kind: 'refused', userId: user.id, reason: 'not staff' };
  return undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | null)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | null)?.code === '23505');
}

export async function resolveOidcSignIn(db: Database, identity: VerifiedIdentity): Promise<OidcSignInOutcome> {
  const [linked] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)));
  if (linked) return (await refusal(db, linked)) ?? { kind: 'signed-in', userId: linked.id, linkedNow: false };

  if (!identity.email) return { kind: 'not-linked', reason: 'no email from provider' };
  if (!identity.emailVerified) return { kind: 'not-linked', reason: 'email not verified by provider' };
  const [byEmail] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${identity.email})`);
  if (!byEmail) return { kind: 'not-linked', reason: 'no account with that email' };
  // An account already tied to another identity is never re-linked here: that would let whoever controls the
  // address at any provider take it over. An administrator has to unlink it first.
  if (byEmail.oidcIssuer !== null || byEmail.oidcSubject !== null) return { kind: 'not-linked', reason: 'account linked to another identity' };
  const refused = await refusal(db, byEmail);
  if (refused) return refused;

  try {
    // The null checks make the link first-come: two simultaneous first sign-ins cannot both claim the account.
    const updated = await db
      .update(users)
      .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
      .where(and(eq(users.id, byEmail.id), isNull(users.oidcIssuer), isNull(users.oidcSubject)))
      .returning({ id: users.id });
    if (updated.length === 0) return { kind: 'not-linked', reason: 'account linked to another identity' };
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'not-linked', reason: 'identity linked to another account' };
    throw error;
  }
  return { kind: 'signed-in', userId: byEmail.id, linkedNow: true };
}

/**
 * Audits one sign-in attempt, in a transaction of its own since it changes nothing else: `audit` names the account it
 * turned out to be, where there is one.
 */
export function auditOidcSignIn(db: Database, audit: AuditWriter, attempt: { outcome: 'succeeded' | 'failed'; userId: string | null; detail: string | null }): Promise<void> {
  return db.transaction((tx) => audit(tx, { action: 'sign-in.oidc', outcome: attempt.outcome, subjectType: 'user', subjectId: attempt.userId, detail: attempt.detail }));
}
