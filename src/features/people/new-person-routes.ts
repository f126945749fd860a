// A practitioner, approver or broker adds someone's record for their own organisation, having agreed with the person
// that their organisation (and any others the person chooses) may see it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assignmentAllows, type Principal } from '../../domain/access-policy.ts';
import { auditRequest, authorise, permits, requestAudit } from '../../platform/authorisation.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { queryOf } from '../../platform/route-input.ts';
import { findPerson } from '../../records/people.ts';
import { type PossibleMatch, possibleMatches } from '../../records/referral-checks.ts';
import type { Services } from '../../services.ts';
import { formId, newRecordForm, type NewRecordContext, withErrors } from './page-forms.ts';
import { peoplePaths } from './paths.ts';
import { type AreaForReferral, areaForReferral, createPersonForPractitioner, organisationPlace } from './person-service.ts';
import { checkDuplicateChoice, checkPractitionerReferral, type PractitionerReferral } from './validation.ts';
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

const matchReasonNames = { 'nhs-number': 'The same NHS number', 'name-and-date-of-birth': 'The same name and date of birth' } as const;
/** Fields the duplicate page asks for itself; everything else the form sent is carried through it unchanged. */
const duplicatePageFields = new Set(['_csrf', 'duplicateChoice', 'duplicateReason', 'step']);

/** The details form's answers as hidden fields, so going through the duplicate page loses nothing. */
function carriedFields(answers: Record<string, unknown>): { name: string; value: string }[] {
  return Object.entries(answers).flatMap(([name, value]) => {
    if (duplicatePageFields.has(name)) return [];
    return [value].flat().filter((item): item is string => typeof item === 'string').map((item) => ({ name, value: item }));
  });
}

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

  /** Records that may be the same person, those this user may see only: the policy decides, as for any record. */
  async function visibleMatches(request: FastifyRequest, areaId: string, details: PractitionerReferral, personId: string): Promise<PossibleMatch[]> {
    const matches = await possibleMatches(db, areaId, details, personId);
    return matches.filter((match) => permits(request, 'person.read', { type: 'person', personId: match.id, areaId: match.areaId, consentedOrganisationIds: match.consentedOrganisationIds }));
  }

  function renderMatches(reply: FastifyReply, workplace: { organisationId: string; area: AreaForReferral }, details: PractitionerReferral, matches: PossibleMatch[], answers: Record<string, unknown>, errors?: ReturnType<typeof withErrors>) {
    const own = workplace.area.organisations.find((organisation) => organisation.id === workplace.organisationId)!;
    return reply.render('people/possible-duplicates.njk', {
      pageTitle: 'This person may already have a record',
      own,
      name: `${details.givenName} ${details.familyName}`,
      dateOfBirth: details.dateOfBirth,
      matches: matches.map((match) => ({ ...match, reasonName: matchReasonNames[match.reason] })),
      carried: carriedFields(answers),
      answers,
      errors: errors?.errors,
      errorList: errors?.errorList,
    });
  }

  app.post(peoplePaths.newPerson.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const answers = answersOf(request.body);
    const workplace = await workplaceFor(request, answers.organisationId);
    // Only a crafted form leaves out which organisation it is for when the user has several.
    if (!workplace) return sendErrorPage(request, reply, 400);
    const { area } = workplace;

    const others = area.organisations.filter((organisation) => organisation.id !== workplace.organisationId).map((organisation) => organisation.id);
    // "Change the details" on the page of possible matches: back to the form, every answer as it was.
    // The page carries step=matches; its "Change the details" button adds step=change.
    const steps = [answers.step].flat();
    if (steps.includes('change')) return renderForm(reply, workplace, { answers });
    const checked = checkPractitionerReferral(answers, { today: services.clock.today(), otherOrganisationIds: others });
    if (!checked.ok) return renderForm(reply.code(400), workplace, { ...withErrors(answers, checked.errors), dateParts: checked.dateParts });

    const personId = formId(answers.personId);
    const matches = await visibleMatches(request, area.id, checked.value, personId);
    let notTheSameAs: { personIds: string[]; reason: string } | undefined;
    if (matches.length > 0) {
      // First time through: show the possible matches and ask. After that the page's own answer decides.
      if (!steps.includes('matches')) return renderMatches(reply, workplace, checked.value, matches, answers);
      const choice = checkDuplicateChoice(answers, matches.map((match) => match.id));
      if (!choice.ok) return renderMatches(reply.code(400), workplace, checked.value, matches, answers, withErrors(answers, choice.errors));
      const decided = choice.value;
      if (decided.kind === 'same') {
        const same = matches.find((match) => match.id === decided.personId)!;
        await auditRequest(db, request, { action: 'person.match.same', outcome: 'succeeded', subjectType: 'person', subjectId: same.id, areaId: same.areaId, detail: 'chosen as the same person while adding a record; no new record made' });
        return reply.redirect(peoplePaths.person({ personId: same.id }, { done: 'existing' }), 303);
      }
      notTheSameAs = { personIds: matches.map((match) => match.id), reason: decided.reason };
    }
    const outcome = await createPersonForPractitioner(
      db,
      { ...checked.value, personId, areaId: area.id, createdByUserId: request.currentUser!.id, ownOrganisationId: workplace.organisationId, now: services.clock.now(), notTheSameAs },
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
