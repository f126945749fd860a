// A person's eligibility for each funding stream, with the reasons, and the owning organisation's confirmation or
// change of each decision; and the timeline of their journey so far. Every view is authorised and audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../../domain/assessment/question-set.ts';
import { daysInWords, describeProcessEvent, timeline } from '../../domain/process/process-events.ts';
import { auditRequest } from '../../platform/authorisation.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import { authorisedPerson, personIdParam } from '../../platform/person-access.ts';
import { asDecision, checkConfirmation, confirmationStatus, decisionInForce, mayConfirmStream, type Outcome, outcomesFor } from './confirmation.ts';
import { confirmEligibility } from './eligibility-service.ts';
import { personProcessEvents } from '../../records/process-events.ts';
import { currentDecisions, type StreamDecision } from '../../records/eligibility-decisions.ts';

const streamParams = personIdParam.extend({ streamCode: idSchema });
const confirmedQuery = z.object({ confirmed: idSchema.optional() }).catch({});

type Person = NonNullable<Awaited<ReturnType<typeof authorisedPerson>>>['person'];

/** The person themselves sees "you"; staff and representatives see the person's name. */
function isOwnRecord(request: FastifyRequest, personId: string): boolean {
  return request.principal?.assignments.some((assignment) => assignment.role === 'budget_holder' && assignment.personId === personId) ?? false;
}

const outcomeText: Record<Outcome, (decision: string) => string> = {
  confirm: (decision) => `Confirm the decision: ${decision}`,
  eligible: () => 'Change the decision to eligible',
  'not-eligible': () => 'Change the decision to not eligible',
};

function decisionView(row: StreamDecision, request: FastifyRequest) {
  return {
    ...row,
    streamName: row.streamName ?? row.streamCode,
    inForce: decisionInForce(row),
    status: confirmationStatus(row),
    mayConfirm: mayConfirmStream(request.principal, row.areaId, row.owningOrganisationId),
  };
}

export function eligibilityRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The person and their current decisions, or a 404 page already sent (undefined). */
  async function personAndDecisions(request: FastifyRequest, reply: FastifyReply, action: 'person.read' | 'person.change') {
    const params = personIdParam.safeParse(request.params);
    if (!params.success) return void sendErrorPage(request, reply, 404);
    const found = await authorisedPerson(services, request, params.data.personId, action);
    if (!found) return void sendErrorPage(request, reply, 404);
    return { person: found.person, current: await currentDecisions(db, found.person.id) };
  }

  /** One stream's decision that the request may confirm; refusals are audited like the policy's own. */
  async function confirmableDecision(request: FastifyRequest, reply: FastifyReply, action: 'person.read' | 'person.change') {
    const params = streamParams.safeParse(request.params);
    if (!params.success) return void sendErrorPage(request, reply, 404);
    const loaded = await personAndDecisions(request, reply, action);
    if (!loaded) return undefined;
    const row = loaded.current?.decisions.find((decision) => decision.streamCode === params.data.streamCode);
    if (!row) return void sendErrorPage(request, reply, 404);
    if (!mayConfirmStream(request.principal, row.areaId, row.owningOrganisationId)) {
      const reason = 'not a practitioner or approver of the organisation that owns this funding stream';
      await auditRequest(db, request, { action: 'eligibility.confirm', outcome: 'denied', subjectType: 'person', subjectId: loaded.person.id, areaId: loaded.person.areaId, detail: `${row.streamCode}: ${reason}` });
      throw new ForbiddenError({ allowed: false, reason });
    }
    return { person: loaded.person, row: decisionView(row, request) };
  }

  const renderConfirm = (reply: FastifyReply, person: Person, row: ReturnType<typeof decisionView>, context: { answers: Record<string, unknown>; errors?: unknown; errorList?: unknown }) => {
    const decision = asDecision(row.decision);
    return reply.render('eligibility/confirm.njk', {
      pageTitle: `Confirm or change the decision on ${row.streamName}`,
      person,
      row,
      outcomeItems: outcomesFor(decision).map((outcome) => ({ value: outcome, text: outcomeText[outcome](decision), checked: context.answers.outcome === outcome })),
      ...context,
    });
  };

  app.get('/people/:personId/eligibility', async (request, reply) => {
    const loaded = await personAndDecisions(request, reply, 'person.read');
    if (!loaded) return reply;
    const { person, current } = loaded;
    const decisions = current?.decisions.map((row) => decisionView(row, request)) ?? [];
    const confirmed = confirmedQuery.parse(request.query).confirmed;
    const ownRecord = isOwnRecord(request, person.id);
    return reply.render('eligibility/eligibility.njk', {
      pageTitle: ownRecord ? 'Funding you can get' : `Eligibility: ${person.givenName} ${person.familyName}`,
      person,
      ownRecord,
      assessment: current?.assessment,
      decisions,
      confirmedStream: decisions.find((row) => row.streamCode === confirmed)?.streamName,
    });
  });

  app.get('/people/:personId/eligibility/:streamCode', async (request, reply) => {
    const found = await confirmableDecision(request, reply, 'person.read');
    if (!found) return reply;
    const { row } = found;
    return renderConfirm(reply, found.person, row, { answers: row.confirmedDecision ? { outcome: row.status === 'confirmed' ? 'confirm' : row.confirmedDecision === 'eligible' ? 'eligible' : 'not-eligible', reason: row.confirmationReason ?? '' } : {} });
  });

  app.post('/people/:personId/eligibility/:streamCode', async (request, reply) => {
    const found = await confirmableDecision(request, reply, 'person.change');
    if (!found) return reply;
    const { person, row } = found;
    const checked = checkConfirmation(asDecision(row.decision), request.body);
    if (!checked.ok) return renderConfirm(reply.code(400), person, row, { answers: checked.answers, errors: checked.errors.fields, errorList: checked.errors.list });
    await confirmEligibility(db, request, row.id, checked.value, request.currentUser!.id);
    return reply.redirect(`/people/${person.id}/eligibility?confirmed=${row.streamCode}`, 303);
  });

  app.get('/people/:personId/timeline', async (request, reply) => {
    const params = personIdParam.safeParse(request.params);
    if (!params.success) return sendErrorPage(request, reply, 404);
    const found = await authorisedPerson(services, request, params.data.personId, 'person.read');
    if (!found) return sendErrorPage(request, reply, 404);
    const { person } = found;
    const ownRecord = isOwnRecord(request, person.id);
    const steps = timeline(await personProcessEvents(db, person.id)).map((step) => ({
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
