// Server-side sessions. The browser holds a random token; the database holds only its SHA-256, so a leaked copy of
// the table cannot be replayed. Sessions expire when idle and after a fixed maximum.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { roleAssignments, sessions, users } from '../db/schema.ts';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  mfaVerified: boolean;
  expiresAt: Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createSession(
  db: Database,
  settings: SessionSettings,
  userId: string,
  state: { mfaVerified: boolean },
  now: Date,
): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    mfaVerified: state.mfaVerified,
    lastSeenAt: now,
    createdAt: now,
    expiresAt: new Date(now.getTime() + settings.maxHours * 3_600_000),
  });
  return token;
}

/**
 * The row's last-seen time is written at most this often, so it can trail the real last request by up to this much;
 * the browser's signed last-seen mark (below) says exactly when it was.
 */
export const lastSeenWriteMs = 60_000;

/**
 * A mark of when this browser last used its session, signed with the server's secret and bound to the session, for a
 * cookie renewed on every page. It lets the idle timeout count from the real last request without writing the
 * session row on each one; an altered mark, or one from another session, is ignored, and an old one never makes a session last longer.
 */
export function lastSeenMark(secret: string, tokenHash: string, at: Date): string {
  const time = String(at.getTime());
  return `${time}.${markSignature(secret, tokenHash, time)}`;
}

function markSignature(secret: string, tokenHash: string, time: string): string {
  return createHmac('sha256', secret).update(`${tokenHash}.${time}`).digest('base64url');
}

/** The time a mark holds, if it is one this server signed for this session; never later than now. */
export function readLastSeenMark(secret: string, tokenHash: string, mark: string | undefined, now: Date): Date | undefined {
  const [time, signature, ...rest] = (mark ?? '').split('.');
  if (!time || !signature || rest.length > 0 || !/^\d{1,15}$/.test(time)) return undefined;
  const expected = Buffer.from(markSignature(secret, tokenHash, time));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return new Date(Math.min(Number(time), now.getTime()));
}

/** The account a session belongs to, as the access guard needs it on every request. */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  totpEnabled: boolean;
  disabled: boolean;
}

/** A role as stored, before the platform checks its name. */
export interface StoredAssignment {
  role: string;
  organisationId: string | null;
  areaId: string | null;
  regionId: string | null;
  personId: string | null;
}

export interface SignedInSession {
  session: SessionRecord;
  user: SessionUser;
  assignments: StoredAssignment[];
}

// Every role the user holds, as one JSON array beside the session row, so a signed-in request costs one round trip.
// Unordered, like the separate read it replaces: the rows come back as stored.
const assignmentsOf = sql<StoredAssignment[] | null>`(select json_agg(json_build_object('role', ${roleAssignments.role}, 'organisationId', ${roleAssignments.organisationId}, 'areaId', ${roleAssignments.areaId}, 'regionId', ${roleAssignments.regionId}, 'personId', ${roleAssignments.personId})) from ${roleAssignments} where ${roleAssignments.userId} = ${sessions.userId})`;

/**
 * The session for a token, with its user and every role they hold, read in one statement, if it is within its
 * maximum age and has been used within the idle window. The idle time counts from the later of the row's last-seen
 * time and the browser's signed mark, so a session in use never ends early and one left alone ends on time.
 */
export async function findSession(
  db: Database,
  settings: SessionSettings,
  token: string,
  now: Date,
  browserLastSeen: (tokenHash: string) => Date | undefined = () => undefined,
): Promise<SignedInSession | undefined> {
  const idleMs = settings.idleMinutes * 60_000;
  // The row alone can only prove the session idle once it is older than the window plus the write interval.
  const surelyIdle = new Date(now.getTime() - idleMs - lastSeenWriteMs);
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      tokenHash: sessions.tokenHash,
      userId: sessions.userId,
      mfaVerified: sessions.mfaVerified,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      email: users.email,
      displayName: users.displayName,
      totpEnabledAt: users.totpEnabledAt,
      disabledAt: users.disabledAt,
      assignments: assignmentsOf,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, surelyIdle)));
  if (!row) return undefined;
  const marked = browserLastSeen(tokenHash);
  const lastSeen = marked && marked > row.lastSeenAt ? marked : row.lastSeenAt;
  if (now.getTime() - lastSeen.getTime() >= idleMs) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > lastSeenWriteMs) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    session: { tokenHash: row.tokenHash, userId: row.userId, mfaVerified: row.mfaVerified, expiresAt: row.expiresAt },
    user: { id: row.userId, email: row.email, displayName: row.displayName, totpEnabled: row.totpEnabledAt !== null, disabled: row.disabledAt !== null },
    assignments: row.assignments ?? [],
  };
}

export async function markMfaVerified(db: Database, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ mfaVerified: true }).where(eq(sessions.tokenHash, tokenHash));
}

export async function endSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Signs the user out on every device. */
export async function endAllSessions(db: Database, userId: string): Promise<number> {
  const ended = await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ tokenHash: sessions.tokenHash });
  return ended.length;
}

export async function removeExpiredSessions(db: Database, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
