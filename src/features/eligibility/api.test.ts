// GET /api/v1/people/:personId/eligibility on the real application: every stream's decision, its reasons, owner and
// confirmation.
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { consents, eligibilityDecisions, people, users } from '../../db/schema.ts';
import { testApp } from '../../../test/support/app.ts';
import { organisationOf as demoOrganisation, seedDemo } from '../../../test/support/demo.ts';
import { issueToken } from '../../../test/support/api-tokens.ts';
import { recordCompletedAssessment } from '../../../test/support/assessment-records.ts';
import { eligibilitySchema } from './api.ts';

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
