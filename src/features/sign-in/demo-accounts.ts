// The demo's sign-in details, shown on the sign-in page outside production so a newcomer can try every role.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { roleAssignments, users } from '../../db/schema.ts';
import { type Role, roleNames } from '../../domain/roles.ts';

export async function demoAccounts(db: Database): Promise<{ email: string; roles: string }[]> {
  const rows = await db
    .select({ email: users.email, role: roleAssignments.role })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(eq(users.illustrative, true))
    .orderBy(asc(users.email));
  const byEmail = new Map<string, string[]>();
  for (const row of rows) byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), roleNames[row.role as Role] ?? row.role]);
  return [...byEmail].map(([email, roles]) => ({ email, roles: [...new Set(roles)].join(', ') }));
}
