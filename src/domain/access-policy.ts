// The one authorisation policy: may this principal do this action to this resource? Role × organisation × area ×
// the person's consent. Pure and default-deny, so every route asks the same question and gets the same answer.
import type { Role } from './roles.ts';

export interface RoleAssignment {
  role: Role;
  organisationId: string | null;
  areaId: string | null;
  regionId: string | null;
  /** For budget holders and representatives: the person the role is held for. */
  personId: string | null;
}

export interface Principal {
  kind: 'user' | 'api_token';
  id: string;
  assignments: readonly RoleAssignment[];
}

/**
 * Everything a principal may ask to do. Capability rules live here and nowhere else: routes name an action and a
 * resource and ask `decide` (through platform/authorisation.ts), never a role.
 */
export type Action =
  | 'person.read'
  | 'person.change'
  /** See who has read or changed a person's record, and the lists of people they appeared in (the audit log about them). */
  | 'person.history.read'
  | 'person.list'
  /** Add someone's record for an organisation (take a referral). */
  | 'person.create'
  | 'area.read'
  | 'area.administer'
  | 'area.report'
  | 'region.report'
  | 'system.administer'
  /** Confirm or change the eligibility decision for a funding stream the organisation owns. */
  | 'stream.confirm'
  /**
   * Write, change and send the person's support plan: the person, their representative, and a practitioner or broker
   * of an organisation the person shares their record with (finance officers and approvers read it, they do not write it).
   */
  | 'plan.write'
  /** Agree the part of a support plan paid from a stream the organisation owns. */
  | 'plan.approve'
  /** See an area's payment runs and prepare or cancel one. */
  | 'paymentRun.prepare'
  /** Check a prepared payment run's payments and exceptions and mark it reviewed. */
  | 'paymentRun.review'
  /** Release an area's payment run to the bank (a finance officer other than its reviewer), and download its Bacs file. */
  | 'paymentRun.release'
  /** Sign off the area's self-rating against a framework. */
  | 'selfRating.signOff'
  /** See a region's questionnaire results. */
  | 'survey.results'
  /** Read an area's service catalogue and its prices (anyone may price a service on the public calculator too). */
  | 'catalogue.read'
  /** Add, change and retire an area's services, add their costs, and import the catalogue from a file. */
  | 'catalogue.manage';

export type Resource =
  | { type: 'person'; personId: string; areaId: string; consentedOrganisationIds: readonly string[] }
  | { type: 'organisation'; organisationId: string; areaId: string; regionId: string }
  | { type: 'fundingStream'; streamCode: string; areaId: string; owningOrganisationId: string | null }
  | { type: 'area'; areaId: string; regionId: string }
  | { type: 'region'; regionId: string }
  | { type: 'system' };

export interface Decision {
  allowed: boolean;
  /** Plain-English reason, for the audit log and for tests; never shown with personal data. */
  reason: string;
}

/** The roles that work with people's records: each sees a record only once the person agrees to share it. */
export const caseworkRoles: readonly Role[] = ['practitioner', 'approver', 'broker', 'finance_officer'];
/** The roles that take referrals. Finance officers see records to pay, not to start them. */
const referringRoles: readonly Role[] = ['practitioner', 'approver', 'broker'];
/** The roles that make an agency's eligibility decisions: finance officers and brokers do not. */
const decidingRoles: readonly Role[] = ['practitioner', 'approver'];
/**
 * What may be done to one person's record, each on the same terms: the person, their representative, and casework
 * staff of an organisation the person shares their record with. Seeing who has looked at a record is one of them, so
 * whoever may read the record may also see who else has.
 */
const personActions: readonly Action[] = ['person.read', 'person.change', 'person.history.read'];
/** The casework roles that help write a person's plan. */
const planWritingRoles: readonly Role[] = ['practitioner', 'broker'];

function allow(reason: string): Decision {
  return { allowed: true, reason };
}

function deny(reason: string): Decision {
  return { allowed: false, reason };
}

