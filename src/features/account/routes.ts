// The signed-in person's own account: their roles, multi-factor set-up, and signing out on every device.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { users } from '../../db/schema.ts';
import { auditRequest } from '../../platform/authorisation.ts';
import { formErrors, validateForm } from '../../platform/forms.ts';
import { cookieName, sessionCookieOptions } from '../../platform/security.ts';
import { endAllSessions, markMfaVerified } from '../../records/sessions.ts';
import type { Services } from '../../services.ts';
import { codeMatches, securityCodeForm, totpFor } from '../../platform/security-codes.ts';
import { describeAssignments } from '../../records/role-descriptions.ts';
import { accountPaths } from './paths.ts';

export function accountRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;

  app.get('/account', async (request, reply) => {
    const user = request.currentUser!;
    return reply.render('account/account.njk', {
      pageTitle: 'Your account',
      activeNav: 'account',
      roles: await describeAssignments(db, request.principal!.assignments),
      mfaRequired: config.mfaRequired && user.isStaff,
    });
  });

  const setUpPage = async (userId: string, email: string) => {
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    let secret = user?.totpSecret;
    // The secret is kept but not switched on until a code from it is entered, so a half-finished set-up locks nobody out.
    if (!secret) {
      secret = new OTPAuth.Secret({ size: 20 }).base32;
      await db.update(users).set({ totpSecret: secret, totpEnabledAt: null }).where(eq(users.id, userId));
    }
    const uri = totpFor(secret, email).toString();
    return { secret: secret.replace(/(.{4})/g, '$1 ').trim(), qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
  };

  app.get(accountPaths.mfaSetUp.pattern, { config: { access: 'pre-mfa' } }, async (request, reply) => {
    const user = request.currentUser!;
    // Once on, a security code is only reset by an administrator, never switched off from a possibly stolen session.
    if (user.totpEnabled) return reply.redirect('/account', 303);
    return reply.render('account/security-code-set-up.njk', {
      pageTitle: 'Set up your security code',
      required: config.mfaRequired && user.isStaff,
      answers: {},
      ...(await setUpPageFromStored(user.id, user.email)),
    });
  });

  // Re-showing the form after a wrong code must keep the same secret the person has just scanned.
  const setUpPageFromStored = async (userId: string, email: string) => {
    const [user] = await db.select().from(users).where(eq(users.id, userId));
    if (user?.totpSecret && !user.totpEnabledAt) {
      const uri = totpFor(user.totpSecret, email).toString();
      return { secret: user.totpSecret.replace(/(.{4})/g, '$1 ').trim(), qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
    }
    return setUpPage(userId, email);
  };

  app.post(accountPaths.mfaSetUp.pattern, { config: { access: 'pre-mfa', rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    const user = request.currentUser!;
    if (user.totpEnabled) return reply.redirect('/account', 303);
    const form = validateForm(securityCodeForm, request.body, ['code']);
    const [stored] = await db.select().from(users).where(eq(users.id, user.id));
    const secret = stored?.totpSecret;
    const fail = async (message: string) => {
      const errors = formErrors({ code: message });
      return reply.code(400).render('account/security-code-set-up.njk', {
        pageTitle: 'Set up your security code',
        required: config.mfaRequired && user.isStaff,
        errors: errors.fields,
        errorList: errors.list,
        answers: {},
        ...(await setUpPageFromStored(user.id, user.email)),
      });
    };
    if (!form.ok) return fail(form.errors.list[0]!.text);
    if (!secret || stored?.totpEnabledAt || !codeMatches(secret, form.value.code, services.clock.now())) {
      return fail('The security code is not correct. Check your app shows Right to Control and enter the code it shows now.');
    }
    await db.update(users).set({ totpEnabledAt: services.clock.now() }).where(eq(users.id, user.id));
    await markMfaVerified(db, request.session!.tokenHash);
    await auditRequest(db, request, { action: 'account.mfa-enabled', outcome: 'succeeded', subjectType: 'user', subjectId: user.id });
    return reply.redirect('/account?mfa=enabled', 303);
  });

  app.post('/account/sign-out-everywhere', async (request, reply) => {
    const user = request.currentUser!;
    const ended = await endAllSessions(db, user.id);
    await auditRequest(db, request, { action: 'account.sign-out-everywhere', outcome: 'succeeded', subjectType: 'user', subjectId: user.id, detail: `${ended} sessions ended` });
    reply.clearCookie(cookieName(config, 'rtc_session'), sessionCookieOptions(config));
    return reply.redirect('/signed-out', 303);
  });
}
