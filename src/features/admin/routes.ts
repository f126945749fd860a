// Administrators manage staff accounts: list them, add one, unlock a locked account, reset a lost security code.
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { organisationKindNames, type OrganisationKind, roleNames, rolesByOrganisationKind, type Role } from '../../domain/roles.ts';
import { users } from '../../db/schema.ts';
import { administersAnything, administrationScope } from '../../domain/access-policy.ts';
import { auditRequest, authorise, requestAudit } from '../../platform/authorisation.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors, validateForm } from '../../platform/forms.ts';
import { endAllSessions } from '../../records/sessions.ts';
import type { Services } from '../../services.ts';
import { manageableOrganisations, manageableUsers, userIsInScope } from '../../records/administration.ts';
import { createUser } from './user-service.ts';
import { userFieldOrder, newUserForm } from './validation.ts';

const staffRoles = [...new Set(Object.values(rolesByOrganisationKind).flat())];
const userIdParam = z.object({ userId: z.uuid() });

export function adminRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  async function requireAdministrator(request: FastifyRequest) {
    const scope = administrationScope(request.principal);
    if (!administersAnything(scope)) {
      await authorise(db, request, 'system.administer', { type: 'system' });
    }
    return scope;
  }

  async function renderNewUser(request: FastifyRequest, reply: FastifyReply, context: Record<string, unknown>) {
    const organisations = await manageableOrganisations(db, administrationScope(request.principal));
    return reply.render('admin/new-user.njk', {
      pageTitle: 'Add a user',
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: `${o.name}${o.areaName ? ` (${o.areaName})` : ''}`, selected: (context.answers as Record<string, unknown>)?.organisationId === o.id })),
      ],
      roleItems: [
        { value: '', text: 'Select a role' },
        ...staffRoles.map((role) => ({ value: role, text: roleNames[role], selected: (context.answers as Record<string, unknown>)?.role === role })),
      ],
      roleHelp: Object.entries(rolesByOrganisationKind).map(([kind, kindRoles]) => `${organisationKindNames[kind as OrganisationKind]}: ${kindRoles.map((r) => roleNames[r].toLowerCase()).join(', ')}`),
      ...context,
    });
  }

  app.get<{ Querystring: { created?: string } }>('/admin/users', async (request, reply) => {
    const scope = await requireAdministrator(request);
    return reply.render('admin/users.njk', { pageTitle: 'Users', users: await manageableUsers(db, scope, services.clock.now()), created: request.query.created === '1' });
  });

  app.get('/admin/users/new', async (request, reply) => {
    await requireAdministrator(request);
    return renderNewUser(request, reply, { answers: {} });
  });

  app.post('/admin/users/new', async (request, reply) => {
    const scope = await requireAdministrator(request);
    const form = validateForm(newUserForm, request.body, userFieldOrder);
    if (!form.ok) return renderNewUser(request, reply.code(400), { errors: form.errors.fields, errorList: form.errors.list, answers: { ...form.answers, password: undefined } });
    const organisation = (await manageableOrganisations(db, scope)).find((o) => o.id === form.value.organisationId);
    if (!organisation) {
      // Either not an organisation at all, or one in an area this administrator does not run.
      throw new ForbiddenError({ allowed: false, reason: 'organisation outside the administrator’s area' });
    }
    const result = await createUser(
      db,
      { email: form.value.email, displayName: form.value.displayName, password: form.value.password, role: form.value.role as Role, organisationId: organisation.id, personId: undefined },
      requestAudit(request),
    );
    if (!result.ok) {
      const errors = formErrors({ [result.field]: result.message }, userFieldOrder);
      return renderNewUser(request, reply.code(400), { errors: errors.fields, errorList: errors.list, answers: { ...answersOf(request.body), password: undefined } });
    }
    return reply.redirect('/admin/users?created=1', 303);
  });

  async function userAction(request: FastifyRequest<{ Params: { userId: string } }>, reply: FastifyReply, action: 'unlock' | 'reset-security-code') {
    const scope = await requireAdministrator(request);
    const params = userIdParam.safeParse(request.params);
    if (!params.success) return sendErrorPage(request, reply, 404);
    if (!(await userIsInScope(db, scope, params.data.userId))) {
      await auditRequest(db, request, { action: `user.${action}`, outcome: 'denied', subjectType: 'user', subjectId: params.data.userId });
      return sendErrorPage(request, reply, 403);
    }
    await db.transaction(async (tx) => {
      if (action === 'unlock') await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, params.data.userId));
      else await tx.update(users).set({ totpSecret: null, totpEnabledAt: null }).where(eq(users.id, params.data.userId));
      await auditRequest(tx, request, { action: `user.${action}`, outcome: 'succeeded', subjectType: 'user', subjectId: params.data.userId }, { inTransaction: true });
    });
    // A lost phone may be in someone else's hands: end its sessions too.
    if (action === 'reset-security-code') await endAllSessions(db, params.data.userId);
    return reply.redirect('/admin/users', 303);
  }

  app.post<{ Params: { userId: string } }>('/admin/users/:userId/unlock', (request, reply) => userAction(request, reply, 'unlock'));
  app.post<{ Params: { userId: string } }>('/admin/users/:userId/reset-security-code', (request, reply) => userAction(request, reply, 'reset-security-code'));
}
