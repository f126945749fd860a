// The accessibility statement gives real places to report a problem: each area's lead council, from its details.
import { inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { organisations } from '../../db/schema.ts';
import { testApp } from '../../../test/support/app.ts';
import { organisationOf, seedDemo } from '../../../test/support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let demo: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  ({ app, database } = await testApp());
  demo = await seedDemo(database);
});
afterAll(() => app.close());

describe('the accessibility statement', () => {
  it('names each area’s lead council with its contact details, and says plainly when none has given any', async () => {
    const [northshire, riverton] = await Promise.all(demo.areaIds.map((areaId) => organisationOf(database, areaId, 'county_council')));
    const page = await app.inject({ method: 'GET', url: '/accessibility' });
    expect(page.statusCode).toBe(200);
    for (const council of [northshire!, riverton!]) {
      expect(page.body).toContain(council.name);
      expect(page.body).toContain(`Phone: <a class="govuk-link" href="tel:${council.contactPhone!.replace(/\s/g, '')}">${council.contactPhone}</a>`);
      expect(page.body).toContain(`mailto:${council.contactEmail}`);
      expect(page.body).toContain(council.textRelay!);
    }
    expect(page.body).not.toContain('Their contact details are in the letters they send you');

    const blank = { contactPhone: null, contactEmail: null, postalAddress: null, textRelay: null, bslVideoRelayUrl: null };
    await database.db.update(organisations).set(blank).where(inArray(organisations.id, [northshire!.id, riverton!.id]));
    const none = await app.inject({ method: 'GET', url: '/accessibility' });
    expect(none.body).not.toContain(northshire!.name);
    expect(none.body).toContain('No council has given its contact details yet. Ask the staff who support you.');
  });
});
