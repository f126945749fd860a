// Who can see a person's record: the person or their representative give or withdraw consent for each agency in
// their area; staff record a change the person asked for, saying how the person told them. Consent is dated and
// never deleted: withdrawal dates it, and giving again starts a new one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agencyPurposes, isAdultSocialCareCouncil } from '../../domain/people/agencies.ts';
import type { OrganisationKind } from '../../domain/roles.ts';
import { permits, requestAudit } from '../../platform/authorisation.ts';
import { NotFoundError, sendErrorPage } from '../../platform/errors.ts';
import { answersOf } from '../../platform/forms.ts';
import { type LoadedPerson, loadPerson, type Viewer } from '../../platform/person-access.ts';
import { paramsOf, queryOf } from '../../platform/route-input.ts';
import { consentedOrganisations } from '../../records/people.ts';
import type { Services } from '../../services.ts';
import { type FormContext, withErrors } from './page-forms.ts';
import { peoplePaths } from './paths.ts';
import { type AreaForReferral, areaForReferral, changeConsent, consentHistory } from './person-service.ts';
import { checkSharingChange } from './validation.ts';

const organisationParams = z.object({ organisationId: z.uuid() });

const banners = {
  give: 'Sharing started',
  withdraw: 'Sharing stopped',
} as const;

const sharingQuery = z.object({ done: z.enum(['give', 'withdraw']).optional().catch(undefined) });

type Organisation = AreaForReferral['organisations'][number];

export function sharingRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const changeRoute = { config: { access: 'signed-in', audit: 'person.change' } } as const;

  app.get(peoplePaths.sharing.pattern, { config: { access: 'signed-in', audit: 'person.read' } }, async (request, reply) => {
    const { person, viewer } = await loadPerson(db, request);
    const done = queryOf(request, sharingQuery)?.done;
    const [area, history] = await Promise.all([areaForReferral(db, person.areaId), consentHistory(db, person)]);
    const organisations = (area?.organisations ?? []).map((organisation) => {
      const consents = history.filter((consent) => consent.organisationId === organisation.id);
      const active = consents.find((consent) => !consent.revokedAt);
      const lastWithdrawn = consents.filter((consent) => consent.revokedAt).at(-1);
      return {
        ...organisation,
        purpose: agencyPurposes[organisation.kind as OrganisationKind] ?? '',
        sharedSince: active?.givenAt,
        withdrawnOn: active ? undefined : lastWithdrawn?.revokedAt,
      };
    });
    return reply.render('people/sharing.njk', {
      pageTitle: viewer === 'self' ? 'Who can see your record' : `Who can see ${person.givenName} ${person.familyName}’s record`,
      person,
      you: viewer === 'self',
      organisations,
      banner: done ? banners[done] : undefined,
    });
  });

  /** The person, and the organisation the address names if it is one of the person's area; otherwise "not found". */
  async function personAndOrganisation(request: FastifyRequest) {
    const { organisationId } = paramsOf(request, organisationParams);
    const loaded = await loadPerson(db, request);
    const area = await areaForReferral(db, loaded.person.areaId);
    const organisation = area?.organisations.find((candidate) => candidate.id === organisationId);
    if (!organisation) throw new NotFoundError('There is no such organisation in the person’s area');
    return { loaded, organisation };
  }

  function renderChange(request: FastifyRequest, reply: FastifyReply, { person, shared, viewer }: LoadedPerson, organisation: Organisation, context: FormContext) {
    const sharing = shared.some((row) => row.organisationId === organisation.id);
    const you = viewer === 'self';
    const whose = you ? 'your' : `${person.givenName} ${person.familyName}’s`;
    return reply.render('people/sharing-change.njk', {
      pageTitle: sharing ? `Stop sharing ${whose} record with ${organisation.name}?` : `Share ${whose} record with ${organisation.name}?`,
      person,
      organisation,
      purpose: agencyPurposes[organisation.kind as OrganisationKind] ?? '',
      change: sharing ? 'withdraw' : 'give',
      you,
      staff: viewer === 'staff',
      council: isAdultSocialCareCouncil(organisation.kind),
      ownOrganisation: (request.principal?.assignments ?? []).some((assignment) => assignment.organisationId === organisation.id),
      ...context,
    });
  }

  app.get(peoplePaths.sharingChange.pattern, changeRoute, async (request, reply) => {
    const { loaded, organisation } = await personAndOrganisation(request);
    return renderChange(request, reply, loaded, organisation, { answers: {} });
  });

  app.post(peoplePaths.sharingChange.pattern, changeRoute, async (request, reply) => {
    const { loaded, organisation } = await personAndOrganisation(request);
    const { person, viewer } = loaded;
    const answers = answersOf(request.body);
    const checked = checkSharingChange(answers, viewer === 'staff');
    if ('badRequest' in checked) return sendErrorPage(request, reply, 400);
    if (!checked.ok) return renderChange(request, reply.code(400), loaded, organisation, withErrors(answers, checked.errors));

    const { change, note } = checked.value;
    const detail = howItWasDecided(viewer, note);
    await changeConsent(db, { personId: person.id, areaId: person.areaId, organisationId: organisation.id, change, detail }, requestAudit(request), services.clock.now());

    // Staff who stop their own organisation's access can no longer see the record: send them home, not to a 403.
    const stillShared = await consentedOrganisations(db, person);
    const canStillSee = permits(request, 'person.read', { type: 'person', personId: person.id, areaId: person.areaId, consentedOrganisationIds: stillShared.map((row) => row.organisationId) });
    return reply.redirect(canStillSee ? peoplePaths.sharing({ personId: person.id }, { done: change }) : request.server.paths.home.home(), 303);
  });
}

/** For the audit entry: who decided, and for staff how the person told them (their words, as the brief record). */
function howItWasDecided(viewer: Viewer, note: string | null): string {
  if (viewer === 'self') return 'by the person';
  if (viewer === 'representative') return `by their representative${note ? `: ${note}` : ''}`;
  return `recorded by staff on the person’s instruction: ${note ?? ''}`;
}
