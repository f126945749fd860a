// The issue-3 API: a person's assessment, eligibility and indicative budgets, and an area's configuration, each
// through the same access policy as the pages, with every read of a person audited.
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { areaConfigurations, assessments, auditLog, consents, eligibilityDecisions, people, users } from '../../db/schema.ts';
import { testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, seedDemo } from '../../../test/support/demo.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { recordCompletedAssessment, sampleAnswers } from '../../../test/support/assessment-records.ts';
import { areaConfigurationSchema, assessmentSchema, configurationSchema, eligibilitySchema, indicativeBudgetsSchema, problemSchema } from './schemas.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
const place = { northshire: '', riverton: '' };
const tokens = new Map<string, { token: string; id: string }>();

beforeAll(async () => {
  ({ app, database } = await testApp());
  [place.northshire, place.riverton] = (await seedDemo(database)).areaIds as [string, string];
});
afterAll(() => app.close());

function organisationOf(areaId: string, kind: string) {
  return demoOrganisation(database, areaId, kind);
}

async function tokenFor(areaId: string, kind: string, role: string) {
  const key = `${areaId}:${kind}:${role}`;
  const held = tokens.get(key);
  if (held) return held;
  const organisation = await organisationOf(areaId, kind);
  const result = await issueToken(database, organisation.id, role, `${kind} ${role}`);
  const made = result;
  tokens.set(key, made);
  return made;
}

const practitioner = () => tokenFor(place.northshire, 'county_council', 'practitioner');

