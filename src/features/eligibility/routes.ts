// A person's eligibility for each funding stream, with the reasons, and the owning organisation's confirmation or
// change of each decision; and the timeline of their journey so far. Every view is authorised and audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Resource } from '../../domain/access-policy.ts';
import { idSchema } from '../../domain/assessment/question-set.ts';
import { daysInWords, describeProcessEvent, timeline } from '../../domain/process/process-events.ts';
import { auditRequest, authorise, permits, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { FormErrors } from '../../platform/forms.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { currentDecisions, type StreamDecision } from '../../records/eligibility-decisions.ts';
import { areaContacts, streamContactBlocks } from '../../records/organisation-contacts.ts';
import type { Person } from '../../records/people.ts';
import { personProcessEvents } from '../../records/process-events.ts';
import type { Services } from '../../services.ts';
import { asDecision, checkConfirmation, confirmationStatus, decisionInForce, type Outcome, outcomesFor } from './confirmation.ts';
import { confirmEligibility } from './eligibility-service.ts';
import { eligibilityPaths } from './paths.ts';

const streamParams = z.object({ streamCode: idSchema });
const confirmedQuery = z.object({ confirmed: idSchema.optional() }).catch({});

const outcomeText: Record<Outcome, (decision: string) => string> = {
  confirm: (decision) => `Confirm the decision: ${decision}`,
  eligible: () => 'Change the decision to eligible',
  'not-eligible': () => 'Change the decision to not eligible',
};

/** The stream a decision is about, as the access policy sees it: its owner decides on it. */
function streamOf(row: StreamDecision): Resource {
  return { type: 'fundingStream', streamCode: row.streamCode, areaId: row.areaId, owningOrganisationId: row.owningOrganisationId };
}

function decisionView(row: StreamDecision, request: FastifyRequest, shared: readonly { organisationId: string }[]) {
  return {
    ...row,
    streamName: row.streamName ?? row.streamCode,
    inForce: decisionInForce(row),
    status: confirmationStatus(row),
    mayConfirm: permits(request, 'stream.confirm', streamOf(row)),
    /** Whether the owning organisation can see the record, and so check the decision at all. */
    ownerCanSee: row.owningOrganisationId === null || shared.some((consent) => consent.organisationId === row.owningOrganisationId),
    /** The answers it rests on changed since the owning organisation decided, and it has not decided again. */
    needsLookingAgain: row.answersChanged === true && row.confirmedDecision === null && row.previousConfirmedDecision !== null,
  };
}

type DecisionView = ReturnType<typeof decisionView>;

export function eligibilityRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const readRoute = { config: { access: 'signed-in', audit: 'person.read' } } as const;

  /** One stream's decision that the request may confirm; a refusal is audited on the person's record and the stream's. */
  async function confirmableDecision(request: FastifyRequest) {
    const { streamCode } = paramsOf(request, streamParams);
    const { person, shared } = await loadPerson(db, request);
    const row = (await currentDecisions(db, person))?.decisions.find((decision) => decision.streamCode === streamCode);
    if (!row) throw new NotFoundError('There is no decision on this funding stream for the person');
    if (!permits(request, 'stream.confirm', streamOf(row))) {
      // The person's own audit trail shows the attempt on their decision; `authorise` below records the stream's.
      const reason = 'not a practitioner or approver of the organisation that owns this funding stream';
      await auditRequest(db, request, { action: 'eligibility.confirm', outcome: 'denied', subjectType: 'person', subjectId: person.id, areaId: person.areaId, detail: `${row.streamCode}: ${reason}` });
    }
    await authorise(db, request, 'stream.confirm', streamOf(row));
    return { person, row: decisionView(row, request, shared) };
  }

  const renderConfirm = (reply: FastifyReply, person: Person, row: DecisionView, context: { answers: Record<string, unknown>; errors?: FormErrors }) => {
    const decision = asDecision(row.decision);
    return reply.render('eligibility/confirm.njk', {
      pageTitle: `Confirm or change the decision on ${row.streamName}`,
      person,
      row,
      outcomeItems: outcomesFor(decision).map((outcome) => ({ value: outcome, text: outcomeText[outcome](decision), checked: context.answers.outcome === outcome })),
      answers: context.answers,
      errors: context.errors?.fields,
      errorList: context.errors?.list,
    });
  };

  app.get(eligibilityPaths.eligibility.pattern, readRoute, async (request, reply) => {
    const { person, viewer, shared } = await loadPerson(db, request);
    const [current, contacts] = await Promise.all([currentDecisions(db, person), areaContacts(db, person.areaId)]);
    const decisions = current?.decisions.map((row) => decisionView(row, request, shared)) ?? [];
    const confirmed = queryOf(request, confirmedQuery)?.confirmed;
    const ownRecord = viewer === 'self';
    return reply.render('eligibility/eligibility.njk', {
      pageTitle: ownRecord ? 'Funding you can get' : `Eligibility: ${person.givenName} ${person.familyName}`,
      person,
      ownRecord,
      assessment: current?.assessment,
      decisions,
      contacts: streamContactBlocks(contacts, decisions.map((row) => row.streamCode)),
      confirmedStream: decisions.find((row) => row.streamCode === confirmed)?.streamName,
    });
  });

  app.get(eligibilityPaths.confirm.pattern, readRoute, async (request, reply) => {
    const { person, row } = await confirmableDecision(request);
    const outcome = row.status === 'confirmed' ? 'confirm' : row.confirmedDecision === 'eligible' ? 'eligible' : 'not-eligible';
    return renderConfirm(reply, person, row, { answers: row.confirmedDecision ? { outcome, reason: row.confirmationReason ?? '' } : {} });
  });

  app.post(eligibilityPaths.confirm.pattern, { config: { access: 'signed-in', audit: 'person.change' } }, async (request, reply) => {
    const { person, row } = await confirmableDecision(request);
    const checked = checkConfirmation(asDecision(row.decision), request.body);
    if (!checked.ok) return renderConfirm(reply.code(400), person, row, { answers: checked.answers, errors: checked.errors });
    await confirmEligibility(db, { decision: row, confirmation: checked.value, userId: request.currentUser!.id, now: services.clock.now() }, requestAudit(request));
    return reply.redirect(eligibilityPaths.eligibility({ personId: person.id }, { confirmed: row.streamCode }), 303);
  });

  app.get(eligibilityPaths.timeline.pattern, readRoute, async (request, reply) => {
    const { person, viewer } = await loadPerson(db, request);
    const ownRecord = viewer === 'self';
    const steps = timeline(await personProcessEvents(db, person)).map((step) => ({
      what: describeProcessEvent(step.event.kind, step.event.streamName ?? step.event.streamCode),
      occurredAt: step.event.occurredAt,
      sincePrevious: step.daysSincePrevious === null ? 'First step' : step.daysSincePrevious === 0 ? 'The same day' : `${daysInWords(step.daysSincePrevious)} later`,
      daysSinceFirst: step.daysSinceFirst,
    }));
    return reply.render('eligibility/timeline.njk', {
      pageTitle: ownRecord ? 'What has happened so far' : `Timeline: ${person.givenName} ${person.familyName}`,
      person,
      ownRecord,
      steps,
      totalTime: steps.length > 1 ? daysInWords(steps.at(-1)!.daysSinceFirst) : undefined,
    });
  });
}
