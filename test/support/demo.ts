// A small demo region as a test fixture: every role, two areas, a few people, known emails and password.
import { and, eq } from 'drizzle-orm';
import { organisations } from '../../src/db/schema.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createDemoRegion, demoPasswordText } from '../../src/demo/demo-region.ts';

export const password = demoPasswordText;

export async function seedDemo(database: DatabaseHandle, people = 12) {
  return createDemoRegion(database.db, { people, seed: 7 });
}

/** The organisation of a kind in a demo area (each demo area has exactly one of each kind). */
export async function organisationOf(database: DatabaseHandle, areaId: string, kind: string) {
  const [organisation] = await database.db.select().from(organisations).where(and(eq(organisations.areaId, areaId), eq(organisations.kind, kind)));
  if (!organisation) throw new Error(`No ${kind} in area ${areaId}`);
  return organisation;
}
