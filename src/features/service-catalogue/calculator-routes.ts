// The public cash-equivalent calculator: anyone, signed in or not, picks an area and a service from its catalogue,
// says how much and how often, and sees what that costs a week and a year, as money they could take instead (a
// direct payment). A GET form, so it works without JavaScript and keeps nothing about who asked.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatPence } from '../../domain/budget/money.ts';
import { longDay } from '../../domain/service-catalogue/catalogue-csv.ts';
import { cashEquivalent, unitPrice } from '../../domain/service-catalogue/catalogue.ts';
import { serviceUnitNames } from '../../domain/support-plan/costs.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { formErrors } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { areaCatalogue, catalogueAreas, pricedServicesOn } from '../../records/service-catalogue.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { serviceCataloguePaths as paths } from './paths.ts';
import { calculatorFieldOrder, readCalculation } from './validation.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const text = z.string().max(200).optional().catch(undefined);
const startQuery = z.object({ area: text, choosing: text });
const calculatorQuery = z.object({ service: text, quantity: text, often: text, times: text, calculate: text });
/** More choices than this are a drop-down list; fewer are radios, which are easier to use. */
const mostAsRadios = 10;

export function calculatorRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const rateLimit = { rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } };

  async function renderAreaChoice(reply: FastifyReply, error?: string) {
    const areas = await catalogueAreas(db);
    const errors = error ? formErrors({ area: error }) : undefined;
    return reply.render('service-catalogue/calculator-area.njk', {
      pageTitle: 'Which area do you live in?',
      asRadios: areas.length <= mostAsRadios,
      areaItems: areas.map((area) => ({ value: area.id, text: area.name })),
      errors: errors?.fields,
      errorList: errors?.list,
    });
  }

  app.get(paths.calculatorStart.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    const query = queryOf(request, startQuery);
    if (query?.area === undefined) {
      if (query?.choosing !== undefined) return renderAreaChoice(reply.code(400), 'Select the area you live in');
      const areas = await catalogueAreas(db);
      // With one area there is nothing to choose.
      if (areas.length === 1) return reply.redirect(paths.calculator({ areaId: areas[0]!.id }), 303);
      return renderAreaChoice(reply);
    }
    const parsed = z.uuid().safeParse(query.area);
    const area = parsed.success ? await findArea(db, parsed.data) : undefined;
    if (!area) return renderAreaChoice(reply.code(400), 'Select the area you live in');
    return reply.redirect(paths.calculator({ areaId: area.id }), 303);
  });

  app.get(paths.calculator.pattern, { config: { access: 'public', ...rateLimit } }, async (request: FastifyRequest, reply) => {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    const today = services.clock.today();
    const offered = pricedServicesOn(await areaCatalogue(db, area.id), today);
    const query = queryOf(request, calculatorQuery) ?? {};
    const answers: Record<string, string | undefined> = { ...query };
    const render = (code: number, context: Record<string, unknown>) =>
      reply.code(code).render('service-catalogue/calculator.njk', {
        pageTitle: 'What a service costs as money',
        area,
        changeArea: paths.calculatorStart(),
        asRadios: offered.length <= mostAsRadios,
        serviceItems: offered.map((service) => ({
          value: service.id,
          text: `${service.name}, ${unitPrice(service.cost.unitCostPence, service.unit)}`,
          ...(service.description ? { hint: { text: service.description } } : {}),
          checked: service.id === answers.service,
          selected: service.id === answers.service,
        })),
        answers,
        ...context,
      });
    if (query.calculate === undefined) return render(200, {});
    const read = readCalculation(query, offered.map((service) => service.id));
    if (!read.ok) {
      const errors = formErrors(read.messages, calculatorFieldOrder);
      // Radios give their first choice the group's id, so the summary's links reach the first choice of each.
      return render(400, { errors: errors.fields, errorList: errors.list });
    }
    const service = offered.find((candidate) => candidate.id === read.value.serviceId)!;
    let result;
    try {
      result = cashEquivalent(service, service.cost.unitCostPence, read.value.frequency);
    } catch {
      // Only a quantity so large that its cost cannot be counted exactly gets here.
      const errors = formErrors({ quantity: 'Enter a smaller amount: this comes to more than we can work out' }, calculatorFieldOrder);
      return render(400, { errors: errors.fields, errorList: errors.list });
    }
    return render(200, {
      result: {
        sentence: result.sentence,
        oneOff: result.oneOff,
        weekly: formatPence(result.weeklyPence),
        yearly: formatPence(result.yearlyPence),
        price: unitPrice(service.cost.unitCostPence, service.unit),
        since: longDay(service.cost.effectiveFrom),
        unitName: serviceUnitNames[service.unit].many,
      },
    });
  });
}
