// The person's support plan over the JSON API: read it (items with their costs, totals per stream against the
// indicative budget, the parts and their sign-off) and its versions; start it, change it with a list of changes at the
// revision the client last read, and send it for approval. Writes need `plan.write`; every call is audited.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { largestPence } from '../../domain/budget/money.ts';
import { careActOutcomes } from '../../domain/care-act-outcomes.ts';
import { serviceUnits } from '../../domain/support-plan/costs.ts';
import { type PlanChange, currentItems, deliveryMethods, itemCost, outcomeDomains, planAuthors, planTotals } from '../../domain/support-plan/plan.ts';
import { planStateNames } from '../../domain/support-plan/sign-off.ts';
import { apiRoute, apiSchemaRegistry, type ApiScope, calendarDate, personIdParams, problemSchema, recordId } from '../../platform/api.ts';
import { problemMediaType, sendProblem } from '../../platform/errors.ts';
import { loadPerson } from '../../platform/person-access.ts';
import { type PlanRecord, type PlanStream, type PlanWrite, planVersions } from '../../records/support-plans.ts';
import type { Services } from '../../services.ts';
import { supportPlanPaths } from './paths.ts';
import { longestWords } from './plan-forms.ts';
import { changePersonPlan, sendProblems, startPersonPlan, submitPersonPlan } from './plan-service.ts';
import { streamNamesOf } from './plan-view.ts';
import { planAndStreams } from './queries.ts';

const careActCodes = careActOutcomes.map((outcome) => outcome.code) as [string, ...string[]];
const domainCodes = outcomeDomains.map((domain) => domain.code) as [string, ...string[]];
/** Bounds that keep every cost an exact whole number of pence (costs.ts refuses larger ones). */
const mostTimes = 9999;
const mostHundredths = 100_000_000;

const frequencySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekly'), timesPerWeek: z.int().min(1).max(mostTimes), unitsEachTime: z.int().min(1).max(mostHundredths).describe('Hundredths of a unit: 150 is 1.5') }),
  z.object({ kind: z.literal('four-weekly'), timesPerFourWeeks: z.int().min(1).max(mostTimes), unitsEachTime: z.int().min(1).max(mostHundredths).describe('Hundredths of a unit') }),
  z.object({ kind: z.literal('one-off'), unitsEachTime: z.int().min(1).max(mostHundredths).describe('Hundredths of a unit') }),
]);

const itemDetails = {
  what: z.string().max(200),
  provider: z.string().max(200),
  unit: z.enum(serviceUnits),
  frequency: frequencySchema,
  unitCostPence: z.int().min(0).max(largestPence - 1),
  startDate: calendarDate(),
  endDate: calendarDate().nullable(),
  streamCode: z.string().max(100).nullable().describe('The stream that pays; null only for unpaid support'),
  delivery: z.enum(deliveryMethods),
  outcomeIds: z.array(recordId()).max(100),
};

const itemInSchema = z.object({ id: recordId(), ...itemDetails });

const outcomeSchema = z
  .object({
    id: recordId(),
    inOwnWords: z.string().min(1).max(longestWords).describe('What the person wants, in their own words'),
    careActOutcomes: z.array(z.enum(careActCodes)).max(careActCodes.length),
    domain: z.enum(domainCodes),
  })
  .register(apiSchemaRegistry, { id: 'PlanOutcome', description: 'An outcome in the person’s own words, tagged to Care Act outcomes and an area of wellbeing' });

const planChangeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('add-item'), item: itemInSchema }),
    z.object({ kind: z.literal('replace-item'), itemId: recordId(), successor: itemInSchema }),
    z.object({ kind: z.literal('remove-item'), itemId: recordId(), lastDay: calendarDate() }),
    z.object({ kind: z.literal('set-outcomes'), outcomes: z.array(outcomeSchema).max(100) }),
    z.object({ kind: z.literal('set-if-things-go-wrong'), text: z.string().max(longestWords) }),
    z.object({ kind: z.literal('set-written-with'), authors: z.array(z.enum(planAuthors)).max(planAuthors.length) }),
  ])
  .register(apiSchemaRegistry, { id: 'PlanChange', description: 'One change to the plan; a list of them makes one new version' });

