// System administrators set up tenancy: regions, the areas in them (with their lead council, partner agencies and
// six funding streams) and the organisations that work there. Everyone else is refused, and the refusal audited.
// Organisations' contact details are changed by a system administrator or by the area administrator of their area.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { organisationKindNames } from '../../domain/roles.ts';
import { authorise, authoriseForOrganisation, requireAdministration, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors, validateForm } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { manageableOrganisations } from '../../records/administration.ts';
import { changeOrganisationContacts, findOrganisationContacts } from '../../records/organisation-contacts.ts';
import { addOrganisation, areaOrganisationKinds, createArea, createRegion, findArea, tenancyChange } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { tenancyPaths } from './paths.ts';
import { areaDetail, findRegion, regionChoices, tenancyOverview } from './queries.ts';
import {
  areaPlanFrom,
  contactsFieldOrder,
  contactsForm,
  contactsOf,
  newAreaFieldOrder,
  newAreaForm,
  newOrganisationFieldOrder,
  newOrganisationForm,
  newRegionalOrganisationFieldOrder,
  newRegionalOrganisationForm,
  newRegionFieldOrder,
  newRegionForm,
} from './validation.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const regionIdParams = z.object({ regionId: z.uuid() });
const addedNotice = z.enum(['region', 'organisation']).optional().catch(undefined);
const areasQuery = z.object({ added: addedNotice });
const newAreaQuery = z.object({ regionId: z.uuid().optional().catch(undefined) });
const areaQuery = z.object({ created: z.string().optional().catch(undefined), added: addedNotice });
const organisationIdParams = z.object({ organisationId: z.uuid() });
const organisationsQuery = z.object({ changed: z.literal('1').optional().catch(undefined) });

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
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

/** Where a new organisation goes: an area, or (for a regional coordinator) a whole region. */
interface OrganisationPlace {
  action: string;
  placeName: string;
  backHref: string;
  regional: boolean;
}

function withError(context: FormContext, field: string, message: string, order: readonly string[]): FormContext {
  const errors = formErrors({ [field]: message }, order);
  return { ...context, errors: errors.fields, errorList: errors.list };
}

const areaPlace = (area: { id: string; name: string }): OrganisationPlace => ({
  action: tenancyPaths.newAreaOrganisation({ areaId: area.id }),
  placeName: area.name,
  backHref: tenancyPaths.area({ areaId: area.id }),
  regional: false,
});

const regionPlace = (region: { id: string; name: string }): OrganisationPlace => ({
  action: tenancyPaths.newRegionOrganisation({ regionId: region.id }),
  placeName: region.name,
  backHref: tenancyPaths.areas(),
  regional: true,
});

