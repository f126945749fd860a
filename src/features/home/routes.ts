// The start page for visitors, and a home page for each role a signed-in user holds, built from real records.
import type { FastifyInstance } from 'fastify';
import type { RoleAssignment } from '../../domain/access-policy.ts';
import { ageBands } from '../../domain/age-bands.ts';
import { describeCount, suppressSmall } from '../../domain/suppression.ts';
import { organisationKindNames, type OrganisationKind } from '../../domain/roles.ts';
import { pendingStep } from '../../platform/access-guard.ts';
import { authorise } from '../../platform/authorisation.ts';
import type { Services } from '../../services.ts';
import { peopleSharedWith } from '../../records/people.ts';
import { areaOrganisations, areaStreams, peopleByAgeBand, peopleByIds, regionAreas, systemTotals } from './queries.ts';
import { describeAssignments, type RoleDescription } from '../../records/role-descriptions.ts';

const casework = new Set(['practitioner', 'approver', 'broker', 'finance_officer']);
const listSize = 25;
/** Counts shown to people who do not hold the records are suppressed below this. */
const suppressionThreshold = 5;

export function homeRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;

  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    if (!request.currentUser) return reply.render('home/start.njk', { pageTitle: 'Right to Control' });
    const pending = pendingStep(request, config);
    if (pending) return reply.redirect(pending, 303);

    const roles = await describeAssignments(db, request.principal!.assignments);
    const sections = [];
    const seen = new Set<string>();
    for (const role of roles) {
      // One section per role and place: a user with two roles in one organisation sees both, but never twice.
      const key = `${role.role}:${role.organisationId}:${role.personId}:${role.areaId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sections.push(await sectionFor(role));
    }
    return reply.render('home/home.njk', { pageTitle: 'Home', activeNav: 'home', sections });

    async function sectionFor(role: RoleDescription) {
      if (role.role === 'budget_holder' || role.role === 'representative') {
        return { kind: 'personal', role, people: await peopleByIds(db, role.personId ? [role.personId] : []) };
      }
      if (casework.has(role.role) && role.organisationId && role.areaId) {
        await authorise(db, request, 'person.list', { type: 'area', areaId: role.areaId, regionId: role.regionId ?? '' });
        const shared = await peopleSharedWith(db, role.organisationId, role.areaId, listSize, 0);
        return { kind: 'casework', role, people: shared.rows, total: shared.total, listSize };
      }
      if (role.role === 'area_administrator' && role.areaId) {
        await authorise(db, request, 'area.administer', areaResource(role));
        const [streams, organisations] = await Promise.all([areaStreams(db, role.areaId), areaOrganisations(db, role.areaId)]);
        return {
          kind: 'area-administrator',
          role,
          streams,
          organisations: organisations.map((organisation) => ({ ...organisation, kindName: organisationKindNames[organisation.kind as OrganisationKind] ?? organisation.kind })),
        };
      }
      if (role.role === 'director' && role.areaId) {
        await authorise(db, request, 'area.report', areaResource(role));
        const counts = await peopleByAgeBand(db, role.areaId, services.clock.today());
        const byBand = ageBands.map((band) => ({ band, people: Number(counts.find((row) => row.band === band)?.people ?? 0) }));
        return { kind: 'director', role, byBand, total: byBand.reduce((sum, row) => sum + row.people, 0) };
      }
      if (role.role === 'regional_coordinator' && role.regionId) {
        await authorise(db, request, 'region.report', { type: 'region', regionId: role.regionId });
        const regionalAreas = await regionAreas(db, role.regionId);
        return {
          kind: 'regional',
          role,
          threshold: suppressionThreshold,
          areas: regionalAreas.map((area) => ({ name: area.name, people: describeCount(suppressSmall(Number(area.people), suppressionThreshold)) })),
        };
      }
      if (role.role === 'system_administrator') {
        await authorise(db, request, 'system.administer', { type: 'system' });
        return { kind: 'system', role, totals: await systemTotals(db) };
      }
      return { kind: 'other', role };
    }
  });
}

function areaResource(role: RoleAssignment) {
  return { type: 'area' as const, areaId: role.areaId!, regionId: role.regionId ?? '' };
}
