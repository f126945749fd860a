// Administrators create and revoke API tokens for machine clients: area administrators for organisations in their
// area, system administrators for any. A new token is shown once, on the page that creates it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { roleNames, type Role } from '../../domain/roles.ts';
import { authorise, requestAudit } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors, validateForm } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { administrationScope } from '../../domain/access-policy.ts';
import type { AdminScope } from '../../records/administration.ts';
import {
  createApiToken,
  findApiToken,
  findOrganisation,
  organisationsInScope,
  revokeApiToken,
  statusOf,
  tokenLifetimes,
  tokenRoles,
  tokensInScope,
} from '../../records/api-tokens.ts';
import { newApiTokenFieldOrder, newApiTokenForm } from './validation.ts';

const tokenIdParam = z.object({ tokenId: z.uuid() });
const lifetimeNames: Record<(typeof tokenLifetimes)[number], string> = { 30: '30 days', 90: '90 days', 365: '1 year' };

export function apiTokenRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  const holdsSystemAdministration = (request: FastifyRequest) => administrationScope(request.principal).everything;

  /** Where this person may manage tokens; anyone who administers nothing is refused (403) and the refusal audited. */
  async function administeredScope(request: FastifyRequest): Promise<AdminScope> {
    const scope = administrationScope(request.principal);
    if (scope.everything || scope.areaIds.length === 0) {
      await authorise(db, request, 'system.administer', { type: 'system' });
      return scope;
    }
    for (const role of (request.principal?.assignments ?? []).filter((a) => a.role === 'area_administrator' && a.areaId && a.regionId)) {
      await authorise(db, request, 'area.administer', { type: 'area', areaId: role.areaId!, regionId: role.regionId! });
    }
    return scope;
  }

  /** Tokens for an organisation outside any area (a regional one) need a system administrator. */
  async function authoriseFor(request: FastifyRequest, place: { areaId: string | null; regionId: string }) {
    if (holdsSystemAdministration(request) || place.areaId === null) return authorise(db, request, 'system.administer', { type: 'system' });
    return authorise(db, request, 'area.administer', { type: 'area', areaId: place.areaId, regionId: place.regionId });
  }

  async function renderForm(reply: FastifyReply, scope: AdminScope, context: { answers: Record<string, unknown>; errors?: unknown; errorList?: unknown }) {
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

  app.get<{ Querystring: { revoked?: string } }>('/admin/api-tokens', async (request, reply) => {
    const scope = await administeredScope(request);
    const now = new Date();
    const tokens = (await tokensInScope(db, scope)).map((token) => ({ ...token, roleName: roleNames[token.role as Role] ?? token.role, status: statusOf(token, now) }));
    const revoked = tokens.find((token) => token.id === request.query.revoked && token.status === 'Revoked');
    return reply.render('api-tokens/api-tokens.njk', { pageTitle: 'API tokens', tokens, revoked, everywhere: scope.everything });
  });

  app.get('/admin/api-tokens/new', async (request, reply) => {
    const scope = await administeredScope(request);
    return renderForm(reply, scope, { answers: { expiry: '90' } });
  });

  app.post('/admin/api-tokens/new', async (request, reply) => {
    const scope = await administeredScope(request);
    const form = validateForm(newApiTokenForm, request.body, newApiTokenFieldOrder);
    if (!form.ok) return renderForm(reply.code(400), scope, { errors: form.errors.fields, errorList: form.errors.list, answers: form.answers });
    const showError = (field: string, message: string) => {
      const errors = formErrors({ [field]: message }, newApiTokenFieldOrder);
      return renderForm(reply.code(400), scope, { errors: errors.fields, errorList: errors.list, answers: answersOf(request.body) });
    };
    const organisation = await findOrganisation(db, form.value.organisation);
    if (!organisation) return showError('organisation', 'Select an organisation from the list');
    await authoriseFor(request, organisation);
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

  app.post<{ Params: { tokenId: string } }>('/admin/api-tokens/:tokenId/revoke', async (request, reply) => {
    await administeredScope(request);
    const params = tokenIdParam.safeParse(request.params);
    if (!params.success) return sendErrorPage(request, reply, 404);
    const token = await findApiToken(db, params.data.tokenId);
    if (!token) return sendErrorPage(request, reply, 404);
    await authoriseFor(request, token);
    await revokeApiToken(db, token.id, requestAudit(request), services.clock.now());
    return reply.redirect(`/admin/api-tokens?revoked=${token.id}`, 303);
  });
}
