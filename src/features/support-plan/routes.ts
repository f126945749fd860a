// The person's own support plan: what a plan is and a button to start one, then the plan itself (outcomes in their
// words, items by the money that pays for them, the running total per stream in words), the forms that change it,
// its versions, and the check-and-send page. Reads are `person.read`; every change and form is `plan.write`.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatPence } from '../../domain/budget/money.ts';
import { careActOutcomes } from '../../domain/care-act-outcomes.ts';
import { serviceUnits } from '../../domain/support-plan/costs.ts';
import { checkTypedDay, formatDay } from '../../domain/support-plan/days.ts';
import { type PlanChange, type PlanItem, type PlanOutcome, currentItems, deliveryMethods, deliveryNames, outcomeDomains, planAuthorNames, planAuthors, planTotals } from '../../domain/support-plan/plan.ts';
import { permits } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors } from '../../platform/forms.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { type PlanRecord, type PlanStream, type PlanWrite, type WrittenAs, itemContext, planParts, planVersions } from '../../records/support-plans.ts';
import type { Services } from '../../services.ts';
import { supportPlanPaths as paths } from './paths.ts';
import { aboutFieldOrder, itemAnswers, itemFieldOrder, outcomeAnswers, outcomeFieldOrder, readAbout, readItem, readOutcome, revisionOf } from './plan-forms.ts';
import { changePersonPlan, sendProblems, startPersonPlan, submitPersonPlan } from './plan-service.ts';
import { planView, runningTotal, streamNamesOf } from './plan-view.ts';
import { personPlanMeasures, planAndStreams, servicesForPlan } from './queries.ts';

const readRoute = { config: { access: 'signed-in', audit: 'person.read' } } as const;
const writeRoute = { config: { access: 'signed-in', audit: 'plan.write' } } as const;

const outcomeParams = z.object({ outcomeId: z.uuid() });
const itemParams = z.object({ itemId: z.uuid() });
const overviewQuery = z.object({ done: z.enum(['started', 'saved', 'sent']).optional().catch(undefined) });
const newItemQuery = z.object({ service: z.uuid().optional().catch(undefined) });

const banners = {
  started: 'Your support plan has been started',
  saved: 'Your plan has been saved',
  sent: 'Your plan has been sent for approval',
} as const;

/** How a version's writer stood to the person, as the versions page says it. */
const writtenAsNames: Record<WrittenAs, string> = {
  self: 'the person themselves',
  representative: 'their representative',
  broker: 'a support broker',
  practitioner: 'a practitioner',
};

const unitLabels: Record<(typeof serviceUnits)[number], string> = {
  hour: 'By the hour',
  day: 'By the day',
  night: 'By the night',
  week: 'By the week',
  session: 'By the session',
  mile: 'By the mile',
  'one-off': 'Bought once, such as equipment',
};

interface FormContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

/** GOV.UK asks the error summary to link to a date input's first box. */
function withDateLinks(errors: FormErrors, dateFields: readonly string[]): FormErrors {
  return { ...errors, list: errors.list.map((item) => (dateFields.some((field) => item.href === `#${field}`) ? { ...item, href: `${item.href}-day` } : item)) };
}

function errorContext(answers: Record<string, unknown>, messages: Record<string, string>, order: readonly string[], dateFields: readonly string[] = []): FormContext {
  const errors = withDateLinks(formErrors(messages, order), dateFields);
  return { answers, errors: errors.fields, errorList: errors.list };
}

