// GET /api/v1/areas/:areaId/budget-reasons: the area's reasons an actual budget may differ from the indicative one,
// retired ones too, so a client can read the reason code on any past decision.
import { z } from 'zod';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, loadArea, recordId } from '../../platform/api.ts';
import { authorise } from '../../platform/authorisation.ts';
import type { Services } from '../../services.ts';
import { budgetReasonPaths } from './paths.ts';
import { allReasons } from './queries.ts';

export const budgetReasonsSchema = z
  .object({
    areaId: recordId(),
    reasons: z.array(
      z.object({
        code: z.string().describe('The reason’s code, which never changes: what decisions and reports record'),
        name: z.string().describe('The reason as the person reads it'),
        inUse: z.boolean().describe('False once retired: approvers are no longer offered it'),
        retiredAt: z.iso.datetime({ offset: true }).nullable().describe('When it was retired; null while in use'),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'BudgetReasons', description: 'Why an actual budget may differ from the indicative one: an area’s reasons, in the order they were added' });

export function budgetReasonApi(api: ApiScope, { db }: Services): void {
  api.get(
    budgetReasonPaths.api.areaReasons.pattern,
    apiRoute({
      operationId: 'listBudgetReasons',
      tags: ['Support plans'],
      summary: 'Reasons a budget may differ in an area',
      description: 'The area’s reasons an actual budget may differ from the indicative one, retired ones too. Needs a staff role in the area.',
      params: areaIdParams,
      ok: ['The area’s reasons', budgetReasonsSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'area.read', { type: 'area', areaId, regionId: area.regionId });
      const reasons = await allReasons(db, areaId);
      return { areaId, reasons: reasons.map((reason) => ({ code: reason.code, name: reason.name, inUse: reason.retiredAt === null, retiredAt: reason.retiredAt ? reason.retiredAt.toISOString() : null })) };
    },
  );
}
