// The finance officers' payment runs: the area's runs and a form to prepare the next, one run's payments and
// exceptions, marking it reviewed, releasing it (a different officer from the reviewer), cancelling it before release
// with a reason, and the released run's Bacs file. The records layer keeps every rule; these pages ask it and show
// its refusals as plain messages. A run page names the people with exceptions, so its read is a list of people.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Resource } from '../../domain/access-policy.ts';
import { formatPence } from '../../domain/budget/money.ts';
import { defaultPeriodDays, periodEnd } from '../../domain/payments/payment-period.ts';
import { checkTypedDay, formatDay } from '../../domain/support-plan/days.ts';
import { areasOf, authorise, authorisePersonList, permits, refuseOutsideAreas, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { modulusTables } from '../../platform/modulus-tables.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { type PaymentRunState, bacsFileFor, cancelPaymentRun, itemsOfRun, preparePaymentRun, releasePaymentRun, reviewPaymentRun } from '../../records/payment-runs.ts';
import type { Services } from '../../services.ts';
import { paymentRunPaths as paths } from './paths.ts';
import { type RunRow, areaOfRun, peopleNamed, runIn, runsOf, userNames } from './queries.ts';

type AreaResource = Extract<Resource, { type: 'area' }>;

const runParams = z.object({ runId: z.uuid() });
const doneQuery = z.object({ done: z.enum(['prepared', 'reviewed', 'released', 'cancelled']).optional().catch(undefined) });

export const runStateNames: Record<PaymentRunState, string> = {
  draft: 'Waiting for review',
  reviewed: 'Reviewed, waiting for release',
  released: 'Released',
  cancelled: 'Cancelled',
};

const doneMessages: Record<string, string> = {
  prepared: 'The payment run has been prepared. Check its payments and exceptions, then mark it as reviewed.',
  reviewed: 'You marked the payment run as reviewed. Another finance officer must release it.',
  released: 'The payments have been released. You can now download the Bacs file.',
  cancelled: 'The payment run has been cancelled. No money will be paid from it.',
};

const dateParts = ['day', 'month', 'year'] as const;

export function paymentRunRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const userIdOf = (request: FastifyRequest) => (request.principal?.kind === 'user' ? request.principal.id : undefined);

  /** The first area where the policy lets this principal prepare runs; anyone with none is refused, audited. */
  async function financeArea(request: FastifyRequest): Promise<AreaResource> {
    const candidates = (request.principal?.assignments ?? [])
      .filter((a): a is typeof a & { areaId: string } => a.areaId !== null)
      .map((a): AreaResource => ({ type: 'area', areaId: a.areaId, regionId: a.regionId ?? '' }));
    const area = candidates.find((candidate) => permits(request, 'paymentRun.prepare', candidate));
    await authorise(db, request, 'paymentRun.prepare', area ?? candidates[0] ?? { type: 'system' });
    return area!;
  }

  /** The run the route names, once the policy allows the action on its area; another area's run is refused, audited. */
  async function runFor(request: FastifyRequest, action: 'paymentRun.prepare' | 'paymentRun.review' | 'paymentRun.release') {
    const { runId } = paramsOf(request, runParams, 'payment run');
    const run = await runIn(db, runId, areasOf(request));
    if (!run) {
      const elsewhere = await areaOfRun(db, runId);
      return refuseOutsideAreas(db, request, action, elsewhere && { type: 'area', ...elsewhere }, 'There is no such payment run');
    }
    const regionId = request.principal?.assignments.find((a) => a.areaId === run.areaId)?.regionId ?? '';
    const area: AreaResource = { type: 'area', areaId: run.areaId, regionId };
    await authorise(db, request, action, area);
    return { run, area };
  }

  const actor = (request: FastifyRequest) => ({ userId: userIdOf(request)!, now: services.clock.now(), audit: requestAudit(request) });

  async function renderRuns(request: FastifyRequest, reply: FastifyReply, area: AreaResource, form?: { answers: Record<string, unknown>; messages: Record<string, string>; invalid?: boolean }) {
    const runs = await runsOf(db, area.areaId);
    const latest = runs[0];
    const suggested = latest ? periodEnd(latest.periodEnd, 2) : services.clock.today();
    const [year, month, day] = suggested.split('-');
    const answers = form?.answers ?? { 'periodStart-day': String(Number(day)), 'periodStart-month': String(Number(month)), 'periodStart-year': year };
    const errors = form ? formErrors(form.messages, ['periodStart']) : undefined;
    return reply.render('payment-runs/runs.njk', {
      pageTitle: 'Payment runs',
      runs: runs.map((run) => ({
        id: run.id,
        period: `${formatDay(run.periodStart)} to ${formatDay(run.periodEnd)}`,
        state: runStateNames[run.state as PaymentRunState] ?? run.state,
        prepared: run.preparedAt !== null,
        payableCount: run.payableCount,
        total: formatPence(run.payablePence),
        exceptionCount: run.exceptionCount,
      })),
      lengthDays: defaultPeriodDays,
      dateItems: dateParts.map((part) => ({
        name: part,
        label: part[0]!.toUpperCase() + part.slice(1),
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${form?.invalid ? ' govuk-input--error' : ''}`,
        value: answers[`periodStart-${part}`],
      })),
      errors: errors?.fields ?? {},
      errorList: errors?.list,
    });
  }

  app.get(paths.runs.pattern, { config: { access: 'signed-in' } }, async (request, reply) => renderRuns(request, reply, await financeArea(request)));

  app.post(paths.runs.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await financeArea(request);
    const answers = answersOf(request.body);
    const text = (name: string) => (typeof answers[name] === 'string' ? (answers[name] as string) : '');
    const checked = checkTypedDay({ day: text('periodStart-day'), month: text('periodStart-month'), year: text('periodStart-year') }, 'The period start date', false);
    if (!checked.ok) return renderRuns(request, reply.code(400), area, { answers, messages: { periodStart: checked.message }, invalid: true });
    const periodStart = checked.day!;
    const year = Number(periodStart.slice(0, 4));
    if (year < 2000 || year > 2100) return renderRuns(request, reply.code(400), area, { answers, messages: { periodStart: 'The year must be between 2000 and 2100' }, invalid: true });
    const prepared = await preparePaymentRun(db, { areaId: area.areaId, periodStart, by: actor(request), tables: modulusTables() });
    if (!prepared.ok) return renderRuns(request, reply.code(422), area, { answers, messages: { periodStart: prepared.reason } });
    return reply.redirect(paths.run({ runId: prepared.run.id }, { done: 'prepared' }), 303);
  });

  async function renderRun(request: FastifyRequest, reply: FastifyReply, run: RunRow, area: AreaResource, message?: string) {
    const userId = userIdOf(request);
    // The page names everyone with an exception: one audit entry for the list, naming each of them.
    const { items, names } = await authorisePersonList(db, request, area, async () => {
      const items = await itemsOfRun(db, run);
      const exceptional = items.filter((item) => item.exception !== null);
      const names = await peopleNamed(db, run.areaId, exceptional.map((item) => item.personId));
      return { rows: exceptional.map((item) => ({ id: item.personId })), items, names };
    });
    const actors = await userNames(db, [run.createdByUserId, run.reviewedByUserId, run.releasedByUserId]);
    const who = (id: string | null) => (id ? (id === userId ? 'You' : (actors.get(id) ?? 'A finance officer')) : undefined);
    const state = run.state as PaymentRunState;
    const done = queryOf(request, doneQuery)?.done;
    return reply.render('payment-runs/run.njk', {
      pageTitle: `Payment run for ${formatDay(run.periodStart)} to ${formatDay(run.periodEnd)}`,
      run,
      period: `${formatDay(run.periodStart)} to ${formatDay(run.periodEnd)}`,
      state: runStateNames[state] ?? run.state,
      total: formatPence(run.payablePence),
      preparedBy: who(run.createdByUserId) ?? 'The payment run command',
      reviewedBy: who(run.reviewedByUserId),
      releasedBy: who(run.releasedByUserId),
      exceptions: items
        .filter((item) => item.exception !== null)
        .map((item) => ({ personId: item.personId, name: names.get(item.personId) ?? 'Unknown person', streamCode: item.streamCode, amount: formatPence(item.amountPence), exception: item.exception })),
      canReview: state === 'draft' && run.preparedAt !== null,
      // Only a finance officer other than the reviewer is offered the release; the records layer refuses the reviewer too.
      canRelease: state === 'reviewed' && run.reviewedByUserId !== userId,
      reviewedByYou: state === 'reviewed' && run.reviewedByUserId === userId,
      canCancel: state === 'draft' || state === 'reviewed',
      released: state === 'released',
      banner: done ? doneMessages[done] : undefined,
      message,
    });
  }

  app.get(paths.run.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { run, area } = await runFor(request, 'paymentRun.review');
    return renderRun(request, reply, run, area);
  });

  app.post(paths.review.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { run, area } = await runFor(request, 'paymentRun.review');
    const result = await reviewPaymentRun(db, run.areaId, run.id, actor(request));
    if (!result.ok) return renderRun(request, reply.code(422), run, area, result.reason);
    return reply.redirect(paths.run({ runId: run.id }, { done: 'reviewed' }), 303);
  });

  app.post(paths.release.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { run, area } = await runFor(request, 'paymentRun.release');
    const result = await releasePaymentRun(db, run.areaId, run.id, actor(request));
    if (!result.ok) return renderRun(request, reply.code(422), run, area, result.reason);
    return reply.redirect(paths.run({ runId: run.id }, { done: 'released' }), 303);
  });

  const renderCancel = (reply: FastifyReply, run: RunRow, form: { answers: Record<string, unknown>; messages: Record<string, string> }) => {
    const errors = formErrors(form.messages, ['reason']);
    return reply.render('payment-runs/cancel.njk', {
      pageTitle: 'Cancel this payment run',
      run,
      period: `${formatDay(run.periodStart)} to ${formatDay(run.periodEnd)}`,
      answers: form.answers,
      errors: errors.fields,
      errorList: errors.list,
    });
  };

  app.get(paths.cancel.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { run } = await runFor(request, 'paymentRun.prepare');
    return renderCancel(reply, run, { answers: {}, messages: {} });
  });

  app.post(paths.cancel.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { run } = await runFor(request, 'paymentRun.prepare');
    const answers = answersOf(request.body);
    const reason = typeof answers.reason === 'string' ? answers.reason.trim() : '';
    if (reason === '') return renderCancel(reply.code(400), run, { answers, messages: { reason: 'Enter why this payment run is being cancelled' } });
    if (reason.length > 2000) return renderCancel(reply.code(400), run, { answers, messages: { reason: 'The reason must be 2,000 characters or fewer' } });
    const audit = requestAudit(request);
    const result = await cancelPaymentRun(db, run.areaId, run.id, { ...actor(request), audit: (tx, event) => audit(tx, event.action === 'payment-run.cancel' ? { ...event, detail: reason } : event) });
    if (!result.ok) return renderCancel(reply.code(422), run, { answers, messages: { reason: result.reason } });
    return reply.redirect(paths.run({ runId: run.id }, { done: 'cancelled' }), 303);
  });

  app.get(paths.bacs.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const { run } = await runFor(request, 'paymentRun.release');
    const file = await bacsFileFor(db, run, { createdOn: services.clock.today(), audit: requestAudit(request) });
    if (!file.ok) throw new NotFoundError(file.reason);
    return reply
      .type('text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="bacs-${run.periodStart}-to-${run.periodEnd}.txt"`)
      .header('cache-control', 'no-store')
      .send(file.text);
  });
}
