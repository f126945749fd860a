// When wrong passwords or security codes stop more tries, and for how long. Counted per account and client address,
// so someone who keeps guessing from one place locks only that place out, never the account's owner; guessing spread
// over many places slows down instead. Pure so the rule is tested without a database.

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

/** How an account under attack from many places slows down: tried only once the rule below gives a lock-free answer. */
export interface SlowdownPolicy {
  /** Recent failures on the account, from every address, before addresses it has not signed in from must wait. */
  afterFailures: number;
  /** The wait after the first failure past that point; it doubles with every further failure. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** How far back failures count towards the slowdown. */
  windowMinutes: number;
}

/**
 * Past this many failures from every address the account is under attack from many places: waits start short and
 * double, to at most 5 minutes, so even thousands of addresses get about 12 guesses an hour between them.
 */
export function slowdownFor(policy: LockoutPolicy): SlowdownPolicy {
  return { afterFailures: policy.maxFailures * 2, firstDelaySeconds: 1, maxDelaySeconds: 300, windowMinutes: 60 };
}

/** One account seen from one client address. */
export interface AddressState {
  failures: number;
  lockedUntil: Date | null;
  /** The last time the account signed in from this address: the owner's usual places are never slowed down. */
  signedInAt: Date | null;
}

/** The account's recent failures from every address (within the slowdown window). */
export interface AccountPressure {
  recentFailures: number;
  lastFailedAt: Date | null;
}

export const freshAddress: AddressState = { failures: 0, lockedUntil: null, signedInAt: null };

export type AttemptDecision = { kind: 'try' } | { kind: 'locked'; until: Date } | { kind: 'wait'; until: Date };

export function isLocked(state: { lockedUntil: Date | null }, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** How long an unknown address must wait after the account's last failure; 0 while the account is not under attack. */
export function slowdownSeconds(pressure: AccountPressure, slowdown: SlowdownPolicy): number {
  const excess = pressure.recentFailures - slowdown.afterFailures;
  if (excess < 0) return 0;
  return Math.min(slowdown.maxDelaySeconds, slowdown.firstDelaySeconds * 2 ** Math.min(excess, 30));
}

/**
 * Whether a password or code may be checked at all from this address now. A locked address is refused until its lock
 * ends; an address the account has never signed in from waits while the account is under attack from elsewhere; the
 * owner's usual addresses are only ever stopped by their own failures.
 */
export function decideAttempt(address: AddressState, pressure: AccountPressure, slowdown: SlowdownPolicy, now: Date): AttemptDecision {
  if (isLocked(address, now)) return { kind: 'locked', until: address.lockedUntil! };
  if (address.signedInAt === null && pressure.lastFailedAt !== null) {
    const seconds = slowdownSeconds(pressure, slowdown);
    const until = new Date(pressure.lastFailedAt.getTime() + seconds * 1000);
    if (seconds > 0 && until.getTime() > now.getTime()) return { kind: 'wait', until };
  }
  return { kind: 'try' };
}

/** The address's state after a wrong password or code: the count goes up, and reaching the limit locks it for a while. */
export function afterFailedSignIn<State extends { failures: number; lockedUntil: Date | null }>(state: State, policy: LockoutPolicy, now: Date): State {
  // A lock that has run out starts a fresh count, so an old lock does not make the next mistake lock again.
  const previousFailures = state.lockedUntil && !isLocked(state, now) ? 0 : state.failures;
  const failures = previousFailures + 1;
  const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockoutMinutes * 60_000) : null;
  return { ...state, failures, lockedUntil };
}

/** Signing in from an address clears its count and makes it one of the owner's usual places. */
export function afterSignIn(state: AddressState, now: Date): AddressState {
  return { ...state, failures: 0, lockedUntil: null, signedInAt: now };
}

export function attemptsLeft(state: { failures: number }, policy: LockoutPolicy): number {
  return Math.max(0, policy.maxFailures - state.failures);
}
