// Reads who the actors on a person's record history are, as roles and organisations (never names or emails): the
// role assignments of the users and the organisation of the API tokens the page's entries name.
import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { apiTokens, organisations, roleAssignments } from '../../db/schema.ts';
import type { ActorAssignment, ActorRoles } from './visits.ts';

export async function actorRoles(db: Queryable, actors: { userIds: readonly string[]; tokenIds: readonly string[] }): Promise<ActorRoles> {
  const [assignments, tokens] = await Promise.all([
    actors.userIds.length
      ? db
          .select({
            userId: roleAssignments.userId,
            role: roleAssignments.role,
            areaId: roleAssignments.areaId,
            personId: roleAssignments.personId,
            organisationName: organisations.name,
          })
          .from(roleAssignments)
          .leftJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
          .where(inArray(roleAssignments.userId, [...actors.userIds]))
      : [],
    actors.tokenIds.length
      ? db
          .select({ tokenId: apiTokens.id, role: apiTokens.role, organisationName: organisations.name })
          .from(apiTokens)
          .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
          .where(inArray(apiTokens.id, [...actors.tokenIds]))
      : [],
  ]);
  const users = new Map<string, ActorAssignment[]>();
  for (const { userId, ...assignment } of assignments) users.set(userId, [...(users.get(userId) ?? []), assignment]);
  return { users, tokens: new Map(tokens.map(({ tokenId, ...token }) => [tokenId, token])) };
}
