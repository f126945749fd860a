// What the health check asks of the database: only whether it answers.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';

/** True if the database answers a trivial query; false (never a throw) if it cannot be reached. */
export async function databaseAnswers(db: Queryable): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