const changesBody = z.object({
  expectedRevision: z.int().min(0).describe('The plan’s revision when the client last read it: a plan changed since is refused with 409'),
  changes: z.array(planChangeSchema).min(1).max(100),
});
const submitBody = z.object({ expectedRevision: z.int().min(0).describe('The plan’s revision when the client last read it') });

export const supportPlanSchema = z
  .object({
    personId: recordId(),
    plan: z
      .object({
        id: recordId(),
        state: z.enum(['draft', 'submitted', 'returned', 'agreed']),
        stateName: z.string(),
        version: z.int().min(1),
        revision: z.int().min(0).describe('Send this back as expectedRevision with a change or a submission'),
        submittedAt: z.iso.datetime().nullable(),
        agreedAt: z.iso.datetime().nullable(),
        outcomes: z.array(outcomeSchema),
        items: z.array(
          z.object({
            id: z.string(),
            replaces: z.string().nullable(),
            ...itemDetails,
            what: z.string(),
            provider: z.string(),
            streamCode: z.string().nullable(),
            outcomeIds: z.array(z.string()),
            weeklyPence: z.int().describe('A typical week’s cost; 0 for a one-off'),
            yearlyPence: z.int().describe('A year of 52 weeks, or the one-off cost'),
            oneOff: z.boolean(),
          }),
        ),
        ifThingsGoWrong: z.string(),
        writtenWith: z.array(z.enum(planAuthors)),
        totals: z.array(
          z.object({
            streamCode: z.string(),
            streamName: z.string(),
            planWeeklyPence: z.int(),
            planYearlyPence: z.int(),
            indicativeYearlyPence: z.int(),
            differencePence: z.int().describe('Plan yearly minus indicative yearly: more than 0 is over'),
            position: z.enum(['over', 'under', 'exactly']),
            sentence: z.string().describe('The position in words'),
          }),
        ),
        parts: z.array(
          z.object({
            streamCode: z.string(),
            owningOrganisationId: recordId(),
            state: z.enum(['awaiting-approval', 'awaiting-second-approval', 'approved', 'returned']),
            indicativeYearlyPence: z.int(),
            planYearlyPence: z.int(),
            returnReason: z.string().nullable(),
          }),
        ),
      })
      .nullable()
      .describe('Null before a plan is started'),
  })
  .register(apiSchemaRegistry, { id: 'SupportPlan', description: 'The person’s support plan at its current version, with costs in whole pence' });

export const planVersionsSchema = z
  .object({
    personId: recordId(),
    versions: z.array(
      z.object({
        version: z.int().min(1),
        writtenAs: z.enum(['self', 'representative', 'broker', 'practitioner']),
        writtenBy: z.string().nullable(),
        createdAt: z.iso.datetime(),
        changes: z.array(z.string()).describe('What changed from the version before, in plain English'),
      }),
    ),
  })
  .register(apiSchemaRegistry, { id: 'SupportPlanVersions', description: 'Every version of the plan, newest first' });

function planAnswer(personId: string, plan: PlanRecord | undefined, streams: readonly PlanStream[]): z.infer<typeof supportPlanSchema> {
  if (!plan) return { personId, plan: null };
  const totals = planTotals(plan.document, streams, streamNamesOf(streams));
  return {
    personId,
    plan: {
      id: plan.id,
      state: plan.state,
      stateName: planStateNames[plan.state],
      version: plan.currentVersion,
      revision: plan.revision,
      submittedAt: plan.submittedAt?.toISOString() ?? null,
      agreedAt: plan.agreedAt?.toISOString() ?? null,
      outcomes: plan.document.outcomes,
      items: currentItems(plan.document).map((item) => ({ ...item, ...itemCost(item) })),
      ifThingsGoWrong: plan.document.ifThingsGoWrong,
      writtenWith: plan.document.writtenWith,
      totals: totals.streams.map(({ streamCode, streamName, planWeeklyPence, planYearlyPence, indicativeYearlyPence, differencePence, position, sentence }) => ({
        streamCode,
        streamName,
        planWeeklyPence,
        planYearlyPence,
        indicativeYearlyPence,
        differencePence,
        position,
        sentence,
      })),
      parts:
        plan.state === 'draft'
          ? []
          : plan.signOff.parts.map(({ streamCode, owningOrganisationId, state, indicativeYearlyPence, planYearlyPence, returnReason }) => ({ streamCode, owningOrganisationId, state, indicativeYearlyPence, planYearlyPence, returnReason })),
    },
  };
}

