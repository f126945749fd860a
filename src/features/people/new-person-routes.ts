// A practitioner, approver or broker adds someone's record for their own organisation, having agreed with the person
// that their organisation (and any others the person chooses) may see it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RoleAssignment } from '../../domain/access-policy.ts';
import type { Role } from '../../domain/roles.ts';
import { auditRequest, authorise, requestAudit } from '../../platform/authorisation.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { type AreaForReferral, areaForReferral, createPersonForPractitioner } from './person-service.ts';
import { findPerson } from '../../records/people.ts';
import { checkPractitionerReferral } from './validation.ts';
import { agencyItems, contactFormItems, dateErrorFlags } from './view-items.ts';

/** The roles that take referrals. Finance officers see records to pay, not to start them. */
export const rolesThatAddPeople: readonly Role[] = ['practitioner', 'approver', 'broker'];

interface Workplace {
  organisationId: string;
  areaId: string;
  regionId: string;
}

/** The organisations this user may add people for, one entry each however many roles they hold there. */
export function workplacesOf(assignments: readonly RoleAssignment[]): Workplace[] {
  const seen = new Map<string, Workplace>();
  for (const assignment of assignments) {
    if (!rolesThatAddPeople.includes(assignment.role) || !assignment.organisationId || !assignment.areaId) continue;
    seen.set(assignment.organisationId, { organisationId: assignment.organisationId, areaId: assignment.areaId, regionId: assignment.regionId ?? '' });
  }
  return [...seen.values()];
}

const organisationId = z.uuid();

export function newPersonRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  /**
   * The workplace the request is for, or a 403 (audited) if the user does not add people there. With no choice made
   * and one workplace, that one; with several, undefined, and the page asks which.
   */
  async function workplaceFor(request: FastifyRequest, wanted: unknown): Promise<Workplace | undefined> {
    const workplaces = workplacesOf(request.principal?.assignments ?? []);
    if (wanted === undefined && workplaces.length === 1) return authorised(request, workplaces[0]!);
    if (wanted === undefined && workplaces.length > 1) return undefined;
    const parsed = organisationId.safeParse(wanted);
    const workplace = parsed.success ? workplaces.find((place) => place.organisationId === parsed.data) : undefined;
    if (!workplace) {
      await auditRequest(db, request, { action: 'person.create', outcome: 'denied', subjectType: 'organisation', subjectId: parsed.success ? parsed.data : null, detail: 'no role that adds people in this organisation' });
      throw new ForbiddenError({ allowed: false, reason: 'no role that adds people in this organisation' });
    }
    return authorised(request, workplace);
  }

  async function authorised(request: FastifyRequest, workplace: Workplace) {
    await authorise(db, request, 'person.list', { type: 'area', areaId: workplace.areaId, regionId: workplace.regionId });
    return workplace;
  }

  async function renderForm(reply: FastifyReply, workplace: Workplace, area: AreaForReferral, context: { answers: Record<string, unknown>; errors?: unknown; errorList?: unknown; dateParts?: ('day' | 'month' | 'year')[] }) {
    const own = area.organisations.find((organisation) => organisation.id === workplace.organisationId)!;
    const others = area.organisations.filter((organisation) => organisation.id !== workplace.organisationId);
    return reply.render('people/new-person.njk', {
      pageTitle: 'Add a person',
      area,
      own,
      agencyItems: agencyItems(others, context.answers),
      dateErrors: dateErrorFlags(context.dateParts),
      ...contactFormItems(context.answers),
      you: false,
      ...context,
      consentConfirmed: context.answers.consentConfirmed === 'yes',
      personId: z.uuid().safeParse(context.answers.personId).success ? context.answers.personId : randomUUID(),
    });
  }

  app.get<{ Querystring: { organisation?: string; choosing?: string } }>('/people/new', async (request, reply) => {
    const workplace = await workplaceFor(request, request.query.organisation);
    if (!workplace) {
      const workplaces = workplacesOf(request.principal!.assignments);
      const areas = await Promise.all(workplaces.map((place) => areaForReferral(db, place.areaId)));
      const items = workplaces.map((place, index) => ({
        value: place.organisationId,
        text: `${areas[index]?.organisations.find((organisation) => organisation.id === place.organisationId)?.name ?? 'Organisation'} (${areas[index]?.name ?? ''})`,
      }));
      // The choice was sent with nothing chosen.
      const errors = request.query.choosing !== undefined ? formErrors({ organisation: 'Select the organisation you are adding this person for' }) : undefined;
      return reply.code(errors ? 400 : 200).render('people/new-person-organisation.njk', { pageTitle: 'Which organisation are you adding this person for?', items, errors: errors?.fields, errorList: errors?.list });
    }
    const area = await areaForReferral(db, workplace.areaId);
    if (!area) throw new ForbiddenError({ allowed: false, reason: 'area has no organisations' });
    return renderForm(reply, workplace, area, { answers: {} });
  });

  app.post('/people/new', async (request, reply) => {
    const answers = answersOf(request.body);
    const workplace = await workplaceFor(request, answers.organisationId);
    // Only a crafted form leaves out which organisation it is for when the user has several.
    const area = workplace && (await areaForReferral(db, workplace.areaId));
    if (!workplace || !area) return sendErrorPage(request, reply, 400);

    const others = area.organisations.filter((organisation) => organisation.id !== workplace.organisationId).map((organisation) => organisation.id);
    const checked = checkPractitionerReferral(answers, { today: services.clock.today(), otherOrganisationIds: others });
    if (!checked.ok) return renderForm(reply.code(400), workplace, area, { answers, errors: checked.errors.fields, errorList: checked.errors.list, dateParts: checked.dateParts });

    const personId = z.uuid().safeParse(answers.personId).success ? String(answers.personId) : randomUUID();
    const outcome = await createPersonForPractitioner(
      db,
      { ...checked.value, personId, areaId: area.id, createdByUserId: request.currentUser!.id, ownOrganisationId: workplace.organisationId },
      requestAudit(request),
    );
    if (!outcome.ok) {
      // The same form sent twice: the first made the record, so show it. An id someone else's record has is refused.
      const existing = await findPerson(db, personId);
      if (existing?.createdByUserId !== request.currentUser!.id) return sendErrorPage(request, reply, 400);
    }
    return reply.redirect(`/people/${personId}?done=created`, 303);
  });
}
