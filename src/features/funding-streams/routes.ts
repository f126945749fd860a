// Area administrators keep their area's funding streams up to date: add a stream (a carer's budget, a personal health
// budget), rename it, change which organisation owns it, retire or reinstate it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sectors } from '../../domain/funding-streams.ts';
import { areasOf, authorise, refuseOutsideAreas, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { answersOf, type FormErrors, formErrors, validateForm } from '../../platform/forms.ts';
import { paramsOf } from '../../platform/route-input.ts';
import { findArea } from '../../records/tenancy.ts';
import type { Services } from '../../services.ts';
import { fundingStreamPaths } from './paths.ts';
import { addStream, areaOfStream, areaOrganisationChoices, changeStream, findStream, setRetired, streamsInArea } from './stream-service.ts';
import { changeStreamFieldOrder, newStreamFieldOrder, newStreamForm, streamChangeForm } from './validation.ts';

const areaIdParams = z.object({ areaId: z.uuid() });
const streamIdParams = z.object({ streamId: z.uuid() });

type FoundStream = NonNullable<Awaited<ReturnType<typeof findStream>>>;

interface FormContext {
  answers: Record<string, unknown>;
  errors?: FormErrors['fields'];
  errorList?: FormErrors['list'];
}

export function fundingStreamRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /** The area the route names (404 if there is none), once the policy agrees this person administers it. */
  async function administeredArea(request: FastifyRequest) {
    const area = await findArea(db, paramsOf(request, areaIdParams).areaId);
    if (!area) throw new NotFoundError();
    await authorise(db, request, 'area.administer', { type: 'area', areaId: area.id, regionId: area.regionId });
    return area;
  }

  /** The stream the route names (404 if there is none), once the policy agrees this person administers its area. */
  async function administeredStream(request: FastifyRequest): Promise<FoundStream> {
    const { streamId } = paramsOf(request, streamIdParams);
    const found = await findStream(db, streamId, areasOf(request));
    if (!found) {
      const elsewhere = await areaOfStream(db, streamId);
      return refuseOutsideAreas(db, request, 'area.administer', elsewhere && { type: 'area', ...elsewhere });
    }
    await authorise(db, request, 'area.administer', { type: 'area', areaId: found.stream.areaId, regionId: found.regionId });
    return found;
  }

  const organisationItems = async (areaId: string, selected: unknown) => [
    { value: '', text: 'Select an organisation' },
    ...(await areaOrganisationChoices(db, areaId)).map((o) => ({ value: o.id, text: o.name, selected: o.id === selected })),
  ];
  const sectorItems = (selected: unknown) => sectors.map((sector) => ({ value: sector, text: sector[0]!.toUpperCase() + sector.slice(1), checked: sector === selected }));
  const streamsOf = (areaId: string) => fundingStreamPaths.streams({ areaId });

  app.get(fundingStreamPaths.streams.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await administeredArea(request);
    return reply.render('funding-streams/streams.njk', { pageTitle: `Funding streams in ${area.name}`, area, streams: await streamsInArea(db, area.id) });
  });

  const renderNew = async (reply: FastifyReply, area: { id: string; name: string }, context: FormContext) =>
    reply.render('funding-streams/new-stream.njk', {
      pageTitle: 'Add a funding stream',
      area,
      organisationItems: await organisationItems(area.id, context.answers.owningOrganisationId),
      sectorItems: sectorItems(context.answers.sector),
      ...context,
    });

  app.get(fundingStreamPaths.newStream.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await administeredArea(request);
    return renderNew(reply, area, { answers: {} });
  });

  app.post(fundingStreamPaths.newStream.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const area = await administeredArea(request);
    const form = validateForm(newStreamForm, request.body, newStreamFieldOrder);
    if (!form.ok) return renderNew(reply.code(400), area, { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const outcome = await addStream(db, area.id, form.value, requestAudit(request));
    if (!outcome.ok) {
      const errors = formErrors({ [outcome.field]: outcome.message }, newStreamFieldOrder);
      return renderNew(reply.code(400), area, { answers: answersOf(request.body), errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(streamsOf(area.id), 303);
  });

  const renderChange = async (reply: FastifyReply, found: FoundStream, context: FormContext) =>
    reply.render('funding-streams/change-stream.njk', {
      pageTitle: `Change ${found.stream.name}`,
      stream: found.stream,
      areaName: found.areaName,
      organisationItems: await organisationItems(found.stream.areaId, context.answers.owningOrganisationId),
      ...context,
    });

  app.get(fundingStreamPaths.stream.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredStream(request);
    const { name, description, owningOrganisationId } = found.stream;
    return renderChange(reply, found, { answers: { name, description, owningOrganisationId } });
  });

  app.post(fundingStreamPaths.stream.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const found = await administeredStream(request);
    const form = validateForm(streamChangeForm, request.body, changeStreamFieldOrder);
    if (!form.ok) return renderChange(reply.code(400), found, { answers: form.answers, errors: form.errors.fields, errorList: form.errors.list });
    const outcome = await changeStream(db, found.stream, form.value, requestAudit(request));
    if (!outcome.ok) {
      const errors = formErrors({ [outcome.field]: outcome.message }, changeStreamFieldOrder);
      return renderChange(reply.code(400), found, { answers: answersOf(request.body), errors: errors.fields, errorList: errors.list });
    }
    return reply.redirect(streamsOf(found.stream.areaId), 303);
  });

  for (const [streamPath, retired] of [
    [fundingStreamPaths.retire, true],
    [fundingStreamPaths.reinstate, false],
  ] as const) {
    app.post(streamPath.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
      const found = await administeredStream(request);
      await setRetired(db, found.stream, retired, services.clock.today(), requestAudit(request));
      return reply.redirect(streamsOf(found.stream.areaId), 303);
    });
  }
}
