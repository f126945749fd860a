// "New self-referrals to check": staff who may see an area's people see the self-referrals shared with their
// organisation that nobody has checked yet, oldest first, with any record that looks like the same person flagged,
// and mark each as checked.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assignmentAllows } from '../../domain/access-policy.ts';
import { authorise, authorisePersonList, permits, requestAudit } from '../../platform/authorisation.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { queryOf } from '../../platform/route-input.ts';
import { recordsForMatches, selfReferralsToCheck } from '../../records/referral-checks.ts';
import { describeAssignments } from '../../records/role-descriptions.ts';
import type { Services } from '../../services.ts';
import { peoplePaths } from './paths.ts';
import { markSelfReferralChecked } from './person-service.ts';

/** More than a day's work for a team is shown a page at a time, oldest first, so nothing waits unseen for long. */
const mostShown = 100;
const listQuery = z.object({ done: z.enum(['checked']).optional().catch(undefined) });

/** The records a referral was flagged with that this reader may see; the rest are not theirs to know about. */
async function visibleMatches(services: Services, request: FastifyRequest, areaId: string, personIds: readonly string[]) {
  const records = await recordsForMatches(services.db, areaId, personIds);
  return records.filter((record) => permits(request, 'person.read', { type: 'person', personId: record.id, areaId: record.areaId, consentedOrganisationIds: record.consentedOrganisationIds }));
}

export function referralCheckRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services;

  app.get(peoplePaths.selfReferralsToCheck.pattern, { config: { access: 'signed-in' } }, async (request, reply) => {
    const roles = (await describeAssignments(db, request.principal?.assignments ?? [])).filter(
      (role) => role.organisationId && role.areaId && assignmentAllows(role, 'person.list', { type: 'area', areaId: role.areaId, regionId: role.regionId ?? '' }),
    );
    // Nobody here may list people: ask about nothing, which the policy refuses, audited like any refusal.
    if (roles.length === 0) await authorise(db, request, 'person.list', { type: 'system' });
    const seen = new Set<string>();
    const sections = [];
    for (const role of roles) {
      const organisationId = role.organisationId!;
      const areaId = role.areaId!;
      if (seen.has(organisationId)) continue;
      seen.add(organisationId);
      // One entry names everyone the page shows (the referrals and the matches beside them), so each person can later
      // see that they appeared in this list.
      const { referrals, more } = await authorisePersonList(db, request, { type: 'area', areaId, regionId: role.regionId ?? '' }, async () => {
        const rows = await selfReferralsToCheck(db, organisationId, areaId, mostShown);
        const shown = [];
        for (const row of rows) {
          // The list only holds people who share with this organisation; the policy still has the last word.
          if (!permits(request, 'person.read', { type: 'person', personId: row.personId, areaId, consentedOrganisationIds: [organisationId] })) continue;
          shown.push({ ...row, matches: await visibleMatches(services, request, areaId, row.possibleMatchIds) });
        }
        const ids = [...new Set(shown.flatMap((referral) => [referral.personId, ...referral.matches.map((match) => match.id)]))];
        return { referrals: shown, more: rows.length === mostShown, rows: ids.map((id) => ({ id })) };
      });
      sections.push({ organisationName: role.organisationName ?? '', areaName: role.areaName ?? '', referrals, more });
    }
    const done = queryOf(request, listQuery)?.done;
    return reply.render('people/self-referrals-to-check.njk', { pageTitle: 'New self-referrals to check', sections, banner: done === 'checked' ? 'Self-referral marked as checked' : undefined });
  });

  app.post(peoplePaths.selfReferralChecked.pattern, { config: { access: 'signed-in', audit: 'person.change' } }, async (request, reply) => {
    const { person } = await loadPerson(db, request);
    // Pressed twice, or by two people at once: the first marks it, the second changes nothing and lands in the same place.
    await markSelfReferralChecked(db, person, request.currentUser!.id, requestAudit(request), services.clock.now());
    return reply.redirect(peoplePaths.selfReferralsToCheck({}, { done: 'checked' }), 303);
  });
}
