// When repeated wrong passwords lock an account, and for how long. Pure so the rule is tested without a database.

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

export interface LockoutState {
  failedSignIns: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** The state after a wrong password: the count goes up, and reaching the limit locks the account for a while. */
export function afterFailedSignIn(state: LockoutState, policy: LockoutPolicy, now: Date): LockoutState {
  // A lock that has run out starts a fresh count, so an old lock does not make the next mistake lock again.
  const previousFailures = state.lockedUntil && !isLocked(state, now) ? 0 : state.failedSignIns;
  const failedSignIns = previousFailures + 1;
  if (failedSignIns >= policy.maxFailures) {
    return { failedSignIns, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) };
  }
  return { failedSignIns, lockedUntil: null };
}

export function attemptsLeft(state: LockoutState, policy: LockoutPolicy): number {
  return Math.max(0, policy.maxFailures - state.failedSignIns);
}
