// Every read and write of a table sharded by area names the area (ADR 10), so on Citus it reaches one shard: checked
// over the SQL of the whole test run (this file runs last) and of a sweep of every page as each kind of user.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { type CrossAreaRead, statementsWithoutArea } from '../../src/db/distribution.ts';
import { apiTokens, areaConfigurations, areas, fundingStreams, organisations, personSupporters, regions, users } from '../../src/db/schema.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';
import { recordedStatements } from '../support/statements.ts';

/** The cross-area reads ADR 10 names as deliberate, each one row or counts, never a list of people. */
const deliberate: CrossAreaRead[] = [
  {
    why: 'the area of a person outside every area the reader works in, to refuse with an audited 403; and checking a proposed id is no one else’s',
    matches: /^select "area_id" from "people" where "people"\."id" = \$1 limit \$2$/,
  },
  {
    why: 'the area of a funding stream outside every area the administrator works in, to refuse with an audited 403',
    matches: /^select "funding_streams"\."area_id", "areas"\."region_id" from "funding_streams" inner join "areas" on "areas"\."id" = "funding_streams"\."area_id" where "funding_streams"\."id" = \$1 limit \$2$/,
  },
  {
    why: 'the area of a configuration version outside the API token’s area, to refuse with an audited 403',
    matches: /^select "area_configurations"\."area_id", "areas"\."region_id" from "area_configurations" inner join "areas" on "areas"\."id" = "area_configurations"\."area_id" where "area_configurations"\."id" = \$1 limit \$2$/,
  },
  {
    why: 'the area of a payment run outside every area the finance officer works in, to refuse with an audited 403',
    matches: /^select "payment_runs"\."area_id", "areas"\."region_id" from "payment_runs" inner join "areas" on "areas"\."id" = "payment_runs"\."area_id" where "payment_runs"\."id" = \$1 limit \$2$/,
  },
  {
    why: 'a regional coordinator’s count of people per area across the region (suppressed before it is shown)',
    matches: /^select "areas"\."id", "areas"\."name", coalesce\("total", 0\) from "areas" left join \(select "area_id", count\(\*\) as "total" from "people" group by "people"\."area_id"\) "people_count"/,
  },
];

let app: FastifyInstance;
let database: DatabaseHandle;

const identities = ['practitioner@northshire.example', 'budget.holder@northshire.example', 'admin@northshire.example', 'director@northshire.example', 'finance@northshire.example', 'coordinator@region.example', 'sysadmin@platform.example'];

async function idsFor(browser: TestBrowser): Promise<Record<string, string>> {
  const home = await browser.get('/');
  const personId = /\/people\/([0-9a-f-]{36})/.exec(home.body)?.[1];
  const [area] = await database.db.select().from(areas).where(eq(areas.name, 'Northshire (illustrative)'));
  const [configuration] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.areaId, area!.id));
  const [stream] = await database.db.select().from(fundingStreams).where(eq(fundingStreams.areaId, area!.id));
  const [organisation] = await database.db.select().from(organisations).where(eq(organisations.areaId, area!.id));
  const [supporter] = await database.db.select().from(personSupporters).where(eq(personSupporters.areaId, area!.id));
  const [region] = await database.db.select().from(regions);
  const [user] = await database.db.select().from(users);
  const [token] = await database.db.select().from(apiTokens);
  return {
    personId: personId ?? '00000000-0000-4000-8000-000000000000',
    areaId: area!.id,
    configurationId: configuration!.id,
    streamId: stream!.id,
    streamCode: stream!.code,
    organisationId: organisation!.id,
    supporterId: supporter?.id ?? '00000000-0000-4000-8000-000000000000',
    regionId: region!.id,
    userId: user!.id,
    tokenId: token?.id ?? '00000000-0000-4000-8000-000000000000',
    sectionId: 'about-you',
  };
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  await seedDemo(database);
  const routes = [...new Set(app.routeCatalogue.filter((route) => route.method === 'GET' && !route.url.includes('*') && !route.url.startsWith('/api/')).map((route) => route.url))];
  for (const email of identities) {
    const browser = new TestBrowser(app);
    await browser.signIn(email, password);
    const ids = await idsFor(browser);
    for (const route of routes) await browser.get(route.replace(/:([A-Za-z]+)/g, (_match, name: string) => ids[name] ?? 'x'));
  }
}, 180_000);
afterAll(() => app.close());

describe('queries name their area', () => {
  it('every statement on a table sharded by area has an area_id condition, apart from the deliberate cross-area reads', () => {
    expect(recordedStatements.size).toBeGreaterThan(50);
    expect(statementsWithoutArea(recordedStatements, deliberate)).toEqual([]);
  });
});
