// "Who has looked at your record": the person, their representative, or staff who may read the record see every
// read, change and refused attempt on it, and every list of people it was shown in, 25 to a page, newest first.
// Opening the page is itself an audited read of the record (`person.history.read`).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageOf, personPageSize, readPage } from '../../domain/people/person-search.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { queryOf } from '../../platform/route-input.ts';
import { recordHistory } from '../../records/record-history.ts';
import type { Services } from '../../services.ts';
import { recordHistoryPaths } from './paths.ts';
import { actorRoles } from './queries.ts';
import { actorsNamed, type PageKind, type PagesByRoute, visitRows } from './visits.ts';
import { paginationFor } from '../../platform/pagination.ts';

const historyQuery = z.object({ page: z.string().optional().catch(undefined) });

/** Each route the history can name, by its pattern in the paths registry, so the wording follows the routes. */
function pagesByRoute(paths: FastifyInstance['paths']): PagesByRoute {
  const kinds: [PageKind, { pattern: string }[]][] = [
    ['record', [paths.people.person, paths.api.person]],
    ['details', [paths.people.details]],
    ['sharing', [paths.people.sharing, paths.people.sharingChange]],
    ['supporters', [paths.people.newSupporter, paths.people.endSupporter]],
    ['selfReferralCheck', [paths.people.selfReferralChecked]],
    ['assessment', [paths.assessment.taskList, paths.assessment.start, paths.assessment.section, paths.assessment.check, paths.api.assessment]],
    ['assessmentSubmit', [paths.assessment.submit]],
    ['budget', [paths.budget.budget, paths.api.indicativeBudget]],
    ['letter', [paths.budget.letter, paths.budget.letterPdf]],
    ['eligibility', [paths.eligibility.eligibility, paths.eligibility.confirm, paths.api.eligibility]],
    ['timeline', [paths.eligibility.timeline]],
    ['history', [recordHistoryPaths.history]],
    ['peopleList', [paths.home.home]],
    ['selfReferralList', [paths.people.selfReferralsToCheck]],
    ['apiPeopleList', [paths.api.areaPeople]],
  ];
  return new Map(kinds.flatMap(([kind, routes]) => routes.map((route) => [route.pattern, kind] as const)));
}

export function recordHistoryRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;
  const pages = pagesByRoute(app.paths);

  app.get(recordHistoryPaths.history.pattern, { config: { access: 'signed-in', audit: 'person.history.read' } }, async (request, reply) => {
    const { person, viewer } = await loadPerson(db, request);
    const page = readPage(queryOf(request, historyQuery)?.page);
    const history = await recordHistory(db, person, { limit: personPageSize, offset: (page - 1) * personPageSize });
    const actors = await actorRoles(db, actorsNamed(history.visits));
    const ownRecord = viewer === 'self';
    const rows = visitRows(history.visits, { person, ownRecord, userId: request.principal?.kind === 'user' ? request.principal.id : undefined }, actors, pages);
    const at = pageOf(page, history.total, rows.length);
    const link = (number: number) => recordHistoryPaths.history({ personId: person.id }, number > 1 ? { page: number } : undefined);
    const pagination = paginationFor(at, link);
    return reply.render('record-history/record-history.njk', {
      pageTitle: ownRecord ? 'Who has looked at your record' : `Who has looked at ${person.givenName}’s record`,
      person,
      ownRecord,
      rows,
      total: history.total,
      at,
      pagination,
      firstPageHref: link(1),
      lastPageHref: link(at.pages),
    });
  });
}
