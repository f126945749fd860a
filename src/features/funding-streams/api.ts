// GET /api/v1/areas/:areaId/funding-streams: the streams an area pools, with who owns each, for staff of the area.
import { z } from 'zod';
import { apiRoute, apiSchemaRegistry, type ApiScope, areaIdParams, calendarDate, loadArea, recordId } from '../../platform/api.ts';
import { authorise } from '../../platform/authorisation.ts';
import type { Services } from '../../services.ts';
import { areaFundingStreams } from './api-queries.ts';

export const fundingStreamsSchema = z
  .object({
    areaId: recordId(),
    streams: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        sector: z.string(),
        owningOrganisation: z.object({ id: recordId(), name: z.string() }),
        retiredOn: calendarDate().nullable().describe('The day the area stopped using this stream; null while it is in use'),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'FundingStreams', description: 'The funding streams an area pools under Right to Control' });

export function fundingStreamApi(api: ApiScope, { db }: Services): void {
  api.get(
    api.paths.api.areaFundingStreams.pattern,
    apiRoute({
      operationId: 'listFundingStreams',
      tags: ['Areas'],
      summary: 'Funding streams in an area',
      description: 'The streams the area pools under Right to Control, with the organisation that owns each. Needs a staff role in the area.',
      params: areaIdParams,
      ok: ['The area’s funding streams', fundingStreamsSchema],
      notFound: 'There is no area with this id',
    }),
    async (request) => {
      const { areaId } = request.params;
      const area = await loadArea(db, areaId);
      await authorise(db, request, 'area.read', { type: 'area', areaId, regionId: area.regionId });
      const streams = await areaFundingStreams(db, areaId);
      return {
        areaId,
        streams: streams.map((stream) => ({
          code: stream.code,
          name: stream.name,
          sector: stream.sector,
          owningOrganisation: { id: stream.owningOrganisationId, name: stream.owningOrganisationName },
          retiredOn: stream.retiredOn,
        })),
      };
    },
  );
}
