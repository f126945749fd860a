// A person's record: the summary page and changing contact details. Every view and change is authorised by role,
// area and the person's consent, and audited. Self-referral, adding a person, sharing and supporters are registered
// from here too, each in its own module.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ageOn } from '../../domain/age-bands.ts';
import { isAdultSocialCareCouncil } from '../../domain/people/agencies.ts';
import { accessibleFormatNames, isAccessibleFormat, isPreferredContact, preferredContactNames } from '../../domain/people/contact.ts';
import { formatNhsNumber } from '../../domain/people/nhs-number.ts';
import { isSupporterKind, supporterKindNames } from '../../domain/people/supporters.ts';
import { answersOf } from '../../platform/forms.ts';
import type { Services } from '../../services.ts';
import { newPersonRoutes } from './new-person-routes.ts';
import { personForRoute, viewerOf, voiceOf } from '../../platform/person-access.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { changeContactDetails, supportersOf } from './person-service.ts';
import { selfReferralRoutes } from './self-referral-routes.ts';
import { sharingRoutes } from './sharing-routes.ts';
import { supporterRoutes } from './supporter-routes.ts';
import { checkContactChange } from './validation.ts';
import { contactFormItems } from './view-items.ts';



const banners: Record<string, string> = {
  referred: 'You have made your record and you are signed in',
  created: 'Record made',
  details: 'Details saved',
  'supporter-added': 'Supporter added',
  'supporter-ended': 'Supporter’s role ended',
};

export function peopleRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  app.get<{ Params: { personId: string }; Querystring: { done?: string } }>('/people/:personId', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.read');
    if (!found) return reply;
    const { person, shared } = found;
    const viewer = viewerOf(request, person.id);
    const supporters = await supportersOf(db, person.id);
    const age = ageOn(person.dateOfBirth, services.clock.today());
    const name = `${person.givenName} ${person.familyName}`;
    return reply.render('people/person.njk', {
      pageTitle: viewer === 'self' ? 'Your record' : name,
      person,
      name,
      viewer,
      you: viewer === 'self',
      age,
      underEighteen: age < 18,
      shared,
      sharesWithCouncil: shared.some((organisation) => isAdultSocialCareCouncil(organisation.kind)),
      nhsNumber: person.nhsNumber ? formatNhsNumber(person.nhsNumber) : null,
      preferredContact: person.preferredContact && isPreferredContact(person.preferredContact) ? preferredContactNames[person.preferredContact] : null,
      accessibleFormat: isAccessibleFormat(person.accessibleFormat) ? accessibleFormatNames[person.accessibleFormat] : person.accessibleFormat,
      addressLines: [...(person.address?.split('\n') ?? []), ...(person.postcode ? [person.postcode] : [])],
      supporters: supporters
        .filter((supporter) => !supporter.endedAt)
        .map((supporter) => ({ ...supporter, kindName: isSupporterKind(supporter.kind) ? supporterKindNames[supporter.kind] : supporter.kind, contactLines: supporter.contact?.split('\n') ?? [] })),
      pastSupporters: supporters
        .filter((supporter) => supporter.endedAt)
        .map((supporter) => ({ ...supporter, kindName: isSupporterKind(supporter.kind) ? supporterKindNames[supporter.kind] : supporter.kind })),
      banner: banners[request.query.done ?? ''],
    });
  });

  async function renderDetails(request: FastifyRequest, reply: FastifyReply, person: { id: string; givenName: string; familyName: string }, context: Record<string, unknown>) {
    const viewer = viewerOf(request, person.id);
    const you = viewer === 'self';
    return reply.render('people/change-details.njk', {
      pageTitle: you ? 'Change your details' : `Change ${person.givenName} ${person.familyName}’s details`,
      person,
      you,
      ...contactFormItems(context.answers as Record<string, unknown>),
      ...context,
    });
  }

  app.get<{ Params: { personId: string } }>('/people/:personId/details', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const { person } = found;
    return renderDetails(request, reply, person, {
      answers: {
        email: person.email ?? '',
        phone: person.phone ?? '',
        address: person.address ?? '',
        postcode: person.postcode ?? '',
        preferredContact: person.preferredContact ?? '',
        accessibleFormat: person.accessibleFormat,
        nhsNumber: person.nhsNumber ? formatNhsNumber(person.nhsNumber) : '',
      },
    });
  });

  app.post<{ Params: { personId: string } }>('/people/:personId/details', async (request, reply) => {
    const found = await personForRoute(services, request, reply, 'person.change');
    if (!found) return reply;
    const { person } = found;
    const answers = answersOf(request.body);
    const checked = checkContactChange(answers, voiceOf(viewerOf(request, person.id)));
    if (!checked.ok) return renderDetails(request, reply.code(400), person, { answers, errors: checked.errors.fields, errorList: checked.errors.list });
    await changeContactDetails(db, person.id, checked.value, requestAudit(request));
    return reply.redirect(`/people/${person.id}?done=details`, 303);
  });

  selfReferralRoutes(app, services);
  newPersonRoutes(app, services);
  sharingRoutes(app, services);
  supporterRoutes(app, services);
}
