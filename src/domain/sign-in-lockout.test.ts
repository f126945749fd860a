import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddressState, afterFailedSignIn, afterSignIn, attemptsLeft, decideAttempt, freshAddress, isLocked, slowdownFor, slowdownSeconds } from './sign-in-lockout.ts';

const policy = { maxFailures: 3, lockoutMinutes: 15 };
const slowdown = slowdownFor(policy);
const now = new Date('2026-11-22T10:00:00Z');
const calm = { recentFailures: 0, lastFailedAt: null };

describe('sign-in lockout for one address', () => {
  it('locks for the set time on reaching the limit of wrong passwords', () => {
    let state: AddressState = freshAddress;
    state = afterFailedSignIn(state, policy, now);
    state = afterFailedSignIn(state, policy, now);
    expect(isLocked(state, now)).toBe(false);
    expect(attemptsLeft(state, policy)).toBe(1);
    state = afterFailedSignIn(state, policy, now);
    expect(isLocked(state, now)).toBe(true);
    expect(state.lockedUntil).toEqual(new Date('2026-11-22T10:15:00Z'));
    expect(decideAttempt(state, calm, slowdown, now)).toEqual({ kind: 'locked', until: new Date('2026-11-22T10:15:00Z') });
  });

  it('unlocks when the time is up, and starts a fresh count', () => {
    const locked = { failures: 3, lockedUntil: new Date('2026-11-22T10:15:00Z'), signedInAt: null };
    const later = new Date('2026-11-22T10:16:00Z');
    expect(isLocked(locked, later)).toBe(false);
    expect(afterFailedSignIn(locked, policy, later)).toEqual({ failures: 1, lockedUntil: null, signedInAt: null });
  });

  it('signing in clears the count and remembers the address', () => {
    const state = afterSignIn({ failures: 2, lockedUntil: null, signedInAt: null }, now);
    expect(state).toEqual({ failures: 0, lockedUntil: null, signedInAt: now });
  });
});

describe('an account under attack from many addresses', () => {
  const underAttack = { recentFailures: slowdown.afterFailures + 3, lastFailedAt: now };

  it('makes addresses it has never signed in from wait, longer the more failures there are', () => {
    expect(slowdownSeconds({ recentFailures: slowdown.afterFailures - 1, lastFailedAt: now }, slowdown)).toBe(0);
    expect(slowdownSeconds({ recentFailures: slowdown.afterFailures, lastFailedAt: now }, slowdown)).toBe(1);
    expect(slowdownSeconds(underAttack, slowdown)).toBe(8);
    expect(slowdownSeconds({ recentFailures: 10_000, lastFailedAt: now }, slowdown)).toBe(slowdown.maxDelaySeconds);
    expect(decideAttempt(freshAddress, underAttack, slowdown, new Date(now.getTime() + 7_000))).toEqual({ kind: 'wait', until: new Date(now.getTime() + 8_000) });
    expect(decideAttempt(freshAddress, underAttack, slowdown, new Date(now.getTime() + 8_000))).toEqual({ kind: 'try' });
  });

  it("never slows or locks the owner's usual address for failures elsewhere", () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 3_600_000 }), (recentFailures, sinceLastFailure) => {
        const usual = { failures: 0, lockedUntil: null, signedInAt: new Date(now.getTime() - 86_400_000) };
        const pressure = { recentFailures, lastFailedAt: new Date(now.getTime() - sinceLastFailure) };
        expect(decideAttempt(usual, pressure, slowdown, now)).toEqual({ kind: 'try' });
      }),
    );
  });

  it('lets through at most one guess per wait, and never locks a new address for failures made elsewhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: slowdown.afterFailures, max: 100_000 }), fc.nat({ max: 600_000 }), (recentFailures, elapsed) => {
        const pressure = { recentFailures, lastFailedAt: now };
        const decision = decideAttempt(freshAddress, pressure, slowdown, new Date(now.getTime() + elapsed));
        expect(decision.kind).not.toBe('locked');
        expect(decision.kind === 'try').toBe(elapsed >= slowdownSeconds(pressure, slowdown) * 1000);
      }),
    );
  });
});
