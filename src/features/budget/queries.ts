// Reads the records behind a person's budget page and letter. Callers authorise and audit; these only read.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { EligibilityRuleSet } from '../../domain/assessment/eligibility.ts';
import type { RasTable } from '../../domain/budget/ras.ts';
import type { Queryable } from '../../db/database.ts';
import { assessments, eligibilityDecisions, fundingStreams, indicativeBudgets, organisations } from '../../db/schema.ts';
import type { AssessmentRow } from '../../records/assessments.ts';
import { configurationsByIds } from '../../records/configuration-store.ts';
import { type AreaContacts, areaContacts } from '../../records/organisation-contacts.ts';
import type { PersonRef } from '../../records/people.ts';
import type { BudgetRecords } from './budget-view.ts';

/** The area's funding streams with their owners, oldest first: what the budget page and the contacts are built from. */
function areaStreamsWithOwners(db: Queryable, areaId: string) {
  return db
    .select({ code: fundingStreams.code, name: fundingStreams.name, owner: organisations.name, ownerId: organisations.id })
    .from(fundingStreams)
    .leftJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(eq(fundingStreams.areaId, areaId))
    .orderBy(asc(fundingStreams.createdAt), asc(fundingStreams.code));
}

/**
 * The person's latest finished assessment and the one they are answering now, in one read: the newest of each
 * status, ordered as `latestCompletedAssessment` and `assessmentInProgress` order them.
 */
async function latestAssessments(db: Queryable, person: PersonRef): Promise<{ completed: AssessmentRow | undefined; inProgress: AssessmentRow | undefined }> {
  const rows = await db
    .selectDistinctOn([assessments.status])
    .from(assessments)
    .where(and(eq(assessments.areaId, person.areaId), eq(assessments.personId, person.id), inArray(assessments.status, ['completed', 'in progress'])))
    .orderBy(assessments.status, desc(assessments.completedAt), desc(assessments.startedAt), desc(assessments.id));
  return { completed: rows.find((row) => row.status === 'completed'), inProgress: rows.find((row) => row.status === 'in progress') };
}

export interface BudgetPageRecords {
  records: BudgetRecords;
  /** The assessment the person is answering now, if any: the page says the amounts may change. */
  inProgress: AssessmentRow | undefined;
  contacts: AreaContacts;
}

/**
 * Everything the budget page and letters show, each record read once: the person's budgets (current and superseded
 * in one read), both latest assessments in one, the decisions behind current and earlier budgets in one, the area's
 * streams once (for the page and the contacts), and configuration versions from memory once published. `shared` is
 * what `loadPerson` already read.
 */
export async function budgetPageRecords(db: Queryable, person: PersonRef, shared: readonly { organisationId: string }[]): Promise<BudgetPageRecords> {
  const [streams, budgets, latest] = await Promise.all([
    areaStreamsWithOwners(db, person.areaId),
    db
      .select()
      .from(indicativeBudgets)
      .where(and(eq(indicativeBudgets.areaId, person.areaId), eq(indicativeBudgets.personId, person.id)))
      .orderBy(desc(indicativeBudgets.issuedAt)),
    latestAssessments(db, person),
  ]);
  const current = budgets.filter((budget) => budget.supersededAt === null);
  const earlier = budgets.filter((budget) => budget.supersededAt !== null);
  const assessment = latest.completed;
  const earlierAssessments = new Set(earlier.map((budget) => budget.assessmentId));
  const decidedFrom = [...new Set([...(assessment ? [assessment.id] : []), ...earlierAssessments])];
  const [contacts, allDecisions] = await Promise.all([
    areaContacts(db, person.areaId, streams),
    decidedFrom.length
      ? db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.areaId, person.areaId), inArray(eligibilityDecisions.assessmentId, decidedFrom)))
      : [],
  ]);
  const decisions = assessment ? allDecisions.filter((decision) => decision.assessmentId === assessment.id) : [];
  const earlierDecisions = allDecisions.filter((decision) => earlierAssessments.has(decision.assessmentId));
  const used = [...new Set([...current.map((budget) => budget.configurationId), ...decisions.map((decision) => decision.rulesId)])];
  const configurations = await configurationsByIds(db, person.areaId, used);
  // Streams in the order the eligibility rules list them (adult social care first in the seeded rules), as decided.
  const rules = configurations.find((configuration) => configuration.kind === 'eligibility-rules')?.definition as EligibilityRuleSet | undefined;
  const ruleOrder = Array.isArray(rules?.rules) ? rules.rules.map((rule) => rule.streamCode) : [];
  const rank = (code: string) => (ruleOrder.includes(code) ? ruleOrder.indexOf(code) : ruleOrder.length);
  const ordered = [...streams].sort((a, b) => rank(a.code) - rank(b.code) || a.name.localeCompare(b.name));

  // A RAS table's tolerance: how far an agreed plan may differ from the indicative amount without going to a panel.
  const tolerances: Record<string, number> = {};
  for (const budget of current) {
    const table = configurations.find((configuration) => configuration.id === budget.configurationId && configuration.kind === 'ras-table');
    const percent = (table?.definition as RasTable | undefined)?.tolerancePercent;
    if (typeof percent === 'number') tolerances[budget.streamCode] = percent;
  }
  return {
    records: {
      streams: ordered,
      current,
      earlier,
      decisions,
      earlierDecisions,
      sharedWith: new Set(shared.map((row) => row.organisationId)),
      illustrativeConfigurations: new Set(configurations.filter((configuration) => configuration.illustrative).map((configuration) => configuration.id)),
      tolerances,
    },
    inProgress: latest.inProgress,
    contacts,
  };
}

/** The area's lead council, which sends the letter, and the user-led organisations that can help make a plan. */
export async function letterOrganisations(db: Queryable, areaId: string) {
  const rows = await db.select({ name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.createdAt), asc(organisations.name));
  const lead = rows.find((row) => row.kind === 'county_council' || row.kind === 'unitary_council');
  return { lead: lead?.name, brokers: rows.filter((row) => row.kind === 'user_led_organisation').map((row) => row.name) };
}
