// GET /api/v1/people/:personId/plan/direct-payments: the direct payments offered for the person's open plan, one per
// agreed stream, with the state, the amount every 4 weeks and a year, any exception with its reasons, and the
// agreement once signed. POST to the same address answers one offer: accept it with the agreement, decline it, or
// ask for it again, with the revision it was read at, so a retry is answered as done and a stale answer as a conflict.
import { z } from 'zod';
import { type DirectPaymentAgreement, agreementProblems, directPaymentExceptions, suitablePersonConditions } from '../../domain/support-plan/direct-payment.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, calendarDate, personIdParams, problemSchema, recordId } from '../../platform/api.ts';
import { NotFoundError, problemMediaType, sendProblem } from '../../platform/errors.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { answerOffer, type OfferRecord } from '../../records/support-plans.ts';
import type { Services } from '../../services.ts';
import { longestSignerText } from './agreement-form.ts';
import { offerView } from './offer-view.ts';
import { directPaymentPaths } from './paths.ts';
import { offerRecords } from './queries.ts';

const offerStates = ['not-offered', 'offered', 'accepted', 'declined'] as const;

export const directPaymentOfferSchema = z.object({
  streamCode: z.string(),
  streamName: z.string(),
  state: z.enum(offerStates).describe('not-offered when an exception was recorded; otherwise offered until the person accepts or declines'),
  stateName: z.string().describe('The state in words, as the person sees it'),
  revision: z.int().min(1).describe('Goes up with every answer: send it back with a change so two answers at once cannot overwrite each other'),
  amount: z.object({
    fourWeeklyPence: z.int().describe('Paid every 4 weeks, in pence'),
    yearlyPence: z.int().describe('The agreed yearly amount, in pence'),
    description: z.string().describe('The amount in words, as the person sees it'),
  }),
  exception: z
    .object({ code: z.enum(directPaymentExceptions.map((exception) => exception.code) as [string, ...string[]]), name: z.string(), reasons: z.string().describe('Why, in words the person can read') })
    .nullable()
    .describe('Why no direct payment was offered; null when one was'),
  agreement: z
    .object({
      signedBy: z.enum(['person', 'someone-else']),
      signerName: z.string().nullable(),
      signerRelationship: z.string().nullable(),
      signedOn: calendarDate(),
      repaymentAcknowledged: z.boolean(),
      suitablePerson: z.object({ name: z.string() }).nullable().describe('Set when the money goes to a suitable person, once all four conditions were recorded'),
    })
    .nullable()
    .describe('The signed agreement; null until the offer is accepted'),
})
  .register(apiSchemaRegistry, { id: 'DirectPaymentOffer', description: 'The direct payment offered for one agreed part of a support plan' });

export const directPaymentOffersSchema = z
  .object({
    personId: recordId(),
    planId: recordId().nullable().describe('The person’s open plan; null before they start one'),
    planState: z.enum(['draft', 'submitted', 'returned', 'agreed']).nullable().describe('Where the plan’s sign-off has got to; offers are made once it is agreed'),
    offers: z.array(directPaymentOfferSchema),
  })
  .register(apiSchemaRegistry, { id: 'DirectPaymentOffers', description: 'The direct payments offered for a person’s agreed support plan' });

const streamCodeSchema = z.string().max(60).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).describe('The funding stream of the offer, as the offers list gives it');
const expectedRevision = z.int().min(0).max(2_147_483_647).describe('The offer’s revision when it was read: a stale one is refused (409), unless the offer is already where this answer would put it');
const signerText = z.string().trim().min(1).max(longestSignerText);

