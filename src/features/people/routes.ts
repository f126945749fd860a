// A person's record: the summary page and changing contact details. Every view and change is authorised by role,
// area and the person's consent, and audited. Self-referral, adding a person, sharing and supporters are registered
// from here too, each in its own module.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ageOn } from '../../domain/age-bands.ts';
import { isAdultSocialCareCouncil } from '../../domain/people/agencies.ts';
import { accessibleFormatNames, isAccessibleFormat, isPreferredContact, preferredContactNames } from '../../domain/people/contact.ts';
import { formatNhsNumber } from '../../domain/people/nhs-number.ts';
import { isSupporterKind, supporterKindNames } from '../../domain/people/supporters.ts';
import { permits, requestAudit } from '../../platform/authorisation.ts';
import { answersOf } from '../../platform/forms.ts';
import { type LoadedPerson, loadPerson } from '../../platform/person-access.ts';
import { queryOf } from '../../platform/route-input.ts';
import { recordsForMatches, referralCheckOf } from '../../records/referral-checks.ts';
import type { Services } from '../../services.ts';
import { newPersonRoutes } from './new-person-routes.ts';
import { type FormContext, voiceFor, withErrors } from './page-forms.ts';
import { peoplePaths } from './paths.ts';
import { referralCheckRoutes } from './referral-check-routes.ts';
import { changeContactDetails, supportersOf } from './person-service.ts';
import { selfReferralRoutes } from './self-referral-routes.ts';
import { sharingRoutes } from './sharing-routes.ts';
import { supporterRoutes } from './supporter-routes.ts';
import { checkContactChange } from './validation.ts';
import { contactFormItems } from './view-items.ts';

const banners = {
  referred: 'You have made your record and you are signed in',
  created: 'Record made',
  existing: 'This is the record they already have. No new record was made.',
  details: 'Details saved',
  'supporter-added': 'Supporter added',
  'supporter-ended': 'Supporter’s role ended',
} as const;

/** The change the page has just made, to say it worked; anything else in the address says nothing. */
const personQuery = z.object({ done: z.enum(Object.keys(banners) as [keyof typeof banners]).optional().catch(undefined) });

export function peopleRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  app.get(peoplePaths.person.pattern, { config: { access: 'signed-in', audit: 'person.read' } }, async (request, reply) => {
    const { person, shared, viewer } = await loadPerson(db, request);
    const done = queryOf(request, personQuery)?.done;
    // Staff see what was checked when the record was made: a self-referral still to check, or why a second record
    // was made for someone who looked like a person already known (linking only records this reader may see).
    // Both reads go out together: neither needs the other.
    const [supporters, check] = await Promise.all([supportersOf(db, person), viewer === 'staff' ? referralCheckOf(db, person) : undefined]);
    const age = ageOn(person.dateOfBirth, services.clock.today());
    const name = `${person.givenName} ${person.familyName}`;
    const checkMatches = check
      ? (await recordsForMatches(db, person.areaId, check.possibleMatchIds)).filter((match) =>
          permits(request, 'person.read', { type: 'person', personId: match.id, areaId: match.areaId, consentedOrganisationIds: match.consentedOrganisationIds }),
        )
      : [];
    return reply.render('people/person.njk', {
      referralCheck: check ? { toCheck: check.source === 'self-referral' && !check.checkedAt, reason: check.reason, matches: checkMatches } : undefined,
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
      banner: done ? banners[done] : undefined,
    });
  });

  function renderDetails(reply: FastifyReply, { person, viewer }: LoadedPerson, context: FormContext) {
    const you = viewer === 'self';
    return reply.render('people/change-details.njk', {
      pageTitle: you ? 'Change your details' : `Change ${person.givenName} ${person.familyName}’s details`,
      person,
      you,
      ...contactFormItems(context.answers),
      ...context,
    });
  }

  app.get(peoplePaths.details.pattern, { config: { access: 'signed-in', audit: 'person.change' } }, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    return renderDetails(reply, loaded, {
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

  app.post(peoplePaths.details.pattern, { config: { access: 'signed-in', audit: 'person.change' } }, async (request, reply) => {
    const loaded = await loadPerson(db, request);
    const { person } = loaded;
    const answers = answersOf(request.body);
    const checked = checkContactChange(answers, voiceFor(loaded.viewer));
    if (!checked.ok) return renderDetails(reply.code(400), loaded, withErrors(answers, checked.errors));
    await changeContactDetails(db, person, checked.value, requestAudit(request), services.clock.now());
    return reply.redirect(peoplePaths.person({ personId: person.id }, { done: 'details' }), 303);
  });

  selfReferralRoutes(app, services);
  newPersonRoutes(app, services);
  sharingRoutes(app, services);
  supporterRoutes(app, services);
  referralCheckRoutes(app, services);
}
