import { describe, expect, it } from 'vitest';
import { afterFailedSignIn, attemptsLeft, isLocked } from './sign-in-lockout.ts';

const policy = { maxFailures: 3, lockoutMinutes: 15 };
const now = new Date('2026-11-22T10:00:00Z');

describe('sign-in lockout', () => {
  it('locks for the set time on reaching the limit of wrong passwords', () => {
    let state = { failedSignIns: 0, lockedUntil: null as Date | null };
    state = afterFailedSignIn(state, policy, now);
    state = afterFailedSignIn(state, policy, now);
    expect(isLocked(state, now)).toBe(false);
    expect(attemptsLeft(state, policy)).toBe(1);
    state = afterFailedSignIn(state, policy, now);
    expect(isLocked(state, now)).toBe(true);
    expect(state.lockedUntil).toEqual(new Date('2026-11-22T10:15:00Z'));
  });

  it('unlocks when the time is up, and starts a fresh count', () => {
    const locked = { failedSignIns: 3, lockedUntil: new Date('2026-11-22T10:15:00Z') };
    const later = new Date('2026-11-22T10:16:00Z');
    expect(isLocked(locked, later)).toBe(false);
    expect(afterFailedSignIn(locked, policy, later)).toEqual({ failedSignIns: 1, lockedUntil: null });
  });
});
