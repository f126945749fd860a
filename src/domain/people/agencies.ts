// What each kind of agency does, in plain English, so a person can decide who may see their record knowing why.
// The kinds are those an area is made of (see roles.ts); the wording is shown next to each choice.
import type { OrganisationKind } from '../roles.ts';

export const agencyPurposes: Record<OrganisationKind, string> = {
  county_council: 'Your council. It decides whether you can get adult social care and works out your personal budget for it.',
  unitary_council: 'Your council. It decides whether you can get adult social care and works out your personal budget for it.',
  jobcentre_plus: 'Helps disabled people get into work and stay in work, for example by paying for support or equipment you need at work.',
  district_council: 'Your local housing council. It can give grants to adapt your home, such as a ramp or a level-access shower.',
  national_agency: 'A national fund that pays some disabled people with high support needs a weekly award.',
  user_led_organisation: 'An organisation run by disabled people. It can help you plan your support and speak up for you, if you want it to.',
  provider: 'A care and support provider. Share with them only if they support you now or you want them to.',
  regional_coordinator: 'Looks at how well support works across the region. It never needs to see your record.',
};

/** Councils that assess for adult social care: without the person's consent to share with one, no assessment. */
export const adultSocialCareCouncilKinds: readonly OrganisationKind[] = ['county_council', 'unitary_council'];

export function isAdultSocialCareCouncil(kind: string): boolean {
  return (adultSocialCareCouncilKinds as readonly string[]).includes(kind);
}
