import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Action, administrationScope, decide, type Principal, type Resource, type RoleAssignment } from './access-policy.ts';
import { roles } from './roles.ts';

const northshire = 'area-north';
const riverton = 'area-river';
const council = 'org-council-north';
const jobcentre = 'org-jcp-north';
const region = 'region-1';

function principal(...assignments: Partial<RoleAssignment>[]): Principal {
  return {
    kind: 'user',
    id: 'user-1',
    assignments: assignments.map((a) => ({ role: 'practitioner', organisationId: null, areaId: null, regionId: null, personId: null, ...a })),
  };
}

const person = (overrides: Partial<Extract<Resource, { type: 'person' }>> = {}): Resource => ({
  type: 'person',
  personId: 'person-1',
  areaId: northshire,
  consentedOrganisationIds: [council],
  ...overrides,
});

describe('access policy: person records', () => {
  it('lets a practitioner read a person in their area who consented to their organisation', () => {
    const result = decide(principal({ role: 'practitioner', organisationId: council, areaId: northshire }), 'person.read', person());
    expect(result).toEqual({ allowed: true, reason: expect.stringContaining('consented') });
  });

  it('refuses a practitioner of another area, even with the same organisation id listed', () => {
    const result = decide(principal({ role: 'practitioner', organisationId: council, areaId: riverton }), 'person.read', person());
    expect(result.allowed).toBe(false);
  });

  it('refuses a practitioner in the right area whose organisation has no consent, and says why', () => {
    const result = decide(principal({ role: 'practitioner', organisationId: jobcentre, areaId: northshire }), 'person.read', person());
    expect(result).toEqual({ allowed: false, reason: 'no consent from the person to share with this organisation' });
  });

  it('refuses once consent is withdrawn (the organisation is no longer listed)', () => {
    const result = decide(principal({ role: 'approver', organisationId: council, areaId: northshire }), 'person.change', person({ consentedOrganisationIds: [] }));
    expect(result.allowed).toBe(false);
  });

  it('lets budget holders and representatives reach only their own person', () => {
    expect(decide(principal({ role: 'budget_holder', personId: 'person-1', areaId: northshire }), 'person.read', person()).allowed).toBe(true);
    expect(decide(principal({ role: 'budget_holder', personId: 'person-2', areaId: northshire }), 'person.read', person()).allowed).toBe(false);
    expect(decide(principal({ role: 'representative', personId: 'person-1' }), 'person.change', person()).allowed).toBe(true);
    expect(decide(principal({ role: 'representative', personId: 'person-9' }), 'person.read', person()).allowed).toBe(false);
  });

  it('lets the person, their representative and a consented broker or practitioner write the plan, and no one else', () => {
    const brokerOrg = 'org-broker-north';
    expect(decide(principal({ role: 'budget_holder', personId: 'person-1', areaId: northshire }), 'plan.write', person()).allowed).toBe(true);
    expect(decide(principal({ role: 'representative', personId: 'person-1' }), 'plan.write', person()).allowed).toBe(true);
    expect(decide(principal({ role: 'broker', organisationId: brokerOrg, areaId: northshire }), 'plan.write', person({ consentedOrganisationIds: [council, brokerOrg] })).allowed).toBe(true);
    expect(decide(principal({ role: 'broker', organisationId: brokerOrg, areaId: northshire }), 'plan.write', person()).allowed).toBe(false);
    expect(decide(principal({ role: 'practitioner', organisationId: council, areaId: northshire }), 'plan.write', person()).allowed).toBe(true);
    expect(decide(principal({ role: 'approver', organisationId: council, areaId: northshire }), 'plan.write', person()).allowed).toBe(false);
    expect(decide(principal({ role: 'finance_officer', organisationId: council, areaId: northshire }), 'plan.write', person()).allowed).toBe(false);
    expect(decide(principal({ role: 'budget_holder', personId: 'person-2', areaId: northshire }), 'plan.write', person()).allowed).toBe(false);
  });

  it('never lets directors, administrators or coordinators open a person record, even in their own area', () => {
    for (const role of ['director', 'area_administrator', 'regional_coordinator', 'system_administrator'] as const) {
      const result = decide(principal({ role, organisationId: council, areaId: northshire, regionId: region }), 'person.read', person());
      expect(result.allowed, role).toBe(false);
    }
  });

  it('shows who has looked at a record to the person, their representative and staff who may read it, and nobody else', () => {
    const history = (assignment: Partial<RoleAssignment>, resource = person()) => decide(principal(assignment), 'person.history.read', resource).allowed;
    expect(history({ role: 'budget_holder', personId: 'person-1', areaId: northshire })).toBe(true);
    expect(history({ role: 'representative', personId: 'person-1', areaId: northshire })).toBe(true);
    expect(history({ role: 'practitioner', organisationId: council, areaId: northshire })).toBe(true);
    expect(history({ role: 'practitioner', organisationId: council, areaId: northshire }, person({ consentedOrganisationIds: [] }))).toBe(false);
    expect(history({ role: 'budget_holder', personId: 'person-2', areaId: northshire })).toBe(false);
    expect(history({ role: 'director', organisationId: council, areaId: northshire })).toBe(false);
    expect(history({ role: 'system_administrator' })).toBe(false);
  });

  it('denies anyone not signed in, and anyone with no roles', () => {
    expect(decide(undefined, 'person.read', person())).toEqual({ allowed: false, reason: 'not signed in' });
    expect(decide(principal(), 'person.read', person()).allowed).toBe(false);
  });

  it('is default-deny: a random role in a random place may read only when the rule above allows', () => {
    const areasArb = fc.constantFrom(northshire, riverton, null);
    const orgArb = fc.constantFrom(council, jobcentre, null);
    fc.assert(
      fc.property(
        fc.array(fc.record({ role: fc.constantFrom(...roles), organisationId: orgArb, areaId: areasArb, regionId: fc.constantFrom(region, null), personId: fc.constantFrom('person-1', 'person-2', null) }), { maxLength: 4 }),
        fc.subarray([council, jobcentre]),
        fc.constantFrom<Action>('person.read', 'person.change', 'person.history.read'),
        (assignments, consented, action) => {
          const resource = person({ consentedOrganisationIds: consented });
          const expected = assignments.some(
            (a) =>
              ((a.role === 'budget_holder' || a.role === 'representative') && a.personId === 'person-1') ||
              (['practitioner', 'approver', 'broker', 'finance_officer'].includes(a.role) && a.areaId === northshire && a.organisationId !== null && consented.includes(a.organisationId)),
          );
          expect(decide({ kind: 'user', id: 'u', assignments }, action, resource).allowed).toBe(expected);
        },
      ),
    );
  });
});

