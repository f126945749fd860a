// Checks an email and password (or a security code) against the account, applying the lockout rule and auditing
// each attempt. Knows nothing of HTTP.
import { eq, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { afterFailedSignIn, isLocked, type LockoutPolicy } from '../../domain/sign-in-lockout.ts';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit.ts';
import { verifyPassword } from '../../platform/passwords.ts';

export type SignInOutcome =
  | { kind: 'signed-in'; userId: string; needsSecurityCode: boolean }
  | { kind: 'wrong-details'; attemptsLeft: number | undefined }
  | { kind: 'locked'; until: Date };

interface AttemptContext {
  route: string;
  requestId: string;
}

function audit(db: Database, context: AttemptContext, action: string, outcome: 'succeeded' | 'failed', actorId: string | null, detail: string | null) {
  return recordAudit(db, { actorType: 'user', actorId, action, outcome, subjectType: 'user', subjectId: actorId, areaId: null, route: context.route, method: 'POST', requestId: context.requestId, detail });
}

async function recordFailure(db: Database, policy: LockoutPolicy, user: typeof users.$inferSelect, now: Date) {
  const next = afterFailedSignIn({ failedSignIns: user.failedSignIns, lockedUntil: user.lockedUntil }, policy, now);
  await db.update(users).set(next).where(eq(users.id, user.id));
  return next;
}

export async function signInWithPassword(db: Database, policy: LockoutPolicy, email: string, password: string, context: AttemptContext): Promise<SignInOutcome> {
  const now = new Date();
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (!user || user.disabledAt) {
    await verifyPassword(null, password);
    await audit(db, context, 'sign-in.password', 'failed', null, 'unknown or disabled account');
    return { kind: 'wrong-details', attemptsLeft: undefined };
  }
  if (isLocked(user, now)) {
    await audit(db, context, 'sign-in.password', 'failed', user.id, 'account locked');
    return { kind: 'locked', until: user.lockedUntil! };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const next = await recordFailure(db, policy, user, now);
    await audit(db, context, 'sign-in.password', 'failed', user.id, 'wrong password');
    if (isLocked(next, now)) return { kind: 'locked', until: next.lockedUntil! };
    return { kind: 'wrong-details', attemptsLeft: policy.maxFailures - next.failedSignIns };
  }
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
  await audit(db, context, 'sign-in.password', 'succeeded', user.id, null);
  return { kind: 'signed-in', userId: user.id, needsSecurityCode: user.totpEnabledAt !== null };
}

export function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Right to Control', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** Accepts the current code and one step either side, for phones whose clocks drift. */
export function codeMatches(secret: string, code: string): boolean {
  return totpFor(secret, 'check').validate({ token: code, window: 1 }) !== null;
}

export type SecurityCodeOutcome = { kind: 'accepted' } | { kind: 'wrong-code' } | { kind: 'locked'; until: Date };

export async function checkSecurityCode(db: Database, policy: LockoutPolicy, userId: string, code: string, context: AttemptContext): Promise<SecurityCodeOutcome> {
  const now = new Date();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpSecret) return { kind: 'wrong-code' };
  if (isLocked(user, now)) return { kind: 'locked', until: user.lockedUntil! };
  if (!codeMatches(user.totpSecret, code)) {
    // Wrong codes count towards the same lockout as wrong passwords, so six digits cannot be guessed at leisure.
    const next = await recordFailure(db, policy, user, now);
    await audit(db, context, 'sign-in.security-code', 'failed', user.id, 'wrong code');
    return isLocked(next, now) ? { kind: 'locked', until: next.lockedUntil! } : { kind: 'wrong-code' };
  }
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
  await audit(db, context, 'sign-in.security-code', 'succeeded', user.id, null);
  return { kind: 'accepted' };
}
