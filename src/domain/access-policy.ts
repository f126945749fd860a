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

export type Action =
  | 'person.read'
  | 'person.change'
  | 'person.list'
  | 'area.read'
  | 'area.administer'
  | 'area.report'
  | 'region.report'
  | 'system.administer';

export type Resource =
  | { type: 'person'; personId: string; areaId: string; consentedOrganisationIds: readonly string[] }
  | { type: 'area'; areaId: string; regionId: string }
  | { type: 'region'; regionId: string }
  | { type: 'system' };

export interface Decision {
  allowed: boolean;
  /** Plain-English reason, for the audit log and for tests; never shown with personal data. */
  reason: string;
}

const caseworkRoles: readonly Role[] = ['practitioner', 'approver', 'broker', 'finance_officer'];
const personActions: readonly Action[] = ['person.read', 'person.change'];

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
      if (!personActions.includes(action)) return undefined;
      if ((role === 'budget_holder' || role === 'representative') && assignment.personId === resource.personId) {
        return allow(role === 'budget_holder' ? 'own record' : 'representative of this person');
      }
      if (caseworkRoles.includes(role) && assignment.areaId === resource.areaId) {
        if (assignment.organisationId && resource.consentedOrganisationIds.includes(assignment.organisationId)) {
          return allow(`${role} of an organisation the person consented to share with`);
        }
      }
      return undefined;
    }
    case 'area': {
      if (assignment.areaId !== resource.areaId) return undefined;
      if (action === 'area.read' && role !== 'budget_holder' && role !== 'representative') return allow('staff of this area');
      if (action === 'person.list' && caseworkRoles.includes(role)) return allow('casework role in this area');
      if (action === 'area.administer' && role === 'area_administrator') return allow('area administrator');
      if (action === 'area.report' && (role === 'director' || role === 'area_administrator')) return allow('area reporting role');
      return undefined;
    }
    case 'region': {
      if (action === 'region.report' && role === 'regional_coordinator' && assignment.regionId === resource.regionId) {
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
