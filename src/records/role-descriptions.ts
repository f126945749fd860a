// Describes a user's roles in words ("Practitioner at Northshire County Council"), for their account and home page.
import { and, inArray } from 'drizzle-orm';
import type { RoleAssignment } from '../domain/access-policy.ts';
import { roleNames } from '../domain/roles.ts';
import type { Queryable } from '../db/database.ts';
import { areas, organisations, people, regions } from '../db/schema.ts';

export interface RoleDescription extends RoleAssignment {
  description: string;
  organisationName: string | null;
  areaName: string | null;
  regionName: string | null;
}

function ids(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

export async function describeAssignments(db: Queryable, assignments: readonly RoleAssignment[]): Promise<RoleDescription[]> {
  const organisationIds = ids(assignments.map((a) => a.organisationId));
  const areaIds = ids(assignments.map((a) => a.areaId));
  const regionIds = ids(assignments.map((a) => a.regionId));
  const personIds = ids(assignments.map((a) => a.personId));
  const [organisationRows, areaRows, regionRows, personRows] = await Promise.all([
    organisationIds.length ? db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, organisationIds)) : [],
    areaIds.length ? db.select({ id: areas.id, name: areas.name }).from(areas).where(inArray(areas.id, areaIds)) : [],
    regionIds.length ? db.select({ id: regions.id, name: regions.name }).from(regions).where(inArray(regions.id, regionIds)) : [],
    // A personal role names the person's area too, so the read stays in that area.
    personIds.length
      ? db
          .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
          .from(people)
          .where(and(inArray(people.areaId, ids(assignments.filter((a) => a.personId).map((a) => a.areaId))), inArray(people.id, personIds)))
      : [],
  ]);
  const name = (rows: { id: string; name: string }[], id: string | null) => rows.find((row) => row.id === id)?.name ?? null;
  return assignments.map((assignment) => {
    const organisationName = name(organisationRows, assignment.organisationId);
    const areaName = name(areaRows, assignment.areaId);
    const regionName = name(regionRows, assignment.regionId);
    const person = personRows.find((row) => row.id === assignment.personId);
    const roleName = roleNames[assignment.role];
    let description = roleName;
    if (assignment.role === 'representative' && person) description = `Representative for ${person.givenName} ${person.familyName}`;
    else if (assignment.role === 'budget_holder') description = `Budget holder${areaName ? ` in ${areaName}` : ''}`;
    else if (organisationName) description = `${roleName} at ${organisationName}`;
    else if (regionName) description = `${roleName} for ${regionName}`;
    return { ...assignment, description, organisationName, areaName, regionName };
  });
}
