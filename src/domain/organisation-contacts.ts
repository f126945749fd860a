// How a person reaches the organisation behind a funding stream, and how they ask it to look at a decision again:
// one set of words for the budget page, every letter and every decision, with the lead council as the fallback.

export interface OrganisationContacts {
  contactPhone: string | null;
  contactEmail: string | null;
  postalAddress: string | null;
  openingHours: string | null;
  textRelay: string | null;
  bslVideoRelayUrl: string | null;
  reviewHow: string | null;
}

export interface ContactableOrganisation extends OrganisationContacts {
  name: string;
}

export const contactFields = ['contactPhone', 'contactEmail', 'postalAddress', 'openingHours', 'textRelay', 'bslVideoRelayUrl', 'reviewHow'] as const satisfies readonly (keyof OrganisationContacts)[];

export const noContacts: OrganisationContacts = { contactPhone: null, contactEmail: null, postalAddress: null, openingHours: null, textRelay: null, bslVideoRelayUrl: null, reviewHow: null };

/** Whether someone could reach the organisation from what it has given: opening hours or review wording alone cannot. */
export function canBeContacted(organisation: OrganisationContacts | null | undefined): organisation is OrganisationContacts {
  return !!organisation && !!(organisation.contactPhone || organisation.contactEmail || organisation.postalAddress || organisation.textRelay || organisation.bslVideoRelayUrl);
}

export interface ContactLine {
  label: string;
  value: string;
  /** A link for the line (tel:, mailto: or the video relay page) on web pages; letters print the value. */
  href?: string;
}

export interface ContactBlock {
  /** Who the person should contact: the owner, or the lead council standing in for it. */
  contactName: string;
  /** Said when the owner has given no contact details yet, so the block never leaves someone with nothing. */
  note?: string[];
  lines: ContactLine[];
  /** How to ask for a decision to be looked at again: who, how and by when. */
  review: string[];
}

/** A postal address as one line, for places with room for one line only. */
export function addressOnOneLine(address: string): string {
  return address
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line !== '')
    .join(', ');
}

function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

export function contactLines(organisation: OrganisationContacts, easy = false): ContactLine[] {
  const lines: ContactLine[] = [];
  if (organisation.contactPhone) lines.push({ label: 'Phone', value: organisation.contactPhone, href: telHref(organisation.contactPhone) });
  if (organisation.textRelay) lines.push({ label: easy ? 'Text relay (if you cannot hear or speak on the phone)' : 'Text relay', value: organisation.textRelay });
  if (organisation.bslVideoRelayUrl) lines.push({ label: easy ? 'British Sign Language (BSL) video call' : 'British Sign Language (BSL) video relay', value: organisation.bslVideoRelayUrl, href: organisation.bslVideoRelayUrl });
  if (organisation.contactEmail) lines.push({ label: 'Email', value: organisation.contactEmail, href: `mailto:${organisation.contactEmail}` });
  if (organisation.postalAddress) lines.push({ label: easy ? 'Write to' : 'Address', value: addressOnOneLine(organisation.postalAddress) });
  if (organisation.openingHours) lines.push({ label: easy ? 'When you can call' : 'Opening hours', value: organisation.openingHours });
  return lines;
}

/** The standard way to ask for a decision to be looked at again, unless the organisation has written its own. */
function reviewWording(owner: string, contact: ContactableOrganisation | undefined, easy: boolean): string[] {
  if (contact?.reviewHow) return [contact.reviewHow];
  const who = contact?.name ?? owner;
  const passOn = contact && contact.name !== owner;
  if (easy) {
    return ['Do you think a decision is wrong?', `Tell ${who} within 1 month.`, 'Say why you think it is wrong.', passOn ? `They will ask ${owner} to look at it again.` : 'They will look at it again.'];
  }
  return [
    `You can ask for a decision to be looked at again. Contact ${who} within one month of the date of the decision. Say which money it is about. Say why you think it is wrong.`,
    passOn ? `They will pass this on to ${owner}. ${owner} will look at it again and tell you what they decide.` : `${owner} will look at it again. They will tell you what they decide.`,
  ];
}

/**
 * How to reach the organisation that owns a stream. Without contact details of its own, the area's lead council
 * stands in; without either, the person is told plainly and pointed at the staff who support them.
 */
export function contactBlock(owner: ContactableOrganisation | null | undefined, lead: ContactableOrganisation | null | undefined, options: { easy?: boolean } = {}): ContactBlock {
  const easy = options.easy ?? false;
  const ownerName = owner?.name ?? lead?.name ?? 'the organisation that runs it';
  if (owner && canBeContacted(owner)) return { contactName: owner.name, lines: contactLines(owner, easy), review: reviewWording(owner.name, owner, easy) };
  if (lead && canBeContacted(lead) && lead.name !== ownerName) {
    return {
      contactName: lead.name,
      note: easy
        ? [`We do not have contact details for ${ownerName} yet.`, `Contact ${lead.name}.`, 'They will pass on your message.']
        : [`${ownerName} has not given its contact details yet. Contact ${lead.name}, the lead council for your area. They will pass your message on.`],
      lines: contactLines(lead, easy),
      review: reviewWording(ownerName, { ...lead, reviewHow: null }, easy),
    };
  }
  if (lead && canBeContacted(lead)) return { contactName: lead.name, lines: contactLines(lead, easy), review: reviewWording(lead.name, lead, easy) };
  return {
    contactName: ownerName,
    note: easy
      ? [`We do not have contact details for ${ownerName} yet.`, 'Ask the person who helps you with your support.', 'They can pass on your message.']
      : [`${ownerName} has not given its contact details yet. Ask the member of staff who supports you, and they will pass your message on.`],
    lines: [],
    review: reviewWording(ownerName, undefined, easy),
  };
}

/**
 * A text relay number as dialled: the 18001 (or 18002) prefix, then a phone number, or undefined if it is not one.
 * "18001 01632 960000" and "18001 then 01632 960000" are both kept as typed.
 */
export function normaliseTextRelay(typed: string): string | undefined {
  const tidied = typed.replace(/\s+/g, ' ').trim();
  const match = /^(1800[12])\s*(?:then\s+)?(\+?[\d\s()-]+)$/i.exec(tidied);
  if (!match) return undefined;
  const digits = match[2]!.replace(/\D/g, '');
  if (digits.length < 10 || digits.length > 15) return undefined;
  return tidied;
}

/** Only an https address with a host: a relay link must not run script or send the person somewhere insecure. */
export function isHttpsUrl(typed: string): boolean {
  if (!URL.canParse(typed)) return false;
  const url = new URL(typed);
  return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
}
