// Who can see a person's record: the person or their representative give or withdraw consent for each agency in
// their area; staff record a change the person asked for, saying how the person told them. Consent is dated and
// never deleted: withdrawal dates it, and giving again starts a new one.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { decide } from '../../domain/access-policy.ts';
import { agencyPurposes, isAdultSocialCareCouncil } from '../../domain/people/agencies.ts';
import type { OrganisationKind } from '../../domain/roles.ts';
import { sendErrorPage } from '../../platform/errors.ts';
import { answersOf } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { personForRoute, type Viewer, viewerOf } from '../../platform/person-access.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { type AreaForReferral, areaForReferral, changeConsent, consentHistory } from './person-service.ts';
import { consentedOrganisations } from '../../records/people.ts';
import { checkSharingChange } from './validation.ts';

const organisationParam = z.object({ organisationId: z.uuid() });

const banners: Record<string, string> = {
  give: 'Sharing started',
  withdraw: 'Sharing stopped',
};

type Person = { id: string; areaId: string; givenName: string; familyName: string };
type Organisation = AreaForReferral['organisations'][number];

export function sharingRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  app.get<{ Params: { personId: string }; Querystring: { done?: string } }>('/people/:personId/sharing', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.read');
    if (!found) return reply;
    const { person } = found;
    const [area, history] = await Promise.all([areaForReferral(db, person.areaId), consentHistory(db, person.id)]);
    const viewer = viewerOf(request, person.id);
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
      banner: banners[request.query.done ?? ''],
    });
  });

  /** The organisation named in the address, if it is one of the person's area; otherwise the page is not found. */
  async function organisationFor(request: FastifyRequest, person: Person): Promise<Organisation | undefined> {
    const params = organisationParam.safeParse(request.params);
    if (!params.success) return undefined;
    const area = await areaForReferral(db, person.areaId);
    return area?.organisations.find((organisation) => organisation.id === params.data.organisationId);
  }

  async function renderChange(request: FastifyRequest, reply: FastifyReply, person: Person, organisation: Organisation, context: Record<string, unknown>) {
    const shared = await consentedOrganisations(db, person.id);
    const viewer = viewerOf(request, person.id);
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
      answers: {},
      ...context,
    });
  }

  app.get<{ Params: { personId: string; organisationId: string } }>('/people/:personId/sharing/:organisationId', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const organisation = await organisationFor(request, found.person);
    if (!organisation) return sendErrorPage(request, reply, 404);
    return renderChange(request, reply, found.person, organisation, {});
  });

  app.post<{ Params: { personId: string; organisationId: string } }>('/people/:personId/sharing/:organisationId', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const { person } = found;
    const organisation = await organisationFor(request, person);
    if (!organisation) return sendErrorPage(request, reply, 404);
    const viewer = viewerOf(request, person.id);
    const answers = answersOf(request.body);
    const checked = checkSharingChange(answers, viewer === 'staff');
    if ('badRequest' in checked) return sendErrorPage(request, reply, 400);
    if (!checked.ok) return renderChange(request, reply.code(400), person, organisation, { answers, errors: checked.errors.fields, errorList: checked.errors.list });

    const { change, note } = checked.value;
    await changeConsent(db, { personId: person.id, areaId: person.areaId, organisationId: organisation.id, change, detail: howItWasDecided(viewer, note) }, requestAudit(request));

    // Staff who stop their own organisation's access can no longer see the record: send them home, not to a 403.
    const stillShared = await consentedOrganisations(db, person.id);
    const canStillSee = decide(request.principal, 'person.read', { type: 'person', personId: person.id, areaId: person.areaId, consentedOrganisationIds: stillShared.map((row) => row.organisationId) });
    return reply.redirect(canStillSee.allowed ? `/people/${person.id}/sharing?done=${change}` : '/', 303);
  });
}

/** For the audit entry: who decided, and for staff how the person told them (their words, as the brief record). */
function howItWasDecided(viewer: Viewer, note: string | null): string {
  if (viewer === 'self') return 'by the person';
  if (viewer === 'representative') return `by their representative${note ? `: ${note}` : ''}`;
  return `recorded by staff on the person’s instruction: ${note ?? ''}`;
}
