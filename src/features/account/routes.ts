// The signed-in person's own account: their roles, multi-factor set-up, and signing out on every device.
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { CurrentUser } from '../../platform/request-context.ts';
import { auditRequest, requestAudit } from '../../platform/authorisation.ts';
import { formErrors, validateForm } from '../../platform/forms.ts';
import { sitePaths } from '../../platform/paths.ts';
import { securityCodeForm, totpFor } from '../../platform/security-codes.ts';
import { endSessionAndCookie } from '../../platform/session-cookie.ts';
import { describeAssignments } from '../../records/role-descriptions.ts';
import { endAllSessions, markMfaVerified } from '../../records/sessions.ts';
import type { Services } from '../../services.ts';
import { accountPaths } from './paths.ts';
import { pendingSecret, turnOnSecurityCode } from './security-code-service.ts';

export function accountRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const loginRateLimit = { rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } };

  /** The set-up page, with the pending secret as a QR code and as a key to type in groups of four. */
  async function renderSetUp(reply: FastifyReply, user: CurrentUser, context: { errors?: Record<string, { text: string }>; errorList?: { text: string; href: string }[] } = {}) {
    const secret = await pendingSecret(db, user.id);
    return reply.render('account/security-code-set-up.njk', {
      pageTitle: 'Set up your security code',
      required: config.mfaRequired && user.isStaff,
      answers: {},
      secret: secret.replace(/(.{4})/g, '$1 ').trim(),
      qrSvg: await QRCode.toString(totpFor(secret, user.email).toString(), { type: 'svg', margin: 1 }),
      ...context,
    });
  }

  app.get(accountPaths.account.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = request.currentUser!;
    return reply.render('account/account.njk', {
      pageTitle: 'Your account',
      activeNav: 'account',
      roles: await describeAssignments(db, request.principal!.assignments),
      mfaRequired: config.mfaRequired && user.isStaff,
    });
  });

  app.get(accountPaths.mfaSetUp.pattern, { config: { access: 'pre-mfa' } }, async (request, reply) => {
    const user = request.currentUser!;
    // Once on, a security code is only reset by an administrator, never switched off from a possibly stolen session.
    if (user.totpEnabled) return reply.redirect(accountPaths.account(), 303);
    return renderSetUp(reply, user);
  });

  app.post(accountPaths.mfaSetUp.pattern, { config: { access: 'pre-mfa', ...loginRateLimit } }, async (request, reply) => {
    const user = request.currentUser!;
    if (user.totpEnabled) return reply.redirect(accountPaths.account(), 303);
    const form = validateForm(securityCodeForm, request.body, ['code']);
    const fail = (message: string) => {
      const errors = formErrors({ code: message });
      return renderSetUp(reply.code(400), user, { errors: errors.fields, errorList: errors.list });
    };
    if (!form.ok) return fail(form.errors.list[0]!.text);
    if (!(await turnOnSecurityCode(db, user.id, form.value.code, services.clock.now(), requestAudit(request)))) {
      return fail('The security code is not correct. Check your app shows Right to Control and enter the code it shows now.');
    }
    await markMfaVerified(db, request.session!.tokenHash);
    return reply.redirect(accountPaths.account({}, { mfa: 'enabled' }), 303);
  });

  app.post(accountPaths.signOutEverywhere.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const user = request.currentUser!;
    const ended = await endAllSessions(db, user.id);
    await auditRequest(db, request, { action: 'account.sign-out-everywhere', outcome: 'succeeded', subjectType: 'user', subjectId: user.id, detail: `${ended} sessions ended` });
    // This browser's session went with the rest; this also takes its cookie away.
    await endSessionAndCookie(db, config, request, reply);
    return reply.redirect(sitePaths.signedOut(), 303);
  });
}
