// The public contribution estimate: anyone, signed in or not, chooses their area, answers a few questions about their
// money, and sees what they might pay towards their support each week, worked out by the charging rules. The answers
// are posted (so they stay out of addresses and logs), shown back, and never saved.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatPence } from '../../domain/budget/money.ts';
import { ageForCharging, minimumIncomeGuarantee } from '../../domain/charging/financial-assessment.ts';
import { type AmountAnswer, type SelfAssessmentAnswers, estimateContribution } from '../../domain/charging/self-assessment.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { catalogueAreas } from '../../records/service-catalogue.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { estimateFieldOrder, incomeFields, readEstimate } from './answers.ts';
import { type EstimateFigures, estimateFigures } from './figures.ts';
import { contributionEstimatePaths as paths } from './paths.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const text = z.string().max(200).optional().catch(undefined);
const startQuery = z.object({ area: text, choosing: text });
/** More choices than this are a drop-down list; fewer are radios, which are easier to use. */
const mostAsRadios = 10;
/** The form's own fields: only these are shown back, so nothing else sent with the form reaches the page. */
const formFields = [...estimateFieldOrder, 'capitalNotSure', 'housingCostsNotSure', 'disabilityCostsNotSure'];

type Area = { id: string; name: string };

function amountInWords(answer: AmountAnswer | 'standard'): string {
  if (answer === 'not sure' || answer === 'standard') return 'Not sure';
  if (typeof answer === 'number') return formatPence(answer);
  return answer.to === null ? `${formatPence(answer.from)} or more` : `${formatPence(answer.from)} to ${formatPence(answer.to)}`;
}

/** The lowest Minimum Income Guarantee the answers allow, to explain the money left for the person; undefined if not set. */
function guaranteeFor(answers: SelfAssessmentAnswers, { figures }: EstimateFigures): number | undefined {
  const age = ageForCharging(answers.person, answers.day);
  if (!age.ok) return undefined;
  const guarantee = minimumIncomeGuarantee(figures, age.age, answers.household ?? 'single', {
    disabilityPremium: answers.disabilityPremium === true,
    enhancedDisabilityPremium: answers.enhancedDisabilityPremium === true,
  });
  return guarantee.ok ? guarantee.parts.reduce((sum, part) => sum + part.pence, 0) : undefined;
}

export function contributionEstimateRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const rateLimit = { rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } };

  async function renderStart(reply: FastifyReply, error?: string) {
    const areas = await catalogueAreas(db);
    const errors = error ? formErrors({ area: error }) : undefined;
    return reply.render('contribution-estimate/start.njk', {
      pageTitle: 'Estimate what you might pay towards your support',
      onlyArea: areas.length === 1 ? areas[0] : undefined,
      asRadios: areas.length <= mostAsRadios,
      areaItems: areas.map((area) => ({ value: area.id, text: area.name })),
      errors: errors?.fields,
      errorList: errors?.list,
    });
  }

  async function areaOf(request: FastifyRequest): Promise<Area> {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    return area;
  }

  function renderForm(reply: FastifyReply, area: Area, figures: EstimateFigures | undefined, answers: Record<string, unknown>, messages?: Record<string, string>) {
    const errors = messages ? formErrors(messages, estimateFieldOrder) : undefined;
    return reply.render('contribution-estimate/form.njk', {
      pageTitle: 'What you might pay towards your support',
      area,
      figures,
      standardAllowance: figures ? formatPence(figures.local.standardDisabilityRelatedExpenditurePence) : undefined,
      answers,
      errors: errors?.fields ?? {},
      errorList: errors?.list,
    });
  }

  app.get(paths.start.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    const query = queryOf(request, startQuery);
    if (query?.area === undefined) {
      if (query?.choosing !== undefined) return renderStart(reply.code(400), 'Select the area you live in');
      return renderStart(reply);
    }
    const parsed = z.uuid().safeParse(query.area);
    const area = parsed.success ? await findArea(db, parsed.data) : undefined;
    if (!area) return renderStart(reply.code(400), 'Select the area you live in');
    return reply.redirect(paths.estimate({ areaId: area.id }), 303);
  });

  app.get(paths.estimate.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    const area = await areaOf(request);
    return renderForm(reply, area, estimateFigures(services.clock.today()), {});
  });

  app.post(paths.estimate.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    const area = await areaOf(request);
    const today = services.clock.today();
    const figures = estimateFigures(today);
    const sent = answersOf(request.body);
    const answers = Object.fromEntries(formFields.filter((field) => typeof sent[field] === 'string').map((field) => [field, sent[field]]));
    // "Change your answers" on the result brings the answers back to the form.
    if (sent.change !== undefined || !figures) return renderForm(reply, area, figures, answers);

    const read = readEstimate(answers, today);
    if (!read.ok) return renderForm(reply.code(400), area, figures, answers, read.messages);
    let estimate;
    try {
      estimate = estimateContribution(read.answers, figures.figures, figures.local);
    } catch {
      // Only amounts so large that the rules cannot count them exactly get here.
      return renderForm(reply.code(400), area, figures, answers, { [incomeFields[0].name]: 'Enter smaller amounts: these come to more than we can work out' });
    }
    const guarantee = guaranteeFor(read.answers, figures);
    const given = read.answers;
    const weekly = (answer: AmountAnswer | 'standard') => (typeof answer === 'number' ? `${formatPence(answer)} a week` : amountInWords(answer));
    const incomeTotal = (given.incomes as number[]).reduce((sum, pence) => sum + pence, 0);
    return reply.render('contribution-estimate/result.njk', {
      pageTitle: 'What you might pay towards your support',
      area,
      figures,
      estimate,
      guarantee: guarantee === undefined ? undefined : formatPence(guarantee),
      answerRows: [
        { key: { text: 'Your age' }, value: { text: String((given.person as { age: number }).age) } },
        { key: { text: 'Your income' }, value: { text: `${formatPence(incomeTotal)} a week` } },
        { key: { text: 'Your savings' }, value: { text: amountInWords(given.capital) } },
        { key: { text: 'Your housing costs' }, value: { text: weekly(given.housingCostsWeekly) } },
        {
          key: { text: 'Your disability costs' },
          value: { text: typeof given.disabilityRelatedExpenditureWeekly === 'number' ? weekly(given.disabilityRelatedExpenditureWeekly) : `Not sure, so we used the usual ${formatPence(figures.local.standardDisabilityRelatedExpenditurePence)} a week` },
        },
        { key: { text: 'What your support costs' }, value: { text: weekly(given.weeklyCostOfSupport) } },
      ],
      answers,
    });
  });
}
