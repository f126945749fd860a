// Administrators manage staff accounts: list them, add one, unlock a locked account, reset a lost security code.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { administrationScope } from '../../domain/access-policy.ts';
import { organisationKindNames, type OrganisationKind, roleNames, rolesByOrganisationKind } from '../../domain/roles.ts';
import { auditRequest, authoriseForOrganisation, requireAdministration, requestAudit } from '../../platform/authorisation.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors, validateForm } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { findOrganisation, manageableOrganisations, manageableUsers, userIsInScope } from '../../records/administration.ts';
import { setApprovalLimit } from '../../records/support-plans.ts';
import { formatPence } from '../../domain/budget/money.ts';
import type { Services } from '../../services.ts';
import { adminPaths } from './paths.ts';
import { approverAssignments, approverLimits } from './queries.ts';
import { createUser, resetSecurityCode, unlockUser } from './user-service.ts';
import { approvalLimitFor, newUserForm, organisationRoles, readApprovalLimit, userFieldOrder } from './validation.ts';

const userIdParams = z.object({ userId: z.uuid() });
const usersQuery = z.object({ created: z.string().optional().catch(undefined) });

interface NewUserContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

export function adminRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  async function renderNewUser(request: FastifyRequest, reply: FastifyReply, context: NewUserContext) {
    const organisations = await manageableOrganisations(db, administrationScope(request.principal));
    return reply.render('admin/new-user.njk', {
      pageTitle: 'Add a user',
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((o) => ({ value: o.id, text: `${o.name}${o.areaName ? ` (${o.areaName})` : ''}`, selected: context.answers.organisationId === o.id })),
      ],
      roleItems: [{ value: '', text: 'Select a role' }, ...organisationRoles.map((role) => ({ value: role, text: roleNames[role], selected: context.answers.role === role }))],
      roleHelp: Object.entries(rolesByOrganisationKind).map(([kind, kindRoles]) => `${organisationKindNames[kind as OrganisationKind]}: ${kindRoles.map((r) => roleNames[r].toLowerCase()).join(', ')}`),
      ...context,
    });
  }

  app.get(adminPaths.users.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    const created = queryOf(request, usersQuery)?.created === '1';
    const listed = await manageableUsers(db, scope, services.clock.now());
    const limits = await approverLimits(db, listed.map((user) => user.id));
    return reply.render('admin/users.njk', {
      pageTitle: 'Users',
      users: listed.map((user) => ({
        ...user,
        approverLimits: limits
          .filter((row) => row.userId === user.id && row.organisationId)
          .map((row) => ({ organisationId: row.organisationId!, text: `Approval limit at ${row.organisationName}: ${row.limitYearlyPence === null ? 'none set' : `${formatPence(row.limitYearlyPence)} a year`}` })),
      })),
      created,
    });
  });

  app.get(adminPaths.newUser.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireAdministration(db, request);
    return renderNewUser(request, reply, { answers: {} });
  });

  app.post(adminPaths.newUser.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    const form = validateForm(newUserForm, request.body, userFieldOrder);
    const answers = answersOf(request.body);
    const limit = approvalLimitFor(answers.role, answers.approvalLimit);
    if (!form.ok || !limit.ok) {
      // Every problem at once: the form's own and the approval limit's.
      const messages = Object.fromEntries((form.ok ? [] : form.errors.list).map((item) => [item.href.slice(1), item.text]));
      if (!limit.ok) messages.approvalLimit = limit.error;
      const errors = formErrors(messages, userFieldOrder);
      return renderNewUser(request, reply.code(400), { errors: errors.fields, errorList: errors.list, answers: { ...answers, password: undefined } });
    }
    await authoriseForOrganisation(db, request, scope, await findOrganisation(db, form.value.organisationId));
    const result = await createUser(
      db,
      { email: form.value.email, displayName: form.value.displayName, password: form.value.password, role: form.value.role, organisationId: form.value.organisationId, personId: undefined, approvalLimitYearlyPence: limit.pence },
      requestAudit(request),
    );
    if (!result.ok) {
      const errors = formErrors({ [result.field]: result.message }, userFieldOrder);
      return renderNewUser(request, reply.code(400), { errors: errors.fields, errorList: errors.list, answers: { ...answersOf(request.body), password: undefined } });
    }
    return reply.redirect(adminPaths.users({}, { created: 1 }), 303);
  });

  /** The approver roles of the user the route names, once the administrator may act for each organisation (refusals audited). */
  async function managedApprover(request: FastifyRequest) {
    const scope = await requireAdministration(db, request);
    const { userId } = paramsOf(request, userIdParams);
    const roles = await approverAssignments(db, userId);
    if (roles.length === 0) throw new NotFoundError('This user is not an approver');
    for (const role of roles) await authoriseForOrganisation(db, request, scope, role.areaId ? { areaId: role.areaId, regionId: role.regionId } : undefined);
    return { userId, roles };
  }

  type ApproverRoles = Awaited<ReturnType<typeof managedApprover>>['roles'];

  const renderLimits = (reply: FastifyReply, userId: string, roles: ApproverRoles, context: { answers?: Record<string, unknown>; forOrganisation?: string; error?: string } = {}) => {
    const errors = context.error ? formErrors({ approvalLimit: context.error }) : undefined;
    return reply.render('admin/approval-limit.njk', {
      pageTitle: 'Change the approval limit',
      userId,
      displayName: roles[0]!.displayName,
      roles: roles.map((role) => ({
        ...role,
        fieldId: role.organisationId === context.forOrganisation ? 'approvalLimit' : `approvalLimit-${role.organisationId}`,
        value: role.organisationId === context.forOrganisation ? context.answers?.approvalLimit : role.limitYearlyPence === null ? '' : formatPence(role.limitYearlyPence).replace('£', ''),
        error: role.organisationId === context.forOrganisation ? errors?.fields.approvalLimit : undefined,
      })),
      errorList: errors?.list,
    });
  };

  app.get(adminPaths.approvalLimit.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { userId, roles } = await managedApprover(request);
    return renderLimits(reply, userId, roles);
  });

  app.post(adminPaths.approvalLimit.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { userId, roles } = await managedApprover(request);
    const answers = answersOf(request.body);
    const role = roles.find((candidate) => candidate.organisationId === answers.organisationId);
    if (!role) return renderLimits(reply.code(400), userId, roles, { answers, forOrganisation: roles[0]!.organisationId, error: 'Choose the approver role to change from this page' });
    const read = readApprovalLimit(typeof answers.approvalLimit === 'string' ? answers.approvalLimit : '');
    if (!read.ok) return renderLimits(reply.code(400), userId, roles, { answers, forOrganisation: role.organisationId, error: read.error });
    await db.transaction((tx) => setApprovalLimit(tx, userId, role.organisationId, read.pence, requestAudit(request)));
    return reply.redirect(adminPaths.users(), 303);
  });

  const changes = {
    unlock: { path: adminPaths.unlock, change: unlockUser },
    'reset-security-code': { path: adminPaths.resetSecurityCode, change: resetSecurityCode },
  } as const;

  for (const [action, { path, change }] of Object.entries(changes)) {
    app.post(path.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
      const scope = await requireAdministration(db, request);
      const { userId } = paramsOf(request, userIdParams);
      // Someone is in scope if any of their roles is in an area this administrator runs; a refusal is audited first.
      if (!(await userIsInScope(db, scope, userId))) {
        await auditRequest(db, request, { action: `user.${action}`, outcome: 'denied', subjectType: 'user', subjectId: userId });
        throw new ForbiddenError({ allowed: false, reason: 'user outside the administrator’s areas' });
      }
      await change(db, userId, requestAudit(request));
      return reply.redirect(adminPaths.users(), 303);
    });
  }
}
