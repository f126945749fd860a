// The catalogue and the cash equivalent on the real application's API: anyone with a role in the area reads them.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { cashEquivalentSchema, serviceCatalogueSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;

describe('GET /api/v1/areas/:areaId/catalogue', () => {
  it('lists the area’s services with the price in force and every earlier price', async () => {
    const { token } = await api.tokenFor(place.northshire, 'jobcentre_plus', 'practitioner');
    const response = await api.call(`/api/v1/areas/${place.northshire}/catalogue`, token);
    expect(response.statusCode).toBe(200);
    const body = serviceCatalogueSchema.strict().parse(response.json());
    const homeCare = body.services.find((service) => service.name === 'Home care')!;
    expect(homeCare.unit).toBe('hour');
    expect(homeCare.costInForce?.unitCostPence).toBe(2450);
    expect(homeCare.costs).toHaveLength(2);
    expect(homeCare.costs[0]!.unitCostPence).toBe(2300);
    expect(homeCare.fundingStreams.map((stream) => stream.code)).toEqual(expect.arrayContaining(['adult-social-care']));
    expect(homeCare.provider?.name).toContain('Home Care Co-operative');
    // On a day before the older price began, nothing was in force.
    const earlier = serviceCatalogueSchema.parse((await api.call(`/api/v1/areas/${place.northshire}/catalogue?on=2001-01-01`, token)).json());
    expect(earlier.services.every((service) => service.costInForce === null)).toBe(true);
  });

  it('refuses another area (403, audited)', async () => {
    const { token, id } = await api.issueFor(place.riverton, 'county_council', 'practitioner');
    expect((await api.call(`/api/v1/areas/${place.northshire}/catalogue`, token)).statusCode).toBe(403);
    const [denial] = await api.context.database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'catalogue.read')));
    expect(denial).toMatchObject({ outcome: 'denied', subjectId: place.northshire });
  });
});

describe('GET /api/v1/areas/:areaId/catalogue/:serviceId/cash-equivalent', () => {
  it('works out 3 hours of home care a day as money, and refuses a question it cannot answer', async () => {
    const { token } = await api.tokenFor(place.northshire, 'county_council', 'approver');
    const catalogue = serviceCatalogueSchema.parse((await api.call(`/api/v1/areas/${place.northshire}/catalogue`, token)).json());
    const homeCare = catalogue.services.find((service) => service.name === 'Home care')!;
    const url = `/api/v1/areas/${place.northshire}/catalogue/${homeCare.id}/cash-equivalent`;
    const response = await api.call(`${url}?quantity=3&often=week&times=7`, token);
    expect(response.statusCode).toBe(200);
    const body = cashEquivalentSchema.strict().parse(response.json());
    expect(body).toMatchObject({ weeklyPence: 51_450, yearlyPence: 2_675_400, times: 7, cost: { unitCostPence: 2450 } });
    expect(body.sentence).toBe('3 hours a day of Home care costs £514.50 a week (£26,754.00 a year). You can take this as money instead, as a direct payment.');
    expect((await api.call(`${url}?quantity=3&often=week`, token)).statusCode).toBe(400);
    expect((await api.call(`${url}?quantity=0&often=once`, token)).statusCode).toBe(400);
    expect((await api.call(`${url}?quantity=3&often=week&times=101`, token)).statusCode).toBe(400);
    expect((await api.call(`${url}?quantity=3&often=once&on=2001-01-01`, token)).statusCode).toBe(404);
  });
});