describe('access policy: areas, regions and the system', () => {
  const area: Resource = { type: 'area', areaId: northshire, regionId: region };

  it('lets only the area administrator of that area administer it', () => {
    expect(decide(principal({ role: 'area_administrator', areaId: northshire }), 'area.administer', area).allowed).toBe(true);
    expect(decide(principal({ role: 'area_administrator', areaId: riverton }), 'area.administer', area).allowed).toBe(false);
    expect(decide(principal({ role: 'director', areaId: northshire }), 'area.administer', area).allowed).toBe(false);
  });

  it('lets every role in an area read its service catalogue, and only its area administrator manage it', () => {
    for (const role of roles) {
      const here = principal({ role, areaId: northshire, regionId: region, personId: role === 'budget_holder' || role === 'representative' ? 'person-1' : null });
      expect(decide(here, 'catalogue.read', area).allowed, role).toBe(true);
      expect(decide(here, 'catalogue.manage', area).allowed, role).toBe(role === 'area_administrator');
    }
    expect(decide(principal({ role: 'practitioner', areaId: riverton }), 'catalogue.read', area).allowed).toBe(false);
    expect(decide(principal({ role: 'area_administrator', areaId: riverton }), 'catalogue.manage', area).allowed).toBe(false);
    expect(decide(principal({ role: 'system_administrator' }), 'catalogue.manage', area).allowed).toBe(false);
    expect(decide(undefined, 'catalogue.read', area).allowed).toBe(false);
  });

  it('lets casework roles list people in their own area only', () => {
    expect(decide(principal({ role: 'broker', areaId: northshire }), 'person.list', area).allowed).toBe(true);
    expect(decide(principal({ role: 'practitioner', areaId: riverton }), 'person.list', area).allowed).toBe(false);
    expect(decide(principal({ role: 'director', areaId: northshire }), 'person.list', area).allowed).toBe(false);
  });

  it('gives regional reports to the coordinator of that region only', () => {
    expect(decide(principal({ role: 'regional_coordinator', regionId: region }), 'region.report', { type: 'region', regionId: region }).allowed).toBe(true);
    expect(decide(principal({ role: 'regional_coordinator', regionId: 'other' }), 'region.report', { type: 'region', regionId: region }).allowed).toBe(false);
    expect(decide(principal({ role: 'director', areaId: northshire, regionId: region }), 'region.report', { type: 'region', regionId: region }).allowed).toBe(false);
  });

  it('gives system administration to system administrators only', () => {
    expect(decide(principal({ role: 'system_administrator' }), 'system.administer', { type: 'system' }).allowed).toBe(true);
    expect(decide(principal({ role: 'area_administrator', areaId: northshire }), 'system.administer', { type: 'system' }).allowed).toBe(false);
  });

  it('treats an API token exactly like a user with the same role', () => {
    const token: Principal = { kind: 'api_token', id: 't', assignments: [{ role: 'practitioner', organisationId: council, areaId: northshire, regionId: region, personId: null }] };
    expect(decide(token, 'person.read', person()).allowed).toBe(true);
    expect(decide(token, 'person.read', person({ areaId: riverton })).allowed).toBe(false);
  });
});

