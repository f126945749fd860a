// The configuration endpoints of the JSON API on the real application: what is in force in an area on a day, and
// one version with its definition, drafts kept to area administrators.
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { areaConfigurations, auditLog } from '../../db/schema.ts';
import { problemSchema } from '../../platform/api.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { areaConfigurationSchema, configurationSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
let database: DatabaseHandle;
beforeAll(() => {
  ({ database } = api.context);
});
const { call, tokenFor } = api;

const practitioner = () => tokenFor(place.northshire, 'county_council', 'practitioner');

describe('GET /api/v1/areas/:areaId/configuration', () => {
  it('lists the versions in force today: one question set, one set of rules, and a RAS table or calculator per stream', async () => {
    const { token } = await tokenFor(place.northshire, 'jobcentre_plus', 'practitioner');
    const response = await call(`/api/v1/areas/${place.northshire}/configuration`, token);
    expect(response.statusCode).toBe(200);
    const body = areaConfigurationSchema.strict().parse(response.json());
    expect(body.areaId).toBe(place.northshire);
    expect(body.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const kinds = body.versions.map((version) => version.kind);
    expect(kinds.filter((kind) => kind === 'question-set')).toHaveLength(1);
    expect(kinds.filter((kind) => kind === 'eligibility-rules')).toHaveLength(1);
    const priced = body.versions.filter((version) => version.kind === 'ras-table' || version.kind === 'calculator');
    expect(priced.map((version) => version.streamCode).sort()).toEqual(['access-to-work', 'adult-social-care', 'disabled-facilities-grant', 'independent-living-fund', 'supporting-people', 'work-choice']);
    expect(priced.find((version) => version.kind === 'ras-table')).toMatchObject({ streamCode: 'adult-social-care', streamName: 'Adult Social Care', illustrative: true });
    const published = await database.db.select({ id: areaConfigurations.id }).from(areaConfigurations).where(and(eq(areaConfigurations.areaId, place.northshire), isNotNull(areaConfigurations.publishedAt)));
    for (const version of body.versions) expect(published.map((row) => row.id)).toContain(version.id);
    expect(body.versions.every((version) => version.effectiveFrom <= body.on && version.name)).toBe(true);
  });

  it('shows a recalibration only from its effective day, and nothing before the first version', async () => {
    const [table] = await database.db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, place.northshire), eq(areaConfigurations.kind, 'ras-table')));
    const [recalibrated] = await database.db
      .insert(areaConfigurations)
      .values({ areaId: place.northshire, kind: 'ras-table', streamCode: table!.streamCode, version: 90, definition: { ...(table!.definition as object), effectiveFrom: '2099-04-01' }, illustrative: true, effectiveFrom: '2099-04-01', publishedAt: new Date() })
      .returning();
    const { token } = await practitioner();
    const rasOn = async (day: string) => areaConfigurationSchema.parse((await call(`/api/v1/areas/${place.northshire}/configuration?on=${day}`, token)).json()).versions.find((version) => version.kind === 'ras-table')?.id;
    expect(await rasOn('2099-03-31')).toBe(table!.id);
    expect(await rasOn('2099-04-01')).toBe(recalibrated!.id);
    expect(areaConfigurationSchema.parse((await call(`/api/v1/areas/${place.northshire}/configuration?on=2000-01-01`, token)).json()).versions).toEqual([]);
    for (const day of ['2026-02-30', 'tomorrow', '01/04/2026']) expect((await call(`/api/v1/areas/${place.northshire}/configuration?on=${day}`, token)).statusCode, day).toBe(400);
  });

  it('refuses another area (403, audited), answers 404 for an unknown area, 400 for a bad id, 401 without a token', async () => {
    const { token, id } = await practitioner();
    expect((await call(`/api/v1/areas/${place.riverton}/configuration`, token)).statusCode).toBe(403);
    const [denial] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'area.read'), eq(auditLog.subjectId, place.riverton)));
    expect(denial).toMatchObject({ outcome: 'denied', route: '/api/v1/areas/:areaId/configuration' });
    expect((await call(`/api/v1/areas/${randomUUID()}/configuration`, token)).statusCode).toBe(404);
    expect((await call('/api/v1/areas/northshire/configuration', token)).statusCode).toBe(400);
    expect((await call(`/api/v1/areas/${place.northshire}/configuration`)).statusCode).toBe(401);
  });
});

describe('GET /api/v1/configuration/:configurationId', () => {
  it('gives a version with its JSON definition', async () => {
    const { token } = await practitioner();
    const inForce = areaConfigurationSchema.parse((await call(`/api/v1/areas/${place.northshire}/configuration`, token)).json());
    for (const version of inForce.versions) {
      const response = await call(`/api/v1/configuration/${version.id}`, token);
      expect(response.statusCode, version.kind).toBe(200);
      const body = configurationSchema.strict().parse(response.json());
      const [row] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, version.id));
      expect(body).toMatchObject({ id: version.id, areaId: place.northshire, kind: version.kind, streamCode: row!.streamCode, version: version.version, effectiveFrom: version.effectiveFrom, illustrative: true });
      expect(body.publishedAt).not.toBeNull();
      expect(body.definition).toEqual(row!.definition);
    }
  });

  it('keeps drafts to area administrators, refuses another area (audited), and answers 404, 400 and 401', async () => {
    const [rules] = await database.db.select().from(areaConfigurations).where(and(eq(areaConfigurations.areaId, place.northshire), eq(areaConfigurations.kind, 'eligibility-rules')));
    const [draft] = await database.db
      .insert(areaConfigurations)
      .values({ areaId: place.northshire, kind: 'eligibility-rules', version: 91, definition: rules!.definition, illustrative: true, effectiveFrom: '2099-01-01' })
      .returning();
    const { token, id } = await practitioner();
    expect((await call(`/api/v1/configuration/${draft!.id}`, token)).statusCode).toBe(403);
    const administrator = await tokenFor(place.northshire, 'county_council', 'area_administrator');
    const seen = configurationSchema.strict().parse((await call(`/api/v1/configuration/${draft!.id}`, administrator.token)).json());
    expect(seen).toMatchObject({ id: draft!.id, publishedAt: null, kind: 'eligibility-rules' });

    const [elsewhere] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.areaId, place.riverton)).limit(1);
    expect((await call(`/api/v1/configuration/${elsewhere!.id}`, token)).statusCode).toBe(403);
    const [denial] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'area.read'), eq(auditLog.subjectId, place.riverton), eq(auditLog.route, '/api/v1/configuration/:configurationId')));
    expect(denial).toMatchObject({ outcome: 'denied' });

    const unknown = await call(`/api/v1/configuration/${randomUUID()}`, token);
    expect(unknown.statusCode).toBe(404);
    expect(problemSchema.strict().parse(unknown.json())).toMatchObject({ status: 404, detail: 'There is no configuration with this id' });
    expect((await call('/api/v1/configuration/ras-table', token)).statusCode).toBe(400);
    expect((await call(`/api/v1/configuration/${rules!.id}`)).statusCode).toBe(401);
  });
});
