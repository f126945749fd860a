// Sign in with email and password, then a security code where multi-factor is set up; sign out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { demoPasswordText } from '../../demo/demo-region.ts';
import { safeReturnPath } from '../../platform/access-guard.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { formErrors, validateForm } from '../../platform/forms.ts';
import { sitePaths } from '../../platform/paths.ts';
import { queryOf } from '../../platform/route-input.ts';
import { securityCodeForm } from '../../platform/security-codes.ts';
import { endSessionAndCookie, startSession } from '../../platform/session-cookie.ts';
import { markMfaVerified } from '../../records/sessions.ts';
import { addressKey } from '../../records/sign-in-addresses.ts';
import type { Services } from '../../services.ts';
import { demoAccounts } from './demo-accounts.ts';
import { signInPaths as paths } from './paths.ts';
import { type Attempt, checkSecurityCode, signInWithPassword } from './sign-in-service.ts';
import { signInForm } from './validation.ts';

const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });
const returnToQuery = z.object({ returnTo: z.string().optional().catch(undefined) });

export function lockedMessage(until: Date): string {
  return `You have entered the wrong details too many times. For your security, this account is locked until ${londonTime.format(until).replace(' ', '')}. Try again then, or ask your administrator to unlock it.`;
}

const londonSeconds = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true });

/** For an address the account has not signed in from, while someone elsewhere keeps guessing its password. */
export function waitMessage(until: Date): string {
  return `There have been too many wrong sign-in attempts for this account. For your security, wait until ${londonSeconds.format(until).replace(' ', '')} before you try again. If this is your account and you did not make them, tell your administrator.`;
}

function wrongDetailsMessage(attemptsLeft: number | undefined, lockoutMinutes: number): string {
  if (attemptsLeft === undefined || attemptsLeft > 2) return 'Enter a correct email address and password';
  return `Enter a correct email address and password. You have ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left before your account is locked for ${lockoutMinutes} minutes.`;
}

/** Where to go once signed in: a same-site path the sign-in link carried, never another site. */
function returnPathOf(request: FastifyRequest): string | undefined {
  return safeReturnPath(queryOf(request, returnToQuery)?.returnTo);
}

export function signInRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const policy = { maxFailures: config.login.maxFailures, lockoutMinutes: config.login.lockoutMinutes };
  const loginRateLimit = { rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } };

  /** The attempt is made by the account it turns out to be, so its audit entry names that user once found. */
  const attemptOf = (request: FastifyRequest): Attempt => ({ now: services.clock.now(), addressKey: addressKey(config.sessionSecret, request.ip), auditAs: (userId) => requestAudit(request, userId ?? undefined) });

  const renderSignIn = async (reply: FastifyReply, context: Record<string, unknown>) =>
    reply.render('sign-in/sign-in.njk', {
      pageTitle: 'Sign in',
      oidc: config.oidc ? { name: config.oidc.displayName } : undefined,
      demoAccounts: config.environment === 'production' ? [] : await demoAccounts(db),
      demoPassword: demoPasswordText,
      ...context,
    });

  app.get(paths.signIn.pattern, { config: { access: 'public' } }, async (request, reply) => {
    if (request.currentUser && request.session?.mfaVerified) return reply.redirect(sitePaths.home(), 303);
    return renderSignIn(reply, { answers: {}, returnTo: returnPathOf(request) });
  });

  app.post(paths.signIn.pattern, { config: { access: 'public', ...loginRateLimit } }, async (request, reply) => {
    const returnTo = returnPathOf(request);
    const form = validateForm(signInForm, request.body, ['email', 'password']);
    if (!form.ok) {
      return renderSignIn(reply.code(400), { errors: form.errors.fields, errorList: form.errors.list, answers: { email: form.answers.email }, returnTo });
    }
    const outcome = await signInWithPassword(db, policy, form.value.email, form.value.password, attemptOf(request));
    if (outcome.kind !== 'signed-in') {
      const message =
        outcome.kind === 'locked'
          ? lockedMessage(outcome.until)
          : outcome.kind === 'wait'
            ? waitMessage(outcome.until)
            : wrongDetailsMessage(outcome.attemptsLeft, policy.lockoutMinutes);
      const errors = formErrors({ email: message });
      return renderSignIn(reply.code(outcome.kind === 'wrong-details' ? 401 : 429), { errors: errors.fields, errorList: errors.list, answers: { email: form.value.email }, returnTo });
    }
    await startSession(db, config, request, reply, outcome.userId, { mfaVerified: false });
    // The security code comes next where it is set up; it carries the return path on to where the person was going.
    const next = outcome.needsSecurityCode ? paths.securityCode({}, { returnTo }) : (returnTo ?? sitePaths.home());
    return reply.redirect(next, 303);
  });

  app.get(paths.securityCode.pattern, { config: { access: 'pre-mfa' } }, (request, reply) => {
    if (!request.currentUser?.totpEnabled) return reply.redirect(sitePaths.home(), 303);
    return reply.render('sign-in/security-code.njk', { pageTitle: 'Enter your security code', answers: {}, returnTo: returnPathOf(request) });
  });

  app.post(paths.securityCode.pattern, { config: { access: 'pre-mfa', ...loginRateLimit } }, async (request, reply) => {
    const returnTo = returnPathOf(request);
    const user = request.currentUser!;
    const form = validateForm(securityCodeForm, request.body, ['code']);
    const show = (status: number, message: string) => {
      const errors = formErrors({ code: message });
      return reply.code(status).render('sign-in/security-code.njk', { pageTitle: 'Enter your security code', errors: errors.fields, errorList: errors.list, answers: {}, returnTo });
    };
    if (!form.ok) return show(400, form.errors.list[0]!.text);
    const outcome = await checkSecurityCode(db, policy, user.id, form.value.code, attemptOf(request));
    if (outcome.kind === 'locked') return show(429, lockedMessage(outcome.until));
    if (outcome.kind === 'wait') return show(429, waitMessage(outcome.until));
    if (outcome.kind === 'wrong-code') return show(401, 'The security code is not correct or has run out. Enter the code your app shows now.');
    if (outcome.kind === 'used-code') return show(401, 'That security code has already been used. Wait for your app to show a new code, then enter it.');
    await markMfaVerified(db, request.session!.tokenHash);
    return reply.redirect(returnTo ?? sitePaths.home(), 303);
  });

  app.post(paths.signOut.pattern, { config: { access: 'pre-mfa' } }, async (request, reply) => {
    await endSessionAndCookie(db, config, request, reply);
    return reply.redirect(paths.signedOut(), 303);
  });

  app.get(paths.signedOut.pattern, { config: { access: 'public' } }, (_request, reply) => reply.render('sign-in/signed-out.njk', { pageTitle: 'You have signed out' }));
}
