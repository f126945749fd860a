// Published configuration versions are kept in memory, so a page or a what-if does not read their definitions again,
// while a version published a moment ago is in force at once: the database still says which versions are in force.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { observeStatements } from '../../src/db/database.ts';
import { areaConfigurations, areas } from '../../src/db/schema.ts';
import { configurationById, configurationInForce } from '../../src/records/configuration-store.ts';
import { testApp } from '../support/app.ts';
import { seedDemo } from '../support/demo.ts';

let database: DatabaseHandle;
let areaId: string;
let close: () => Promise<void>;
const day = '2026-12-02';

beforeAll(async () => {
  const built = await testApp();
  database = built.database;
  close = () => built.app.close();
  await seedDemo(database, 2);
  [{ id: areaId }] = (await database.db.select({ id: areas.id }).from(areas).where(eq(areas.name, 'Northshire (illustrative)'))) as [{ id: string }];
});
afterAll(() => close());

async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const stop = observeStatements((statement) => sent.push(statement));
  try {
    return { result: await work(), sent };
  } finally {
    stop();
  }
}

describe('the configuration cache', () => {
  it('reads published definitions once: afterwards only which versions are in force', async () => {
    await configurationInForce(database.db, areaId, day);
    const { result, sent } = await statementsDuring(() => configurationInForce(database.db, areaId, day));
    expect(result?.questionSet.definition).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toMatch(/"definition"/);
    const again = await statementsDuring(() => configurationById(database.db, areaId, result!.rules.id));
    expect(again.sent).toEqual([]);
    expect(again.result?.definition).toEqual(result!.rules.definition);
  });

  it('puts a version published a moment ago in force at once', async () => {
    const before = await configurationInForce(database.db, areaId, day);
    const [rules] = await database.db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.id, before!.rules.id)));
    const [published] = await database.db
      .insert(areaConfigurations)
      .values({ areaId, kind: 'eligibility-rules', version: 2, definition: rules!.definition, illustrative: false, effectiveFrom: day, publishedAt: new Date(`${day}T09:00:00Z`) })
      .returning();
    const after = await configurationInForce(database.db, areaId, day);
    expect(after?.rules).toMatchObject({ id: published!.id, version: 2, illustrative: false });
    expect(after?.questionSet.id).toBe(before!.questionSet.id);
  });

  it('never keeps a draft: publishing it (which sets its first day) is seen by the next read', async () => {
    const before = await configurationInForce(database.db, areaId, day);
    const [draft] = await database.db
      .insert(areaConfigurations)
      .values({ areaId, kind: 'question-set', version: 9, definition: before!.questionSet.definition as object, illustrative: true, effectiveFrom: '2099-01-01', publishedAt: null })
      .returning();
    expect((await configurationById(database.db, areaId, draft!.id))?.effectiveFrom).toBe('2099-01-01');
    await database.db.update(areaConfigurations).set({ effectiveFrom: day, publishedAt: new Date(`${day}T10:00:00Z`) }).where(and(eq(areaConfigurations.areaId, areaId), eq(areaConfigurations.id, draft!.id)));
    expect((await configurationById(database.db, areaId, draft!.id))?.effectiveFrom).toBe(day);
    expect((await configurationInForce(database.db, areaId, day))?.questionSet.id).toBe(draft!.id);
  });
});
