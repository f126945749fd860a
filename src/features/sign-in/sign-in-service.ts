// Checks an email and password (or a security code) against the account, applying the lockout rule and auditing
// each attempt. Knows nothing of HTTP.
import { eq, sql } from 'drizzle-orm';
import { afterFailedSignIn, isLocked, type LockoutPolicy } from '../../domain/sign-in-lockout.ts';
import type { Database } from '../../db/database.ts';
import { users } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { type Actor, auditEntry, recordAudit } from '../../records/audit.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import { codeMatches } from '../../platform/security-codes.ts';

export type SignInOutcome =
  | { kind: 'signed-in'; userId: string; needsSecurityCode: boolean }
  | { kind: 'wrong-details'; attemptsLeft: number | undefined }
  | { kind: 'locked'; until: Date };

/** Where the attempt came from, and when: the attempt is made by the user it names, once the account is found. */
interface AttemptContext {
  actor: Actor;
  clock: Clock;
}

function audit(db: Database, context: AttemptContext, action: string, outcome: 'succeeded' | 'failed', userId: string | null, detail: string | null) {
  return recordAudit(db, auditEntry({ ...context.actor, type: 'user', id: userId }, context.clock, { action, outcome, subjectType: 'user', subjectId: userId, detail }));
}

async function recordFailure(db: Database, policy: LockoutPolicy, user: typeof users.$inferSelect, now: Date) {
  const next = afterFailedSignIn({ failedSignIns: user.failedSignIns, lockedUntil: user.lockedUntil }, policy, now);
  await db.update(users).set(next).where(eq(users.id, user.id));
  return next;
}

export async function signInWithPassword(db: Database, policy: LockoutPolicy, email: string, password: string, context: AttemptContext): Promise<SignInOutcome> {
  const now = context.clock.now();
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

export type SecurityCodeOutcome = { kind: 'accepted' } | { kind: 'wrong-code' } | { kind: 'locked'; until: Date };

export async function checkSecurityCode(db: Database, policy: LockoutPolicy, userId: string, code: string, context: AttemptContext): Promise<SecurityCodeOutcome> {
  const now = context.clock.now();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpSecret) return { kind: 'wrong-code' };
  if (isLocked(user, now)) return { kind: 'locked', until: user.lockedUntil! };
  if (!codeMatches(user.totpSecret, code, now)) {
    // Wrong codes count towards the same lockout as wrong passwords, so six digits cannot be guessed at leisure.
    const next = await recordFailure(db, policy, user, now);
    await audit(db, context, 'sign-in.security-code', 'failed', user.id, 'wrong code');
    return isLocked(next, now) ? { kind: 'locked', until: next.lockedUntil! } : { kind: 'wrong-code' };
  }
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
  await audit(db, context, 'sign-in.security-code', 'succeeded', user.id, null);
  return { kind: 'accepted' };
}
