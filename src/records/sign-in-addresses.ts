// Wrong passwords and codes per account and client address, for the lockout rule (domain/sign-in-lockout.ts), and
// clearing them when an administrator unlocks an account.
import { createHmac } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AccountPressure, AddressState } from '../domain/sign-in-lockout.ts';
import { freshAddress } from '../domain/sign-in-lockout.ts';
import type { Queryable } from '../db/database.ts';
import { signInAddresses } from '../db/schema.ts';

/**
 * The address as a keyed hash: enough to tell two places apart, and a copy of the table does not say where anyone
 * signed in from. IPv6 addresses count by their /64, the block one household or phone is given.
 */
export function addressKey(secret: string, address: string): string {
  return createHmac('sha256', secret).update(addressBlock(address)).digest('base64url').slice(0, 32);
}

function addressBlock(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!plain.includes(':')) return plain;
  const [head = '', tail = ''] = plain.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = plain.includes('::') && tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export async function addressState(db: Queryable, userId: string, key: string): Promise<AddressState> {
  const [row] = await db
    .select({ failures: signInAddresses.failures, lockedUntil: signInAddresses.lockedUntil, signedInAt: signInAddresses.signedInAt })
    .from(signInAddresses)
    .where(and(eq(signInAddresses.userId, userId), eq(signInAddresses.addressKey, key)));
  return row ?? freshAddress;
}

/** The account's failures from every address since `since`, and when the last one was. */
export async function accountPressure(db: Queryable, userId: string, since: Date): Promise<AccountPressure> {
  const [row] = await db
    .select({ recentFailures: sql<number>`coalesce(sum(${signInAddresses.failures}), 0)::int`, lastFailedAt: sql<string | null>`max(${signInAddresses.lastFailedAt})` })
    .from(signInAddresses)
    .where(and(eq(signInAddresses.userId, userId), gt(signInAddresses.lastFailedAt, since)));
  // An aggregate comes back as text on one driver and a Date on the other: read it the same way on both.
  return { recentFailures: row?.recentFailures ?? 0, lastFailedAt: row?.lastFailedAt ? new Date(row.lastFailedAt) : null };
}

export async function saveAddressState(db: Queryable, userId: string, key: string, state: AddressState, lastFailedAt?: Date): Promise<void> {
  const values = { failures: state.failures, lockedUntil: state.lockedUntil, signedInAt: state.signedInAt, ...(lastFailedAt ? { lastFailedAt } : {}) };
  await db
    .insert(signInAddresses)
    .values({ userId, addressKey: key, ...values })
    .onConflictDoUpdate({ target: [signInAddresses.userId, signInAddresses.addressKey], set: values });
}

/** An administrator's unlock: every address may try again at once, and the slowdown starts afresh. */
export async function clearSignInFailures(db: Queryable, userId: string): Promise<void> {
  await db.update(signInAddresses).set({ failures: 0, lockedUntil: null, lastFailedAt: null }).where(eq(signInAddresses.userId, userId));
}

/** Which of these accounts some address is locked out of now. */
export async function lockedAccounts(db: Queryable, userIds: readonly string[], now: Date): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ userId: signInAddresses.userId })
    .from(signInAddresses)
    .where(and(inArray(signInAddresses.userId, [...userIds]), gt(signInAddresses.lockedUntil, now)));
  return new Set(rows.map((row) => row.userId));
}
