// System administrators set up tenancy: regions, the areas in them (with their lead council, partner agencies and
// six funding streams) and the organisations that work there. Everyone else is refused, and the refusal audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { organisationKindNames } from '../../domain/roles.ts';
import { authorise, requestAudit } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors, validateForm } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { areaDetail, findArea, findRegion, regionChoices, tenancyOverview } from './queries.ts';
import { addOrganisation, areaOrganisationKinds, createArea, createRegion, tenancyChange } from '../../records/tenancy.ts';
import { areaPlanFrom, newAreaFieldOrder, newAreaForm, newOrganisationFieldOrder, newOrganisationForm, newRegionalOrganisationForm, newRegionFieldOrder, newRegionForm } from './validation.ts';

const areaIdParam = z.object({ areaId: z.uuid() });
const regionIdParam = z.object({ regionId: z.uuid() });
const addedNotice = z.enum(['region', 'organisation']).optional().catch(undefined);

// What each kind of organisation does, so an administrator unsure of the jargon can choose.
const kindHints: Partial<Record<(typeof areaOrganisationKinds)[number], string>> = {
  county_council: 'Runs adult social care where there are also district councils',
  unitary_council: 'Runs adult social care and housing: includes metropolitan and London boroughs',
  jobcentre_plus: 'Runs Access to Work and Work Choice',
  district_council: 'Runs Disabled Facilities Grants and housing',
  national_agency: 'For example, the Independent Living Fund team',
  user_led_organisation: 'Run by and for disabled people, for example offering support planning',
  provider: 'Provides care or support that people buy with their budget',
};

interface FormContext {
  answers: Record<string, unknown>;
  errors?: Record<string, { text: string }>;
  errorList?: { text: string; href: string }[];
}

