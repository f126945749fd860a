// Describes a user's roles in words ("Practitioner at Northshire County Council"), for their account and home page.
import { and, inArray, sql } from 'drizzle-orm';
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

const namedTables = { organisation: organisations, area: areas, region: regions } as const;
type Named = keyof typeof namedTables;

/** The names of organisations, areas and regions by id, in one statement (one round trip on every page that says who you are). */
async function namesOf(db: Queryable, wanted: Record<Named, string[]>): Promise<{ kind: Named; id: string; name: string }[]> {
  const parts = (Object.keys(wanted) as Named[])
    .filter((kind) => wanted[kind].length > 0)
    .map((kind) => {
      const table = namedTables[kind];
      return sql`select ${kind}::text as kind, ${table.id}::text as id, ${table.name} as name from ${table} where ${inArray(table.id, wanted[kind])}`;
    });
  if (parts.length === 0) return [];
  const result = (await db.execute(sql.join(parts, sql` union all `))) as unknown as { rows: { kind: Named; id: string; name: string }[] };
  return result.rows;
}

export async function describeAssignments(db: Queryable, assignments: readonly RoleAssignment[]): Promise<RoleDescription[]> {
  const organisationIds = ids(assignments.map((a) => a.organisationId));
  const areaIds = ids(assignments.map((a) => a.areaId));
  const regionIds = ids(assignments.map((a) => a.regionId));
  const personIds = ids(assignments.map((a) => a.personId));
  const [names, personRows] = await Promise.all([
    namesOf(db, { organisation: organisationIds, area: areaIds, region: regionIds }),
    // A personal role names the person's area too, so the read stays in that area.
    personIds.length
      ? db
          .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
          .from(people)
          .where(and(inArray(people.areaId, ids(assignments.filter((a) => a.personId).map((a) => a.areaId))), inArray(people.id, personIds)))
      : [],
  ]);
  const organisationRows = names.filter((row) => row.kind === 'organisation');
  const areaRows = names.filter((row) => row.kind === 'area');
  const regionRows = names.filter((row) => row.kind === 'region');
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
