// GET /api/v1/people/:personId/assessment on the real application: the latest self-assessment, its question set
// version and answers, with the read audited.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { areaConfigurations, assessments, auditLog, consents, people } from '../../db/schema.ts';
import { problemSchema } from '../../platform/api.ts';
import { testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, seedDemo } from '../../../test/support/demo.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { recordCompletedAssessment, sampleAnswers } from '../../../test/support/assessment-records.ts';
import { assessmentSchema } from './api.ts';

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