export function tenancyRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** Only system administrators set up tenancy; `authorise` throws the 403 and audits the refusal. */
  const requireSystemAdministrator = (request: FastifyRequest) => authorise(db, request, 'system.administer', { type: 'system' });

  const auditAs = requestAudit;

  function withError(context: FormContext, field: string, message: string, order: readonly string[]): FormContext {
    const errors = formErrors({ [field]: message }, order);
    return { ...context, errors: errors.fields, errorList: errors.list };
  }

  app.get<{ Querystring: { added?: string } }>('/admin/areas', async (request, reply) => {
    await requireSystemAdministrator(request);
    return reply.render('tenancy/areas.njk', { pageTitle: 'Regions, areas and organisations', regions: await tenancyOverview(db), added: addedNotice.parse(request.query.added) });
  });

  // Regions.

  const renderNewRegion = (reply: FastifyReply, context: FormContext) => reply.render('tenancy/new-region.njk', { pageTitle: 'Add a region', ...context });

  app.get('/admin/regions/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    return renderNewRegion(reply, { answers: {} });
  });

  app.post('/admin/regions/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const form = validateForm(newRegionForm, request.body, newRegionFieldOrder);
    if (!form.ok) return renderNewRegion(reply.code(400), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const result = await tenancyChange(db, (tx) => createRegion(tx, { name: form.value.name }, auditAs(request)));
    if (!result.ok) return renderNewRegion(reply.code(400), withError({ answers: answersOf(request.body) }, result.field, result.message, newRegionFieldOrder));
    return reply.redirect('/admin/areas?added=region', 303);
  });

  // Areas.

  async function renderNewArea(reply: FastifyReply, context: FormContext) {
    const regions = await regionChoices(db);
    return reply.render('tenancy/new-area.njk', {
      pageTitle: 'Add an area',
      hasRegions: regions.length > 0,
      regionItems: [{ value: '', text: 'Select a region' }, ...regions.map((region) => ({ value: region.id, text: region.name }))],
      leadKindItems: (['county_council', 'unitary_council'] as const).map((kind) => ({ value: kind, text: organisationKindNames[kind], hint: { text: kindHints[kind] } })),
      ...context,
    });
  }

  app.get<{ Querystring: { regionId?: string } }>('/admin/areas/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const chosen = z.uuid().safeParse(request.query.regionId);
    return renderNewArea(reply, { answers: chosen.success ? { regionId: chosen.data } : {} });
  });

  app.post('/admin/areas/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const form = validateForm(newAreaForm, request.body, newAreaFieldOrder);
    if (!form.ok) return renderNewArea(reply.code(400), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const answers = answersOf(request.body);
    const region = await findRegion(db, form.value.regionId);
    // The list was out of date, or the value was made up: either way, ask again.
    if (!region) return renderNewArea(reply.code(400), withError({ answers }, 'regionId', 'Select the region the area is in', newAreaFieldOrder));
    const result = await tenancyChange(db, (tx) => createArea(tx, areaPlanFrom(form.value, region), { now: services.clock.now(), audit: auditAs(request) }));
    if (!result.ok) return renderNewArea(reply.code(400), withError({ answers }, result.field, result.message, newAreaFieldOrder));
    return reply.redirect(`/admin/areas/${result.value.areaId}?created=1`, 303);
  });

  app.get<{ Params: { areaId: string }; Querystring: { created?: string; added?: string } }>('/admin/areas/:areaId', async (request, reply) => {
    await requireSystemAdministrator(request);
    const params = areaIdParam.safeParse(request.params);
    if (!params.success) return sendErrorPage(request, reply, 404);
    const area = await findArea(db, params.data.areaId);
    if (!area) return sendErrorPage(request, reply, 404);
    const detail = await areaDetail(db, area.id);
    return reply.render('tenancy/area.njk', { pageTitle: area.name, area, ...detail, created: request.query.created === '1', added: addedNotice.parse(request.query.added) });
  });

  // Organisations.

  function renderNewOrganisation(reply: FastifyReply, place: { action: string; placeName: string; backHref: string; regional: boolean }, context: FormContext) {
    return reply.render('tenancy/new-organisation.njk', {
      pageTitle: place.regional ? `Add a regional coordinator organisation to ${place.placeName}` : `Add an organisation to ${place.placeName}`,
      ...place,
      kindItems: areaOrganisationKinds.map((kind) => ({ value: kind, text: organisationKindNames[kind], hint: kindHints[kind] ? { text: kindHints[kind] } : undefined })),
      ...context,
    });
  }

  async function areaFromParams(request: FastifyRequest) {
    const params = areaIdParam.safeParse(request.params);
    return params.success ? findArea(db, params.data.areaId) : undefined;
  }

  const areaPlace = (area: { id: string; name: string }) => ({ action: `/admin/areas/${area.id}/organisations/new`, placeName: area.name, backHref: `/admin/areas/${area.id}`, regional: false });

  app.get<{ Params: { areaId: string } }>('/admin/areas/:areaId/organisations/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const area = await areaFromParams(request);
    if (!area) return sendErrorPage(request, reply, 404);
    return renderNewOrganisation(reply, areaPlace(area), { answers: {} });
  });

  app.post<{ Params: { areaId: string } }>('/admin/areas/:areaId/organisations/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const area = await areaFromParams(request);
    if (!area) return sendErrorPage(request, reply, 404);
    const form = validateForm(newOrganisationForm, request.body, newOrganisationFieldOrder);
    if (!form.ok) return renderNewOrganisation(reply.code(400), areaPlace(area), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const result = await tenancyChange(db, (tx) => addOrganisation(tx, { regionId: area.regionId, areaId: area.id, name: form.value.name, kind: form.value.kind }, auditAs(request)));
    if (!result.ok) return renderNewOrganisation(reply.code(400), areaPlace(area), withError({ answers: answersOf(request.body) }, result.field, result.message, newOrganisationFieldOrder));
    return reply.redirect(`/admin/areas/${area.id}?added=organisation`, 303);
  });

  async function regionFromParams(request: FastifyRequest) {
    const params = regionIdParam.safeParse(request.params);
    return params.success ? findRegion(db, params.data.regionId) : undefined;
  }

  const regionPlace = (region: { id: string; name: string }) => ({ action: `/admin/regions/${region.id}/organisations/new`, placeName: region.name, backHref: '/admin/areas', regional: true });

  app.get<{ Params: { regionId: string } }>('/admin/regions/:regionId/organisations/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const region = await regionFromParams(request);
    if (!region) return sendErrorPage(request, reply, 404);
    return renderNewOrganisation(reply, regionPlace(region), { answers: {} });
  });

  app.post<{ Params: { regionId: string } }>('/admin/regions/:regionId/organisations/new', async (request, reply) => {
    await requireSystemAdministrator(request);
    const region = await regionFromParams(request);
    if (!region) return sendErrorPage(request, reply, 404);
    const form = validateForm(newRegionalOrganisationForm, request.body, ['name']);
    if (!form.ok) return renderNewOrganisation(reply.code(400), regionPlace(region), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const result = await tenancyChange(db, (tx) => addOrganisation(tx, { regionId: region.id, areaId: null, name: form.value.name, kind: 'regional_coordinator' }, auditAs(request)));
    if (!result.ok) return renderNewOrganisation(reply.code(400), regionPlace(region), withError({ answers: answersOf(request.body) }, result.field, result.message, ['name']));
    return reply.redirect('/admin/areas?added=organisation', 303);
  });
}
