// The six Right to Control funding streams, seeded for every new area. They are data, not code: an area may rename,
// retire or add streams (a carer's budget, an NHS personal health budget, a newer employment programme).
import type { OrganisationKind } from './roles.ts';

export const sectors = ['social care', 'employment', 'housing', 'health'] as const;
export type Sector = (typeof sectors)[number];

export interface FundingStreamDefinition {
  code: string;
  name: string;
  sector: Sector;
  /** The kind of organisation that usually owns the stream; an area chooses the actual organisation. */
  ownerKind: OrganisationKind;
  description: string;
}

export const rightToControlStreams: readonly FundingStreamDefinition[] = [
  {
    code: 'adult-social-care',
    name: 'Adult Social Care',
    sector: 'social care',
    ownerKind: 'county_council',
    description: 'Care and support under the Care Act 2014, worked out by the Resource Allocation System, less any assessed charge.',
  },
  {
    code: 'independent-living-fund',
    name: 'Independent Living Fund',
    sector: 'social care',
    ownerKind: 'national_agency',
    description: 'A national award for people with high support needs, paid weekly.',
  },
  {
    code: 'access-to-work',
    name: 'Access to Work',
    sector: 'employment',
    ownerKind: 'jobcentre_plus',
    description: 'Costed support needed at work: support workers, equipment and travel, up to a yearly limit.',
  },
  {
    code: 'work-choice',
    name: 'Work Choice',
    sector: 'employment',
    ownerKind: 'jobcentre_plus',
    description: 'The cash equivalent of a place on the specialist employment programme.',
  },
  {
    code: 'disabled-facilities-grant',
    name: 'Disabled Facilities Grant',
    sector: 'housing',
    ownerKind: 'district_council',
    description: 'Adaptations to the home, from quotes, means-tested for adults and capped.',
  },
  {
    code: 'supporting-people',
    name: 'Supporting People',
    sector: 'housing',
    ownerKind: 'county_council',
    description: 'Housing-related support: hours of support at an hourly rate.',
  },
];
