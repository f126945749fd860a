// Signs a browser in and out: the session row (records/sessions.ts) and the cookie that carries its token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { createSession, endSession } from '../records/sessions.ts';
import { lastSeenCookieName } from './access-guard.ts';
import type { AppConfig } from './config.ts';
import { cookieName, sessionCookieOptions } from './security.ts';

/**
 * Signs a user in on this browser: ends any session it had (so an old token cannot be reused), starts a new one and
 * sets its cookie. Used by password sign-in, OpenID Connect and self-referral, which signs the new account straight in.
 */
export async function startSession(db: Database, config: AppConfig, request: FastifyRequest, reply: FastifyReply, userId: string, state: { mfaVerified: boolean }): Promise<void> {
  if (request.session) await endSession(db, request.session.tokenHash);
  const token = await createSession(db, { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }, userId, state, request.server.clock.now());
  reply.setCookie(cookieName(config, 'rtc_session'), token, { ...sessionCookieOptions(config), maxAge: config.sessionMaxHours * 3600 });
}

/** Ends this browser's session and removes its cookie. */
export async function endSessionAndCookie(db: Database, config: AppConfig, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) await endSession(db, request.session.tokenHash);
  reply.clearCookie(cookieName(config, 'rtc_session'), sessionCookieOptions(config));
  reply.clearCookie(lastSeenCookieName(config), sessionCookieOptions(config));
}
