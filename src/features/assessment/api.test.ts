// GET /api/v1/people/:personId/assessment on the real application: the latest self-assessment, its question set
// version and answers, with the read audited.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { areaConfigurations, assessments, auditLog } from '../../db/schema.ts';
import { problemSchema } from '../../platform/api.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { recordCompletedAssessment, sampleAnswers } from '../../../test/support/assessment-records.ts';
import { assessmentSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
let database: DatabaseHandle;
beforeAll(() => {
  ({ database } = api.context);
});
const { call, newPerson, tokenFor } = api;

const practitioner = () => tokenFor(place.northshire, 'county_council', 'practitioner');

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
    expect(problemSchema.strict().parse(missing.json())).toMatchObject({ status: 404, detail: 'This person has not started a self-assessment' });
  });
});
