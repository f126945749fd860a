// Area administrators keep their area's service catalogue: add a service with its first cost, change its details and
// funding streams, add a new cost from a day, retire or bring it back, and download or import the whole catalogue as
// a CSV file. Who may do this is the policy's `catalogue.manage`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { catalogueToCsv, longDay } from '../../domain/service-catalogue/catalogue-csv.ts';
import { unitPrice } from '../../domain/service-catalogue/catalogue.ts';
import { serviceUnits } from '../../domain/support-plan/costs.ts';
import { authorise, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { areaCatalogue, type CatalogueService, catalogueEntries, catalogueService, costOn } from '../../records/service-catalogue.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { addCost, addService, changeService, importCatalogue, setRetired } from './catalogue-service.ts';
import { serviceCataloguePaths as paths } from './paths.ts';
import { areaChoices } from './queries.ts';
import { changeServiceFieldOrder, newCostFieldOrder, newServiceFieldOrder, readNewCost, readNewService, readServiceChange } from './validation.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const serviceParams = z.object({ areaId: z.uuid(), serviceId: z.uuid() });
const importedQuery = z.object({
  added: z.coerce.number().int().min(0).optional().catch(undefined),
  changed: z.coerce.number().int().min(0).optional().catch(undefined),
  costs: z.coerce.number().int().min(0).optional().catch(undefined),
});

const unitLabels: Record<(typeof serviceUnits)[number], string> = {
  hour: 'Hour',
  day: 'Day',
  night: 'Night',
  week: 'Week',
  session: 'Session',
  mile: 'Mile',
  'one-off': 'One-off (bought once, such as equipment)',
};

interface FormContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

type Area = NonNullable<Awaited<ReturnType<typeof findArea>>>;

/** Links to the first box of a date input from the error summary, as GOV.UK asks. */
function withDateLinks(errors: FormErrors): FormErrors {
  return { ...errors, list: errors.list.map((item) => (item.href === '#effectiveFrom' || item.href === '#effectiveTo' ? { ...item, href: `${item.href}-day` } : item)) };
}

/** The messages to show: the form's own, or the one the change was refused with; undefined when all went well. */
function problemsOf(read: { ok: true } | { ok: false; messages: Record<string, string> }, outcome: { ok: true } | { ok: false; field: string; message: string } | undefined) {
  if (!read.ok) return read.messages;
  return outcome && !outcome.ok ? { [outcome.field]: outcome.message } : undefined;
}

function dateItems(answers: Record<string, unknown>, prefix: string, failed: boolean) {
  return ['day', 'month', 'year'].map((part) => ({
    name: part,
    label: part[0]!.toUpperCase() + part.slice(1),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${failed ? ' govuk-input--error' : ''}`,
    value: answers[`${prefix}-${part}`],
  }));
}

export function serviceCatalogueRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The area the route names (404 if there is none), once the policy agrees this person manages its catalogue. */
  async function managedArea(request: FastifyRequest): Promise<Area> {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    await authorise(db, request, 'catalogue.manage', { type: 'area', areaId: area.id, regionId: area.regionId });
    return area;
  }

  /** The service the route names in its area, once the policy agrees; 404 if the area has no such service. */
  async function managedService(request: FastifyRequest): Promise<{ area: Area; service: CatalogueService }> {
    const { serviceId } = paramsOf(request, serviceParams);
    const area = await managedArea(request);
    const service = await catalogueService(db, area.id, serviceId);
    if (!service) throw new NotFoundError();
    return { area, service };
  }

  const choices = async (areaId: string) => {
    const { streams, organisations } = await areaChoices(db, areaId);
    return { streamIds: streams.map((stream) => stream.id), organisationIds: organisations.map((organisation) => organisation.id), streams, organisations };
  };

  const formItems = async (areaId: string, answers: Record<string, unknown>) => {
    const { streams, organisations } = await choices(areaId);
    const chosen = [answers.streams].flat();
    return {
      streamItems: streams.filter((stream) => !stream.retiredOn || chosen.includes(stream.id)).map((stream) => ({ value: stream.id, text: stream.name, checked: chosen.includes(stream.id) })),
      organisationItems: [{ value: '', text: 'None, or not in the list' }, ...organisations.map((organisation) => ({ value: organisation.id, text: organisation.name, selected: organisation.id === answers.providerOrganisationId }))],
      unitItems: serviceUnits.map((unit) => ({ value: unit, text: unitLabels[unit], checked: unit === answers.unit })),
    };
  };

  app.get(paths.catalogue.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await managedArea(request);
    const today = services.clock.today();
    const catalogue = await areaCatalogue(db, area.id);
    const imported = queryOf(request, importedQuery);
    return reply.render('service-catalogue/catalogue.njk', {
      pageTitle: `Service catalogue for ${area.name}`,
      area,
      imported: imported?.added !== undefined ? imported : undefined,
      rows: catalogue.map((service) => {
        const cost = costOn(service, today);
        return { service, price: cost ? unitPrice(cost.unitCostPence, service.unit) : undefined, since: cost ? longDay(cost.effectiveFrom) : undefined, retiredOn: service.retiredOn };
      }),
    });
  });

  const renderNew = async (reply: FastifyReply, area: Area, context: FormContext) =>
    reply.render('service-catalogue/new-service.njk', {
      pageTitle: 'Add a service',
      area,
      ...(await formItems(area.id, context.answers)),
      fromItems: dateItems(context.answers, 'effectiveFrom', Boolean(context.errors?.effectiveFrom)),
      toItems: dateItems(context.answers, 'effectiveTo', Boolean(context.errors?.effectiveTo)),
      ...context,
    });

  app.get(paths.newService.pattern, { config: { access: 'signed-in' } }, async (request, reply) => renderNew(reply, await managedArea(request), { answers: {} }));

  app.post(paths.newService.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await managedArea(request);
    const answers = answersOf(request.body);
    const read = readNewService(answers, await choices(area.id));
    const outcome = read.ok ? await addService(db, area.id, read.value, requestAudit(request)) : undefined;
    const messages = problemsOf(read, outcome);
    if (messages) {
      const errors = withDateLinks(formErrors(messages, newServiceFieldOrder));
      return renderNew(reply.code(400), area, { answers, errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(paths.catalogue({ areaId: area.id }), 303);
  });

  const renderService = async (reply: FastifyReply, area: Area, service: CatalogueService, context: FormContext) => {
    const today = services.clock.today();
    const inForce = costOn(service, today);
    return reply.render('service-catalogue/service.njk', {
      pageTitle: `Change ${service.name}`,
      area,
      service,
      costRows: [...service.costs].reverse().map((cost) => ({
        price: unitPrice(cost.unitCostPence, service.unit),
        from: longDay(cost.effectiveFrom),
        to: cost.effectiveTo ? longDay(cost.effectiveTo) : undefined,
        status: cost === inForce ? 'In force today' : cost.effectiveFrom > today ? 'From a later date' : 'Earlier cost',
      })),
      ...(await formItems(area.id, context.answers)),
      ...context,
    });
  };

  app.get(paths.service.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { area, service } = await managedService(request);
    const answers = {
      name: service.name,
      description: service.description,
      streams: service.streams.map((stream) => stream.id),
      providerOrganisationId: service.providerOrganisationId ?? '',
      providerName: service.providerOrganisationId ? '' : (service.provider ?? ''),
      directoryEntryId: service.directoryEntryId ?? '',
    };
    return renderService(reply, area, service, { answers });
  });

  app.post(paths.service.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { area, service } = await managedService(request);
    const answers = answersOf(request.body);
    const read = readServiceChange(answers, await choices(area.id));
    const outcome = read.ok ? await changeService(db, service, read.value, requestAudit(request)) : undefined;
    const messages = problemsOf(read, outcome);
    if (messages) {
      const errors = formErrors(messages, changeServiceFieldOrder);
      return renderService(reply.code(400), area, service, { answers, errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(paths.catalogue({ areaId: area.id }), 303);
  });

  const renderNewCost = (reply: FastifyReply, area: Area, service: CatalogueService, context: FormContext) =>
    reply.render('service-catalogue/new-cost.njk', {
      pageTitle: `Add a new cost for ${service.name}`,
      area,
      service,
      unitName: service.unit === 'one-off' ? 'item' : service.unit,
      inForce: (() => {
        const cost = costOn(service, services.clock.today());
        return cost ? { price: unitPrice(cost.unitCostPence, service.unit), from: longDay(cost.effectiveFrom) } : undefined;
      })(),
      fromItems: dateItems(context.answers, 'effectiveFrom', Boolean(context.errors?.effectiveFrom)),
      toItems: dateItems(context.answers, 'effectiveTo', Boolean(context.errors?.effectiveTo)),
      ...context,
    });

  app.get(paths.newCost.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { area, service } = await managedService(request);
    return renderNewCost(reply, area, service, { answers: {} });
  });

  app.post(paths.newCost.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { area, service } = await managedService(request);
    const answers = answersOf(request.body);
    const read = readNewCost(answers);
    const outcome = read.ok ? await addCost(db, service, read.value, requestAudit(request)) : undefined;
    const messages = problemsOf(read, outcome);
    if (messages) {
      const errors = withDateLinks(formErrors(messages, newCostFieldOrder));
      return renderNewCost(reply.code(400), area, service, { answers, errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(paths.service({ areaId: area.id, serviceId: service.id }), 303);
  });

  for (const [servicePath, retired] of [
    [paths.retire, true],
    [paths.reinstate, false],
  ] as const) {
    app.post(servicePath.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
      const { area, service } = await managedService(request);
      await setRetired(db, service, retired, services.clock.today(), requestAudit(request));
      return reply.redirect(paths.catalogue({ areaId: area.id }), 303);
    });
  }

  app.get(paths.exportCsv.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await managedArea(request);
    const csv = catalogueToCsv(catalogueEntries(await areaCatalogue(db, area.id)));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="service-catalogue-${services.clock.today()}.csv"`)
      .send(csv);
  });

  const renderImport = (reply: FastifyReply, area: Area, context: FormContext & { problems?: string[] }) =>
    reply.render('service-catalogue/import.njk', { pageTitle: 'Import the service catalogue', area, ...context });

  app.get(paths.importCsv.pattern, { config: { access: 'signed-in' } }, async (request, reply) => renderImport(reply, await managedArea(request), { answers: {} }));

  app.post(paths.importCsv.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await managedArea(request);
    const answers = answersOf(request.body);
    const csv = typeof answers.csv === 'string' ? answers.csv : '';
    if (csv.trim() === '') {
      const errors = formErrors({ csv: 'Paste the catalogue, with its column headings as the first line' });
      return renderImport(reply.code(400), area, { answers, errors: errors.fields, errorList: errors.list });
    }
    const outcome = await importCatalogue(db, area.id, csv, requestAudit(request));
    if (!outcome.ok) {
      const count = outcome.errors.length;
      return renderImport(reply.code(400), area, {
        answers,
        problems: outcome.errors,
        errors: { csv: { text: `Nothing was saved. The catalogue has ${count === 1 ? '1 problem' : `${count} problems`}, listed at the top of the page. Put them right and import it again` } },
        errorList: outcome.errors.map((text) => ({ text, href: '#csv' })),
      });
    }
    return reply.redirect(paths.catalogue({ areaId: area.id }, { added: outcome.added, changed: outcome.changed, costs: outcome.costsAdded }), 303);
  });

}
