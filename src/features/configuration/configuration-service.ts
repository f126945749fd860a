// Keeps an area's versioned configuration: lists every version with its status, imports and recalibrates as new
// drafts (never changing a published version), and publishes a draft from a day. Every change is audited with it.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { type EligibilityRuleSet, validateEligibilityRules } from '../../domain/assessment/eligibility.ts';
import { type QuestionSet, validateQuestionSet } from '../../domain/assessment/question-set.ts';
import { type Calculator, validateCalculator } from '../../domain/budget/calculators.ts';
import { type RasTable, validateRasTable } from '../../domain/budget/ras.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { areaConfigurations, areas, fundingStreams } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';
import { type ConfigurationKind, configurationInForce } from '../../records/configuration-store.ts';

export type ConfigurationRow = typeof areaConfigurations.$inferSelect;
export type VersionStatus = 'in force' | 'scheduled' | 'draft' | 'replaced';

export const kindNames: Record<ConfigurationKind, string> = {
  'question-set': 'Self-assessment questions',
  'eligibility-rules': 'Eligibility rules',
  'ras-table': 'RAS table',
  calculator: 'Calculator',
};

/** Who is making the change: the user, and the audit writer for their request. */
export interface Change {
  userId: string;
  audit: AuditWriter;
  now: Date;
}

export interface VersionSummary {
  id: string;
  kind: ConfigurationKind;
  streamCode: string | null;
  version: number;
  name: string;
  illustrative: boolean;
  effectiveFrom: string;
  publishedAt: Date | null;
  createdAt: Date;
  status: VersionStatus;
}

/** One kind of configuration for one stream (or for the area): its versions, newest first, by status. */
export interface Track {
  kind: ConfigurationKind;
  streamCode: string | null;
  inForce: VersionSummary | undefined;
  scheduled: VersionSummary[];
  drafts: VersionSummary[];
  replaced: VersionSummary[];
}

/** The name a version gives itself: a question set has a title, everything else a name. */
export function definitionName(row: Pick<ConfigurationRow, 'definition' | 'kind'>): string {
  const definition = row.definition as { name?: unknown; title?: unknown };
  const name = typeof definition.name === 'string' ? definition.name : typeof definition.title === 'string' ? definition.title : '';
  return name || kindNames[row.kind as ConfigurationKind] || row.kind;
}

function trackKey(kind: string, streamCode: string | null): string {
  return `${kind}:${streamCode ?? ''}`;
}

/**
 * Status on a day: drafts are unpublished; of the published, the one in force is the latest effective on or before the
 * day (the higher version if two share a day, as `configurationInForce` chooses), later ones are scheduled, and
 * earlier ones have been replaced.
 */
export function tracksOf(rows: readonly Omit<VersionSummary, 'status'>[], today: string): Map<string, Track> {
  const tracks = new Map<string, Track>();
  const sorted = [...rows].sort((a, b) => b.version - a.version);
  for (const row of sorted) {
    const key = trackKey(row.kind, row.streamCode);
    let track = tracks.get(key);
    if (!track) {
      track = { kind: row.kind, streamCode: row.streamCode, inForce: undefined, scheduled: [], drafts: [], replaced: [] };
      tracks.set(key, track);
    }
    if (!row.publishedAt) track.drafts.push({ ...row, status: 'draft' });
    else if (row.effectiveFrom > today) track.scheduled.push({ ...row, status: 'scheduled' });
    else {
      const current = track.inForce;
      const later = !current || row.effectiveFrom > current.effectiveFrom || (row.effectiveFrom === current.effectiveFrom && row.version > current.version);
      if (later) {
        if (current) track.replaced.push({ ...current, status: 'replaced' });
        track.inForce = { ...row, status: 'in force' };
      } else track.replaced.push({ ...row, status: 'replaced' });
    }
  }
  for (const track of tracks.values()) {
    track.scheduled.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
    track.replaced.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version);
  }
  return tracks;
}

