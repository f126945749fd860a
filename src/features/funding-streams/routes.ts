// Area administrators keep their area's funding streams up to date: add a stream (a carer's budget, a personal health
// budget), rename it, change which organisation owns it, retire or reinstate it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sectors } from '../../domain/funding-streams.ts';
import { authorise, requestAudit } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors, validateForm } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { addStream, areaOrganisationChoices, changeStream, findStream, setRetired, streamsInArea } from './stream-service.ts';
import { changeStreamFieldOrder, newStreamFieldOrder, newStreamForm, streamChangeForm } from './validation.ts';
import { areas } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';

const areaParam = z.object({ areaId: z.uuid() });
const streamParam = z.object({ streamId: z.uuid() });

export function fundingStreamRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  async function administeredArea(request: FastifyRequest, reply: FastifyReply) {
    const params = areaParam.safeParse(request.params);
    if (!params.success) return void sendErrorPage(request, reply, 404);
    const [area] = await db.select().from(areas).where(eq(areas.id, params.data.areaId));
    if (!area) return void sendErrorPage(request, reply, 404);
    await authorise(db, request, 'area.administer', { type: 'area', areaId: area.id, regionId: area.regionId });
    return area;
  }

  async function administeredStream(request: FastifyRequest, reply: FastifyReply) {
    const params = streamParam.safeParse(request.params);
    if (!params.success) return void sendErrorPage(request, reply, 404);
    const found = await findStream(db, params.data.streamId);
    if (!found) return void sendErrorPage(request, reply, 404);
    await authorise(db, request, 'area.administer', { type: 'area', areaId: found.stream.areaId, regionId: found.regionId });
    return found;
  }

  const organisationItems = async (areaId: string, selected: unknown) => [
    { value: '', text: 'Select an organisation' },
    ...(await areaOrganisationChoices(db, areaId)).map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
  ];
  const sectorItems = (selected: unknown) => sectors.map((sector) => ({ value: sector, text: sector[0]!.toUpperCase() + sector.slice(1), checked: sector === selected }));

  app.get('/admin/areas/:areaId/funding-streams', async (request, reply) => {
    const area = await administeredArea(request, reply);
    if (!area) return reply;
    return reply.render('funding-streams/streams.njk', { pageTitle: `Funding streams in ${area.name}`, area, streams: await streamsInArea(db, area.id) });
  });

  const renderNew = async (reply: FastifyReply, area: { id: string; name: string }, context: { answers: Record<string, unknown>; errors?: unknown; errorList?: unknown }) =>
    reply.render('funding-streams/new-stream.njk', {
      pageTitle: 'Add a funding stream',
      area,
      organisationItems: await organisationItems(area.id, context.answers.owningOrganisationId),
      sectorItems: sectorItems(context.answers.sector),
      ...context,
    });

  app.get('/admin/areas/:areaId/funding-streams/new', async (request, reply) => {
    const area = await administeredArea(request, reply);
    if (!area) return reply;
    return renderNew(reply, area, { answers: {} });
  });

  app.post('/admin/areas/:areaId/funding-streams/new', async (request, reply) => {
    const area = await administeredArea(request, reply);
    if (!area) return reply;
    const form = validateForm(newStreamForm, request.body, newStreamFieldOrder);
    if (!form.ok) return renderNew(reply.code(400), area, { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const outcome = await addStream(db, area.id, form.value, requestAudit(request));
    if (!outcome.ok) {
      const errors = formErrors({ [outcome.field]: outcome.message }, newStreamFieldOrder);
      return renderNew(reply.code(400), area, { answers: answersOf(request.body), errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(`/admin/areas/${area.id}/funding-streams`, 303);
  });

  const renderChange = async (reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof findStream>>>, context: { answers: Record<string, unknown>; errors?: unknown; errorList?: unknown }) =>
    reply.render('funding-streams/change-stream.njk', {
      pageTitle: `Change ${found.stream.name}`,
      stream: found.stream,
      areaName: found.areaName,
      organisationItems: await organisationItems(found.stream.areaId, context.answers.owningOrganisationId),
      ...context,
    });

  app.get('/admin/funding-streams/:streamId', async (request, reply) => {
    const found = await administeredStream(request, reply);
    if (!found) return reply;
    const { name, description, owningOrganisationId } = found.stream;
    return renderChange(reply, found, { answers: { name, description, owningOrganisationId } });
  });

  app.post('/admin/funding-streams/:streamId', async (request, reply) => {
    const found = await administeredStream(request, reply);
    if (!found) return reply;
    const form = validateForm(streamChangeForm, request.body, changeStreamFieldOrder);
    if (!form.ok) return renderChange(reply.code(400), found, { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const outcome = await changeStream(db, found.stream, form.value, requestAudit(request));
    if (!outcome.ok) {
      const errors = formErrors({ [outcome.field]: outcome.message }, changeStreamFieldOrder);
      return renderChange(reply.code(400), found, { answers: answersOf(request.body), errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(`/admin/areas/${found.stream.areaId}/funding-streams`, 303);
  });

  for (const [path, retired] of [['retire', true], ['reinstate', false]] as const) {
    app.post(`/admin/funding-streams/:streamId/${path}`, async (request, reply) => {
      const found = await administeredStream(request, reply);
      if (!found) return reply;
      await setRetired(db, found.stream, retired, services.clock.today(), requestAudit(request));
      return reply.redirect(`/admin/areas/${found.stream.areaId}/funding-streams`, 303);
    });
  }
}
