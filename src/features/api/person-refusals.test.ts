// Every JSON API endpoint about a person's assessment, eligibility or budget refuses in the same ways, in the same
// order, with refusals audited: no token first, then the access policy, then not found and bad input.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog } from '../../db/schema.ts';
import { problemSchema } from '../../platform/api.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { recordCompletedAssessment } from '../../../test/support/assessment-records.ts';

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

describe.each(['assessment', 'eligibility', 'indicative-budget'])('GET /api/v1/people/:personId/%s refusals', (resource) => {
  it('asks for a token first, then refuses another area (audited) or an organisation without consent, and answers 404 and 400', async () => {
    const person = await newPerson();
    await recordCompletedAssessment(database.db, person.id);
    expect((await call(`/api/v1/people/${person.id}/${resource}`)).statusCode).toBe(401);
    expect((await call(`/api/v1/people/not-a-uuid/${resource}`)).statusCode).toBe(401);

    const other = await tokenFor(place.riverton, 'county_council', 'practitioner');
    const refused = await call(`/api/v1/people/${person.id}/${resource}`, other.token);
    expect(refused.statusCode).toBe(403);
    expect(problemSchema.strict().parse(refused.json()).status).toBe(403);
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
    expect(problemSchema.strict().parse(unknown.json())).toMatchObject({ status: 404, detail: 'There is no person with this id' });
    const invalid = await call(`/api/v1/people/not-a-uuid/${resource}`, token);
    expect(invalid.statusCode).toBe(400);
    expect(problemSchema.strict().parse(invalid.json()).issues?.length).toBeGreaterThan(0);
  });
});
