// A small demo region as a test fixture: every role, two areas, a few people, known emails and password.
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createDemoRegion, demoPasswordText } from '../../src/demo/demo-region.ts';

export const password = demoPasswordText;

export async function seedDemo(database: DatabaseHandle, people = 12) {
  return createDemoRegion(database.db, { people, seed: 7 });
}
