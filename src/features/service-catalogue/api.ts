// GET /api/v1/areas/:areaId/catalogue: an area's services with the cost in force on a day and every cost they have had;
// GET …/catalogue/:serviceId/cash-equivalent: what so much of a service so often costs a week and a year, as money.
import { z } from 'zod';
import { cashEquivalent } from '../../domain/service-catalogue/catalogue.ts';
import { type Frequency, parseQuantity, serviceUnits } from '../../domain/support-plan/costs.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, calendarDate, loadArea, recordId, requestedDay } from '../../platform/api.ts';
import { authorise } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { areaCatalogue, type CatalogueService, catalogueService, costOn } from '../../records/service-catalogue.ts';
import type { Services } from '../../services.ts';
import { mostTimesPerFourWeeks, mostTimesPerWeek } from './validation.ts';

const unitCostSchema = z
  .object({
    unitCostPence: z.int().min(1).describe('The price of one unit, in pence'),
    effectiveFrom: calendarDate().describe('The first day of this price'),
    effectiveTo: calendarDate().nullable().describe('The last day of this price; null when it runs until a later price takes over'),
  })
  .register(apiSchemaRegistry, { id: 'UnitCost', description: 'A price of one unit of a service, from a day' });

const unitSchema = z.enum(serviceUnits).describe('What the service is priced by; one-off means bought once, such as equipment');

