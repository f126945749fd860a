// Server-side sessions. The browser holds a random token; the database holds only its SHA-256, so a leaked copy of
// the table cannot be replayed. Sessions expire when idle and after a fixed maximum.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { sessions } from '../db/schema.ts';

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

export async function findSession(db: Database, settings: SessionSettings, token: string, now: Date): Promise<SessionRecord | undefined> {
  const idleCutoff = new Date(now.getTime() - settings.idleMinutes * 60_000);
  const tokenHash = hashToken(token);
  const [session] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)));
  if (!session) return undefined;
  // Touch at most once a minute: keeps the idle clock honest without a write on every request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return session;
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
