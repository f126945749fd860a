// Radio and checkbox items for the person forms, built from the domain's lists so the pages and the checks can never
// offer different choices.
import { agencyPurposes } from '../../domain/people/agencies.ts';
import { accessibleFormatNames, accessibleFormats, preferredContactNames, preferredContacts } from '../../domain/people/contact.ts';
import type { DatePart } from '../../domain/people/date-of-birth.ts';
import { supporterKindExplanations, supporterKindNames, supporterKinds } from '../../domain/people/supporters.ts';
import type { OrganisationKind } from '../../domain/roles.ts';
import type { AreaForReferral } from './person-service.ts';
import { chosen } from './validation.ts';

const preferredContactHints: Record<string, string> = {
  'text-message': 'To a mobile phone number',
};

export function contactFormItems(answers: Record<string, unknown> = {}) {
  return {
    preferredContactItems: preferredContacts.map((value) => ({
      value,
      text: preferredContactNames[value],
      hint: preferredContactHints[value] ? { text: preferredContactHints[value] } : undefined,
      checked: answers.preferredContact === value,
    })),
    accessibleFormatItems: accessibleFormats.map((value) => ({ value, text: accessibleFormatNames[value], checked: answers.accessibleFormat === value })),
  };
}

/** Which of the three date boxes to outline in red. */
export function dateErrorFlags(parts: readonly DatePart[] = []) {
  return { day: parts.includes('day'), month: parts.includes('month'), year: parts.includes('year') };
}

/** One checkbox per organisation, saying in plain words what it does and which funding it decides on. */
export function agencyItems(organisations: AreaForReferral['organisations'], answers: Record<string, unknown>) {
  const ticked = chosen(answers, 'organisationIds');
  return organisations.map((organisation) => {
    const purpose = agencyPurposes[organisation.kind as OrganisationKind] ?? '';
    const decides = organisation.streams.length ? ` Decides on: ${organisation.streams.join(', ')}.` : '';
    return { value: organisation.id, text: organisation.name, hint: { text: `${purpose}${decides}`.trim() }, checked: ticked.includes(organisation.id) };
  });
}

export function supporterKindItems(answers: Record<string, unknown>) {
  return supporterKinds.map((value) => ({ value, text: supporterKindNames[value], hint: { text: supporterKindExplanations[value] }, checked: answers.kind === value }));
}