export const serviceCatalogueSchema = z
  .object({
    areaId: recordId(),
    on: calendarDate().describe('The day the costs in force are for'),
    services: z.array(
      z.object({
        id: recordId(),
        name: z.string(),
        description: z.string(),
        unit: unitSchema,
        fundingStreams: z.array(z.object({ code: z.string(), name: z.string() })).describe('The funding streams that may pay for the service'),
        provider: z.object({ organisationId: recordId().nullable().describe('Set when the provider is an organisation of the area'), name: z.string() }).nullable(),
        directoryEntryId: z.string().nullable().describe('The service’s entry in the area’s directory of support'),
        retiredOn: calendarDate().nullable().describe('The day the area stopped offering the service; null while it is offered'),
        costInForce: unitCostSchema.nullable().describe('The price on the day asked about (the latest to start on or before it); null if none'),
        costs: z.array(unitCostSchema).describe('Every price, earliest first'),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'ServiceCatalogue', description: 'An area’s services and their prices' });

export const cashEquivalentSchema = z
  .object({
    areaId: recordId(),
    serviceId: recordId(),
    serviceName: z.string(),
    unit: unitSchema,
    on: calendarDate(),
    cost: unitCostSchema.describe('The price used: the one in force on the day'),
    quantity: z.string().describe('How many units each time, as given'),
    often: z.enum(['week', 'four-weeks', 'once']),
    times: z.int().nullable().describe('How many times a week or every 4 weeks; null for once'),
    weeklyPence: z.int().describe('The cost of a typical week, to the nearest penny; 0 for once'),
    yearlyPence: z.int().describe('The cost of 52 weeks (or the one cost for once), rounded once to the nearest penny'),
    sentence: z.string().describe('The cash equivalent in one plain-English sentence, to show a person'),
  })
  .register(apiSchemaRegistry, { id: 'CashEquivalent', description: 'What so much of a service so often costs, as money a person could take instead (a direct payment)' });

const onQuery = requestedDay().optional().describe('The day to price on (YYYY-MM-DD); today in London if not given');

const catalogueQuery = z.object({ on: onQuery });
const cashQuery = z
  .object({
    quantity: z.string().regex(/^(\d{1,6})?(\.\d{1,2})?$/).describe('How many units each time, up to two decimal places: 3 for 3 hours, 1.5 for an hour and a half'),
    often: z.enum(['week', 'four-weeks', 'once']).describe('Every week, every 4 weeks, or once'),
    times: z.coerce.number().int().min(1).max(mostTimesPerFourWeeks).optional().describe(`How many times a week (up to ${mostTimesPerWeek}) or every 4 weeks; needed unless once`),
    on: onQuery,
  })
  .refine((query) => query.often === 'once' || query.times !== undefined, { message: 'Give times, unless often is once', path: ['times'] })
  .refine((query) => query.often !== 'week' || (query.times ?? 0) <= mostTimesPerWeek, { message: `times a week can be at most ${mostTimesPerWeek}`, path: ['times'] })
  .refine((query) => parseQuantity(query.quantity).ok, { message: 'Give a quantity more than 0', path: ['quantity'] });
const serviceParams = areaIdParams.extend({ serviceId: z.uuid().describe('The service id') });

function serviceAnswer(service: CatalogueService, on: string) {
  const unitCost = ({ unitCostPence, effectiveFrom, effectiveTo }: CatalogueService['costs'][number]) => ({ unitCostPence, effectiveFrom, effectiveTo });
  const inForce = costOn(service, on);
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    unit: service.unit,
    fundingStreams: service.streams.map(({ code, name }) => ({ code, name })),
    provider: service.provider ? { organisationId: service.providerOrganisationId, name: service.provider } : null,
    directoryEntryId: service.directoryEntryId,
    retiredOn: service.retiredOn,
    costInForce: inForce ? unitCost(inForce) : null,
    costs: service.costs.map(unitCost),
  };
}

export function serviceCatalogueApi(api: ApiScope, { db, clock }: Services): void {
  api.get(
    api.paths.api.areaCatalogue.pattern,
    apiRoute({
      operationId: 'listCatalogueServices',
      tags: ['Service catalogue'],
      summary: 'Services and prices in an area',
      description: 'The area’s service catalogue, retired services too: each service’s unit, funding streams, provider, the price in force on the day asked about, and every price it has had. Needs a role in the area.',
      params: areaIdParams,
      querystring: catalogueQuery,
      ok: ['The area’s service catalogue', serviceCatalogueSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'catalogue.read', { type: 'area', areaId, regionId: area.regionId });
      const on = request.query.on ?? clock.today();
      return { areaId, on, services: (await areaCatalogue(db, areaId)).map((service) => serviceAnswer(service, on)) };
    },
  );

  api.get(
    api.paths.api.cashEquivalent.pattern,
    apiRoute({
      operationId: 'getCashEquivalent',
      tags: ['Service catalogue'],
      summary: 'The cash equivalent of a service',
      description: 'What so much of a service so often costs a week and a year at the price in force on the day, as money a person could take instead, with the sentence to show them. Needs a role in the area.',
      params: serviceParams,
      querystring: cashQuery,
      ok: ['The cash equivalent', cashEquivalentSchema],
      notFound: 'There is no area or service with this id, or the service has no price on that day',
    }),
    async (request) => {
      const { areaId, serviceId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'catalogue.read', { type: 'area', areaId, regionId: area.regionId });
      const service = await catalogueService(db, areaId, serviceId);
      const on = request.query.on ?? clock.today();
      const cost = service && costOn(service, on);
      if (!service || !cost) throw new NotFoundError('There is no service with this id in the area, or it has no price on that day');
      const { quantity, often, times } = request.query;
      const unitsEachTime = (parseQuantity(quantity) as { hundredths: number }).hundredths;
      const frequency: Frequency =
        often === 'once' ? { kind: 'one-off', unitsEachTime } : often === 'week' ? { kind: 'weekly', timesPerWeek: times!, unitsEachTime } : { kind: 'four-weekly', timesPerFourWeeks: times!, unitsEachTime };
      const result = cashEquivalent(service, cost.unitCostPence, frequency);
      return {
        areaId,
        serviceId,
        serviceName: service.name,
        unit: service.unit,
        on,
        cost: { unitCostPence: cost.unitCostPence, effectiveFrom: cost.effectiveFrom, effectiveTo: cost.effectiveTo },
        quantity,
        often,
        times: often === 'once' ? null : times!,
        weeklyPence: result.weeklyPence,
        yearlyPence: result.yearlyPence,
        sentence: result.sentence,
      };
    },
  );
}
