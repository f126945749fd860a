// GET /api/v1/approvals: the plans with a part waiting for the token's organisation; GET /api/v1/people/:personId/plan/
// approval: a person's plan as its approvers see it, the token's organisation's parts in full and the others' state
// only. Amounts are whole pence a year. Decisions are made on the approval page, by a signed-in approver.
import { z } from 'zod';
import { assignmentAllows } from '../../domain/access-policy.ts';
import { currentItems, deliveryMethods, itemCost } from '../../domain/support-plan/plan.ts';
import type { Part } from '../../domain/support-plan/sign-off.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, personIdParams, recordId } from '../../platform/api.ts';
import { authorisePersonList, permits } from '../../platform/authorisation.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { openPlan, planStreams } from '../../records/support-plans.ts';
import type { Services } from '../../services.ts';
import { planAsSent, plansWaitingFor } from './queries.ts';

const partStates = ['awaiting-approval', 'awaiting-second-approval', 'approved', 'returned'] as const;
const planStates = ['draft', 'submitted', 'returned', 'agreed'] as const;

const approvalSchema = z.object({
  approverId: recordId().describe('The user who approved'),
  actualYearlyPence: z.int().describe('The actual (agreed) budget for a year, in pence'),
  reasonCode: z.string().nullable().describe('Why the actual differs from the indicative budget, from the area’s list; null when they are the same'),
  panelAgreed: z.boolean().describe('True when the amount was outside the tolerance and a panel agreed it'),
});

