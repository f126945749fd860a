// The start page for visitors, and a home page for each role a signed-in user holds, built from real records.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assignmentAllows, type Resource } from '../../domain/access-policy.ts';
import { countBound, personPageSize } from '../../domain/people/person-search.ts';
import { organisationKindNames, type OrganisationKind } from '../../domain/roles.ts';
import { describeCount, suppressSmall } from '../../domain/suppression.ts';
import { pendingStep } from '../../platform/access-guard.ts';
import { authorise, authorisePersonList } from '../../platform/authorisation.ts';
import { peopleSharedWith } from '../../records/people.ts';
import { countSelfReferralsToCheck } from '../../records/referral-checks.ts';
import { describeAssignments, type RoleDescription } from '../../records/role-descriptions.ts';
import type { Services } from '../../services.ts';
import { homePaths } from './paths.ts';
import { checkList, emptyListQuery, type ListQuery, listView, readListQuery } from './people-list.ts';
import { areaOrganisations, areaStreams, countPlansToApprove, paymentRunSummary, peopleByAgeBand, peopleByIds, regionAreas, systemTotals } from './queries.ts';

/** Counts shown to people who do not hold the records are suppressed below this. */
const suppressionThreshold = 5;

type ResourceOf<Type extends Resource['type']> = Extract<Resource, { type: Type }>;

export function homeRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;

  /**
   * One role's section of the home page: the first thing the policy lets this one role do (`assignmentAllows`), then
   * authorised as it is read, and so audited where the policy says.
   */
  async function sectionFor(request: FastifyRequest, role: RoleDescription, lists: { asked: ListQuery; shown: number }) {
    const ownRecord: ResourceOf<'person'> | undefined = role.personId ? { type: 'person', personId: role.personId, areaId: role.areaId ?? '', consentedOrganisationIds: [] } : undefined;
    if (ownRecord && assignmentAllows(role, 'person.read', ownRecord)) {
      // Their own record, or the record of the person they represent: the role exists for that one person.
      return { kind: 'personal', role, people: await peopleByIds(db, [ownRecord]) };
    }
    const area: ResourceOf<'area'> | undefined = role.areaId ? { type: 'area', areaId: role.areaId, regionId: role.regionId ?? '' } : undefined;
    if (area && role.organisationId && assignmentAllows(role, 'person.list', area)) {
      const organisation: ResourceOf<'organisation'> = { type: 'organisation', organisationId: role.organisationId, areaId: area.areaId, regionId: area.regionId };
      const organisationId = role.organisationId;
      // The search is for the organisation it names, or for the page's first list when it names none.
      const forThis = lists.asked.organisation === undefined ? lists.shown === 0 : lists.asked.organisation === organisationId;
      const query = forThis ? lists.asked : emptyListQuery;
      const idPrefix = lists.shown === 0 ? '' : `list-${lists.shown}-`;
      lists.shown += 1;
      const checked = checkList(query, services.clock.today());
      // A search that cannot be read shows its messages and no list, so nobody is listed for it.
      const shared = checked.ok
        ? await authorisePersonList(db, request, area, () =>
            peopleSharedWith(db, { organisationId, areaId: area.areaId }, { search: checked.search, sort: query.sort, limit: personPageSize, offset: (query.page - 1) * personPageSize, countUpTo: countBound((query.page - 1) * personPageSize) }),
          )
        : { rows: [], total: 0, more: false };
      return {
        kind: 'casework' as const,
        role,
        list: listView({ list: query, checked, organisationId, idPrefix, rows: shared.rows, total: shared.total, more: shared.more }),
        canAddPerson: assignmentAllows(role, 'person.create', organisation),
        selfReferralsToCheck: await countSelfReferralsToCheck(db, organisationId, area.areaId),
        // An approver of the streams their organisation owns sees how many plans wait for them.
        plansToApprove: assignmentAllows(role, 'plan.approve', { type: 'fundingStream', streamCode: 'any', areaId: area.areaId, owningOrganisationId: organisationId })
          ? await countPlansToApprove(db, { areaId: area.areaId, organisationId })
          : undefined,
        // A finance officer sees what the area's payment runs need from them.
        paymentRuns: assignmentAllows(role, 'paymentRun.prepare', area) ? await paymentRunSummary(db, area.areaId) : undefined,
      };
    }
    if (area && assignmentAllows(role, 'area.administer', area)) {
      await authorise(db, request, 'area.administer', area);
      const [streams, organisations] = await Promise.all([areaStreams(db, area.areaId), areaOrganisations(db, area.areaId)]);
      return {
        kind: 'area-administrator',
        role,
        streams,
        organisations: organisations.map((organisation) => ({ ...organisation, kindName: organisationKindNames[organisation.kind as OrganisationKind] ?? organisation.kind })),
      };
    }
    if (area && assignmentAllows(role, 'area.report', area)) {
      await authorise(db, request, 'area.report', area);
      const byBand = await peopleByAgeBand(db, area.areaId, services.clock.today());
      return { kind: 'director', role, byBand, total: byBand.reduce((sum, row) => sum + row.people, 0) };
    }
    const region: ResourceOf<'region'> | undefined = role.regionId ? { type: 'region', regionId: role.regionId } : undefined;
    if (region && assignmentAllows(role, 'region.report', region)) {
      await authorise(db, request, 'region.report', region);
      const regionalAreas = await regionAreas(db, region.regionId);
      return {
        kind: 'regional',
        role,
        threshold: suppressionThreshold,
        areas: regionalAreas.map((regionalArea) => ({ name: regionalArea.name, people: describeCount(suppressSmall(Number(regionalArea.people), suppressionThreshold)) })),
      };
    }
    if (assignmentAllows(role, 'system.administer', { type: 'system' })) {
      await authorise(db, request, 'system.administer', { type: 'system' });
      return { kind: 'system', role, totals: await systemTotals(db) };
    }
    return { kind: 'other', role };
  }

  app.get(homePaths.home.pattern, { config: { access: 'public' } }, async (request, reply) => {
    if (!request.currentUser) return reply.render('home/start.njk', { pageTitle: 'Right to Control' });
    const pending = pendingStep(request, config);
    if (pending) return reply.redirect(pending, 303);

    const roles = await describeAssignments(db, request.principal!.assignments);
    const sections = [];
    const seen = new Set<string>();
    const lists = { asked: readListQuery(request.query), shown: 0 };
    for (const role of roles) {
      // One section per role and place: a user with two roles in one organisation sees both, but never twice.
      const key = `${role.role}:${role.organisationId}:${role.personId}:${role.areaId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sections.push(await sectionFor(request, role, lists));
    }
    const errorList = sections.flatMap((section) => ('list' in section && section.list ? section.list.errorList : []));
    return reply.render('home/home.njk', { pageTitle: 'Home', activeNav: 'home', sections, errorList });
  });
}
