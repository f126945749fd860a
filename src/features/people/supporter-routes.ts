// The people who act with or for someone: add a representative or a suitable person, and end their role when it
// stops. Ended supporters stay on the record with the date, so it shows who acted for the person and when.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isSupporterKind, supporterKindNames } from '../../domain/people/supporters.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { personForRoute, viewerOf } from '../../platform/person-access.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { addSupporter, endSupporter, supportersOf } from './person-service.ts';
import { checkSupporter } from './validation.ts';
import { supporterKindItems } from './view-items.ts';

const supporterParam = z.object({ supporterId: z.uuid() });

type Person = { id: string; areaId: string; givenName: string; familyName: string };

export function supporterRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  function renderAdd(request: FastifyRequest, reply: FastifyReply, person: Person, context: { answers: Record<string, unknown>; errors?: unknown; errorList?: unknown }) {
    const you = viewerOf(request, person.id) === 'self';
    return reply.render('people/add-supporter.njk', {
      pageTitle: you ? 'Add someone who supports you' : `Add someone who supports ${person.givenName} ${person.familyName}`,
      person,
      you,
      kindItems: supporterKindItems(context.answers),
      ...context,
      // Fixed when the form is first shown, so the same form sent twice adds the supporter once.
      supporterId: z.uuid().safeParse(context.answers.supporterId).success ? context.answers.supporterId : randomUUID(),
    });
  }

  app.get<{ Params: { personId: string } }>('/people/:personId/supporters/new', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    return renderAdd(request, reply, found.person, { answers: {} });
  });

  app.post<{ Params: { personId: string } }>('/people/:personId/supporters/new', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const { person } = found;
    const answers = answersOf(request.body);
    const checked = checkSupporter(answers);
    if (!checked.ok) return renderAdd(request, reply.code(400), person, { answers, errors: checked.errors.fields, errorList: checked.errors.list });
    const supporterId = z.uuid().safeParse(answers.supporterId).success ? String(answers.supporterId) : randomUUID();
    const outcome = await addSupporter(db, { ...checked.value, supporterId, personId: person.id, areaId: person.areaId }, requestAudit(request));
    if (outcome === 'id in use') return sendErrorPage(request, reply, 400);
    return reply.redirect(`/people/${person.id}?done=supporter-added`, 303);
  });

  /** The supporter named in the address, if they support this person; anyone else's is "not found". */
  async function supporterFor(request: FastifyRequest, personId: string) {
    const params = supporterParam.safeParse(request.params);
    if (!params.success) return undefined;
    return (await supportersOf(db, personId)).find((supporter) => supporter.id === params.data.supporterId);
  }

  app.get<{ Params: { personId: string; supporterId: string } }>('/people/:personId/supporters/:supporterId/end', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const { person } = found;
    const supporter = await supporterFor(request, person.id);
    if (!supporter) return sendErrorPage(request, reply, 404);
    if (supporter.endedAt) return reply.redirect(`/people/${person.id}?done=supporter-ended`, 303);
    const you = viewerOf(request, person.id) === 'self';
    return reply.render('people/end-supporter.njk', {
      pageTitle: `End ${supporter.name}’s role as ${you ? 'your' : `${person.givenName} ${person.familyName}’s`} ${isSupporterKind(supporter.kind) ? supporterKindNames[supporter.kind].toLowerCase() : 'supporter'}?`,
      person,
      supporter,
    });
  });

  app.post<{ Params: { personId: string; supporterId: string } }>('/people/:personId/supporters/:supporterId/end', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const { person } = found;
    const supporter = await supporterFor(request, person.id);
    if (!supporter) return sendErrorPage(request, reply, 404);
    await endSupporter(db, { supporterId: supporter.id, personId: person.id, areaId: person.areaId }, requestAudit(request));
    return reply.redirect(`/people/${person.id}?done=supporter-ended`, 303);
  });
}