function call(url: string, token?: string) {
  return app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** A new person for each test, sharing their record with the area's county council only. */
let made = 0;
async function newPerson(areaId = place.northshire) {
  const [person] = await database.db.insert(people).values({ areaId, givenName: 'Api', familyName: `Person ${++made}`, dateOfBirth: '1975-09-01' }).returning();
  await database.db.insert(consents).values({ areaId, personId: person!.id, organisationId: (await organisationOf(areaId, 'county_council')).id });
  return person!;
}

async function tokenAudit(tokenId: string, subjectId: string, action: string) {
  return database.db.select().from(auditLog).where(and(eq(auditLog.actorType, 'api_token'), eq(auditLog.actorId, tokenId), eq(auditLog.subjectId, subjectId), eq(auditLog.action, action)));
}

describe.each(['assessment', 'eligibility', 'indicative-budget'])('GET /api/v1/people/:personId/%s refusals', (resource) => {
  it('asks for a token first, then refuses another area (audited) or an organisation without consent, and answers 404 and 400', async () => {
    const person = await newPerson();
    await recordCompletedAssessment(database.db, person.id);
    expect((await call(`/api/v1/people/${person.id}/${resource}`)).statusCode).toBe(401);
    expect((await call(`/api/v1/people/not-a-uuid/${resource}`)).statusCode).toBe(401);

    const other = await tokenFor(place.riverton, 'county_council', 'practitioner');
    const refused = await call(`/api/v1/people/${person.id}/${resource}`, other.token);
    expect(refused.statusCode).toBe(403);
    expect(problemSchema.strict().parse(refused.json()).statusCode).toBe(403);
    expect(refused.body).not.toContain(person.familyName);
    const [denial] = await tokenAudit(other.id, person.id, 'person.read');
    expect(denial).toMatchObject({ outcome: 'denied', route: `/api/v1/people/:personId/${resource}` });

    const unconsented = await tokenFor(place.northshire, 'district_council', 'practitioner');
    expect((await call(`/api/v1/people/${person.id}/${resource}`, unconsented.token)).statusCode).toBe(403);
    const director = await tokenFor(place.northshire, 'county_council', 'director');
    expect((await call(`/api/v1/people/${person.id}/${resource}`, director.token)).statusCode).toBe(403);

    const { token } = await practitioner();
    const unknown = await call(`/api/v1/people/${randomUUID()}/${resource}`, token);
    expect(unknown.statusCode).toBe(404);
    expect(problemSchema.strict().parse(unknown.json())).toEqual({ statusCode: 404, error: 'There is no person with this id' });
    const invalid = await call(`/api/v1/people/not-a-uuid/${resource}`, token);
    expect(invalid.statusCode).toBe(400);
    expect(problemSchema.strict().parse(invalid.json()).issues?.length).toBeGreaterThan(0);
  });
});

describe('GET /api/v1/people/:personId/assessment', () => {
  it('gives the latest assessment with its question set version and answers, and audits the read', async () => {
    const person = await newPerson();
    const recorded = await recordCompletedAssessment(database.db, person.id);
    const { token, id } = await practitioner();
    const response = await call(`/api/v1/people/${person.id}/assessment`, token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = assessmentSchema.strict().parse(response.json());
    const [questionSet] = await database.db.select().from(areaConfigurations).where(eq(areaConfigurations.id, recorded.questionSetId));
    expect(body).toMatchObject({ id: recorded.assessmentId, personId: person.id, status: 'completed', questionSet: { id: questionSet!.id, version: questionSet!.version, effectiveFrom: questionSet!.effectiveFrom, illustrative: true } });
    expect(body.answers).toEqual(sampleAnswers);
    expect(body.completedAt).not.toBeNull();
    const [read] = await tokenAudit(id, person.id, 'person.read');
    expect(read).toMatchObject({ outcome: 'allowed', route: '/api/v1/people/:personId/assessment', areaId: place.northshire });
  });

  it('shows a newer assessment still in progress, and answers 404 for a person who has not started one', async () => {
    const person = await newPerson();
    const recorded = await recordCompletedAssessment(database.db, person.id, sampleAnswers, new Date(Date.now() - 86_400_000));
    const [started] = await database.db
      .insert(assessments)
      .values({ areaId: place.northshire, personId: person.id, questionSetId: recorded.questionSetId, answers: { impairment: true, 'work-status': 'looking-for-work' } })
      .returning();
    const { token } = await practitioner();
    const body = assessmentSchema.strict().parse((await call(`/api/v1/people/${person.id}/assessment`, token)).json());
    expect(body).toMatchObject({ id: started!.id, status: 'in progress', completedAt: null, answers: { impairment: true, 'work-status': 'looking-for-work' } });

    const newcomer = await newPerson();
    const missing = await call(`/api/v1/people/${newcomer.id}/assessment`, token);
    expect(missing.statusCode).toBe(404);
    expect(problemSchema.strict().parse(missing.json())).toEqual({ statusCode: 404, error: 'This person has not started a self-assessment' });
  });
});

describe('GET /api/v1/people/:personId/eligibility', () => {
  it('gives every stream’s decision, reasons, owner and confirmation', async () => {
    const person = await newPerson();
    const recorded = await recordCompletedAssessment(database.db, person.id);
    const [confirmer] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    const care = recorded.decisions.find((decision) => decision.streamCode === 'adult-social-care')!;
    const confirmedAt = new Date('2026-02-03T11:00:00Z');
    await database.db
      .update(eligibilityDecisions)
      .set({ confirmedDecision: 'not eligible', confirmationReason: 'Needs are met by a reablement package.', confirmedByUserId: confirmer!.id, confirmedAt })
      .where(eq(eligibilityDecisions.id, care.id));

    const { token } = await practitioner();
    const response = await call(`/api/v1/people/${person.id}/eligibility`, token);
    expect(response.statusCode).toBe(200);
    const body = eligibilitySchema.strict().parse(response.json());
    expect(body).toMatchObject({ personId: person.id, assessmentId: recorded.assessmentId });
    expect(body.decisions.map((decision) => decision.streamCode).sort()).toEqual(recorded.decisions.map((decision) => decision.streamCode).sort());
    const county = await organisationOf(place.northshire, 'county_council');
    const careOut = body.decisions.find((decision) => decision.streamCode === 'adult-social-care')!;
    expect(careOut).toMatchObject({
      id: care.id,
      streamName: 'Adult Social Care',
      owningOrganisation: { id: county.id, name: county.name },
      decision: 'eligible',
      reasons: care.reasons as string[],
      rulesId: care.rulesId,
      confirmation: { decision: 'not eligible', overridden: true, reason: 'Needs are met by a reablement package.', confirmedBy: { userId: confirmer!.id, name: confirmer!.displayName }, confirmedAt: confirmedAt.toISOString() },
      decisionInForce: 'not eligible',
    });
    expect(careOut.reasons.length).toBeGreaterThan(0);
    const work = body.decisions.find((decision) => decision.streamCode === 'access-to-work')!;
    expect(work).toMatchObject({ decision: 'eligible', confirmation: null, decisionInForce: 'eligible', owningOrganisation: { name: 'Northshire Jobcentre Plus' } });
    expect(body.decisions.find((decision) => decision.streamCode === 'disabled-facilities-grant')!.decision).toBe('not eligible');
  });

  it('is an empty list for a person who has not completed an assessment', async () => {
    const person = await newPerson();
    const { token } = await practitioner();
    const body = eligibilitySchema.strict().parse((await call(`/api/v1/people/${person.id}/eligibility`, token)).json());
    expect(body).toEqual({ personId: person.id, assessmentId: null, completedAt: null, decisions: [] });
  });
});

describe('GET /api/v1/people/:personId/indicative-budget', () => {
  it('gives the current budget per stream with lines that add up, totals, and how many were replaced', async () => {
    const person = await newPerson();
    const first = await recordCompletedAssessment(database.db, person.id, sampleAnswers, new Date(Date.now() - 7 * 86_400_000));
    const { token } = await practitioner();
    const before = indicativeBudgetsSchema.strict().parse((await call(`/api/v1/people/${person.id}/indicative-budget`, token)).json());
    expect(before.historyCount).toBe(0);
    expect(before.budgets.map((budget) => budget.id).sort()).toEqual(first.budgets.map((budget) => budget.id).sort());

    const second = await recordCompletedAssessment(database.db, person.id, { ...sampleAnswers, 'work-support-worker-hours': 10 });
    const response = await call(`/api/v1/people/${person.id}/indicative-budget`, token);
    expect(response.statusCode).toBe(200);
    const body = indicativeBudgetsSchema.strict().parse(response.json());
    expect(body.personId).toBe(person.id);
    expect(body.historyCount).toBe(first.budgets.length);
    expect(body.budgets.map((budget) => budget.streamCode)).toEqual(['access-to-work', 'adult-social-care']);
    expect(body.budgets.map((budget) => budget.id).sort()).toEqual(second.budgets.map((budget) => budget.id).sort());
    for (const budget of body.budgets) {
      expect(budget.assessmentId).toBe(second.assessmentId);
      expect(budget.lines.reduce((sum, line) => sum + line.weeklyPenceChange, 0)).toBe(budget.weeklyPence);
      expect(budget.yearlyPence).toBe(budget.weeklyPence * 52);
      expect(budget.lines.length).toBeGreaterThan(0);
    }
    expect(body.budgets.find((budget) => budget.streamCode === 'access-to-work')!.weeklyPence).toBeGreaterThan(before.budgets.find((budget) => budget.streamCode === 'access-to-work')!.weeklyPence);
    expect(body.total).toEqual({
      weeklyPence: body.budgets.reduce((sum, budget) => sum + budget.weeklyPence, 0),
      yearlyPence: body.budgets.reduce((sum, budget) => sum + budget.yearlyPence, 0),
      oneOffPence: body.budgets.reduce((sum, budget) => sum + budget.oneOffPence, 0),
    });
  });

  it('is empty, with zero totals, before any budget is issued', async () => {
    const person = await newPerson();
    const { token } = await practitioner();
    const body = indicativeBudgetsSchema.strict().parse((await call(`/api/v1/people/${person.id}/indicative-budget`, token)).json());
    expect(body).toEqual({ personId: person.id, budgets: [], total: { weeklyPence: 0, yearlyPence: 0, oneOffPence: 0 }, historyCount: 0 });
  });
});

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
    expect(problemSchema.strict().parse(unknown.json())).toEqual({ statusCode: 404, error: 'There is no configuration with this id' });
    expect((await call('/api/v1/configuration/ras-table', token)).statusCode).toBe(400);
    expect((await call(`/api/v1/configuration/${rules!.id}`)).statusCode).toBe(401);
  });
});
