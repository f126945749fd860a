// What each kind of agency does, in plain English, so a person can decide who may see their record knowing why.
// The kinds are those an area is made of (see roles.ts); the wording is shown next to each choice.
import type { OrganisationKind } from '../roles.ts';

export const agencyPurposes: Record<OrganisationKind, string> = {
  county_council: 'Your council. It decides if you can get adult social care. It works out how much money you get for it.',
  unitary_council: 'Your council. It decides if you can get adult social care. It works out how much money you get for it.',
  jobcentre_plus: 'Helps disabled people get a job and keep it. For example, it can pay for help or things you need at work.',
  district_council: 'Your local housing council. It can give you money to change your home, such as a ramp or a shower you can walk into.',
  national_agency: 'A fund for the whole country. It pays some disabled people who need a lot of help some money each week.',
  user_led_organisation: 'A group run by disabled people. It can help you plan your support. It can speak up for you, if you want it to.',
  provider: 'A group that gives care and support. Only share with them if they help you now, or you want them to.',
  regional_coordinator: 'Looks at how well support works in the region. It never needs to see your record.',
};

/** Councils that assess for adult social care: without the person's consent to share with one, no assessment. */
export const adultSocialCareCouncilKinds: readonly OrganisationKind[] = ['county_council', 'unitary_council'];

export function isAdultSocialCareCouncil(kind: string): boolean {
  return (adultSocialCareCouncilKinds as readonly string[]).includes(kind);
}