/** Whether every item a change adds can be priced in whole pence: one too large to add up is refused, not stored. */
function costsAddUp(change: PlanChange): boolean {
  const item = change.kind === 'add-item' ? change.item : change.kind === 'replace-item' ? change.successor : undefined;
  if (!item) return true;
  try {
    itemCost(item);
    return true;
  } catch {
    return false;
  }
}

const problem = (description: string) => ({ description, content: { [problemMediaType]: { schema: problemSchema } } });
const writeRefusals = {
  409: problem('The plan changed since the client read it (expectedRevision is not its revision): read it again and make the change once more'),
  422: problem('The change or submission breaks a rule of the plan; the detail and issues say which'),
};

/** A refused write as a problem: 409 for a stale revision, 422 for a rule, 404 when there is no plan. */
function sendRefusal(request: FastifyRequest, reply: FastifyReply, written: Exclude<PlanWrite, { ok: true }>) {
  if (written.kind === 'conflict') return sendProblem(request, reply, 409, 'The plan changed since you read it. Read it again and make the change once more');
  if (written.kind === 'missing') return sendProblem(request, reply, 422, 'There is no support plan for this person yet: start one first');
  // An item's messages are fixed text; the reason for a whole item may quote what the client sent, so it goes in no detail.
  if (written.errors) return sendProblem(request, reply, 422, 'An item does not keep the plan’s rules. The issues say what to change', Object.entries(written.errors).map(([path, message]) => ({ path, message })));
  return sendProblem(request, reply, 422, written.reason);
}

