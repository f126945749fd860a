// Self-referral: someone with no account yet chooses their area, gives their details and who may see their record,
// and gets an account, a record and a first-contact event in one go, then lands on their record signed in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isAdultSocialCareCouncil } from '../../domain/people/agencies.ts';
import { requestAudit } from '../../platform/authorisation.ts';
import { answersOf, formErrors } from '../../platform/forms.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { queryOf } from '../../platform/route-input.ts';
import { selfReferralsSince } from '../../records/referral-checks.ts';
import { startSession } from '../../platform/session-cookie.ts';
import type { Services } from '../../services.ts';
import { formId, newRecordForm, type NewRecordContext, withErrors } from './page-forms.ts';
import { peoplePaths } from './paths.ts';
import { type AreaForReferral, areaForReferral, budgetHolderAccount, createSelfReferral, referralAreas } from './person-service.ts';
import { checkSelfReferral, type SelfReferral } from './validation.ts';
import { agencyItems } from './view-items.ts';

const areaId = z.uuid();
/** The area chosen on the first page (junk is a choice of no real area), and whether that choice was just sent. */
const startQuery = z.object({
  area: z.string().optional().catch(''),
  choosing: z.string().optional().catch(''),
});
/** More areas than this are offered as a drop-down list; fewer as radios, which are easier to use. */
const mostAreasAsRadios = 10;
const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

