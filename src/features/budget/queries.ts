// Reads the records behind a person's budget page and letter. Callers authorise and audit; these only read.
import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { EligibilityRuleSet } from '../../domain/assessment/eligibility.ts';
import type { RasTable } from '../../domain/budget/ras.ts';
import type { Queryable } from '../../db/database.ts';
import { areaConfigurations, eligibilityDecisions, fundingStreams, indicativeBudgets, organisations } from '../../db/schema.ts';
import { latestCompletedAssessment } from '../../records/assessments.ts';
import { consentedOrganisations, type PersonRef } from '../../records/people.ts';
import type { BudgetRecords } from './budget-view.ts';

export async function budgetRecords(db: Queryable, person: PersonRef): Promise<BudgetRecords> {
  const theirs = and(eq(indicativeBudgets.areaId, person.areaId), eq(indicativeBudgets.personId, person.id));
  const [streams, current, earlier, assessment, shared] = await Promise.all([
    db
      .select({ code: fundingStreams.code, name: fundingStreams.name, owner: organisations.name, ownerId: organisations.id })
      .from(fundingStreams)
      .leftJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
      .where(eq(fundingStreams.areaId, person.areaId))
      .orderBy(asc(fundingStreams.createdAt), asc(fundingStreams.code)),
    db.select().from(indicativeBudgets).where(and(theirs, isNull(indicativeBudgets.supersededAt))),
    db.select().from(indicativeBudgets).where(and(theirs, isNotNull(indicativeBudgets.supersededAt))).orderBy(desc(indicativeBudgets.issuedAt)),
    latestCompletedAssessment(db, person),
    consentedOrganisations(db, person),
  ]);
  const earlierAssessments = [...new Set(earlier.map((budget) => budget.assessmentId))];
  const [decisions, earlierDecisions] = await Promise.all([
    assessment ? db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.areaId, person.areaId), eq(eligibilityDecisions.assessmentId, assessment.id))) : [],
    earlierAssessments.length
      ? db.select().from(eligibilityDecisions).where(and(eq(eligibilityDecisions.areaId, person.areaId), inArray(eligibilityDecisions.assessmentId, earlierAssessments)))
      : [],
  ]);
  const used = [...new Set([...current.map((budget) => budget.configurationId), ...decisions.map((decision) => decision.rulesId)])];
  const configurations = used.length
    ? await db
        .select({ id: areaConfigurations.id, kind: areaConfigurations.kind, illustrative: areaConfigurations.illustrative, definition: areaConfigurations.definition })
        .from(areaConfigurations)
        .where(and(eq(areaConfigurations.areaId, person.areaId), inArray(areaConfigurations.id, used)))
    : [];
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
    streams: ordered,
    current,
    earlier,
    decisions,
    earlierDecisions,
    sharedWith: new Set(shared.map((row) => row.organisationId)),
    illustrativeConfigurations: new Set(configurations.filter((configuration) => configuration.illustrative).map((configuration) => configuration.id)),
    tolerances,
  };
}

/** The area's lead council, which sends the letter, and the user-led organisations that can help make a plan. */
export async function letterOrganisations(db: Queryable, areaId: string) {
  const rows = await db.select({ name: organisations.name, kind: organisations.kind }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.createdAt), asc(organisations.name));
  const lead = rows.find((row) => row.kind === 'county_council' || row.kind === 'unitary_council');
  return { lead: lead?.name, brokers: rows.filter((row) => row.kind === 'user_led_organisation').map((row) => row.name) };
}
