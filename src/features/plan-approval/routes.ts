// The approvers' side of the one light-touch sign-off: each organisation's list of plans waiting for it, one page per
// plan showing only that organisation's parts, where each part is approved (with the actual budget) or sent back; and
// the decision letter the person keeps, as HTML and PDF. Every read of a person is audited; so is every refusal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assignmentAllows, type Resource } from '../../domain/access-policy.ts';
import { formatPence } from '../../domain/budget/money.ts';
import { type Approver, type Part, partStateNames } from '../../domain/support-plan/sign-off.ts';
import { authorise, authorisePersonList, requestAudit } from '../../platform/authorisation.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { areaContacts } from '../../records/organisation-contacts.ts';
import type { Person } from '../../records/people.ts';
import { type PlanRecord, type PlanStream, approverFor, decidePart, openPlan, planDecisions, planStreams, reasonCodes } from '../../records/support-plans.ts';
import type { Services } from '../../services.ts';
import { approvalView, exceptionItems } from './approval-view.ts';
import { anythingDecided, decisionLetter, decisionLetterFileName } from './letter.ts';
import { decisionLetterPdf } from './letter-pdf.ts';
import { planApprovalPaths as paths } from './paths.ts';
import { areaStream, planAsSent, plansWaitingFor, streamNamesIn } from './queries.ts';
import { decisionFields, readDecision } from './validation.ts';

