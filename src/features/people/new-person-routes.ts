// A practitioner, approver or broker adds someone's record for their own organisation, having agreed with the person
// that their organisation (and any others the person chooses) may see it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assignmentAllows, type Principal } from '../../domain/access-policy.ts';
import { authorise, requestAudit } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { queryOf } from '../../platform/route-input.ts';
import { findPerson } from '../../records/people.ts';
import type { Services } from '../../services.ts';
import { formId, newRecordForm, type NewRecordContext, withErrors } from './page-forms.ts';
import { peoplePaths } from './paths.ts';
import { type AreaForReferral, areaForReferral, createPersonForPractitioner, organisationPlace } from './person-service.ts';
import { checkPractitionerReferral } from './validation.ts';
import { agencyItems } from './view-items.ts';

interface Workplace {
  organisationId: string;
  areaId: string;
  regionId: string;
}

/** The organisations the policy lets this user add people for, one entry each however many roles they hold there. */
function workplacesOf(principal: Principal | undefined): Workplace[] {
  const seen = new Map<string, Workplace>();
  for (const assignment of principal?.assignments ?? []) {
    if (!assignment.organisationId || !assignment.areaId) continue;
    const workplace = { organisationId: assignment.organisationId, areaId: assignment.areaId, regionId: assignment.regionId ?? '' };
    if (assignmentAllows(assignment, 'person.create', { type: 'organisation', ...workplace })) seen.set(workplace.organisationId, workplace);
  }
  return [...seen.values()];
}

const organisationId = z.uuid();

/** Which organisation the page is for (sent by the choice page, or by hand), and whether a choice was just sent. */
const newPersonQuery = z.object({
  organisation: z.string().optional().catch(''),
  choosing: z.string().optional().catch(''),
});

export function newPersonRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /**
   * The organisation the request adds a person for, with its area, once the policy allows it (audited either way).
   * With none asked for and one workplace, that one; with several, undefined, and the page asks which.
   */
  async function workplaceFor(request: FastifyRequest, wanted: unknown): Promise<{ organisationId: string; area: AreaForReferral } | undefined> {
    const workplaces = workplacesOf(request.principal);
    if (wanted === undefined && workplaces.length > 1) return undefined;
    const chosen = wanted === undefined ? workplaces[0]?.organisationId : organisationId.safeParse(wanted).data;
    // The policy decides on the organisation as recorded, not as the user's roles describe it, so an organisation the
    // user has no role at is refused and audited like any other refusal.
    const place = chosen ? await organisationPlace(db, chosen) : undefined;
    const area = place?.areaId ? await areaForReferral(db, place.areaId) : undefined;
    if (!chosen || !area) {
      // None asked for, or one in no area (so no one's workplace): there is no organisation to name, so ask about
      // nothing, which the policy refuses, and the refusal is audited all the same.
      await authorise(db, request, 'person.create', { type: 'system' });
      throw new Error('The access policy let someone add people for no organisation');
    }
    await authorise(db, request, 'person.create', { type: 'organisation', organisationId: chosen, areaId: area.id, regionId: area.regionId });
    return { organisationId: chosen, area };
  }

  function renderForm(reply: FastifyReply, workplace: { organisationId: string; area: AreaForReferral }, context: NewRecordContext) {
    const { area } = workplace;
    const own = area.organisations.find((organisation) => organisation.id === workplace.organisationId)!;
    const others = area.organisations.filter((organisation) => organisation.id !== workplace.organisationId);
    return reply.render('people/new-person.njk', {
      pageTitle: 'Add a person',
      area,
      own,
      agencyItems: agencyItems(others, context.answers),
      you: false,
      ...newRecordForm(context),
      consentConfirmed: context.answers.consentConfirmed === 'yes',
    });
  }

  app.get(peoplePaths.newPerson.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const query = queryOf(request, newPersonQuery);
    const workplace = await workplaceFor(request, query?.organisation);
    if (workplace) return renderForm(reply, workplace, { answers: {} });

    const workplaces = workplacesOf(request.principal);
    const areas = await Promise.all(workplaces.map((place) => areaForReferral(db, place.areaId)));
    const items = workplaces.map((place, index) => ({
      value: place.organisationId,
      text: `${areas[index]?.organisations.find((organisation) => organisation.id === place.organisationId)?.name ?? 'Organisation'} (${areas[index]?.name ?? ''})`,
    }));
    // The choice was sent with nothing chosen.
    const errors = query?.choosing !== undefined ? formErrors({ organisation: 'Select the organisation you are adding this person for' }) : undefined;
    return reply.code(errors ? 400 : 200).render('people/new-person-organisation.njk', { pageTitle: 'Which organisation are you adding this person for?', items, errors: errors?.fields, errorList: errors?.list });
  });

  app.post(peoplePaths.newPerson.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const answers = answersOf(request.body);
    const workplace = await workplaceFor(request, answers.organisationId);
    // Only a crafted form leaves out which organisation it is for when the user has several.
    if (!workplace) return sendErrorPage(request, reply, 400);
    const { area } = workplace;

    const others = area.organisations.filter((organisation) => organisation.id !== workplace.organisationId).map((organisation) => organisation.id);
    const checked = checkPractitionerReferral(answers, { today: services.clock.today(), otherOrganisationIds: others });
    if (!checked.ok) return renderForm(reply.code(400), workplace, { ...withErrors(answers, checked.errors), dateParts: checked.dateParts });

    const personId = formId(answers.personId);
    const outcome = await createPersonForPractitioner(
      db,
      { ...checked.value, personId, areaId: area.id, createdByUserId: request.currentUser!.id, ownOrganisationId: workplace.organisationId, now: services.clock.now() },
      requestAudit(request),
    );
    if (!outcome.ok) {
      // The same form sent twice: the first made the record, so show it. An id someone else's record has is refused.
      const existing = await findPerson(db, personId, [area.id]);
      if (existing?.createdByUserId !== request.currentUser!.id) return sendErrorPage(request, reply, 400);
    }
    return reply.redirect(peoplePaths.person({ personId }, { done: 'created' }), 303);
  });
}
