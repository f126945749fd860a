// The people endpoints of the JSON API on the real application: a token sees only the people the access policy
// allows, and every read of a person is audited.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, notInArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { auditLog, consents, people } from '../../db/schema.ts';
import { problemSchema } from '../../platform/api.ts';
import { apiTestContext } from '../../../test/support/api-client.ts';
import { peoplePageSchema, personSchema } from './api.ts';

const api = apiTestContext();
const place = api.context.place;
let database: DatabaseHandle;
beforeAll(() => {
  ({ database } = api.context);
});
const { organisationOf, call, issueFor: tokenFor } = api;

async function personIn(areaId: string) {
  const [person] = await database.db.select().from(people).where(eq(people.areaId, areaId)).limit(1);
  return person!;
}

async function auditEntries(subjectId: string, actorId: string) {
  return database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectId, subjectId), eq(auditLog.actorType, 'api_token'), eq(auditLog.actorId, actorId)));
}

describe('GET /api/v1/people/:personId', () => {
  it('lets a Northshire county council practitioner token read a person who consented, and audits the read', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const person = await personIn(place.northshire);
    const response = await call(`/api/v1/people/${person.id}`, token);
    expect(response.statusCode).toBe(200);
    const body = personSchema.strict().parse(response.json());
    expect(body).toMatchObject({ id: person.id, givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, areaId: place.northshire });
    const county = await organisationOf(place.northshire, 'county_council');
    expect(body.sharedWith.map((shared) => shared.organisationId)).toContain(county.id);
    const entries = await auditEntries(person.id, id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'person.read', outcome: 'allowed', subjectType: 'person', areaId: place.northshire, route: '/api/v1/people/:personId', method: 'GET' });
  });

  it('refuses a Riverton person with 403 JSON, and audits the refusal', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const person = await personIn(place.riverton);
    const response = await call(`/api/v1/people/${person.id}`, token);
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problemSchema.strict().parse(response.json())).toMatchObject({ status: 403 });
    expect(response.body).not.toContain(person.familyName);
    const entries = await auditEntries(person.id, id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'person.read', outcome: 'denied' });
  });

  it('refuses a Northshire person who has not agreed to share with the token’s organisation, until they do', async () => {
    const district = await tokenFor(place.northshire, 'district_council', 'practitioner');
    const person = await personIn(place.northshire);
    // Make the test's own facts: no current consent to the district council, then one.
    await database.db.update(consents).set({ revokedAt: new Date() }).where(and(eq(consents.personId, person.id), eq(consents.organisationId, district.organisation.id)));
    const refused = await call(`/api/v1/people/${person.id}`, district.token);
    expect(refused.statusCode).toBe(403);
    const [denial] = await auditEntries(person.id, district.id);
    expect(denial).toMatchObject({ outcome: 'denied', detail: 'no consent from the person to share with this organisation' });

    await database.db.insert(consents).values({ areaId: place.northshire, personId: person.id, organisationId: district.organisation.id });
    const allowed = await call(`/api/v1/people/${person.id}`, district.token);
    expect(allowed.statusCode).toBe(200);
    expect(personSchema.parse(allowed.json()).sharedWith.map((shared) => shared.organisationId)).toContain(district.organisation.id);
  });

  it('refuses a token whose role is not casework, even in the right area', async () => {
    const { token } = await tokenFor(place.northshire, 'county_council', 'director');
    const person = await personIn(place.northshire);
    expect((await call(`/api/v1/people/${person.id}`, token)).statusCode).toBe(403);
  });

  it('answers 400 JSON for an id that is not a UUID, and 404 JSON for an unknown person', async () => {
    const { token } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const invalid = await call('/api/v1/people/not-a-uuid', token);
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    const problem = problemSchema.strict().parse(invalid.json());
    expect(problem.issues?.length).toBeGreaterThan(0);
    const unknown = await call(`/api/v1/people/${randomUUID()}`, token);
    expect(unknown.statusCode).toBe(404);
    expect(problemSchema.strict().parse(unknown.json())).toMatchObject({ status: 404, detail: 'There is no person with this id' });
  });

  it('asks for a token before saying whether an id is valid', async () => {
    expect((await call('/api/v1/people/not-a-uuid')).statusCode).toBe(401);
  });
});

