// GET /api/v1/people/:personId/plan/direct-payments: the direct payments offered for the person's open plan, one per
// agreed stream, with the state, the amount every 4 weeks and a year, any exception with its reasons, and the
// agreement once signed.
import { z } from 'zod';
import { directPaymentExceptions } from '../../domain/support-plan/direct-payment.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, calendarDate, personIdParams, recordId } from '../../platform/api.ts';
import { loadPerson } from '../../platform/person-access.ts';
import type { Services } from '../../services.ts';
import { offerView } from './offer-view.ts';
import { directPaymentPaths } from './paths.ts';
import { offerRecords } from './queries.ts';

const offerStates = ['not-offered', 'offered', 'accepted', 'declined'] as const;

export const directPaymentOffersSchema = z
  .object({
    personId: recordId(),
    planId: recordId().nullable().describe('The person’s open plan; null before they start one'),
    planState: z.enum(['draft', 'submitted', 'returned', 'agreed']).nullable().describe('Where the plan’s sign-off has got to; offers are made once it is agreed'),
    offers: z.array(
      z.object({
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
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'DirectPaymentOffers', description: 'The direct payments offered for a person’s agreed support plan' });

export function directPaymentApi(api: ApiScope, { db }: Services): void {
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
      return {
        personId: person.id,
        planId: plan?.id ?? null,
        planState: plan?.state ?? null,
        offers: offers.map((record) => {
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
        }),
      };
    },
  );
}
