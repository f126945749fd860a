// The people who act with or for someone: add a representative or a suitable person, and end their role when it
// stops. Ended supporters stay on the record with the date, so it shows who acted for the person and when.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isSupporterKind, supporterKindNames } from '../../domain/people/supporters.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError, sendErrorPage } from '../../platform/errors.ts';
import { answersOf } from '../../platform/forms.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { paramsOf } from '../../platform/route-input.ts';
import type { Services } from '../../services.ts';
import { type FormContext, formId, withErrors } from './page-forms.ts';
import { peoplePaths } from './paths.ts';
import { addSupporter, endSupporter, supportersOf } from './person-service.ts';
import { checkSupporter } from './validation.ts';
import { supporterKindItems } from './view-items.ts';

const supporterParams = z.object({ supporterId: z.uuid() });

export function supporterRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const changeRoute = { config: { access: 'signed-in', audit: 'person.change' } } as const;

  function renderAdd(reply: FastifyReply, { person, viewer }: LoadedPerson, context: FormContext) {
    const you = viewer === 'self';
    return reply.render('people/add-supporter.njk', {
      pageTitle: you ? 'Add someone who supports you' : `Add someone who supports ${person.givenName} ${person.familyName}`,
      person,
      you,
      kindItems: supporterKindItems(context.answers),
      ...context,
      // Fixed when the form is first shown, so the same form sent twice adds the supporter once.
      supporterId: formId(context.answers.supporterId),
    });
  }

  app.get(peoplePaths.newSupporter.pattern, changeRoute, async (request, reply) => {
    return renderAdd(reply, await loadPerson(db, request), { answers: {} });
  });

  app.post(peoplePaths.newSupporter.pattern, changeRoute, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const answers = answersOf(request.body);
    const checked = checkSupporter(answers);
    if (!checked.ok) return renderAdd(reply.code(400), loaded, withErrors(answers, checked.errors));
    const outcome = await addSupporter(db, { ...checked.value, supporterId: formId(answers.supporterId), personId: person.id, areaId: person.areaId }, requestAudit(request));
    if (outcome === 'id in use') return sendErrorPage(request, reply, 400);
    return reply.redirect(peoplePaths.person({ personId: person.id }, { done: 'supporter-added' }), 303);
  });

  /** The person and the supporter the address names; a supporter of anyone else is "not found". */
  async function personAndSupporter(request: FastifyRequest) {
    const { supporterId } = paramsOf(request, supporterParams);
    const { person, viewer } = await loadPerson(db, request);
    const supporter = (await supportersOf(db, person)).find((candidate) => candidate.id === supporterId);
    if (!supporter) throw new NotFoundError('There is no such supporter of this person');
    return { person, viewer, supporter };
  }

  app.get(peoplePaths.endSupporter.pattern, changeRoute, async (request, reply) => {
    const { person, viewer, supporter } = await personAndSupporter(request);
    if (supporter.endedAt) return reply.redirect(peoplePaths.person({ personId: person.id }, { done: 'supporter-ended' }), 303);
    const kind = isSupporterKind(supporter.kind) ? supporterKindNames[supporter.kind].toLowerCase() : 'supporter';
    return reply.render('people/end-supporter.njk', {
      pageTitle: `End ${supporter.name}’s role as ${viewer === 'self' ? 'your' : `${person.givenName} ${person.familyName}’s`} ${kind}?`,
      person,
      supporter,
    });
  });

  app.post(peoplePaths.endSupporter.pattern, changeRoute, async (request, reply) => {
    const { person, supporter } = await personAndSupporter(request);
    await endSupporter(db, { supporterId: supporter.id, personId: person.id, areaId: person.areaId }, requestAudit(request), services.clock.now());
    return reply.redirect(peoplePaths.person({ personId: person.id }, { done: 'supporter-ended' }), 303);
  });
}