export const offerAnswerSchema = z
  .discriminatedUnion('action', [
    z.object({
      action: z.literal('accept'),
      streamCode: streamCodeSchema,
      expectedRevision,
      agreement: z
        .object({
          repaymentAcknowledged: z.boolean().describe('The signer confirms they understand when money may have to be paid back; must be true'),
          signedBy: z.discriminatedUnion('by', [z.object({ by: z.literal('person') }), z.object({ by: z.literal('someone-else'), name: signerText, relationship: signerText.describe('How they know the person, like daughter or advocate') })]),
          signedOn: calendarDate().describe('The day it was signed: today or before'),
          suitablePerson: z
            .object({
              name: signerText.describe('The suitable person, who signs for the person'),
              ...Object.fromEntries(suitablePersonConditions.map((condition) => [condition.key, z.boolean()])),
            } as { name: typeof signerText; surrogateConsent: z.ZodBoolean; consulted: z.ZodBoolean; wishesConsidered: z.ZodBoolean; enhancedCheck: z.ZodBoolean })
            .nullable()
            .describe('When the money goes to a suitable person for someone who cannot agree to it: all four conditions must be true'),
        })
        .describe('The agreement, for the amount offered'),
    }),
    z.object({ action: z.literal('decline'), streamCode: streamCodeSchema, expectedRevision }),
    z.object({ action: z.literal('offer-again'), streamCode: streamCodeSchema, expectedRevision }),
  ])
  .describe('One answer to one offer');

export const offerAnsweredSchema = z
  .object({ offer: directPaymentOfferSchema, alreadyDone: z.boolean().describe('True when the offer was already where this answer puts it (a retry): nothing changed') })
  .register(apiSchemaRegistry, { id: 'DirectPaymentOfferAnswered', description: 'The offer after the answer' });

/** Where in the body an agreement's problem lies, as a JSON pointer: suitablePerson.consulted → /agreement/suitablePerson/consulted. */
const pointerTo = (field: string) => ['', 'agreement', ...field.split('.')].join('/');

const problem = (description: string) => ({ description, content: { [problemMediaType]: { schema: problemSchema } } });

function offerAnswer(record: OfferRecord, streamNames: Readonly<Record<string, string>>): z.infer<typeof directPaymentOfferSchema> {
  const view = offerView(record, streamNames, false);
  const agreement = record.state === 'accepted' ? record.offer.agreement : null;
  return {
    streamCode: view.streamCode,
    streamName: view.streamName,
    state: view.state,
    stateName: view.stateName,
    revision: view.revision,
    amount: { fourWeeklyPence: view.amount.fourWeeklyPence, yearlyPence: view.amount.yearlyPence, description: view.amount.text },
    exception: view.exception ? { code: view.exception.code, name: view.exception.name, reasons: view.exception.reasons } : null,
    agreement: agreement
      ? {
          signedBy: agreement.signedBy.by,
          signerName: agreement.signedBy.by === 'someone-else' ? agreement.signedBy.name : null,
          signerRelationship: agreement.signedBy.by === 'someone-else' ? agreement.signedBy.relationship : null,
          signedOn: agreement.signedOn,
          repaymentAcknowledged: agreement.repaymentAcknowledged,
          suitablePerson: agreement.suitablePerson ? { name: agreement.suitablePerson.suitablePersonName } : null,
        }
      : null,
  };
}

