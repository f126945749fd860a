// GET /api/v1/people/:personId/eligibility: each funding stream's decision on the person's latest completed
// self-assessment, its reasons, and the owning organisation's confirmation, read as the pages read them.
import { z } from 'zod';
import { apiRoute, apiSchemaRegistry, type ApiScope, personIdParams, recordId } from '../../platform/api.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { contactBlock, type OrganisationContacts } from '../../domain/organisation-contacts.ts';
import { currentDecisions } from '../../records/eligibility-decisions.ts';
import { areaContacts } from '../../records/organisation-contacts.ts';
import type { Services } from '../../services.ts';
import { asDecision, decisionInForce } from './confirmation.ts';

const decision = z.enum(['eligible', 'not eligible', 'more information needed']);
const confirmedDecision = z.enum(['eligible', 'not eligible']);

const organisationContactsSchema = z
  .object({
    phone: z.string().nullable(),
    email: z.string().nullable(),
    postalAddress: z.string().nullable().describe('One line per line of the address'),
    openingHours: z.string().nullable(),
    textRelay: z.string().nullable().describe('Relay UK text relay, as dialled'),
    bslVideoRelayUrl: z.string().nullable().describe('An https link to the British Sign Language video relay service'),
  })
  .describe('How to reach the organisation; each is null until it gives one')
  .register(apiSchemaRegistry, { id: 'OrganisationContacts', description: 'How to reach an organisation' });

export const eligibilityDecisionSchema = z
  .object({
    id: recordId(),
    streamCode: z.string(),
    streamName: z.string().nullable().describe('Null if the area no longer has a stream with this code'),
    owningOrganisation: z
      .object({ id: recordId(), name: z.string(), contacts: organisationContactsSchema })
      .nullable()
      .describe('The organisation that confirms this decision'),
    howToAskForReview: z.array(z.string()).describe('How the person asks for this decision to be looked at again, in plain English: who to contact and by when'),
    decision: decision.describe('What the eligibility rules decided from the answers'),
    reasons: z.array(z.string()).describe('The reasons, in plain English, as the person reads them'),
    decidedAt: z.iso.datetime(),
    rulesId: recordId().describe('The eligibility rules version used'),
    confirmation: z
      .object({
        decision: confirmedDecision,
        overridden: z.boolean().describe('True when the owning organisation changed the decision'),
        reason: z.string().nullable(),
        confirmedBy: z.object({ userId: recordId(), name: z.string() }).nullable(),
        confirmedAt: z.iso.datetime(),
      })
      .nullable()
      .describe('The owning organisation’s confirmation or change; null until it has looked at the decision'),
    decisionInForce: decision.describe('The confirmed decision once there is one, otherwise the rules’ decision'),
  })
  .register(apiSchemaRegistry, { id: 'EligibilityDecision', description: 'One funding stream’s eligibility decision' });

export const eligibilitySchema = z
  .object({
    personId: recordId(),
    assessmentId: recordId().nullable().describe('The completed assessment the decisions come from; null if the person has not completed one'),
    completedAt: z.iso.datetime().nullable(),
    decisions: z.array(eligibilityDecisionSchema),
  })
  .register(apiSchemaRegistry, { id: 'Eligibility', description: "Each stream's decision on the person's latest completed self-assessment" });

function contactsOf(organisation: OrganisationContacts | undefined): z.infer<typeof organisationContactsSchema> {
  return {
    phone: organisation?.contactPhone ?? null,
    email: organisation?.contactEmail ?? null,
    postalAddress: organisation?.postalAddress ?? null,
    openingHours: organisation?.openingHours ?? null,
    textRelay: organisation?.textRelay ?? null,
    bslVideoRelayUrl: organisation?.bslVideoRelayUrl ?? null,
  };
}

export function eligibilityApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.eligibility.pattern,
    apiRoute({
      operationId: 'getEligibility',
      tags: ['Assessments'],
      summary: "A person's eligibility for each funding stream",
      description: 'The decision for each stream on the latest completed self-assessment, with its reasons in plain English and the owning organisation’s confirmation or change. An empty list until the person completes one. Needs the same access as the person’s record. Audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The decisions and their reasons', eligibilitySchema],
      notFound: 'There is no person with this id',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request);
      const [current, contacts] = await Promise.all([currentDecisions(db, person), areaContacts(db, person.areaId)]);
      return {
        personId: person.id,
        assessmentId: current?.assessment.id ?? null,
        completedAt: current?.assessment.completedAt?.toISOString() ?? null,
        decisions: (current?.decisions ?? []).map((row) => ({
          id: row.id,
          streamCode: row.streamCode,
          streamName: row.streamName,
          owningOrganisation: row.owningOrganisationId && row.owningOrganisationName ? { id: row.owningOrganisationId, name: row.owningOrganisationName, contacts: contactsOf(contacts.owners.get(row.streamCode)) } : null,
          howToAskForReview: contactBlock(contacts.owners.get(row.streamCode), contacts.lead).review,
          decision: asDecision(row.decision),
          reasons: row.reasons,
          decidedAt: row.decidedAt.toISOString(),
          rulesId: row.rulesId,
          confirmation:
            row.confirmedDecision && row.confirmedAt
              ? {
                  decision: row.confirmedDecision === 'eligible' ? ('eligible' as const) : ('not eligible' as const),
                  overridden: row.confirmedDecision !== row.decision,
                  reason: row.confirmationReason,
                  confirmedBy: row.confirmedByUserId && row.confirmedByName ? { userId: row.confirmedByUserId, name: row.confirmedByName } : null,
                  confirmedAt: row.confirmedAt.toISOString(),
                }
              : null,
          decisionInForce: decisionInForce(row),
        })),
      };
    },
  );
}