export const waitingPlansSchema = z
  .object({
    plans: z.array(
      z.object({
        personId: recordId(),
        planId: recordId(),
        organisationId: recordId().describe('The token’s organisation the parts are waiting for'),
        submittedAt: z.iso.datetime().nullable(),
        revision: z.int().describe('The plan’s revision: a decision is made against it'),
        parts: z.array(
          z.object({
            streamCode: z.string(),
            state: z.enum(partStates),
            indicativeYearlyPence: z.int(),
            planYearlyPence: z.int(),
            approvals: z.array(approvalSchema).describe('A first approval, while a second approver is awaited'),
          }),
        ),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'PlansToApprove', description: 'Plans with a part waiting for the token’s organisation, oldest sent first' });

export const planApprovalSchema = z
  .object({
    personId: recordId(),
    planId: recordId().nullable().describe('Null before the person starts a plan'),
    state: z.enum(planStates).nullable(),
    revision: z.int().nullable(),
    submittedAt: z.iso.datetime().nullable(),
    planVersion: z.int().nullable().describe('The version of the plan in front of the approvers'),
    parts: z
      .array(
        z.object({
          streamCode: z.string(),
          streamName: z.string(),
          state: z.enum(partStates),
          mayApprove: z.boolean().describe('Whether the token may approve this part (an approver of the organisation that owns the stream)'),
          indicativeYearlyPence: z.int(),
          planYearlyPence: z.int(),
          tolerancePercent: z.number().describe('How far the actual may be from the indicative either side without a panel'),
          approvals: z.array(approvalSchema),
          returnReason: z.string().nullable(),
          items: z.array(
            z.object({
              what: z.string(),
              provider: z.string(),
              weeklyPence: z.int(),
              yearlyPence: z.int(),
              delivery: z.enum(deliveryMethods),
            }),
          ),
        }),
      )
      .describe('The parts paid from streams the token’s organisation owns'),
    otherParts: z.array(z.object({ streamCode: z.string(), streamName: z.string(), organisationName: z.string().nullable(), state: z.enum(partStates) })).describe('Every other part: where it has got to, never its items or amounts'),
  })
  .register(apiSchemaRegistry, { id: 'PlanApproval', description: 'A person’s support plan as its approvers see it' });

const approvalsOf = (part: Part) => part.approvals.map(({ approverId, actualYearlyPence, reasonCode, panelAgreed }) => ({ approverId, actualYearlyPence, reasonCode, panelAgreed }));

export function planApprovalApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.approvals.pattern,
    apiRoute({
      operationId: 'listPlansToApprove',
      tags: ['Support plans'],
      summary: 'Plans waiting for approval',
      description:
        'For a token with the approver role: the plans with a part paid from a stream its organisation owns that waits for a first or second approval, oldest sent first, of people who share their record with the organisation. Empty for any other role. Everyone listed is named in the audit log.',
      ok: ['The plans waiting', waitingPlansSchema],
      // No input, and a token with no approver role gets an empty list: only a missing or bad token is refused.
      refusals: [401],
    }),
    async (request) => {
      const places = (request.principal?.assignments ?? []).filter(
        (a): a is typeof a & { organisationId: string; areaId: string } =>
          a.organisationId !== null && a.areaId !== null && assignmentAllows(a, 'plan.approve', { type: 'fundingStream', streamCode: 'any', areaId: a.areaId, owningOrganisationId: a.organisationId }),
      );
      const plans = [];
      for (const place of places) {
        const { rows } = await authorisePersonList(db, request, { type: 'area', areaId: place.areaId, regionId: place.regionId ?? '' }, async () => ({ rows: await plansWaitingFor(db, place) }));
        for (const row of rows) {
          plans.push({
            personId: row.id,
            planId: row.planId,
            organisationId: place.organisationId,
            submittedAt: row.submittedAt?.toISOString() ?? null,
            revision: row.revision,
            parts: row.signOff.parts
              .filter((part) => part.owningOrganisationId === place.organisationId)
              .map((part) => ({ streamCode: part.streamCode, state: part.state, indicativeYearlyPence: part.indicativeYearlyPence, planYearlyPence: part.planYearlyPence, approvals: approvalsOf(part) })),
          });
        }
      }
      return { plans };
    },
  );

  api.get(
    api.paths.api.planApproval.pattern,
    apiRoute({
      operationId: 'getPlanApproval',
      tags: ['Support plans'],
      summary: 'A person’s plan as its approvers see it',
      description:
        'The parts of the person’s support plan paid from streams the token’s organisation owns, as sent for approval: amounts in whole pence a year, the items, any approval so far, and whether the token may approve each; every other part by its state only. Needs the same access as the person’s record. Audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The plan’s parts', planApprovalSchema],
      notFound: 'There is no person with this id',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request);
      const [plan, streams] = await Promise.all([openPlan(db, person), planStreams(db, person)]);
      const empty = { personId: person.id, planId: null, state: null, revision: null, submittedAt: null, planVersion: null, parts: [], otherParts: [] };
      if (!plan) return empty;
      const mine = new Set((request.principal?.assignments ?? []).filter((a) => a.areaId === person.areaId && a.organisationId).map((a) => a.organisationId!));
      const document = plan.signOff.parts.length > 0 ? ((await planAsSent(db, plan, plan.signOff.planVersion)) ?? plan.document) : plan.document;
      const items = currentItems(document);
      const stream = (code: string) => streams.find((s) => s.streamCode === code);
      return {
        ...empty,
        planId: plan.id,
        state: plan.state,
        revision: plan.revision,
        submittedAt: plan.submittedAt?.toISOString() ?? null,
        planVersion: plan.signOff.state === 'draft' ? null : plan.signOff.planVersion,
        parts: plan.signOff.parts
          .filter((part) => mine.has(part.owningOrganisationId))
          .map((part) => ({
            streamCode: part.streamCode,
            streamName: stream(part.streamCode)?.streamName ?? part.streamCode,
            state: part.state,
            mayApprove: permits(request, 'plan.approve', { type: 'fundingStream', streamCode: part.streamCode, areaId: person.areaId, owningOrganisationId: part.owningOrganisationId }),
            indicativeYearlyPence: part.indicativeYearlyPence,
            planYearlyPence: part.planYearlyPence,
            tolerancePercent: stream(part.streamCode)?.tolerancePercent ?? 10,
            approvals: approvalsOf(part),
            returnReason: part.returnReason,
            items: items
              .filter((item) => item.streamCode === part.streamCode)
              .map((item) => {
                const cost = itemCost(item);
                return { what: item.what, provider: item.provider, weeklyPence: cost.weeklyPence, yearlyPence: cost.yearlyPence, delivery: item.delivery };
              }),
          })),
        otherParts: plan.signOff.parts
          .filter((part) => !mine.has(part.owningOrganisationId))
          .map((part) => ({ streamCode: part.streamCode, streamName: stream(part.streamCode)?.streamName ?? part.streamCode, organisationName: stream(part.streamCode)?.owningOrganisationName ?? null, state: part.state })),
      };
    },
  );
}