export async function areaTracks(db: Queryable, areaId: string, today: string): Promise<Map<string, Track>> {
  const rows = await db
    .select({
      id: areaConfigurations.id,
      kind: areaConfigurations.kind,
      streamCode: areaConfigurations.streamCode,
      version: areaConfigurations.version,
      name: sql<string>`coalesce(${areaConfigurations.definition}->>'name', ${areaConfigurations.definition}->>'title', '')`,
      illustrative: areaConfigurations.illustrative,
      effectiveFrom: areaConfigurations.effectiveFrom,
      publishedAt: areaConfigurations.publishedAt,
      createdAt: areaConfigurations.createdAt,
    })
    .from(areaConfigurations)
    .where(eq(areaConfigurations.areaId, areaId));
  return tracksOf(rows.map((row) => ({ ...row, kind: row.kind as ConfigurationKind, name: row.name || kindNames[row.kind as ConfigurationKind] })), today);
}

export function trackFor(tracks: Map<string, Track>, kind: ConfigurationKind, streamCode: string | null): Track | undefined {
  return tracks.get(trackKey(kind, streamCode));
}

export async function areaStreams(db: Queryable, areaId: string) {
  return db
    .select({ code: fundingStreams.code, name: fundingStreams.name, retiredOn: fundingStreams.retiredOn })
    .from(fundingStreams)
    .where(eq(fundingStreams.areaId, areaId))
    .orderBy(asc(fundingStreams.name));
}

/** A version of this area's configuration, or undefined if there is none with this id in the area. */
export async function findConfiguration(db: Queryable, areaId: string, id: string): Promise<ConfigurationRow | undefined> {
  const [row] = await db.select().from(areaConfigurations).where(and(eq(areaConfigurations.id, id), eq(areaConfigurations.areaId, areaId)));
  return row;
}

export type Checked = { ok: true; kind: ConfigurationKind; streamCode: string | null; definition: QuestionSet | EligibilityRuleSet | RasTable | Calculator } | { ok: false; errors: string[] };

/**
 * Checks a definition of a kind against the question set in force in the area and the area's stream codes, as an
 * import does. Every problem is listed in plain English.
 */
export async function checkDefinition(db: Queryable, areaId: string, kind: ConfigurationKind, json: unknown, day: string): Promise<Checked> {
  const streamCodes = (await areaStreams(db, areaId)).map((stream) => stream.code);
  if (kind === 'question-set') {
    const checked = validateQuestionSet(json, { streamCodes });
    return checked.ok ? { ok: true, kind, streamCode: null, definition: checked.set } : checked;
  }
  const inForce = await configurationInForce(db, areaId, day);
  if (!inForce) return { ok: false, errors: ['There is no question set in force in this area on that day, so nothing can be checked against it. Publish a question set first.'] };
  const set = inForce.questionSet.definition;
  if (kind === 'eligibility-rules') {
    const checked = validateEligibilityRules(json, set, { streamCodes });
    return checked.ok ? { ok: true, kind, streamCode: null, definition: checked.rules } : checked;
  }
  if (kind === 'ras-table') {
    const checked = validateRasTable(json, set, { streamCodes });
    return checked.ok ? { ok: true, kind, streamCode: checked.table.streamCode, definition: checked.table } : checked;
  }
  const checked = validateCalculator(json, set, { streamCodes });
  return checked.ok ? { ok: true, kind, streamCode: checked.calculator.streamCode, definition: checked.calculator } : checked;
}

function audit(tx: Queryable, change: Change, action: string, configurationId: string, areaId: string, detail: string) {
  return change.audit(tx, { action, subjectType: 'area_configuration', subjectId: configurationId, areaId, detail });
}

/** One change to an area's configuration at a time, so version numbers are given out in order. */
async function lockArea(tx: Queryable, areaId: string): Promise<void> {
  await tx.select({ id: areas.id }).from(areas).where(eq(areas.id, areaId)).for('update');
}

function describeVersion(kind: string, streamCode: string | null, version: number): string {
  return `${kind}${streamCode ? ` ${streamCode}` : ''} version ${version}`;
}

/**
 * Saves a checked definition as a new unpublished draft, audited as `action`. Sending the same definition again while
 * it is still the latest draft gives back that draft, so a form sent twice makes one version.
 */
