// GET /api/v1/people/:personId/eligibility on the real application: every stream's decision, its reasons, owner and
// confirmation.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { eligibilityDecisions, users } from '../../db/schema.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { recordCompletedAssessment } from '../../../test/support/assessment-records.ts';
import { eligibilitySchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
let database: DatabaseHandle;
beforeAll(() => {
  ({ database } = api.context);
});
const { organisationOf, call, newPerson, tokenFor } = api;

const practitioner = () => tokenFor(place.northshire, 'county_council', 'practitioner');

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
    // How to reach the owner and ask for the decision to be looked at again, as the pages say it.
    expect(careOut.owningOrganisation!.contacts).toEqual({ phone: county.contactPhone, email: county.contactEmail, postalAddress: county.postalAddress, openingHours: county.openingHours, textRelay: county.textRelay, bslVideoRelayUrl: county.bslVideoRelayUrl });
    expect(county.contactPhone).toBeTruthy();
    expect(careOut.howToAskForReview.join(' ')).toContain(`Contact ${county.name} within one month of the date of the decision`);
  });

  it('is an empty list for a person who has not completed an assessment', async () => {
    const person = await newPerson();
    const { token } = await practitioner();
    const body = eligibilitySchema.strict().parse((await call(`/api/v1/people/${person.id}/eligibility`, token)).json());
    expect(body).toEqual({ personId: person.id, assessmentId: null, completedAt: null, decisions: [] });
  });
});
