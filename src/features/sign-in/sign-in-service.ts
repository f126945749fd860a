// Checks an email and password (or a security code) against the account, applying the lockout rule and auditing
// each attempt. Knows nothing of HTTP.
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { type AddressState, afterFailedSignIn, afterSignIn, decideAttempt, isLocked, type LockoutPolicy, slowdownFor } from '../../domain/sign-in-lockout.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { users } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';
import { accountPressure, addressState, saveAddressState } from '../../records/sign-in-addresses.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import { matchingStep } from '../../platform/security-codes.ts';

export type SignInOutcome =
  | { kind: 'signed-in'; userId: string; needsSecurityCode: boolean }
  | { kind: 'wrong-details'; attemptsLeft: number | undefined }
  | { kind: 'locked'; until: Date }
  | { kind: 'wait'; until: Date };

/**
 * When the attempt was made, and the audit writer for the account it turns out to be: the attempt is made by the user
 * it names once the account is found (`null` before then).
 */
export interface Attempt {
  now: Date;
  /** The client address as a keyed hash (records/sign-in-addresses.ts `addressKey`). */
  addressKey: string;
  auditAs(userId: string | null): AuditWriter;
}

type Outcome = 'succeeded' | 'failed';

/** Writes the attempt's audit entry, in the same transaction as `change` (the failure count or its reset) when there is one. */
function audited(db: Database, attempt: Attempt, entry: { action: string; outcome: Outcome; userId: string | null; detail: string | null }, change?: (tx: Queryable) => Promise<unknown>) {
  return db.transaction(async (tx) => {
    await change?.(tx);
    await attempt.auditAs(entry.userId)(tx, { action: entry.action, outcome: entry.outcome, subjectType: 'user', subjectId: entry.userId, detail: entry.detail });
  });
}

/** Whether this address may try this account now, from its own failures and the account's failures everywhere. */
async function gate(db: Database, policy: LockoutPolicy, userId: string, attempt: Attempt) {
  const slowdown = slowdownFor(policy);
  const address = await addressState(db, userId, attempt.addressKey);
  const pressure = await accountPressure(db, userId, new Date(attempt.now.getTime() - slowdown.windowMinutes * 60_000));
  return { address, decision: decideAttempt(address, pressure, slowdown, attempt.now) };
}

/** Saves this address's count after a failure, as part of the attempt's audited transaction. */
const recordFailure = (userId: string, attempt: Attempt, next: AddressState) => (tx: Queryable) => saveAddressState(tx, userId, attempt.addressKey, next, attempt.now);
const recordSignIn = (userId: string, attempt: Attempt, address: AddressState) => (tx: Queryable) => saveAddressState(tx, userId, attempt.addressKey, afterSignIn(address, attempt.now));

export async function signInWithPassword(db: Database, policy: LockoutPolicy, email: string, password: string, attempt: Attempt): Promise<SignInOutcome> {
  const { now } = attempt;
  const action = 'sign-in.password';
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (!user || user.disabledAt) {
    // Check a password anyway, so an unknown address takes as long to refuse as a wrong password.
    await verifyPassword(null, password);
    await audited(db, attempt, { action, outcome: 'failed', userId: null, detail: 'unknown or disabled account' });
    return { kind: 'wrong-details', attemptsLeft: undefined };
  }
  const { address, decision } = await gate(db, policy, user.id, attempt);
  if (decision.kind !== 'try') {
    // Refused before the password is checked, so a locked or waiting address learns nothing about it.
    await audited(db, attempt, { action, outcome: 'failed', userId: user.id, detail: decision.kind === 'locked' ? 'address locked' : 'account slowed down' });
    return decision;
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const next = afterFailedSignIn(address, policy, now);
    await audited(db, attempt, { action, outcome: 'failed', userId: user.id, detail: 'wrong password' }, recordFailure(user.id, attempt, next));
    if (isLocked(next, now)) return { kind: 'locked', until: next.lockedUntil! };
    return { kind: 'wrong-details', attemptsLeft: policy.maxFailures - next.failures };
  }
  await audited(db, attempt, { action, outcome: 'succeeded', userId: user.id, detail: null }, recordSignIn(user.id, attempt, address));
  return { kind: 'signed-in', userId: user.id, needsSecurityCode: user.totpEnabledAt !== null };
}

export type SecurityCodeOutcome = { kind: 'accepted' } | { kind: 'wrong-code' } | { kind: 'used-code' } | { kind: 'locked'; until: Date } | { kind: 'wait'; until: Date };

export async function checkSecurityCode(db: Database, policy: LockoutPolicy, userId: string, code: string, attempt: Attempt): Promise<SecurityCodeOutcome> {
  const { now } = attempt;
  const action = 'sign-in.security-code';
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpSecret) return { kind: 'wrong-code' };
  const { address, decision } = await gate(db, policy, user.id, attempt);
  if (decision.kind !== 'try') return decision;
  const step = matchingStep(user.totpSecret, code, now);
  // A code seen once is used: taking its step is one conditional update, so two sessions racing with the same code
  // cannot both win.
  const taken =
    step !== undefined &&
    (await db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id })).length > 0;
  if (!taken) {
    // Wrong (or used) codes count towards the same lockout as wrong passwords, so six digits cannot be guessed at leisure.
    const next = afterFailedSignIn(address, policy, now);
    await audited(db, attempt, { action, outcome: 'failed', userId: user.id, detail: step === undefined ? 'wrong code' : 'code already used' }, recordFailure(user.id, attempt, next));
    return isLocked(next, now) ? { kind: 'locked', until: next.lockedUntil! } : { kind: step === undefined ? 'wrong-code' : 'used-code' };
  }
  await audited(db, attempt, { action, outcome: 'succeeded', userId: user.id, detail: null }, recordSignIn(user.id, attempt, address));
  return { kind: 'accepted' };
}
