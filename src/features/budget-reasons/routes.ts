// An area administrator keeps the area's list of reasons an actual budget may differ from the indicative one: add a
// reason, change its wording, retire it (it stays on past decisions and leaves the approval form) or bring it back.
// Who may is the policy's `area.administer`; every change is audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { budgetReasonPaths as paths } from './paths.ts';
import { type BudgetReason, allReasons, findReason } from './queries.ts';
import { addReason, changeReason, setReasonRetired } from './reason-service.ts';
import { longestReasonCode, newReasonFieldOrder, readNewReason, readReasonWording, reasonCodePattern } from './validation.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const reasonParams = z.object({ areaId: z.uuid(), reasonCode: z.string().max(longestReasonCode).regex(reasonCodePattern) });
/** Set by the redirect after a change, to say what just happened. */
const doneQuery = z.object({ done: z.enum(['added', 'changed', 'retired', 'reinstated']).optional().catch(undefined), code: z.string().max(longestReasonCode).regex(reasonCodePattern).optional().catch(undefined) });

type Area = NonNullable<Awaited<ReturnType<typeof findArea>>>;

interface FormContext {
  answers: Record<string, unknown>;
  errors?: Record<string, { text: string }>;
  errorList?: { text: string; href: string }[];
}

const doneWords = { added: 'added', changed: 'changed', retired: 'retired', reinstated: 'brought back' } as const;

export function budgetReasonRoutes(app: FastifyInstance, services: Services): void {
  const { db, clock } = services;
  const route = { config: { access: 'signed-in' } } as const;

  /** The area the route names (404 if there is none), once the policy agrees this person administers it. */
  async function administeredArea(request: FastifyRequest): Promise<Area> {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    await authorise(db, request, 'area.administer', { type: 'area', areaId: area.id, regionId: area.regionId });
    return area;
  }

  /** The reason the route names in its area, once the policy agrees; 404 if the area has no reason with that code. */
  async function administeredReason(request: FastifyRequest): Promise<{ area: Area; reason: BudgetReason }> {
    const { reasonCode } = paramsOf(request, reasonParams);
    const area = await administeredArea(request);
    const reason = await findReason(db, area.id, reasonCode);
    if (!reason) throw new NotFoundError();
    return { area, reason };
  }

  app.get(paths.reasons.pattern, route, async (request, reply) => {
    const area = await administeredArea(request);
    const reasons = await allReasons(db, area.id);
    const done = queryOf(request, doneQuery);
    const named = done?.done && done.code ? reasons.find((reason) => reason.code === done.code) : undefined;
    return reply.render('budget-reasons/reasons.njk', {
      pageTitle: `Reasons a budget may differ, ${area.name}`,
      area,
      inUse: reasons.filter((reason) => !reason.retiredAt),
      retired: reasons.filter((reason) => reason.retiredAt),
      done: named && done?.done ? { word: doneWords[done.done], reason: named } : undefined,
    });
  });

  const renderNew = (reply: FastifyReply, area: Area, context: FormContext) => reply.render('budget-reasons/new-reason.njk', { pageTitle: 'Add a reason', area, ...context });

  app.get(paths.newReason.pattern, route, async (request, reply) => renderNew(reply, await administeredArea(request), { answers: {} }));

  app.post(paths.newReason.pattern, route, async (request, reply) => {
    const area = await administeredArea(request);
    const answers = answersOf(request.body);
    const read = readNewReason(answers);
    const outcome = read.ok ? await addReason(db, area.id, read.value, clock.now(), requestAudit(request)) : undefined;
    const messages = !read.ok ? read.messages : outcome && !outcome.ok ? { [outcome.field]: outcome.message } : undefined;
    if (messages || !outcome?.ok) {
      const errors = formErrors(messages ?? {}, newReasonFieldOrder);
      return renderNew(reply.code(400), area, { answers, errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(paths.reasons({ areaId: area.id }, { done: 'added', code: outcome.code }), 303);
  });

  const renderChange = (reply: FastifyReply, area: Area, reason: BudgetReason, context: FormContext) =>
    reply.render('budget-reasons/change-reason.njk', { pageTitle: 'Change the wording of a reason', area, reason, ...context });

  app.get(paths.changeReason.pattern, route, async (request, reply) => {
    const { area, reason } = await administeredReason(request);
    return renderChange(reply, area, reason, { answers: { name: reason.name } });
  });

  app.post(paths.changeReason.pattern, route, async (request, reply) => {
    const { area, reason } = await administeredReason(request);
    const answers = answersOf(request.body);
    const read = readReasonWording(answers);
    if (!read.ok) {
      const errors = formErrors(read.messages, ['name']);
      return renderChange(reply.code(400), area, reason, { answers, errors: errors.fields, errorList: errors.list });
    }
    await changeReason(db, { ...reason, areaId: area.id }, read.value.name, requestAudit(request));
    return reply.redirect(paths.reasons({ areaId: area.id }, { done: 'changed', code: reason.code }), 303);
  });

  for (const [reasonPath, retired] of [
    [paths.retireReason, true],
    [paths.reinstateReason, false],
  ] as const) {
    app.post(reasonPath.pattern, route, async (request, reply) => {
      const { area, reason } = await administeredReason(request);
      await setReasonRetired(db, { id: reason.id, areaId: area.id }, retired, clock.now(), requestAudit(request));
      return reply.redirect(paths.reasons({ areaId: area.id }, { done: retired ? 'retired' : 'reinstated', code: reason.code }), 303);
    });
  }
}