export async function saveDraft(
  db: Database,
  areaId: string,
  checked: Extract<Checked, { ok: true }>,
  options: { action: string; effectiveFrom: string; actor: Change; basedOn?: ConfigurationRow },
): Promise<{ id: string; created: boolean }> {
  return db.transaction(async (tx) => {
    await lockArea(tx, areaId);
    const sameTrack = and(
      eq(areaConfigurations.areaId, areaId),
      eq(areaConfigurations.kind, checked.kind),
      checked.streamCode === null ? sql`${areaConfigurations.streamCode} is null` : eq(areaConfigurations.streamCode, checked.streamCode),
    );
    // jsonb keeps no key order, so "the same definition" is asked of the database rather than of the text.
    const [latest] = await tx
      .select({ id: areaConfigurations.id, version: areaConfigurations.version, publishedAt: areaConfigurations.publishedAt, same: sql<boolean>`${areaConfigurations.definition} = ${JSON.stringify(checked.definition)}::jsonb` })
      .from(areaConfigurations)
      .where(sameTrack)
      .orderBy(desc(areaConfigurations.version))
      .limit(1);
    if (latest && !latest.publishedAt && latest.same) return { id: latest.id, created: false };
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx
      .insert(areaConfigurations)
      .values({
        areaId,
        kind: checked.kind,
        streamCode: checked.streamCode,
        version,
        definition: checked.definition,
        illustrative: checked.definition.illustrative,
        effectiveFrom: options.effectiveFrom,
        publishedAt: null,
        createdByUserId: options.actor.userId,
        createdAt: options.actor.now,
      })
      .returning({ id: areaConfigurations.id });
    const basedOn = options.basedOn ? `, from version ${options.basedOn.version}` : '';
    await audit(tx, options.actor, options.action, row!.id, areaId, `${describeVersion(checked.kind, checked.streamCode, version)} saved as a draft${basedOn}`);
    return { id: row!.id, created: true };
  });
}

/**
 * Would publishing this version from this day leave anything that cannot be read? A RAS table, calculator or rules
 * must fit the question set in force that day; a question set must still fit the rules, tables and calculators in
 * force that day (publish new ones of those first if questions are taken away).
 */
export async function publishProblems(db: Queryable, row: ConfigurationRow, day: string): Promise<string[]> {
  if (row.kind !== 'question-set') {
    const checked = await checkDefinition(db, row.areaId, row.kind as ConfigurationKind, row.definition, day);
    return checked.ok ? [] : checked.errors;
  }
  const inForce = await configurationInForce(db, row.areaId, day);
  if (!inForce) return [];
  const set = row.definition as QuestionSet;
  const problems: string[] = [];
  const rules = validateEligibilityRules(inForce.rules.definition, set);
  if (!rules.ok) problems.push(...rules.errors.map((error) => `The eligibility rules in force would not fit: ${error}`));
  for (const table of inForce.rasTables) {
    const checked = validateRasTable(table.definition, set);
    if (!checked.ok) problems.push(...checked.errors.map((error) => `The RAS table for ${table.definition.streamCode} would not fit: ${error}`));
  }
  for (const calculator of inForce.calculators) {
    const checked = validateCalculator(calculator.definition, set);
    if (!checked.ok) problems.push(...checked.errors.map((error) => `The calculator for ${calculator.definition.streamCode} would not fit: ${error}`));
  }
  return problems;
}

/**
 * Publishes a draft from a day. Budgets already issued keep the version they were worked out with: nothing here
 * touches them. A day in the past needs a reason, which is kept in the audit entry. Publishing twice is harmless.
 */
export async function publishDraft(
  db: Database,
  row: ConfigurationRow,
  options: { effectiveFrom: string; reason: string | undefined; today: string; actor: Change },
): Promise<{ published: boolean }> {
  return db.transaction(async (tx) => {
    await lockArea(tx, row.areaId);
    const thisVersion = and(eq(areaConfigurations.areaId, row.areaId), eq(areaConfigurations.id, row.id));
    const [current] = await tx.select().from(areaConfigurations).where(thisVersion);
    if (!current || current.publishedAt) return { published: false };
    const definition = current.definition as Record<string, unknown>;
    // RAS tables and calculators carry their own first day: keep it the same as the version's.
    const nextDefinition = 'effectiveFrom' in definition ? { ...definition, effectiveFrom: options.effectiveFrom } : definition;
    await tx
      .update(areaConfigurations)
      .set({ publishedAt: options.actor.now, effectiveFrom: options.effectiveFrom, definition: nextDefinition })
      .where(thisVersion);
    const past = options.effectiveFrom < options.today;
    const detail = `${describeVersion(current.kind, current.streamCode, current.version)} published from ${options.effectiveFrom}${past ? ` (in the past, on ${options.today}); reason: ${options.reason ?? ''}` : ''}`;
    await audit(tx, options.actor, 'configuration.publish', row.id, row.areaId, detail);
    return { published: true };
  });
}
