// Writes to the person's support plan on behalf of whoever sends a form or calls the API: who they are to the person
// (the version records it), and the checks the plan's sign-off needs that the shared records cannot know (consent).
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { PlanChange } from '../../domain/support-plan/plan.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import type { LoadedPerson } from '../../platform/person-access.ts';
import { type PlanRecord, type PlanStream, type PlanWrite, type WrittenAs, changePlan, itemContext, planParts, startPlan, submitPlan } from '../../records/support-plans.ts';

/**
 * How the writer stands to the person, for the version they write. The policy has already allowed `plan.write`; this
 * only names the capacity: the person, their representative, or staff of an organisation the person shares with
 * (a broker when they hold a broker role there, otherwise a practitioner). The one place a role name maps to it.
 */
export function writtenAsFor(request: FastifyRequest, { person, shared, viewer }: LoadedPerson): WrittenAs {
  if (viewer === 'self') return 'self';
  if (viewer === 'representative') return 'representative';
  const sharedWith = new Set(shared.map((organisation) => organisation.organisationId));
  const broker = (request.principal?.assignments ?? []).some(
    (assignment) => assignment.role === 'broker' && assignment.areaId === person.areaId && assignment.organisationId !== null && sharedWith.has(assignment.organisationId),
  );
  return broker ? 'broker' : 'practitioner';
}

function writerOf(request: FastifyRequest, loaded: LoadedPerson) {
  const principal = request.principal;
  return { userId: principal?.kind === 'user' ? principal.id : null, writtenAs: writtenAsFor(request, loaded), now: request.server.clock.now(), audit: requestAudit(request) };
}

export function startPersonPlan(db: Database, request: FastifyRequest, loaded: LoadedPerson): Promise<PlanWrite> {
  return startPlan(db, loaded.person, writerOf(request, loaded));
}

export function changePersonPlan(db: Database, request: FastifyRequest, loaded: LoadedPerson, plan: PlanRecord, revision: number, changes: readonly PlanChange[], streams: readonly PlanStream[]): Promise<PlanWrite> {
  return changePlan(db, loaded.person, plan.id, revision, changes, itemContext(streams), writerOf(request, loaded));
}

/** Why the plan cannot be sent as it is, each in plain English; an organisation that cannot see the record is named. */
export interface SendProblem {
  text: string;
  /** For a part whose organisation the person does not share with: the organisation, to link to sharing. */
  organisationId?: string;
}

export function sendProblems(plan: PlanRecord, streams: readonly PlanStream[], loaded: LoadedPerson): SendProblem[] {
  if (plan.state === 'agreed' && plan.signOff.planVersion === plan.currentVersion) return [{ text: 'Your plan is agreed. It can change at a review' }];
  if (plan.state === 'submitted' && plan.signOff.planVersion === plan.currentVersion) {
    return [{ text: 'Your plan is already with the approvers and has not changed since it was sent' }];
  }
  const { parts, unowned } = planParts(plan.document, streams);
  const problems: SendProblem[] = [];
  if (parts.length === 0 && unowned.length === 0) problems.push({ text: 'Add at least one item with a cost before you send the plan' });
  for (const name of unowned) problems.push({ text: `No organisation agrees ${name} yet, so that part cannot be sent` });
  const sharedWith = new Set(loaded.shared.map((organisation) => organisation.organisationId));
  for (const part of parts) {
    if (sharedWith.has(part.owningOrganisationId)) continue;
    const stream = streams.find((candidate) => candidate.streamCode === part.streamCode);
    const organisation = stream?.owningOrganisationName ?? 'The organisation that runs this funding';
    problems.push({
      text: `${organisation} agrees the ${stream?.streamName ?? part.streamCode} part, but cannot see your record because you have not shared it with them`,
      organisationId: part.owningOrganisationId,
    });
  }
  return problems;
}

export function submitPersonPlan(db: Database, request: FastifyRequest, loaded: LoadedPerson, plan: PlanRecord, revision: number, streams: readonly PlanStream[]): Promise<PlanWrite> {
  return submitPlan(db, loaded.person, plan.id, revision, streams, writerOf(request, loaded));
}
