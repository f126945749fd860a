// GET /api/v1/areas/:areaId/funding-streams on the real application: staff of the area see its streams and owners.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, organisations } from '../../db/schema.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { fundingStreamsSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
let database: DatabaseHandle;
beforeAll(() => {
  ({ database } = api.context);
});
const { call, issueFor: tokenFor } = api;

describe('GET /api/v1/areas/:areaId/funding-streams', () => {
  it('lists the area’s streams with their owning organisation for staff of the area', async () => {
    const { token } = await tokenFor(place.northshire, 'jobcentre_plus', 'practitioner');
    const response = await call(`/api/v1/areas/${place.northshire}/funding-streams`, token);
    expect(response.statusCode).toBe(200);
    const body = fundingStreamsSchema.strict().parse(response.json());
    expect(body.areaId).toBe(place.northshire);
    expect(body.streams.length).toBeGreaterThan(0);
    const owners = await database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.areaId, place.northshire));
    for (const stream of body.streams) {
      expect(stream.code).not.toBe('');
      expect(owners.map((owner) => owner.id)).toContain(stream.owningOrganisation.id);
    }
  });

  it('refuses another area (403, audited), answers 404 for an unknown area and 400 for a bad id', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const refused = await call(`/api/v1/areas/${place.riverton}/funding-streams`, token);
    expect(refused.statusCode).toBe(403);
    const [denial] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'area.read')));
    expect(denial).toMatchObject({ outcome: 'denied', subjectId: place.riverton });
    expect((await call(`/api/v1/areas/${randomUUID()}/funding-streams`, token)).statusCode).toBe(404);
    expect((await call('/api/v1/areas/northshire/funding-streams', token)).statusCode).toBe(400);
  });
});