export function supportPlanApi(api: ApiScope, { db }: Services): void {
  const paths = supportPlanPaths.api;

  api.get(
    paths.plan.pattern,
    apiRoute({
      operationId: 'getSupportPlan',
      tags: ['Support plans'],
      summary: "A person's support plan",
      description: 'The plan at its current version: outcomes, current items with their weekly and yearly costs, totals per stream against the indicative budget, and each part’s sign-off once sent. The plan is null before it is started. Audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The plan', supportPlanSchema],
      notFound: 'There is no person with this id',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request);
      const { plan, streams } = await planAndStreams(db, person);
      return planAnswer(person.id, plan, streams);
    },
  );

  api.post(
    paths.plan.pattern,
    apiRoute({
      operationId: 'startSupportPlan',
      tags: ['Support plans'],
      summary: "Start a person's support plan",
      description: 'Starts an empty plan, or answers the one the person has: starting twice makes one plan. Needs plan.write (the person’s own organisations’ practitioners and brokers, with consent). Audited.',
      params: personIdParams,
      audit: 'plan.write',
      ok: ['The plan', supportPlanSchema],
      notFound: 'There is no person with this id',
    }),
    async (request, reply) => {
      const loaded = await loadPerson(db, request);
      const started = await startPersonPlan(db, request, loaded);
      if (!started.ok) return sendRefusal(request, reply, started);
      const { plan, streams } = await planAndStreams(db, loaded.person);
      return planAnswer(loaded.person.id, plan, streams);
    },
  );

  api.get(
    paths.versions.pattern,
    apiRoute({
      operationId: 'listSupportPlanVersions',
      tags: ['Support plans'],
      summary: "Every version of a person's support plan",
      description: 'Newest first: who wrote each (as the person, their representative, a broker or a practitioner) and what changed, in plain English. Empty before a plan is started. Audited.',
      params: personIdParams,
      audit: 'person.read',
      ok: ['The versions', planVersionsSchema],
      notFound: 'There is no person with this id',
    }),
    async (request) => {
      const { person } = await loadPerson(db, request);
      const { plan } = await planAndStreams(db, person);
      const versions = plan ? await planVersions(db, plan) : [];
      return {
        personId: person.id,
        versions: versions.map((version) => ({ version: version.version, writtenAs: version.writtenAs, writtenBy: version.writtenBy, createdAt: version.createdAt.toISOString(), changes: version.changes })),
      };
    },
  );

  const changeRoute = apiRoute({
    operationId: 'changeSupportPlan',
    tags: ['Support plans'],
    summary: "Change a person's support plan",
    description: 'Applies a list of changes as one new version, at the revision the client last read. A stale revision is refused (409); a change that breaks a rule, or an agreed plan, is refused (422) and nothing changes. Needs plan.write. Audited.',
    params: personIdParams,
    audit: 'plan.write',
    ok: ['The plan after the change', supportPlanSchema],
    notFound: 'There is no person with this id',
  });
  api.post(
    paths.changes.pattern,
    { ...changeRoute, schema: { ...changeRoute.schema, body: changesBody, response: { ...changeRoute.schema.response, ...writeRefusals } } },
    async (request, reply) => {
      const loaded = await loadPerson(db, request);
      const { plan, streams } = await planAndStreams(db, loaded.person);
      if (!plan) return sendProblem(request, reply, 422, 'There is no support plan for this person yet: start one first');
      const changes = request.body.changes.map((change): PlanChange => {
        if (change.kind === 'add-item') return { kind: 'add-item', item: { ...change.item, replaces: null } };
        if (change.kind === 'replace-item') return { kind: 'replace-item', itemId: change.itemId, successor: { ...change.successor, replaces: change.itemId } };
        return change as PlanChange;
      });
      if (!changes.every(costsAddUp)) return sendProblem(request, reply, 422, 'An item costs too much to add up. Check its unit cost and how often it happens');
      const written = await changePersonPlan(db, request, loaded, plan, request.body.expectedRevision, changes, streams);
      if (!written.ok) return sendRefusal(request, reply, written);
      const after = await planAndStreams(db, loaded.person);
      return planAnswer(loaded.person.id, after.plan, after.streams);
    },
  );

  const submitRoute = apiRoute({
    operationId: 'submitSupportPlan',
    tags: ['Support plans'],
    summary: "Send a person's support plan for approval",
    description: 'Sends the current version: each part goes to the organisation that owns its stream. Refused (422) when no item has a cost, or an owning organisation cannot see the record because the person has not shared it. After a change or a return only the changed and returned parts go back. Sending the same version again changes nothing. Needs plan.write. Audited.',
    params: personIdParams,
    audit: 'plan.write',
    ok: ['The plan as sent', supportPlanSchema],
    notFound: 'There is no person with this id',
  });
  api.post(
    paths.submit.pattern,
    { ...submitRoute, schema: { ...submitRoute.schema, body: submitBody, response: { ...submitRoute.schema.response, ...writeRefusals } } },
    async (request, reply) => {
      const loaded = await loadPerson(db, request);
      const { plan, streams } = await planAndStreams(db, loaded.person);
      if (!plan) return sendProblem(request, reply, 422, 'There is no support plan for this person yet: start one first');
      const unchanged = plan.state === 'submitted' && plan.signOff.planVersion === plan.currentVersion;
      const problems = unchanged ? [] : sendProblems(plan, streams, loaded);
      if (problems.length > 0) return sendProblem(request, reply, 422, 'The plan cannot be sent yet. The issues say why', problems.map((entry) => ({ path: 'plan', message: entry.text })));
      const written = await submitPersonPlan(db, request, loaded, plan, request.body.expectedRevision, streams);
      if (!written.ok) return sendRefusal(request, reply, written);
      const after = await planAndStreams(db, loaded.person);
      return planAnswer(loaded.person.id, after.plan, after.streams);
    },
  );
}