function dateItems(answers: Record<string, unknown>, prefix: string, failed: boolean) {
  return ['day', 'month', 'year'].map((part) => ({
    name: part,
    label: part[0]!.toUpperCase() + part.slice(1),
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${failed ? ' govuk-input--error' : ''}`,
    value: answers[`${prefix}-${part}`],
  }));
}

function todayAnswers(prefix: string, today: string): Record<string, string> {
  const [year, month, day] = today.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year! };
}

function chosen(answers: Record<string, unknown>, name: string): string[] {
  return [answers[name]].flat().filter((value): value is string => typeof value === 'string');
}

export function supportPlanRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  function personResource({ person, shared }: LoadedPerson) {
    return { type: 'person' as const, personId: person.id, areaId: person.areaId, consentedOrganisationIds: shared.map((organisation) => organisation.organisationId) };
  }

  function voice(loaded: LoadedPerson) {
    const own = loaded.viewer === 'self';
    return { own, whose: own ? 'your' : `${loaded.person.givenName}’s`, name: `${loaded.person.givenName} ${loaded.person.familyName}` };
  }

  async function renderOverview(request: FastifyRequest, reply: FastifyReply, loaded: LoadedPerson, plan: PlanRecord | undefined, streams: PlanStream[], extra: { banner?: string; errorList?: FormErrors['list'] } = {}) {
    const { person, shared, viewer } = loaded;
    const { own, whose, name } = voice(loaded);
    const measured = viewer === 'staff' && plan ? await personPlanMeasures(db, person) : undefined;
    const measures = measured && [
      { key: { text: 'Days from first contact to agreed budget' }, value: { text: measured.daysToAgreedBudget === null ? 'Not agreed yet' : String(measured.daysToAgreedBudget) } },
      { key: { text: 'Hand-offs from one person or team to another' }, value: { text: String(measured.handOffs) } },
      { key: { text: 'Times sent back' }, value: { text: String(measured.returns) } },
      { key: { text: 'Most times asked for the same information' }, value: { text: `${measured.mostTimesAsked} (the aim is 1 at most)` } },
    ];
    return reply.render('support-plan/overview.njk', {
      pageTitle: own ? 'Your support plan' : `Support plan for ${name}`,
      person,
      own,
      whose,
      staff: viewer === 'staff',
      view: plan ? planView(plan, streams) : undefined,
      streams: streams.map((stream) => ({ name: stream.streamName, yearly: formatPence(stream.yearlyPence + (stream.oneOffPence ?? 0)), owner: stream.owningOrganisationName ?? 'No organisation yet' })),
      canWrite: permits(request, 'plan.write', personResource(loaded)),
      shared,
      measures,
      ...extra,
    });
  }

  /** The person and their plan for a form; no plan yet sends them to the overview, where they can start one. */
  async function planFor(request: FastifyRequest, reply: FastifyReply): Promise<{ loaded: LoadedPerson; plan: PlanRecord; streams: PlanStream[] } | undefined> {
    const loaded = await loadPerson(db, request);
    const { plan, streams } = await planAndStreams(db, loaded.person);
    if (!plan) {
      reply.redirect(paths.plan({ personId: loaded.person.id }), 303);
      return undefined;
    }
    return { loaded, plan, streams };
  }

  /**
   * After a write: back to the overview with the new totals; a conflict shows the current plan and why nothing was
   * saved; a refusal goes back to the form (`refused`) with the reason.
   */
  async function afterWrite(request: FastifyRequest, reply: FastifyReply, loaded: LoadedPerson, written: PlanWrite, refused: (reason: string, errors?: Record<string, string>) => unknown, done: 'saved' | 'sent' = 'saved') {
    if (written.ok) return reply.redirect(paths.plan({ personId: loaded.person.id }, { done }), 303);
    if (written.kind === 'missing') throw new NotFoundError(written.reason);
    if (written.kind === 'conflict') {
      const { plan, streams } = await planAndStreams(db, loaded.person);
      return renderOverview(request, reply.code(409), loaded, plan, streams, { errorList: [{ text: `${written.reason}. Nothing was saved.`, href: '#plan' }] });
    }
    return refused(written.reason, written.errors);
  }

  app.get(paths.plan.pattern, readRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { plan, streams } = await planAndStreams(db, loaded.person);
    const done = queryOf(request, overviewQuery)?.done;
    return renderOverview(request, reply, loaded, plan, streams, done ? { banner: banners[done] } : {});
  });

  // Starting twice (a retry, two tabs) makes one plan.
  app.post(paths.plan.pattern, writeRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const started = await startPersonPlan(db, request, loaded);
    if (!started.ok) throw new NotFoundError(started.reason);
    return reply.redirect(paths.plan({ personId: loaded.person.id }, started.alreadyDone ? {} : { done: 'started' }), 303);
  });

  // Outcomes

  const renderOutcome = (reply: FastifyReply, loaded: LoadedPerson, plan: PlanRecord, outcome: PlanOutcome | undefined, context: FormContext & { outcomeId: string }) => {
    const picked = chosen(context.answers, 'careActOutcomes');
    return reply.render('support-plan/outcome.njk', {
      pageTitle: outcome ? 'Change an outcome' : 'Add an outcome',
      person: loaded.person,
      ...voice(loaded),
      outcome,
      revision: plan.revision,
      careActItems: careActOutcomes.map((entry) => ({ value: entry.code, text: entry.name, checked: picked.includes(entry.code) })),
      domainItems: outcomeDomains.map((entry) => ({ value: entry.code, text: entry.name, checked: entry.code === context.answers.domain })),
      ...context,
    });
  };

  /** An outcome form's id: fixed when the form is first shown, so sending it twice adds the outcome once. */
  const formId = (value: unknown) => (z.uuid().safeParse(value).success ? String(value) : randomUUID());

  app.get(paths.newOutcome.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    return renderOutcome(reply, found.loaded, found.plan, undefined, { answers: {}, outcomeId: randomUUID() });
  });

  app.post(paths.newOutcome.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const answers = answersOf(request.body);
    const outcomeId = formId(answers.outcomeId);
    if (plan.document.outcomes.some((outcome) => outcome.id === outcomeId)) return reply.redirect(paths.plan({ personId: loaded.person.id }, { done: 'saved' }), 303);
    const read = readOutcome(answers, outcomeId);
    if (!read.ok) return renderOutcome(reply.code(400), loaded, plan, undefined, { ...errorContext(answers, read.messages, outcomeFieldOrder), outcomeId });
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), [{ kind: 'set-outcomes', outcomes: [...plan.document.outcomes, read.value] }], streams);
    return afterWrite(request, reply, loaded, written, (reason) => renderOutcome(reply.code(400), loaded, plan, undefined, { ...errorContext(answers, { inOwnWords: reason }, outcomeFieldOrder), outcomeId }));
  });

  function outcomeIn(request: FastifyRequest, plan: PlanRecord): PlanOutcome {
    const { outcomeId } = paramsOf(request, outcomeParams);
    const outcome = plan.document.outcomes.find((candidate) => candidate.id === outcomeId);
    if (!outcome) throw new NotFoundError('There is no such outcome in this plan');
    return outcome;
  }

  app.get(paths.outcome.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const outcome = outcomeIn(request, found.plan);
    return renderOutcome(reply, found.loaded, found.plan, outcome, { answers: outcomeAnswers(outcome), outcomeId: outcome.id });
  });

  app.post(paths.outcome.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const outcome = outcomeIn(request, plan);
    const answers = answersOf(request.body);
    const read = readOutcome(answers, outcome.id);
    if (!read.ok) return renderOutcome(reply.code(400), loaded, plan, outcome, { ...errorContext(answers, read.messages, outcomeFieldOrder), outcomeId: outcome.id });
    const outcomes = plan.document.outcomes.map((candidate) => (candidate.id === outcome.id ? read.value : candidate));
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), [{ kind: 'set-outcomes', outcomes }], streams);
    return afterWrite(request, reply, loaded, written, (reason) => renderOutcome(reply.code(400), loaded, plan, outcome, { ...errorContext(answers, { inOwnWords: reason }, outcomeFieldOrder), outcomeId: outcome.id }));
  });

  app.post(paths.removeOutcome.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const { outcomeId } = paramsOf(request, outcomeParams);
    const outcome = plan.document.outcomes.find((candidate) => candidate.id === outcomeId);
    // Already taken out (sent twice): nothing more to do.
    if (!outcome) return reply.redirect(paths.plan({ personId: loaded.person.id }, { done: 'saved' }), 303);
    const answers = answersOf(request.body);
    const outcomes = plan.document.outcomes.filter((candidate) => candidate.id !== outcome.id);
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), [{ kind: 'set-outcomes', outcomes }], streams);
    return afterWrite(request, reply, loaded, written, (reason) =>
      renderOutcome(reply.code(400), loaded, plan, outcome, { answers: outcomeAnswers(outcome), errorList: [{ text: reason, href: '#remove' }], outcomeId: outcome.id }),
    );
  });

  // Items

  const renderItem = async (reply: FastifyReply, loaded: LoadedPerson, plan: PlanRecord, streams: PlanStream[], item: PlanItem | undefined, context: FormContext & { itemId: string }) => {
    const answers = context.answers;
    const outcomeIds = chosen(answers, 'outcomeIds');
    const catalogue = item ? [] : await servicesForPlan(db, loaded.person.areaId, streams.map((stream) => stream.streamCode), services.clock.today());
    return reply.render('support-plan/item.njk', {
      pageTitle: item ? `Change ${item.what}` : 'Add support to your plan',
      person: loaded.person,
      ...voice(loaded),
      item,
      revision: plan.revision,
      serviceItems: [{ value: '', text: 'Choose a service' }, ...catalogue.map((service) => ({ value: service.id, text: `${service.name}, ${formatPence(service.cost.unitCostPence)} a ${service.unit === 'one-off' ? 'item' : service.unit}` }))],
      outcomeItems: plan.document.outcomes.map((outcome) => ({ value: outcome.id, text: outcome.inOwnWords, checked: outcomeIds.includes(outcome.id) })),
      deliveryItems: deliveryMethods.map((method) => ({ value: method, text: deliveryNames[method][0]!.toUpperCase() + deliveryNames[method].slice(1), checked: method === answers.delivery })),
      streamItems: [
        ...streams.map((stream) => ({ value: stream.streamCode, text: stream.streamName, checked: stream.streamCode === answers.streamCode })),
        { value: '', text: 'None: it is unpaid or community support', checked: answers.streamCode === '' && answers.delivery === 'unpaid' },
      ],
      unitItems: serviceUnits.map((unit) => ({ value: unit, text: unitLabels[unit], checked: unit === answers.unit })),
      howOftenItems: [
        { value: 'weekly', text: 'Every week', checked: answers.howOften === 'weekly' },
        { value: 'four-weekly', text: 'Every 4 weeks', checked: answers.howOften === 'four-weekly' },
        { value: 'one-off', text: 'Once only', checked: answers.howOften === 'one-off' },
      ],
      startItems: dateItems(answers, 'start', Boolean(context.errors?.start)),
      endItems: dateItems(answers, 'end', Boolean(context.errors?.end)),
      ...context,
    });
  };

  function itemIn(request: FastifyRequest, plan: PlanRecord): PlanItem {
    const { itemId } = paramsOf(request, itemParams);
    const item = currentItems(plan.document).find((candidate) => candidate.id === itemId);
    if (!item) throw new NotFoundError('There is no such item in this plan now');
    return item;
  }

  const itemContextOf = (plan: PlanRecord, streams: readonly PlanStream[]) => ({ ...itemContext(streams), outcomeIds: plan.document.outcomes.map((outcome) => outcome.id) });

  app.get(paths.newItem.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const serviceId = queryOf(request, newItemQuery)?.service;
    let answers: Record<string, unknown> = todayAnswers('start', services.clock.today());
    if (serviceId) {
      const service = (await servicesForPlan(db, loaded.person.areaId, streams.map((stream) => stream.streamCode), services.clock.today())).find((candidate) => candidate.id === serviceId);
      if (service) {
        const stream = service.streams.find((candidate) => streams.some((own) => own.streamCode === candidate.code));
        answers = { ...answers, what: service.name, provider: service.provider ?? '', unit: service.unit, unitCost: formatPence(service.cost.unitCostPence).replace('£', ''), streamCode: stream?.code ?? '', service: service.id };
      }
    }
    return renderItem(reply, loaded, plan, streams, undefined, { answers, itemId: randomUUID() });
  });

  app.post(paths.newItem.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const answers = answersOf(request.body);
    const itemId = formId(answers.itemId);
    if (plan.document.entries.some((entry) => entry.item.id === itemId)) return reply.redirect(paths.plan({ personId: loaded.person.id }, { done: 'saved' }), 303);
    const read = readItem(answers, itemContextOf(plan, streams));
    const failed = (messages: Record<string, string>) => renderItem(reply.code(400), loaded, plan, streams, undefined, { ...errorContext(answers, messages, itemFieldOrder, ['start', 'end']), itemId });
    if (!read.ok) return failed(read.messages);
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), [{ kind: 'add-item', item: { ...read.value, id: itemId, replaces: null } }], streams);
    return afterWrite(request, reply, loaded, written, (reason, errors) => failed(errors ?? { what: reason }));
  });

  app.get(paths.item.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const item = itemIn(request, found.plan);
    return renderItem(reply, found.loaded, found.plan, found.streams, item, { answers: itemAnswers(item), itemId: randomUUID() });
  });

  // A change makes a new item in the old one's place; the old one ends the day before the new one starts.
  app.post(paths.item.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const answers = answersOf(request.body);
    const itemId = formId(answers.itemId);
    if (plan.document.entries.some((entry) => entry.item.id === itemId)) return reply.redirect(paths.plan({ personId: loaded.person.id }, { done: 'saved' }), 303);
    const item = itemIn(request, plan);
    const read = readItem(answers, itemContextOf(plan, streams));
    const failed = (messages: Record<string, string>) => renderItem(reply.code(400), loaded, plan, streams, item, { ...errorContext(answers, messages, itemFieldOrder, ['start', 'end']), itemId });
    if (!read.ok) return failed(read.messages);
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), [{ kind: 'replace-item', itemId: item.id, successor: { ...read.value, id: itemId, replaces: item.id } }], streams);
    return afterWrite(request, reply, loaded, written, (reason, errors) => failed(errors ?? { what: reason }));
  });

  const renderStop = (reply: FastifyReply, loaded: LoadedPerson, plan: PlanRecord, item: PlanItem, context: FormContext) =>
    reply.render('support-plan/stop-item.njk', {
      pageTitle: `Stop ${item.what}`,
      person: loaded.person,
      ...voice(loaded),
      item,
      starts: formatDay(item.startDate),
      revision: plan.revision,
      lastDayItems: dateItems(context.answers, 'lastDay', Boolean(context.errors?.lastDay)),
      ...context,
    });

  app.get(paths.stopItem.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const item = itemIn(request, found.plan);
    return renderStop(reply, found.loaded, found.plan, item, { answers: todayAnswers('lastDay', services.clock.today()) });
  });

  app.post(paths.stopItem.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const { itemId } = paramsOf(request, itemParams);
    const entry = plan.document.entries.find((candidate) => candidate.item.id === itemId);
    // Stopped already (sent twice): nothing more to do.
    if (entry && entry.closedIn !== null) return reply.redirect(paths.plan({ personId: loaded.person.id }, { done: 'saved' }), 303);
    const item = itemIn(request, plan);
    const answers = answersOf(request.body);
    const text = (name: string) => (typeof answers[name] === 'string' ? (answers[name] as string) : '');
    const lastDay = checkTypedDay({ day: text('lastDay-day'), month: text('lastDay-month'), year: text('lastDay-year') }, 'The last day', false);
    if (!lastDay.ok) return renderStop(reply.code(400), loaded, plan, item, errorContext(answers, { lastDay: lastDay.message }, ['lastDay'], ['lastDay']));
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), [{ kind: 'remove-item', itemId: item.id, lastDay: lastDay.day! }], streams);
    return afterWrite(request, reply, loaded, written, (reason) => renderStop(reply.code(400), loaded, plan, item, errorContext(answers, { lastDay: reason }, ['lastDay'], ['lastDay'])));
  });

  // If things go wrong, and who helped write it

  const renderAbout = (reply: FastifyReply, loaded: LoadedPerson, plan: PlanRecord, context: FormContext) => {
    const picked = chosen(context.answers, 'writtenWith');
    return reply.render('support-plan/about.njk', {
      pageTitle: 'If things go wrong, and who helped',
      person: loaded.person,
      ...voice(loaded),
      revision: plan.revision,
      authorItems: planAuthors.map((author) => ({ value: author, text: planAuthorNames[author][0]!.toUpperCase() + planAuthorNames[author].slice(1), checked: picked.includes(author) })),
      ...context,
    });
  };

  app.get(paths.about.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { document } = found.plan;
    return renderAbout(reply, found.loaded, found.plan, { answers: { ifThingsGoWrong: document.ifThingsGoWrong, writtenWith: document.writtenWith } });
  });

  app.post(paths.about.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const answers = answersOf(request.body);
    const read = readAbout(answers);
    if (!read.ok) return renderAbout(reply.code(400), loaded, plan, errorContext(answers, read.messages, aboutFieldOrder));
    const changes: PlanChange[] = [];
    if (read.value.ifThingsGoWrong !== plan.document.ifThingsGoWrong) changes.push({ kind: 'set-if-things-go-wrong', text: read.value.ifThingsGoWrong });
    if ([...read.value.writtenWith].sort().join() !== [...plan.document.writtenWith].sort().join()) changes.push({ kind: 'set-written-with', authors: read.value.writtenWith });
    // Nothing changed: no new version.
    if (changes.length === 0) return reply.redirect(paths.plan({ personId: loaded.person.id }), 303);
    const written = await changePersonPlan(db, request, loaded, plan, revisionOf(answers), changes, streams);
    return afterWrite(request, reply, loaded, written, (reason) => renderAbout(reply.code(400), loaded, plan, errorContext(answers, { ifThingsGoWrong: reason }, aboutFieldOrder)));
  });

  // Versions

  app.get(paths.versions.pattern, readRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { plan } = await planAndStreams(db, loaded.person);
    const versions = plan ? await planVersions(db, plan) : [];
    return reply.render('support-plan/versions.njk', {
      pageTitle: voice(loaded).own ? 'Versions of your plan' : `Versions of ${loaded.person.givenName}’s plan`,
      person: loaded.person,
      ...voice(loaded),
      versions: versions.map((version) => ({
        version: version.version,
        createdAt: version.createdAt,
        by: version.writtenBy ?? 'Someone using the API',
        as: writtenAsNames[version.writtenAs],
        changes: version.version === 1 ? ['Started the plan'] : version.changes.length ? version.changes : ['Nothing that changes the plan'],
      })),
    });
  });

  // Check and send

  const renderSend = (reply: FastifyReply, loaded: LoadedPerson, plan: PlanRecord, streams: PlanStream[], context: { errorList?: FormErrors['list'] } = {}) => {
    const totals = planTotals(plan.document, streams, streamNamesOf(streams));
    const { parts } = planParts(plan.document, streams);
    const problems = sendProblems(plan, streams, loaded);
    const sentParts = new Map(plan.signOff.parts.map((part) => [part.streamCode, part]));
    return reply.render('support-plan/send.njk', {
      pageTitle: 'Check your plan and send it',
      person: loaded.person,
      ...voice(loaded),
      revision: plan.revision,
      resending: plan.state !== 'draft',
      parts: parts.map((part) => {
        const stream = streams.find((candidate) => candidate.streamCode === part.streamCode)!;
        const total = totals.streams.find((candidate) => candidate.streamCode === part.streamCode)!;
        const before = sentParts.get(part.streamCode);
        return { streamName: stream.streamName, organisation: stream.owningOrganisationName, total: runningTotal(total), approved: before?.state === 'approved' };
      }),
      problems,
      ...context,
    });
  };

  app.get(paths.send.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    return renderSend(reply, found.loaded, found.plan, found.streams);
  });

  app.post(paths.send.pattern, writeRoute, async (request, reply) => {
    const found = await planFor(request, reply);
    if (!found) return reply;
    const { loaded, plan, streams } = found;
    const problems = sendProblems(plan, streams, loaded);
    const refusedWith = (texts: string[]) => renderSend(reply.code(400), loaded, plan, streams, { errorList: texts.map((text) => ({ text, href: '#problems' })) });
    if (problems.length > 0) return refusedWith(problems.map((problem) => problem.text));
    const written = await submitPersonPlan(db, request, loaded, plan, revisionOf(answersOf(request.body)), streams);
    return afterWrite(request, reply, loaded, written, (reason) => refusedWith([reason]), 'sent');
  });
}