export function tenancyRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** Only system administrators set up tenancy; `authorise` throws the 403 and audits the refusal. */
  const requireSystemAdministrator = (request: FastifyRequest) => authorise(db, request, 'system.administer', { type: 'system' });

  /** The area the route names; 404 if the id is malformed or unknown. Authorise first, so a refusal says nothing of it. */
  async function loadArea(request: FastifyRequest) {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    return area;
  }

  async function loadRegion(request: FastifyRequest) {
    const region = await findRegion(db, paramsOf(request, regionIdParams).regionId);
    if (!region) throw new NotFoundError();
    return region;
  }

  app.get(tenancyPaths.areas.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    return reply.render('tenancy/areas.njk', { pageTitle: 'Regions, areas and organisations', regions: await tenancyOverview(db), added: queryOf(request, areasQuery)?.added });
  });

  // Regions.

  const renderNewRegion = (reply: FastifyReply, context: FormContext) => reply.render('tenancy/new-region.njk', { pageTitle: 'Add a region', ...context });

  app.get(tenancyPaths.newRegion.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    return renderNewRegion(reply, { answers: {} });
  });

  app.post(tenancyPaths.newRegion.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    const form = validateForm(newRegionForm, request.body, newRegionFieldOrder);
    if (!form.ok) return renderNewRegion(reply.code(400), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const result = await tenancyChange(db, (tx) => createRegion(tx, { name: form.value.name }, requestAudit(request)));
    if (!result.ok) return renderNewRegion(reply.code(400), withError({ answers: answersOf(request.body) }, result.field, result.message, newRegionFieldOrder));
    return reply.redirect(tenancyPaths.areas({}, { added: 'region' }), 303);
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

  app.get(tenancyPaths.newArea.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    const regionId = queryOf(request, newAreaQuery)?.regionId;
    return renderNewArea(reply, { answers: regionId ? { regionId } : {} });
  });

  app.post(tenancyPaths.newArea.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    const form = validateForm(newAreaForm, request.body, newAreaFieldOrder);
    if (!form.ok) return renderNewArea(reply.code(400), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const answers = answersOf(request.body);
    const region = await findRegion(db, form.value.regionId);
    // The list was out of date, or the value was made up: either way, ask again.
    if (!region) return renderNewArea(reply.code(400), withError({ answers }, 'regionId', 'Select the region the area is in', newAreaFieldOrder));
    const result = await tenancyChange(db, (tx) => createArea(tx, areaPlanFrom(form.value, region), { now: services.clock.now(), audit: requestAudit(request) }));
    if (!result.ok) return renderNewArea(reply.code(400), withError({ answers }, result.field, result.message, newAreaFieldOrder));
    return reply.redirect(tenancyPaths.area({ areaId: result.value.areaId }, { created: 1 }), 303);
  });

  app.get(tenancyPaths.area.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    const area = await loadArea(request);
    const query = queryOf(request, areaQuery);
    return reply.render('tenancy/area.njk', { pageTitle: area.name, area, ...(await areaDetail(db, area.id)), created: query?.created === '1', added: query?.added });
  });

  // Organisations.

  function renderNewOrganisation(reply: FastifyReply, place: OrganisationPlace, context: FormContext) {
    return reply.render('tenancy/new-organisation.njk', {
      pageTitle: place.regional ? `Add a regional coordinator organisation to ${place.placeName}` : `Add an organisation to ${place.placeName}`,
      ...place,
      kindItems: areaOrganisationKinds.map((kind) => ({ value: kind, text: organisationKindNames[kind], hint: kindHints[kind] ? { text: kindHints[kind] } : undefined })),
      ...context,
    });
  }

  app.get(tenancyPaths.newAreaOrganisation.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    return renderNewOrganisation(reply, areaPlace(await loadArea(request)), { answers: {} });
  });

  app.post(tenancyPaths.newAreaOrganisation.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    const area = await loadArea(request);
    const form = validateForm(newOrganisationForm, request.body, newOrganisationFieldOrder);
    if (!form.ok) return renderNewOrganisation(reply.code(400), areaPlace(area), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const result = await tenancyChange(db, (tx) => addOrganisation(tx, { regionId: area.regionId, areaId: area.id, name: form.value.name, kind: form.value.kind, contacts: contactsOf(form.value) }, requestAudit(request)));
    if (!result.ok) return renderNewOrganisation(reply.code(400), areaPlace(area), withError({ answers: answersOf(request.body) }, result.field, result.message, newOrganisationFieldOrder));
    return reply.redirect(tenancyPaths.area({ areaId: area.id }, { added: 'organisation' }), 303);
  });

  app.get(tenancyPaths.newRegionOrganisation.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    return renderNewOrganisation(reply, regionPlace(await loadRegion(request)), { answers: {} });
  });

  app.post(tenancyPaths.newRegionOrganisation.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    await requireSystemAdministrator(request);
    const region = await loadRegion(request);
    const form = validateForm(newRegionalOrganisationForm, request.body, newRegionalOrganisationFieldOrder);
    if (!form.ok) return renderNewOrganisation(reply.code(400), regionPlace(region), { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const result = await tenancyChange(db, (tx) => addOrganisation(tx, { regionId: region.id, areaId: null, name: form.value.name, kind: 'regional_coordinator', contacts: contactsOf(form.value) }, requestAudit(request)));
    if (!result.ok) return renderNewOrganisation(reply.code(400), regionPlace(region), withError({ answers: answersOf(request.body) }, result.field, result.message, newRegionalOrganisationFieldOrder));
    return reply.redirect(tenancyPaths.areas({}, { added: 'organisation' }), 303);
  });

  // Contact details: a system administrator for any organisation, an area administrator for their own area's.

  app.get(tenancyPaths.organisations.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const scope = await requireAdministration(db, request);
    const organisations = await manageableOrganisations(db, scope);
    return reply.render('tenancy/organisations.njk', {
      pageTitle: 'Organisations’ contact details',
      organisations: organisations.map((organisation) => ({ ...organisation, kindName: organisationKindNames[organisation.kind as keyof typeof organisationKindNames] ?? organisation.kind })),
      changed: queryOf(request, organisationsQuery)?.changed === '1',
    });
  });

  /** The organisation the route names, once the request may change it; unknown ids are a 404 only for administrators. */
  async function loadOrganisationToChange(request: FastifyRequest) {
    const scope = await requireAdministration(db, request);
    const organisation = await findOrganisationContacts(db, paramsOf(request, organisationIdParams).organisationId);
    if (!organisation) throw new NotFoundError();
    await authoriseForOrganisation(db, request, scope, organisation);
    return organisation;
  }

  type OrganisationWithContacts = Awaited<ReturnType<typeof loadOrganisationToChange>>;

  const renderContacts = (reply: FastifyReply, organisation: OrganisationWithContacts, context: FormContext) =>
    reply.render('tenancy/organisation-contacts.njk', { pageTitle: `Contact details for ${organisation.name}`, organisation, ...context });

  app.get(tenancyPaths.organisationContacts.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const organisation = await loadOrganisationToChange(request);
    return renderContacts(reply, organisation, { answers: Object.fromEntries(contactsFieldOrder.map((field) => [field, organisation[field] ?? ''])) });
  });

  app.post(tenancyPaths.organisationContacts.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const organisation = await loadOrganisationToChange(request);
    const form = validateForm(contactsForm, request.body, contactsFieldOrder);
    if (!form.ok) return renderContacts(reply.code(400), organisation, { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    await db.transaction((tx) => changeOrganisationContacts(tx, organisation, contactsOf(form.value), requestAudit(request)));
    return reply.redirect(tenancyPaths.organisations({}, { changed: 1 }), 303);
  });
}