describe('access policy: capability rules', () => {
  const stream = (owningOrganisationId: string | null = council): Resource => ({ type: 'fundingStream', streamCode: 'asc', areaId: northshire, owningOrganisationId });
  const area: Resource = { type: 'area', areaId: northshire, regionId: region };

  it('lets only practitioners and approvers of the owning organisation, in its area, confirm a stream decision', () => {
    expect(decide(principal({ role: 'practitioner', organisationId: council, areaId: northshire }), 'stream.confirm', stream()).allowed).toBe(true);
    expect(decide(principal({ role: 'approver', organisationId: council, areaId: northshire }), 'stream.confirm', stream()).allowed).toBe(true);
    for (const role of ['broker', 'finance_officer', 'area_administrator', 'director'] as const) {
      expect(decide(principal({ role, organisationId: council, areaId: northshire }), 'stream.confirm', stream()).allowed, role).toBe(false);
    }
    expect(decide(principal({ role: 'practitioner', organisationId: jobcentre, areaId: northshire }), 'stream.confirm', stream()).allowed).toBe(false);
    expect(decide(principal({ role: 'practitioner', organisationId: council, areaId: riverton }), 'stream.confirm', stream()).allowed).toBe(false);
    expect(decide(principal({ role: 'practitioner', organisationId: council, areaId: northshire }), 'stream.confirm', stream(null)).allowed).toBe(false);
  });

  it('lets only an approver of the owning organisation agree a plan part paid from its stream', () => {
    expect(decide(principal({ role: 'approver', organisationId: council, areaId: northshire }), 'plan.approve', stream()).allowed).toBe(true);
    expect(decide(principal({ role: 'practitioner', organisationId: council, areaId: northshire }), 'plan.approve', stream()).allowed).toBe(false);
    expect(decide(principal({ role: 'approver', organisationId: jobcentre, areaId: northshire }), 'plan.approve', stream()).allowed).toBe(false);
  });

  it('lets practitioners, approvers and brokers add people for their own organisation only', () => {
    const organisation: Resource = { type: 'organisation', organisationId: council, areaId: northshire, regionId: region };
    for (const role of ['practitioner', 'approver', 'broker'] as const) {
      expect(decide(principal({ role, organisationId: council, areaId: northshire }), 'person.create', organisation).allowed, role).toBe(true);
      expect(decide(principal({ role, organisationId: jobcentre, areaId: northshire }), 'person.create', organisation).allowed, role).toBe(false);
    }
    expect(decide(principal({ role: 'finance_officer', organisationId: council, areaId: northshire }), 'person.create', organisation).allowed).toBe(false);
  });

  it('gives payment runs to finance officers, self-rating sign-off to directors and survey results to coordinators', () => {
    expect(decide(principal({ role: 'finance_officer', organisationId: council, areaId: northshire }), 'paymentRun.release', area).allowed).toBe(true);
    expect(decide(principal({ role: 'finance_officer', organisationId: council, areaId: riverton }), 'paymentRun.release', area).allowed).toBe(false);
    expect(decide(principal({ role: 'practitioner', organisationId: council, areaId: northshire }), 'paymentRun.release', area).allowed).toBe(false);
    for (const action of ['paymentRun.prepare', 'paymentRun.review'] as const) {
      expect(decide(principal({ role: 'finance_officer', organisationId: council, areaId: northshire }), action, area).allowed, action).toBe(true);
      expect(decide(principal({ role: 'finance_officer', organisationId: council, areaId: riverton }), action, area).allowed, action).toBe(false);
      expect(decide(principal({ role: 'broker', organisationId: council, areaId: northshire }), action, area).allowed, action).toBe(false);
    }
    expect(decide(principal({ role: 'director', organisationId: council, areaId: northshire }), 'selfRating.signOff', area).allowed).toBe(true);
    expect(decide(principal({ role: 'area_administrator', organisationId: council, areaId: northshire }), 'selfRating.signOff', area).allowed).toBe(false);
    expect(decide(principal({ role: 'regional_coordinator', regionId: region }), 'survey.results', { type: 'region', regionId: region }).allowed).toBe(true);
    expect(decide(principal({ role: 'regional_coordinator', regionId: 'region-2' }), 'survey.results', { type: 'region', regionId: region }).allowed).toBe(false);
  });

  it('scopes administration to the areas administered, or everything for a system administrator', () => {
    expect(administrationScope(principal({ role: 'area_administrator', organisationId: council, areaId: northshire }))).toEqual({ everything: false, areaIds: [northshire] });
    expect(administrationScope(principal({ role: 'system_administrator' }))).toEqual({ everything: true, areaIds: [] });
    expect(administrationScope(principal({ role: 'practitioner', organisationId: council, areaId: northshire }))).toEqual({ everything: false, areaIds: [] });
    expect(administrationScope(undefined)).toEqual({ everything: false, areaIds: [] });
  });
});
