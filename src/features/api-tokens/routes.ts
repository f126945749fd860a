// Administrators create and revoke API tokens for machine clients: area administrators for organisations in their
// area, system administrators for any. A new token is shown once, on the page that creates it.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { type AdministrationScope } from '../../domain/access-policy.ts';
import { roleNames, type Role } from '../../domain/roles.ts';
import { authoriseForOrganisation, requireAdministration, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors, validateForm } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { findOrganisation } from '../../records/administration.ts';
import { createApiToken, findApiToken, organisationsInScope, revokeApiToken, statusOf, tokenLifetimes, tokenRoles, tokensInScope } from '../../records/api-tokens.ts';
import type { Services } from '../../services.ts';
import { apiTokenPaths } from './paths.ts';
import { newApiTokenFieldOrder, newApiTokenForm } from './validation.ts';

const tokenIdParams = z.object({ tokenId: z.uuid() });
const tokensQuery = z.object({ revoked: z.string().optional().catch(undefined) });
const lifetimeNames: Record<(typeof tokenLifetimes)[number], string> = { 30: '30 days', 90: '90 days', 365: '1 year' };

interface TokenFormContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

export function apiTokenRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  async function renderForm(reply: FastifyReply, scope: AdministrationScope, context: TokenFormContext) {
    const organisations = await organisationsInScope(db, scope);
    return reply.render('api-tokens/new-api-token.njk', {
      pageTitle: 'Create an API token',
      organisationItems: [
        { value: '', text: 'Select an organisation' },
        ...organisations.map((organisation) => ({ value: organisation.id, text: scope.everything && organisation.areaName ? `${organisation.name} (${organisation.areaName})` : organisation.name })),
      ],
      roleItems: [{ value: '', text: 'Select a role' }, ...tokenRoles.map((role) => ({ value: role, text: roleNames[role] }))],
      expiryItems: tokenLifetimes.map((days) => ({ value: String(days), text: lifetimeNames[days] })),
      ...context,
    });
  }

  app.get(apiTokenPaths.tokens.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    const now = services.clock.now();
    const tokens = (await tokensInScope(db, scope)).map((token) => ({ ...token, roleName: roleNames[token.role as Role] ?? token.role, status: statusOf(token, now) }));
    const revokedId = queryOf(request, tokensQuery)?.revoked;
    const revoked = tokens.find((token) => token.id === revokedId && token.status === 'Revoked');
    return reply.render('api-tokens/api-tokens.njk', { pageTitle: 'API tokens', tokens, revoked, everywhere: scope.everything });
  });

  app.get(apiTokenPaths.newToken.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    return renderForm(reply, scope, { answers: { expiry: '90' } });
  });

  app.post(apiTokenPaths.newToken.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    const form = validateForm(newApiTokenForm, request.body, newApiTokenFieldOrder);
    if (!form.ok) return renderForm(reply.code(400), scope, { errors: form.errors.fields, errorList: form.errors.list, answers: form.answers });
    const showError = (field: string, message: string) => {
      const errors = formErrors({ [field]: message }, newApiTokenFieldOrder);
      return renderForm(reply.code(400), scope, { errors: errors.fields, errorList: errors.list, answers: answersOf(request.body) });
    };
    const organisation = await findOrganisation(db, form.value.organisation);
    if (!organisation) return showError('organisation', 'Select an organisation from the list');
    await authoriseForOrganisation(db, request, scope, organisation);
    const result = await createApiToken(
      db,
      { name: form.value.name, organisationId: organisation.id, role: form.value.role, days: form.value.expiry, createdByUserId: request.currentUser!.id },
      requestAudit(request),
      services.clock.now(),
    );
    if (!result.ok) return showError(result.field, result.message);
    // The only time the token exists outside the client: keep it out of every cache and the browser's history store.
    return reply.header('cache-control', 'no-store').render('api-tokens/api-token-created.njk', {
      pageTitle: 'API token created',
      token: result.token,
      name: form.value.name,
      organisationName: result.organisationName,
      roleName: roleNames[result.role],
      expiresAt: result.expiresAt,
    });
  });

  app.post(apiTokenPaths.revoke.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    const { tokenId } = paramsOf(request, tokenIdParams);
    const token = await findApiToken(db, tokenId);
    if (!token) throw new NotFoundError();
    await authoriseForOrganisation(db, request, scope, token);
    await revokeApiToken(db, token.id, requestAudit(request), services.clock.now());
    return reply.redirect(apiTokenPaths.tokens({}, { revoked: token.id }), 303);
  });
}
