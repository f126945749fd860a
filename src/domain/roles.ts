// The roles people hold in Right to Control, and which of them count as staff (and so need multi-factor sign-in).

export const roles = [
  'budget_holder',
  'representative',
  'broker',
  'practitioner',
  'approver',
  'finance_officer',
  'area_administrator',
  'director',
  'regional_coordinator',
  'system_administrator',
] as const;

export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  budget_holder: 'Budget holder',
  representative: 'Representative',
  broker: 'Broker or support planner',
  practitioner: 'Practitioner',
  approver: 'Approver',
  finance_officer: 'Finance officer',
  area_administrator: 'Area administrator',
  director: 'Director',
  regional_coordinator: 'Regional coordinator',
  system_administrator: 'System administrator',
};

/** Roles held on behalf of a person rather than an organisation. */
export const personalRoles: readonly Role[] = ['budget_holder', 'representative'];

export function isStaffRole(role: Role): boolean {
  return !personalRoles.includes(role);
}

export const organisationKinds = [
  'county_council',
  'unitary_council',
  'jobcentre_plus',
  'district_council',
  'national_agency',
  'user_led_organisation',
  'provider',
  'regional_coordinator',
] as const;

export type OrganisationKind = (typeof organisationKinds)[number];

export const organisationKindNames: Record<OrganisationKind, string> = {
  county_council: 'County council',
  unitary_council: 'Unitary council',
  jobcentre_plus: 'Jobcentre Plus office',
  district_council: 'District or borough council',
  national_agency: 'National agency',
  user_led_organisation: 'User-led organisation',
  provider: 'Provider',
  regional_coordinator: 'Regional coordinator',
};

/** Which roles make sense in which kind of organisation; checked when a role is given to someone. */
export const rolesByOrganisationKind: Record<OrganisationKind, readonly Role[]> = {
  county_council: ['practitioner', 'approver', 'finance_officer', 'area_administrator', 'director'],
  unitary_council: ['practitioner', 'approver', 'finance_officer', 'area_administrator', 'director'],
  jobcentre_plus: ['practitioner', 'approver', 'area_administrator', 'director'],
  district_council: ['practitioner', 'approver', 'finance_officer', 'area_administrator', 'director'],
  national_agency: ['practitioner', 'approver', 'finance_officer'],
  user_led_organisation: ['broker'],
  provider: ['broker'],
  regional_coordinator: ['regional_coordinator'],
};
