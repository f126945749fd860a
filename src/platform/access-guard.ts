// Loads the session on every request and keeps people out of routes they may not reach: not signed in → the sign-in
// page; staff without multi-factor set up (where required) → set it up first; security code not yet given → give it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { AppConfig } from './config.ts';
import { holdsStaffRole, sessionPrincipal } from './principals.ts';
import { cookieName, sessionCookieOptions } from './security.ts';
import { findSession, lastSeenMark, readLastSeenMark } from '../records/sessions.ts';
import { sitePaths } from './paths.ts';

/** The characters a plain path may hold: no spaces, controls or backslashes, which browsers quietly drop or rewrite. */
const plainPath = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*$/;

/**
 * Only plain same-site paths, so a crafted link cannot bounce someone to another site after signing in: a path that
 * starts with one slash, holds only URL characters, and still does once its %-escapes are read (a tab or a second
 * slash hidden as `%09` or `%2F` is refused too).
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  if (!plainPath.test(value) || value.startsWith('//')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  const hidden = [...decoded].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
  if (hidden || /[\\\s]/.test(decoded) || decoded.startsWith('//')) return undefined;
  return value;
}

/** The cookie that carries the signed time of the session's last use (records/sessions.ts `lastSeenMark`). */
export function lastSeenCookieName(config: AppConfig): string {
  return cookieName(config, 'rtc_seen');
}

function redirectTo(reply: FastifyReply, request: FastifyRequest, path: string) {
  const returnTo = request.method === 'GET' ? safeReturnPath(request.url) : undefined;
  const query = returnTo && returnTo !== '/' ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  return reply.redirect(`${path}${query}`, 303);
}

export function registerAccessGuard(app: FastifyInstance, db: Database, config: AppConfig): void {
  app.decorateRequest('session', undefined);
  app.decorateRequest('currentUser', undefined);
  app.decorateRequest('principal', undefined);

  const sessionCookie = cookieName(config, 'rtc_session');
  const seenCookie = lastSeenCookieName(config);

  app.addHook('preHandler', async (request, reply) => {
    // A page that does not exist is "not found" for everyone: redirecting to sign-in would hint that it exists.
    const access = request.is404 ? 'public' : (request.routeOptions.config.access ?? 'signed-in');
    if (access === 'api') return;
    const token = request.cookies[sessionCookie];
    if (token) {
      const now = request.server.clock.now();
      const settings = { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
      // One statement: the session, its user and their roles (records/sessions.ts).
      const found = await findSession(db, settings, token, now, (tokenHash) => readLastSeenMark(config.sessionSecret, tokenHash, request.cookies[seenCookie], now));
      if (found) {
        const { session, user } = found;
        // Every page renews the mark of the session's last use; static files are not use, and are cached.
        if (!request.routeOptions.url?.startsWith('/assets/')) {
          reply.setCookie(seenCookie, lastSeenMark(config.sessionSecret, session.tokenHash, now), { ...sessionCookieOptions(config), maxAge: config.sessionMaxHours * 3600 });
        }
        if (!user.disabled) {
          const principal = sessionPrincipal(user.id, found.assignments);
          request.session = session;
          request.principal = principal;
          request.currentUser = {
            id: user.id,
            email: user.email,
            displayName: user.displayName,
            totpEnabled: user.totpEnabled,
            isStaff: holdsStaffRole(principal),
          };
        }
      }
    }
    if (access === 'public') return;
    const user = request.currentUser;
    if (!user || !request.session) return redirectTo(reply, request, sitePaths.signIn());
    if (access === 'pre-mfa') return;
    const pending = pendingStep(request, config);
    if (pending) return redirectTo(reply, request, pending);
  });
}

/** The sign-in step a signed-in user still owes before staff pages: a security code, or setting one up. */
export function pendingStep(request: FastifyRequest, config: AppConfig): string | undefined {
  const user = request.currentUser;
  if (!user || !request.session) return sitePaths.signIn();
  if (user.totpEnabled && !request.session.mfaVerified) return sitePaths.securityCode();
  // A session already past multi-factor (an OpenID provider's own) needs no code of ours on top.
  if (user.isStaff && config.mfaRequired && !user.totpEnabled && !request.session.mfaVerified) return sitePaths.mfaSetUp();
  return undefined;
}