export function selfReferralRoutes(app: FastifyInstance, services: Services): void {
  const { db, config } = services;
  const rateLimit = { rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } };
  // Only a referral that would make a record counts: someone correcting mistakes on the form is never stopped by these.
  const referralsFromAddress = app.createRateLimit({ max: config.selfReferral.perAddressPerHour, timeWindow: hourMs, keyGenerator: (request) => `self-referral:${request.ip}` });

  /**
   * Whether this referral would go over a limit, and how many seconds until it would not. The area's ceiling is
   * counted from its records, so it holds across restarts and every server; the address's is in memory, like the
   * sign-in limit, so an address is never stored.
   */
  async function overLimit(request: FastifyRequest, area: AreaForReferral): Promise<{ limit: 'address' | 'area'; retryAfterSeconds: number } | undefined> {
    const now = services.clock.now();
    const { made, earliest } = await selfReferralsSince(db, area.id, new Date(now.getTime() - dayMs));
    if (made >= config.selfReferral.perAreaPerDay) {
      const freesAt = (earliest?.getTime() ?? now.getTime()) + dayMs;
      return { limit: 'area', retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)) };
    }
    const fromAddress = await referralsFromAddress(request);
    if (!fromAddress.isAllowed && fromAddress.isExceeded) return { limit: 'address', retryAfterSeconds: Math.max(1, fromAddress.ttlInSeconds) };
    return undefined;
  }

  /** Past a limit: say so plainly, say nothing was sent, show what they typed so it is not lost, and who else to ask. */
  function renderLimited(reply: FastifyReply, area: AreaForReferral, refused: { limit: 'address' | 'area'; retryAfterSeconds: number }, referral: SelfReferral) {
    return reply
      .code(429)
      .header('retry-after', String(refused.retryAfterSeconds))
      .render('people/self-referral-limited.njk', {
        pageTitle: 'We could not make your record',
        area,
        limit: refused.limit,
        waitHours: Math.ceil(refused.retryAfterSeconds / 3600),
        councils: area.organisations.filter((organisation) => isAdultSocialCareCouncil(organisation.kind)),
        referral,
      });
  }

  async function renderAreaChoice(reply: FastifyReply, chosenArea: string | undefined, error?: string) {
    const areas = await referralAreas(db);
    const errors = error ? formErrors({ area: error }) : undefined;
    return reply.render('people/start-area.njk', {
      pageTitle: 'Which area do you live in?',
      asRadios: areas.length <= mostAreasAsRadios,
      areaItems: areas.map((area) => ({ value: area.id, text: area.name, checked: area.id === chosenArea, selected: area.id === chosenArea })),
      errors: errors?.fields,
      errorList: errors?.list,
    });
  }

  async function renderForm(reply: FastifyReply, area: AreaForReferral, context: NewRecordContext) {
    const areaCount = (await referralAreas(db)).length;
    return reply.render('people/self-referral.njk', {
      pageTitle: 'Refer yourself',
      area,
      canChangeArea: areaCount > 1,
      councils: area.organisations.filter((organisation) => isAdultSocialCareCouncil(organisation.kind)),
      agencyItems: agencyItems(area.organisations, context.answers),
      you: true,
      ...newRecordForm(context),
    });
  }

  app.get(peoplePaths.selfReferral.pattern, { config: { access: 'public' } }, async (request, reply) => {
    if (request.currentUser) return reply.redirect(request.server.paths.home.home(), 303);
    const query = queryOf(request, startQuery);
    const wanted = query?.area;
    // The choice of area was sent with nothing chosen (radios send nothing at all then).
    if (wanted === undefined && query?.choosing !== undefined) return renderAreaChoice(reply.code(400), undefined, 'Select the area you live in');
    if (wanted === undefined) {
      const areas = await referralAreas(db);
      // With one area there is nothing to choose.
      const only = areas.length === 1 ? await areaForReferral(db, areas[0]!.id) : undefined;
      if (!only) return renderAreaChoice(reply, undefined);
      return renderForm(reply, only, { answers: suggestedAnswers(only) });
    }
    const parsed = areaId.safeParse(wanted);
    const area = parsed.success ? await areaForReferral(db, parsed.data) : undefined;
    if (!area) return renderAreaChoice(reply.code(400), undefined, 'Select the area you live in');
    return renderForm(reply, area, { answers: suggestedAnswers(area) });
  });

  app.post(peoplePaths.selfReferral.pattern, { config: { access: 'public', ...rateLimit } }, async (request, reply) => {
    if (request.currentUser) return reply.redirect(request.server.paths.home.home(), 303);
    const answers = answersOf(request.body);
    const parsedArea = areaId.safeParse(answers.areaId);
    const area = parsedArea.success ? await areaForReferral(db, parsedArea.data) : undefined;
    // The area comes from the page before; without a real one, start again from the choice of area.
    if (!area) return renderAreaChoice(reply.code(400), undefined, 'Select the area you live in');

    const checked = checkSelfReferral(answers, { today: services.clock.today(), organisationIds: area.organisations.map((organisation) => organisation.id) });
    // Never send a password back to the page.
    const shownAnswers = { ...answers, password: undefined };
    if (!checked.ok) return renderForm(reply.code(400), area, { ...withErrors(shownAnswers, checked.errors), dateParts: checked.dateParts });

    const personId = formId(answers.personId);
    const referral = checked.value;
    const retried = await sameReferralAgain(personId, referral.email, referral.password);
    if (retried) return signInAndShow(request, reply, retried, personId);
    const refused = await overLimit(request, area);
    if (refused) return renderLimited(reply, area, refused, referral);

    // The new account is the actor: the person made their own record.
    const outcome = await createSelfReferral(db, { ...referral, personId, area, passwordHash: await hashPassword(referral.password), now: services.clock.now() }, (userId) => requestAudit(request, userId));
    if (outcome.ok) return signInAndShow(request, reply, outcome.userId!, outcome.personId);

    // Two copies of the form raced, and the other one won: it made this person's account, so sign them in to it.
    const raced = await sameReferralAgain(personId, referral.email, referral.password);
    if (raced) return signInAndShow(request, reply, raced, personId);
    const errors = formErrors({ email: 'There is already an account with this email address. Sign in, or use a different email address' });
    return renderForm(reply.code(400), area, withErrors({ ...shownAnswers, personId: undefined }, errors));
  });

  /**
   * A form sent again after it worked (a double click, or the back button) finds the record it made. Only the
   * account's own email and password show it is theirs, so this tells no one anything signing in would not.
   */
  async function sameReferralAgain(personId: string, email: string, password: string): Promise<string | undefined> {
    const account = await budgetHolderAccount(db, personId);
    if (!account || account.email.toLowerCase() !== email.toLowerCase()) return undefined;
    return (await verifyPassword(account.passwordHash, password)) ? account.userId : undefined;
  }

  async function signInAndShow(request: FastifyRequest, reply: FastifyReply, userId: string, personId: string) {
    await startSession(services.db, services.config, request, reply, userId, { mfaVerified: false });
    return reply.redirect(peoplePaths.person({ personId }, { done: 'referred' }), 303);
  }
}

/** The council is suggested, not forced: without it there is no adult social care assessment, so most will want it. */
function suggestedAnswers(area: AreaForReferral): Record<string, unknown> {
  return { organisationIds: area.organisations.filter((organisation) => isAdultSocialCareCouncil(organisation.kind)).map((organisation) => organisation.id) };
}