const streamParams = z.object({ personId: z.uuid(), streamCode: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const doneQuery = z.object({
  done: z.enum(['approved', 'first-approval', 'second-approval', 'returned']).optional().catch(undefined),
  part: z.string().regex(/^[a-z0-9-]{1,80}$/).optional().catch(undefined),
  agreed: z.literal('1').optional().catch(undefined),
});
const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** What the decision was recorded as, for the message on the page it leads back to. */
const doneFor: Record<string, 'approved' | 'first-approval' | 'second-approval' | 'returned'> = {
  'plan.part.approved': 'approved',
  'plan.part.first-approval': 'first-approval',
  'plan.part.second-approval': 'second-approval',
  'plan.part.returned': 'returned',
};

type StreamResource = Extract<Resource, { type: 'fundingStream' }>;

interface FormState {
  streamCode: string;
  answers: Record<string, unknown>;
  messages: Record<string, string>;
}

export function planApprovalRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The organisations the principal works for in this area: the only ones whose parts they could act on. */
  function organisationsIn(request: FastifyRequest, areaId: string): Set<string> {
    return new Set((request.principal?.assignments ?? []).filter((a) => a.areaId === areaId && a.organisationId).map((a) => a.organisationId!));
  }

  /**
   * The parts of the plan (or, before it is sent, the streams) the principal's organisations own, each authorised as
   * `plan.approve` on its stream. Someone whose organisations own none is refused through the policy, audited.
   */
  async function ownedParts(request: FastifyRequest, person: Person, plan: PlanRecord | undefined, streams: readonly PlanStream[]): Promise<StreamResource[]> {
    const candidates: StreamResource[] = (plan && plan.signOff.parts.length > 0 ? plan.signOff.parts : streams).map((part) => ({
      type: 'fundingStream',
      streamCode: part.streamCode,
      areaId: person.areaId,
      owningOrganisationId: part.owningOrganisationId,
    }));
    const mine = organisationsIn(request, person.areaId);
    const owned = candidates.filter((candidate) => candidate.owningOrganisationId !== null && mine.has(candidate.owningOrganisationId));
    if (owned.length === 0) await authorise(db, request, 'plan.approve', candidates[0] ?? { type: 'fundingStream', streamCode: 'none', areaId: person.areaId, owningOrganisationId: null });
    for (const resource of owned) await authorise(db, request, 'plan.approve', resource);
    return owned;
  }

  async function renderApproval(request: FastifyRequest, reply: FastifyReply, { person }: LoadedPerson, form?: FormState) {
    const [plan, streams] = await Promise.all([openPlan(db, person), planStreams(db, person)]);
    const owned = await ownedParts(request, person, plan, streams);
    const name = `${person.givenName} ${person.familyName}`;
    const base = { pageTitle: `Approve the support plan for ${name}`, person, name };
    if (!plan || plan.signOff.state === 'draft') return reply.render('plan-approval/approval.njk', { ...base, nothingSent: true });
    const userId = request.principal?.kind === 'user' ? request.principal.id : undefined;
    const organisationIds = [...new Set(owned.map((resource) => resource.owningOrganisationId!))];
    const [document, reasons, decisions, approverList] = await Promise.all([
      planAsSent(db, plan, plan.signOff.planVersion),
      reasonCodes(db, person.areaId),
      planDecisions(db, plan),
      Promise.all(organisationIds.map((organisationId) => (userId ? approverFor(db, userId, organisationId) : Promise.resolve(undefined)))),
    ]);
    const approvers = new Map<string, Approver | undefined>(organisationIds.map((organisationId, index) => [organisationId, approverList[index]]));
    const view = approvalView({
      parts: plan.signOff.parts,
      document: document ?? plan.document,
      streams,
      approvers,
      reasonNames: Object.fromEntries(reasons.map((reason) => [reason.code, reason.name])),
      approverNames: Object.fromEntries(decisions.filter((decision) => decision.byUserId).map((decision) => [decision.byUserId!, decision.byName ?? 'Another approver'])),
      userId,
    });
    const errors = form ? formErrors(Object.fromEntries(Object.entries(form.messages).map(([field, text]) => [`${form.streamCode}-${field}`, text])), [...decisionFields, 'form'].map((field) => `${form.streamCode}-${field}`)) : undefined;
    const done = queryOf(request, doneQuery);
    const donePart = view.own.find((part) => part.streamCode === done?.part);
    return reply.render('plan-approval/approval.njk', {
      ...base,
      plan,
      sentOn: plan.submittedAt ? longDate.format(plan.submittedAt) : undefined,
      own: view.own,
      others: view.others,
      reasonItems: (selected: unknown) => [{ value: '', text: 'Select a reason' }, ...reasons.map((reason) => ({ value: reason.code, text: reason.name, selected: reason.code === selected }))],
      exceptionItems: (selected: unknown) => exceptionItems.map((item) => ({ ...item, checked: item.value === selected })),
      formFor: form?.streamCode,
      answers: form ? { [form.streamCode]: form.answers } : {},
      errors: errors ? { [form!.streamCode]: Object.fromEntries(Object.entries(errors.fields).map(([id, message]) => [id.slice(form!.streamCode.length + 1), message])) } : {},
      errorList: errors?.list,
      done: done?.done && donePart ? { kind: done.done, part: donePart, agreed: done.agreed === '1' || plan.signOff.state === 'agreed' } : undefined,
    });
  }

  app.get(paths.approvals.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const assignments = request.principal?.assignments ?? [];
    // Each organisation the principal approves for, by the policy: an approver of streams their organisation owns.
    const places = assignments.filter(
      (a): a is typeof a & { organisationId: string; areaId: string } =>
        a.organisationId !== null && a.areaId !== null && assignmentAllows(a, 'plan.approve', { type: 'fundingStream', streamCode: 'any', areaId: a.areaId, owningOrganisationId: a.organisationId }),
    );
    // Someone who approves for no organisation is refused through the policy, audited.
    if (places.length === 0) await authorise(db, request, 'plan.approve', { type: 'system' });
    const seen = new Set<string>();
    const unique = places.filter((place) => !seen.has(place.organisationId) && seen.add(place.organisationId));
    const names = await streamNamesIn(db, [...new Set(unique.map((place) => place.areaId))]);
    const lists = [];
    for (const place of unique) {
      const area = { type: 'area' as const, areaId: place.areaId, regionId: place.regionId ?? '' };
      // One audit entry per list, naming everyone in it, as for every list of people.
      const { rows } = await authorisePersonList(db, request, area, async () => ({ rows: await plansWaitingFor(db, { areaId: place.areaId, organisationId: place.organisationId }) }));
      const streamName = (code: string) => names.find((row) => row.areaId === place.areaId && row.code === code)?.name ?? code;
      lists.push({
        organisationName: names.find((row) => row.ownerId === place.organisationId)?.owner ?? 'your organisation',
        organisationId: place.organisationId,
        rows: rows.map((row) => ({
          personId: row.id,
          name: `${row.givenName} ${row.familyName}`,
          sentOn: row.submittedAt ? longDate.format(row.submittedAt) : 'Not known',
          parts: row.signOff.parts
            .filter((part: Part) => part.owningOrganisationId === place.organisationId)
            .map((part: Part) => `${streamName(part.streamCode)}: ${partStateNames[part.state].toLowerCase()}, ${formatPence(part.planYearlyPence)} a year (indicative ${formatPence(part.indicativeYearlyPence)})`),
        })),
      });
    }
    return reply.render('plan-approval/approvals.njk', { pageTitle: 'Plans to approve', lists });
  });

  app.get(paths.approval.pattern, { config: { access: 'signed-in', audit: 'person.read' } }, async (request, reply) => renderApproval(request, reply, await loadPerson(db, request)));

  app.post(paths.decide.pattern, { config: { access: 'signed-in', audit: 'person.change' } }, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const { streamCode } = paramsOf(request, streamParams);
    const stream = await areaStream(db, person.areaId, streamCode);
    if (!stream) throw new NotFoundError('There is no funding stream with this code');
    const [plan, streams] = await Promise.all([openPlan(db, person), planStreams(db, person)]);
    const part = plan?.signOff.parts.find((candidate) => candidate.streamCode === streamCode);
    const owner = part?.owningOrganisationId ?? stream.owningOrganisationId;
    await authorise(db, request, 'plan.approve', { type: 'fundingStream', streamCode, areaId: person.areaId, owningOrganisationId: owner });
    const userId = request.principal?.kind === 'user' ? request.principal.id : undefined;
    const approver = userId && owner ? await approverFor(db, userId, owner) : undefined;
    if (!approver) throw new ForbiddenError({ allowed: false, reason: 'not an approver of the organisation that owns the stream' });
    const answers = answersOf(request.body);
    if (!plan || !part || plan.state !== 'submitted') {
      return renderApproval(request, reply.code(409), loaded, { streamCode, answers, messages: { decision: 'This part of the plan is not waiting for a decision. Look at the page again' } });
    }
    const read = readDecision(answers, part, { tolerancePercent: streams.find((s) => s.streamCode === streamCode)?.tolerancePercent ?? 10, reasonCodes: await reasonCodes(db, person.areaId) });
    if (!read.ok) {
      const { revision, ...messages } = read.messages;
      return renderApproval(request, reply.code(400), loaded, { streamCode, answers, messages: revision ? { ...messages, decision: revision } : messages });
    }
    const result = await decidePart(db, person, plan.id, read.revision, approver, read.decision, streams, { userId: approver.id, now: services.clock.now(), audit: requestAudit(request) });
    if (!result.ok) {
      if (result.kind === 'missing') throw new NotFoundError(result.reason);
      return renderApproval(request, reply.code(result.kind === 'conflict' ? 409 : 422), loaded, { streamCode, answers, messages: { decision: result.reason } });
    }
    const done = result.events.map((event) => doneFor[event]).find((kind) => kind !== undefined) ?? (read.decision.kind === 'return' ? 'returned' : 'approved');
    return reply.redirect(paths.approval({ personId: person.id }, { done, part: streamCode, agreed: result.plan.state === 'agreed' ? 1 : undefined }) + `#part-${streamCode}`, 303);
  });

  async function letterFor({ person }: LoadedPerson) {
    const plan = await openPlan(db, person);
    if (!plan || !anythingDecided(plan.signOff)) return undefined;
    const [streams, decisions, reasons, contacts] = await Promise.all([planStreams(db, person), planDecisions(db, plan), reasonCodes(db, person.areaId), areaContacts(db, person.areaId)]);
    const today = services.clock.today();
    return {
      today,
      letter: decisionLetter({
        person,
        signOff: plan.signOff,
        streams,
        decisions: decisions.map((decision) => ({ ...decision })),
        reasonNames: Object.fromEntries(reasons.map((reason) => [reason.code, reason.name])),
        contacts,
        from: contacts.lead?.name ?? 'Your council',
        date: longDate.format(new Date(`${today}T12:00:00Z`)),
        day: (at) => longDate.format(at),
      }),
    };
  }

  app.get(paths.decisionLetter.pattern, { config: { access: 'signed-in', audit: 'person.read' } }, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const found = await letterFor(loaded);
    if (!found) return reply.code(404).render('plan-approval/no-decision.njk', { pageTitle: 'No decision yet', person: loaded.person, own: loaded.viewer === 'self' });
    return reply.render('plan-approval/decision-letter.njk', { pageTitle: found.letter.title, person: loaded.person, letter: found.letter });
  });

  app.get(paths.decisionLetterPdf.pattern, { config: { access: 'signed-in', audit: 'person.read' } }, async (request, reply) => {
    const found = await letterFor(await loadPerson(db, request));
    if (!found) throw new NotFoundError('There is no decision on this support plan yet');
    const pdf = await decisionLetterPdf(found.letter);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${decisionLetterFileName(found.today)}"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