describe('GET /api/v1/areas/:areaId/people', () => {
  it('lists only people who agreed to share with the token’s organisation, a page at a time', async () => {
    const { token, organisation } = await tokenFor(place.northshire, 'district_council', 'practitioner');
    const consenting = await database.db
      .select({ personId: consents.personId })
      .from(consents)
      .where(and(eq(consents.organisationId, organisation.id), isNull(consents.revokedAt)));
    const consentingIds = new Set(consenting.map((row) => row.personId));
    expect(consentingIds.size).toBeGreaterThan(1);
    const [notConsenting] = await database.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.areaId, place.northshire), notInArray(people.id, [...consentingIds])));
    expect(notConsenting).toBeDefined();

    const all = peoplePageSchema.strict().parse((await call(`/api/v1/areas/${place.northshire}/people?limit=100`, token)).json());
    expect(all.total).toBe(consentingIds.size);
    expect(new Set(all.people.map((person) => person.id))).toEqual(consentingIds);

    const first = await call(`/api/v1/areas/${place.northshire}/people?limit=1`, token);
    expect(first.statusCode).toBe(200);
    const firstPage = peoplePageSchema.strict().parse(first.json());
    expect(firstPage).toMatchObject({ areaId: place.northshire, total: consentingIds.size, limit: 1, offset: 0 });
    expect(firstPage.people).toHaveLength(1);
    const second = peoplePageSchema.parse((await call(`/api/v1/areas/${place.northshire}/people?limit=1&offset=1`, token)).json());
    expect(second.people[0]!.id).not.toBe(firstPage.people[0]!.id);
    expect(peoplePageSchema.parse((await call(`/api/v1/areas/${place.northshire}/people`, token)).json()).limit).toBe(25);
  });

  it('audits the listing, refuses another area and non-casework roles, and checks the paging numbers', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    await call(`/api/v1/areas/${place.northshire}/people`, token);
    const [listed] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'person.list')));
    expect(listed).toMatchObject({ outcome: 'allowed', subjectId: place.northshire });
    const page = peoplePageSchema.parse((await call(`/api/v1/areas/${place.northshire}/people?limit=3&offset=1`, token)).json());
    const [latest] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'person.list'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(page.people).toHaveLength(3);
    expect(latest!.peopleShown).toEqual(page.people.map((person) => person.id));
    expect((await call(`/api/v1/areas/${place.riverton}/people`, token)).statusCode).toBe(403);
    const director = await tokenFor(place.northshire, 'county_council', 'director');
    expect((await call(`/api/v1/areas/${place.northshire}/people`, director.token)).statusCode).toBe(403);
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'offset=-1', 'limit=2.5']) {
      const response = await call(`/api/v1/areas/${place.northshire}/people?${query}`, token);
      expect(response.statusCode, query).toBe(400);
      expect(problemSchema.parse(response.json()).status).toBe(400);
    }
  });

  it('searches by name, date of birth, NHS number and postcode as the staff home page does, with the paging in the answer', async () => {
    const { token, id } = await tokenFor(place.northshire, 'county_council', 'practitioner');
    const county = await organisationOf(place.northshire, 'county_council');
    const made = await database.db
      .insert(people)
      .values(
        Array.from({ length: 7 }, (_unused, index) => ({
          areaId: place.northshire,
          givenName: `Ann${index}`,
          familyName: 'Zephyrine',
          dateOfBirth: `197${index}-02-0${index + 1}`,
          nhsNumber: index === 3 ? '4857773456' : null,
          postcode: index === 4 ? 'ZZ9 9ZZ' : null,
        })),
      )
      .returning({ id: people.id, givenName: people.givenName });
    await database.db.insert(consents).values(made.map((person) => ({ areaId: place.northshire, personId: person.id, organisationId: county.id })));
    const list = (query: string) => call(`/api/v1/areas/${place.northshire}/people?${query}`, token);
    const names = async (query: string) => peoplePageSchema.strict().parse((await list(query)).json()).people.map((person) => person.givenName);

    const first = peoplePageSchema.strict().parse((await list('name=zEPH&limit=3')).json());
    expect(first).toMatchObject({ total: 7, limit: 3, offset: 0, nextOffset: 3, sort: 'name' });
    expect(first.people.map((person) => person.givenName)).toEqual(['Ann0', 'Ann1', 'Ann2']);
    expect(peoplePageSchema.parse((await list('name=zeph&limit=3&offset=6')).json())).toMatchObject({ nextOffset: null, people: [{ givenName: 'Ann6' }] });
    expect(await names('name=ann5+zeph')).toEqual(['Ann5']);
    expect(await names('dateOfBirth=1972-02-03')).toEqual(['Ann2']);
    expect(await names('nhsNumber=485%20777%203456')).toEqual(['Ann3']);
    expect(await names('postcode=zz99zz')).toEqual(['Ann4']);
    expect(await names('name=zeph&sort=date-of-birth')).toEqual(['Ann0', 'Ann1', 'Ann2', 'Ann3', 'Ann4', 'Ann5', 'Ann6']);
    const shownIn = await list('name=zeph&limit=2&offset=2');
    const shown = peoplePageSchema.parse(shownIn.json()).people.map((person) => person.id);
    const [entry] = await database.db.select().from(auditLog).where(and(eq(auditLog.actorId, id), eq(auditLog.action, 'person.list'))).orderBy(desc(auditLog.sequence)).limit(1);
    expect(shown).toHaveLength(2);
    expect(entry!.peopleShown).toEqual(shown);

    for (const query of ['dateOfBirth=1980-02-31', 'dateOfBirth=0000-01-01', 'nhsNumber=12345', 'postcode=NS1-1AA', 'sort=age', `name=${'a'.repeat(101)}`]) {
      const response = await list(query);
      expect(response.statusCode, query).toBe(400);
      expect(problemSchema.strict().parse(response.json()).status).toBe(400);
    }
  });

  it('documents the search, sort and paging in the OpenAPI document', async () => {
    const document = (await call('/api/v1/openapi.json')).json();
    const operation = document.paths['/api/v1/areas/{areaId}/people'].get;
    const parameters = Object.fromEntries((operation.parameters as { name: string; in: string; required: boolean; schema: unknown }[]).filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter]));
    for (const name of ['name', 'dateOfBirth', 'nhsNumber', 'postcode', 'sort', 'limit', 'offset']) expect(parameters[name], name).toMatchObject({ required: false, schema: expect.any(Object) });
    expect(parameters.sort!.schema).toMatchObject({ enum: ['name', 'date-of-birth', 'updated'], default: 'name' });
    const page = document.components.schemas.PeoplePage;
    expect(page.required).toEqual(expect.arrayContaining(['total', 'limit', 'offset', 'nextOffset', 'sort']));
  });
});
