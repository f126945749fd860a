// The person's side of the direct payment offer that follows an agreed plan: each agreed stream's offer in words, the
// agreement they sign to accept one (with when money may have to be paid back, who signed, and the suitable-person
// route's four conditions), declining with a confirm step, and asking again after declining. Staff who may not write
// the plan see the same offers read-only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { suitablePersonConditions } from '../../domain/support-plan/direct-payment.ts';
import { permits, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { answerOffer } from '../../records/support-plans.ts';
import type { Services } from '../../services.ts';
import { agreementFieldOrder, readAgreement } from './agreement-form.ts';
import { type OfferView, offerView, repaymentSentences } from './offer-view.ts';
import { directPaymentPaths as paths } from './paths.ts';
import { offerRecords } from './queries.ts';

/** Stream codes are lower-case words joined by hyphens; anything else names no stream (404). */
const streamCodeSchema = z.string().max(60).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const streamParams = z.object({ personId: z.uuid(), streamCode: streamCodeSchema });
const doneQuery = z.object({
  done: z.enum(['declined', 'offered-again']).optional().catch(undefined),
  stream: streamCodeSchema.optional().catch(undefined),
});
const revisionOf = (answers: Record<string, unknown>) => {
  const parsed = z.coerce.number().int().min(0).max(2_147_483_647).safeParse(answers.revision);
  return parsed.success ? parsed.data : 0;
};

interface FormContext {
  answers: Record<string, unknown>;
  errors?: Record<string, { text: string }>;
  errorList?: { text: string; href: string }[];
}

export function directPaymentRoutes(app: FastifyInstance, services: Services): void {
  const { db, clock } = services;
  const readRoute = { config: { access: 'signed-in', audit: 'person.read' } } as const;
  const writeRoute = { config: { access: 'signed-in', audit: 'plan.write' } } as const;

  const personResource = ({ person, shared }: LoadedPerson) => ({ type: 'person' as const, personId: person.id, areaId: person.areaId, consentedOrganisationIds: shared.map((row) => row.organisationId) });
  const writer = (request: FastifyRequest) => ({ userId: request.principal?.kind === 'user' ? request.principal.id : null, now: clock.now(), audit: requestAudit(request) });

  /** The offers of the person's open plan, as the page shows them. */
  async function offersFor(loaded: LoadedPerson) {
    const records = await offerRecords(db, loaded.person);
    const own = loaded.viewer === 'self';
    return { ...records, views: records.offers.map((record) => offerView(record, records.streamNames, own)), own };
  }

  /** The person (authorised for the route's action) and the one offer the route names; 404 when there is none. */
  async function namedOffer(request: FastifyRequest) {
    const { streamCode } = paramsOf(request, streamParams);
    const loaded = await loadPerson(db, request);
    const found = await offersFor(loaded);
    const index = found.offers.findIndex((offer) => offer.streamCode === streamCode);
    return { loaded, ...found, streamCode, record: index >= 0 ? found.offers[index] : undefined, view: index >= 0 ? found.views[index] : undefined };
  }

  const toOffers = (reply: FastifyReply, personId: string, query?: { done: string; stream: string }) => reply.redirect(paths.offers({ personId }, query), 303);

  app.get(paths.offers.pattern, readRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const { plan, views, own } = await offersFor(loaded);
    const done = queryOf(request, doneQuery);
    const doneOffer = done?.done && done.stream ? views.find((view) => view.streamCode === done.stream) : undefined;
    return reply.render('direct-payments/offers.njk', {
      pageTitle: own ? 'Your direct payments' : `Direct payments for ${person.givenName} ${person.familyName}`,
      person,
      own,
      planState: plan?.state,
      offers: views,
      canAnswer: permits(request, 'plan.write', personResource(loaded)),
      done: doneOffer && done?.done ? { kind: done.done, offer: doneOffer } : undefined,
    });
  });

  const conditionItems = (answers: Record<string, unknown>) => {
    const ticked = [answers.conditions].flat();
    const labels: Record<(typeof suitablePersonConditions)[number]['key'], string> = {
      surrogateConsent: 'Someone who can speak for the person agreed to the direct payment, such as their attorney or deputy',
      consulted: 'The people who should be asked were asked, such as family, carers and anyone named by the person',
      wishesConsidered: 'The person’s wishes and feelings, now and in the past, were thought about',
      enhancedCheck: 'An enhanced criminal record check was done on the suitable person',
    };
    return suitablePersonConditions.map((condition) => ({ value: condition.key, id: `condition-${condition.key}`, text: labels[condition.key], checked: ticked.includes(condition.key) }));
  };

  const renderAccept = (reply: FastifyReply, loaded: LoadedPerson, view: OfferView, own: boolean, context: FormContext) => {
    const { answers, errors } = context;
    const conditionErrors = suitablePersonConditions.map((condition) => errors?.[`condition-${condition.key}`]?.text).filter((message): message is string => message !== undefined);
    return reply.render('direct-payments/accept.njk', {
      pageTitle: `Accept the direct payment for ${view.streamName}`,
      person: loaded.person,
      own,
      offer: view,
      repaymentSentences,
      acknowledged: [answers.repaymentAcknowledged].flat().includes('yes'),
      conditionItems: conditionItems(answers),
      conditionsError: conditionErrors.length > 0 ? { text: conditionErrors.join('. ') } : undefined,
      dateItems: ['day', 'month', 'year'].map((part) => ({
        name: part,
        label: part[0]!.toUpperCase() + part.slice(1),
        classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errors?.signedOn ? ' govuk-input--error' : ''}`,
        value: answers[`signedOn-${part}`],
      })),
      ...context,
    });
  };

  app.get(paths.accept.pattern, writeRoute, async (request, reply) => {
    const { loaded, view, own } = await namedOffer(request);
    if (!view) throw new NotFoundError('No direct payment has been offered for this part of the plan');
    if (view.state === 'accepted') return reply.redirect(paths.accepted({ personId: loaded.person.id, streamCode: view.streamCode }), 303);
    if (view.state !== 'offered') return toOffers(reply, loaded.person.id);
    return renderAccept(reply, loaded, view, own, { answers: { revision: String(view.revision) } });
  });

  app.post(paths.accept.pattern, writeRoute, async (request, reply) => {
    const { loaded, plan, record, view, own } = await namedOffer(request);
    const personId = loaded.person.id;
    if (!plan || !record || !view) return toOffers(reply, personId);
    const answers = answersOf(request.body);
    const expected = revisionOf(answers);
    const read = readAgreement(answers, record.offer, clock.today());
    if (!read.ok) {
      // A retry of an agreement already signed answers as done, whatever the form holds now.
      if (view.state === 'accepted' && expected < record.revision) return reply.redirect(paths.accepted({ personId, streamCode: view.streamCode }), 303);
      const errors = formErrors(read.messages, agreementFieldOrder);
      const list = errors.list.map((item) => (item.href === '#signedOn' ? { ...item, href: '#signedOn-day' } : item));
      return renderAccept(reply.code(400), loaded, view, own, { answers, errors: errors.fields, errorList: list });
    }
    const outcome = await answerOffer(db, loaded.person, plan!.id, view.streamCode, expected, { kind: 'accept', agreement: read.agreement }, writer(request));
    if (outcome.ok) return reply.redirect(paths.accepted({ personId, streamCode: view.streamCode }), 303);
    if (outcome.kind === 'missing') return toOffers(reply, personId);
    const message = outcome.reason;
    const fresh = outcome.kind === 'conflict' ? { ...answers, revision: String(record.revision) } : answers;
    return renderAccept(reply.code(outcome.kind === 'conflict' ? 409 : 400), loaded, view, own, { answers: fresh, errorList: [{ text: message, href: '#main-content' }] });
  });

  app.get(paths.accepted.pattern, readRoute, async (request, reply) => {
    const { loaded, view, own } = await namedOffer(request);
    if (!view) throw new NotFoundError('No direct payment has been offered for this part of the plan');
    if (view.state !== 'accepted') return toOffers(reply, loaded.person.id);
    return reply.render('direct-payments/accepted.njk', { pageTitle: 'Direct payment accepted', person: loaded.person, own, offer: view });
  });

  app.get(paths.decline.pattern, writeRoute, async (request, reply) => {
    const { loaded, view, own } = await namedOffer(request);
    if (!view) throw new NotFoundError('No direct payment has been offered for this part of the plan');
    if (view.state !== 'offered') return toOffers(reply, loaded.person.id);
    return reply.render('direct-payments/decline.njk', { pageTitle: `Decline the direct payment for ${view.streamName}`, person: loaded.person, own, offer: view });
  });

  for (const [actionPath, kind, done] of [
    [paths.decline, 'decline', 'declined'],
    [paths.offerAgain, 'offer-again', 'offered-again'],
  ] as const) {
    app.post(actionPath.pattern, writeRoute, async (request, reply) => {
      const { loaded, plan, record, view } = await namedOffer(request);
      const personId = loaded.person.id;
      if (!plan || !record || !view) return toOffers(reply, personId);
      const outcome = await answerOffer(db, loaded.person, plan.id, view.streamCode, revisionOf(answersOf(request.body)), { kind }, writer(request));
      // Refused (the offer is not in a state this applies to) or changed meanwhile: the offers page shows where it is now.
      return toOffers(reply, personId, outcome.ok ? { done, stream: view.streamCode } : undefined);
    });
  }
}