export function directPaymentApi(api: ApiScope, { db, clock }: Services): void {
  api.get(
    directPaymentPaths.api.offers.pattern,
    apiRoute({
      operationId: 'listDirectPaymentOffers',
      tags: ['Support plans'],
      summary: 'A person’s direct payment offers',
      description: 'The direct payments offered for the person’s open support plan, one per agreed funding stream: the state, the amount, any exception with its reasons, and the agreement once signed. Empty until the plan is agreed. Needs the person’s consent to share with the token’s organisation.',
      params: personIdParams,
      ok: ['The person’s direct payment offers', directPaymentOffersSchema],
      notFound: 'There is no person with this id',
      audit: 'person.read',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request, request.params.personId);
      const { plan, offers, streamNames } = await offerRecords(db, person);
      return { personId: person.id, planId: plan?.id ?? null, planState: plan?.state ?? null, offers: offers.map((record) => offerAnswer(record, streamNames)) };
    },
  );

  const answerRoute = apiRoute({
    operationId: 'answerDirectPaymentOffer',
    tags: ['Support plans'],
    summary: 'Accept, decline or ask again for a direct payment',
    description:
      'Answers the offer for one funding stream of the person’s agreed plan: accept it with the signed agreement, decline it, or ask for it again after declining. Send the revision the offer was read at. Needs a role that may write the person’s plan (a practitioner or broker of an organisation the person shares their record with). Every answer is audited.',
    params: personIdParams,
    ok: ['The offer after the answer', offerAnsweredSchema],
    notFound: 'There is no person with this id, or no direct payment was offered for this stream of their plan',
    audit: 'plan.write',
  });

  api.post(
    directPaymentPaths.api.offers.pattern,
    {
      ...answerRoute,
      schema: {
        ...answerRoute.schema,
        body: offerAnswerSchema,
        response: {
          ...answerRoute.schema.response,
          409: problem('The offer changed since the revision given: read it again'),
          422: problem('The answer does not apply to the offer as it is, or the agreement is not complete: the issues say what is missing'),
        },
      },
    },
    async (request, reply) => {
      const { person } = await loadPerson(db, request, request.params.personId);
      const body = request.body;
      const { plan, offers, streamNames } = await offerRecords(db, person);
      const record = offers.find((offer) => offer.streamCode === body.streamCode);
      if (!plan || !record) throw new NotFoundError('No direct payment was offered for this stream of the person’s plan');
      let action: Parameters<typeof answerOffer>[5];
      if (body.action === 'accept') {
        const typed = body.agreement;
        const agreement: DirectPaymentAgreement = {
          amount: record.offer.amount,
          repaymentAcknowledged: typed.repaymentAcknowledged,
          signedBy: typed.signedBy,
          signedOn: typed.signedOn,
          suitablePerson: typed.suitablePerson ? { suitablePersonName: typed.suitablePerson.name, surrogateConsent: typed.suitablePerson.surrogateConsent, consulted: typed.suitablePerson.consulted, wishesConsidered: typed.suitablePerson.wishesConsidered, enhancedCheck: typed.suitablePerson.enhancedCheck } : null,
        };
        const problems: Record<string, string> = { ...agreementProblems(agreement, record.offer) };
        if (typed.signedOn > clock.today()) problems.signedOn = 'The date signed must be today or in the past';
        if (typed.suitablePerson) for (const condition of suitablePersonConditions) if (!typed.suitablePerson[condition.key]) problems[`suitablePerson.${condition.key}`] = condition.missing;
        const issues = Object.entries(problems).map(([field, message]) => ({ path: pointerTo(field), message }));
        // A retry of an agreement already signed is answered as done, whatever it holds now.
        if (issues.length > 0 && !(record.state === 'accepted' && body.expectedRevision < record.revision)) {
          return sendProblem(request, reply, 422, 'The agreement is not complete. The issues say what is missing', issues);
        }
        action = { kind: 'accept', agreement };
      } else {
        action = { kind: body.action };
      }
      const userId = request.principal?.kind === 'user' ? request.principal.id : null;
      const outcome = await answerOffer(db, person, plan.id, record.streamCode, body.expectedRevision, action, { userId, now: clock.now(), audit: requestAudit(request) });
      if (outcome.ok) return { offer: offerAnswer(outcome.offer, streamNames), alreadyDone: outcome.alreadyDone === true };
      if (outcome.kind === 'missing') throw new NotFoundError('No direct payment was offered for this stream of the person’s plan');
      if (outcome.kind === 'conflict') return sendProblem(request, reply, 409, 'The offer changed since the revision given. Read it again, then answer');
      return sendProblem(request, reply, 422, outcome.reason, outcome.errors ? Object.entries(outcome.errors).map(([field, message]) => ({ path: pointerTo(field), message })) : undefined);
    },
  );
}