function decideForAssignment(assignment: RoleAssignment, action: Action, resource: Resource): Decision | undefined {
  const { role } = assignment;
  switch (resource.type) {
    case 'person': {
      if (!personActions.includes(action) && action !== 'plan.write') return undefined;
      if ((role === 'budget_holder' || role === 'representative') && assignment.personId === resource.personId) {
        return allow(role === 'budget_holder' ? 'own record' : 'representative of this person');
      }
      if (action === 'plan.write' && !planWritingRoles.includes(role)) return undefined;
      if (caseworkRoles.includes(role) && assignment.areaId === resource.areaId) {
        if (assignment.organisationId && resource.consentedOrganisationIds.includes(assignment.organisationId)) {
          return allow(`${role} of an organisation the person consented to share with`);
        }
      }
      return undefined;
    }
    case 'organisation': {
      if (action !== 'person.create') return undefined;
      if (referringRoles.includes(role) && assignment.organisationId === resource.organisationId && assignment.areaId === resource.areaId) {
        return allow(`${role} of this organisation`);
      }
      return undefined;
    }
    case 'fundingStream': {
      if (!resource.owningOrganisationId || assignment.organisationId !== resource.owningOrganisationId || assignment.areaId !== resource.areaId) return undefined;
      if (action === 'stream.confirm' && decidingRoles.includes(role)) return allow(`${role} of the organisation that owns the stream`);
      if (action === 'plan.approve' && role === 'approver') return allow('approver of the organisation that owns the stream');
      return undefined;
    }
    case 'area': {
      if (assignment.areaId !== resource.areaId) return undefined;
      if (action === 'area.read' && role !== 'budget_holder' && role !== 'representative') return allow('staff of this area');
      if (action === 'person.list' && caseworkRoles.includes(role)) return allow('casework role in this area');
      if (action === 'area.administer' && role === 'area_administrator') return allow('area administrator');
      // Everyone who works in the area or plans support in it prices services from the catalogue.
      if (action === 'catalogue.read') return allow('a role in this area');
      if (action === 'catalogue.manage' && role === 'area_administrator') return allow('area administrator');
      if (action === 'area.report' && (role === 'director' || role === 'area_administrator')) return allow('area reporting role');
      if ((action === 'paymentRun.prepare' || action === 'paymentRun.review' || action === 'paymentRun.release') && role === 'finance_officer') return allow('finance officer in this area');
      if (action === 'selfRating.signOff' && role === 'director') return allow('director of this area');
      return undefined;
    }
    case 'region': {
      if ((action === 'region.report' || action === 'survey.results') && role === 'regional_coordinator' && assignment.regionId === resource.regionId) {
        return allow('regional coordinator of this region');
      }
      return undefined;
    }
    case 'system': {
      if (action === 'system.administer' && role === 'system_administrator') return allow('system administrator');
      return undefined;
    }
  }
}

/** Whether one role assignment on its own allows the action: home pages show a section per role that allows one. */
export function assignmentAllows(assignment: RoleAssignment, action: Action, resource: Resource): boolean {
  return decideForAssignment(assignment, action, resource)?.allowed === true;
}

export interface AdministrationScope {
  /** Every area and organisation (a system administrator). */
  everything: boolean;
  /** Otherwise the areas the principal administers. */
  areaIds: string[];
}

/** Where a principal may manage users, organisations and tokens: the policy's answer, as a filter for queries. */
export function administrationScope(principal: Principal | undefined): AdministrationScope {
  const assignments = principal?.assignments ?? [];
  return {
    everything: decide(principal, 'system.administer', { type: 'system' }).allowed,
    areaIds: [
      ...new Set(
        assignments.filter((a) => a.areaId && assignmentAllows(a, 'area.administer', { type: 'area', areaId: a.areaId, regionId: a.regionId ?? '' })).map((a) => a.areaId!),
      ),
    ],
  };
}

export function administersAnything(scope: AdministrationScope): boolean {
  return scope.everything || scope.areaIds.length > 0;
}

/** Default deny: allowed only if some role the principal holds allows this action on this resource. */
export function decide(principal: Principal | undefined, action: Action, resource: Resource): Decision {
  if (!principal) return deny('not signed in');
  for (const assignment of principal.assignments) {
    const decision = decideForAssignment(assignment, action, resource);
    if (decision?.allowed) return decision;
  }
  if (resource.type === 'person' && principal.assignments.some((a) => a.areaId === resource.areaId && caseworkRoles.includes(a.role))) {
    return deny('no consent from the person to share with this organisation');
  }
  return deny('no role allows this');
}
