// Role + area + consent checks on a person's record, and the audit entry each read or refusal leaves.
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { auditLog, consents, organisations, people, roleAssignments, users } from '../../src/db/schema.ts';
import { TestBrowser, testApp } from '../support/app.ts';
import { password, seedDemo } from '../support/demo.ts';

let app: FastifyInstance;
let database: DatabaseHandle;
let demo: Awaited<ReturnType<typeof seedDemo>>;

async function firstPersonIn(areaId: string) {
  const [person] = await database.db.select().from(people).where(eq(people.areaId, areaId)).limit(1);
  return person!;
}

async function auditFor(personId: string) {
  return database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'person'), eq(auditLog.subjectId, personId)));
}

beforeAll(async () => {
  ({ app, database } = await testApp());
  demo = await seedDemo(database);
});
afterAll(() => app.close());

describe('reading a person record', () => {
  it('lets a practitioner of the area read a person who consented, and audits the read', async () => {
    const person = await firstPersonIn(demo.areaIds[0]!);
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    const response = await browser.get(`/people/${person.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(person.familyName);
    const entries = await auditFor(person.id);
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@northshire.example'));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'person.read', outcome: 'allowed', actorId: user!.id, route: '/people/:personId', method: 'GET' }));
  });

  it('gives a practitioner of another area 403, and audits the attempt', async () => {
    const person = await firstPersonIn(demo.areaIds[0]!);
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@riverton.example', password);
    const response = await browser.get(`/people/${person.id}`);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You do not have permission');
    expect(response.body).not.toContain(person.familyName);
    const [user] = await database.db.select().from(users).where(eq(users.email, 'practitioner@riverton.example'));
    const entries = await auditFor(person.id);
    expect(entries).toContainEqual(expect.objectContaining({ action: 'person.read', outcome: 'denied', actorId: user!.id, areaId: person.areaId }));
  });

  it('refuses an agency the person has not consented to, and allows it once consent is given, and refuses again once withdrawn', async () => {
    const person = await firstPersonIn(demo.areaIds[0]!);
    const [districtCouncil] = await database.db
      .select()
      .from(organisations)
      .where(and(eq(organisations.areaId, person.areaId), eq(organisations.kind, 'district_council')));
    await database.db.delete(consents).where(and(eq(consents.personId, person.id), eq(consents.organisationId, districtCouncil!.id)));
    const browser = new TestBrowser(app);
    await browser.signIn('housing.officer@northshire.example', password);
    expect((await browser.get(`/people/${person.id}`)).statusCode).toBe(403);
    const [consent] = await database.db.insert(consents).values({ areaId: person.areaId, personId: person.id, organisationId: districtCouncil!.id }).returning();
    expect((await browser.get(`/people/${person.id}`)).statusCode).toBe(200);
    await database.db.update(consents).set({ revokedAt: new Date() }).where(eq(consents.id, consent!.id));
    expect((await browser.get(`/people/${person.id}`)).statusCode).toBe(403);
  });

  it('lets a budget holder read their own record but not anyone else’s', async () => {
    const [own] = await database.db
      .select({ personId: roleAssignments.personId })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .where(eq(users.email, 'budget.holder@northshire.example'));
    const other = (await database.db.select().from(people).where(eq(people.areaId, demo.areaIds[0]!))).find((p) => p.id !== own!.personId)!;
    const browser = new TestBrowser(app);
    await browser.signIn('budget.holder@northshire.example', password);
    expect((await browser.get(`/people/${own!.personId}`)).statusCode).toBe(200);
    expect((await browser.get(`/people/${other.id}`)).statusCode).toBe(403);
  });

  it('never shows a person record to a director, even in their own area', async () => {
    const person = await firstPersonIn(demo.areaIds[0]!);
    const browser = new TestBrowser(app);
    await browser.signIn('director@northshire.example', password);
    expect((await browser.get(`/people/${person.id}`)).statusCode).toBe(403);
  });

  it('answers 404, not 500, for a malformed or unknown id', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('practitioner@northshire.example', password);
    expect((await browser.get('/people/not-a-uuid')).statusCode).toBe(404);
    expect((await browser.get('/people/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('home pages that count people', () => {
  it('shows a director their area by age band (counted in the database)', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('director@northshire.example', password);
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('People by age');
    const counts = [...home.body.matchAll(/<td class="govuk-table__cell govuk-table__cell--numeric"[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    const total = Number(/(\d+) people have a record in/.exec(home.body)![1]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it('shows a regional coordinator counts per area, never names', async () => {
    const browser = new TestBrowser(app);
    await browser.signIn('coordinator@region.example', password);
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Northshire (illustrative)');
    const [somebody] = await database.db.select().from(people).limit(1);
    expect(home.body).not.toContain(somebody!.familyName);
  });
});
