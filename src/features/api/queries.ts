// Reads for the API. Callers authorise and audit; these only read.
import { and, asc, count, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { apiTokens, areaConfigurations, areas, assessments, fundingStreams, indicativeBudgets, organisations } from '../../db/schema.ts';

export async function findArea(db: Queryable, areaId: string) {
  const [area] = await db.select({ id: areas.id, regionId: areas.regionId }).from(areas).where(eq(areas.id, areaId));
  return area;
}

export async function tokenHolder(db: Queryable, tokenId: string) {
  const [token] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, areaId: apiTokens.areaId, expiresAt: apiTokens.expiresAt, organisationId: organisations.id, organisationName: organisations.name })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(eq(apiTokens.id, tokenId));
  return token;
}

/** Like the home page's list, but with the owning organisation's id, which a machine client needs to join on. */
export async function areaFundingStreams(db: Queryable, areaId: string) {
  return db
    .select({
      code: fundingStreams.code,
      name: fundingStreams.name,
      sector: fundingStreams.sector,
      owningOrganisationId: organisations.id,
      owningOrganisationName: organisations.name,
      retiredOn: fundingStreams.retiredOn,
    })
    .from(fundingStreams)
    .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(eq(fundingStreams.areaId, areaId))
    .orderBy(asc(fundingStreams.name), asc(fundingStreams.code));
}

/** The person's most recently started assessment, whatever its status, with the question set version it uses. */
export async function latestAssessment(db: Queryable, personId: string) {
  const [row] = await db
    .select({
      assessment: assessments,
      questionSet: { id: areaConfigurations.id, version: areaConfigurations.version, effectiveFrom: areaConfigurations.effectiveFrom, illustrative: areaConfigurations.illustrative },
    })
    .from(assessments)
    .innerJoin(areaConfigurations, eq(areaConfigurations.id, assessments.questionSetId))
    .where(eq(assessments.personId, personId))
    .orderBy(desc(assessments.startedAt), desc(assessments.updatedAt))
    .limit(1);
  return row;
}

/** The budgets not yet replaced, newest first, and how many earlier ones were. */
export async function currentIndicativeBudgets(db: Queryable, personId: string) {
  const [current, [superseded]] = await Promise.all([
    db
      .select({ budget: indicativeBudgets, streamName: fundingStreams.name })
      .from(indicativeBudgets)
      .leftJoin(fundingStreams, and(eq(fundingStreams.areaId, indicativeBudgets.areaId), eq(fundingStreams.code, indicativeBudgets.streamCode)))
      .where(and(eq(indicativeBudgets.personId, personId), isNull(indicativeBudgets.supersededAt)))
      .orderBy(desc(indicativeBudgets.issuedAt), asc(indicativeBudgets.streamCode)),
    db.select({ value: count() }).from(indicativeBudgets).where(and(eq(indicativeBudgets.personId, personId), isNotNull(indicativeBudgets.supersededAt))),
  ]);
  return { current, historyCount: Number(superseded?.value ?? 0) };
}

export async function findConfiguration(db: Queryable, configurationId: string) {
  const [row] = await db
    .select({ configuration: areaConfigurations, regionId: areas.regionId })
    .from(areaConfigurations)
    .innerJoin(areas, eq(areas.id, areaConfigurations.areaId))
    .where(eq(areaConfigurations.id, configurationId));
  return row;
}

/** Stream code → name for an area, to label configuration versions. */
export async function streamNames(db: Queryable, areaId: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: fundingStreams.code, name: fundingStreams.name }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId));
  return new Map(rows.map((row) => [row.code, row.name]));
}
