// Reads and changes an area's funding streams. Every change is audited in the same transaction; retiring keeps the
// stream (and everything decided under it) and only stops new use.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/database.ts';
import { areas, fundingStreams, organisations } from '../../db/schema.ts';
import type { AuditWriter } from '../../records/audit.ts';

export async function streamsInArea(db: Queryable, areaId: string) {
  return db
    .select({ id: fundingStreams.id, code: fundingStreams.code, name: fundingStreams.name, sector: fundingStreams.sector, description: fundingStreams.description, retiredOn: fundingStreams.retiredOn, owner: organisations.name })
    .from(fundingStreams)
    .innerJoin(organisations, eq(organisations.id, fundingStreams.owningOrganisationId))
    .where(eq(fundingStreams.areaId, areaId))
    .orderBy(asc(fundingStreams.name));
}

/** The stream, looked for in the areas given (those the administrator works in). */
export async function findStream(db: Queryable, streamId: string, areaIds: readonly string[]) {
  if (areaIds.length === 0) return undefined;
  const [stream] = await db
    .select({ stream: fundingStreams, regionId: areas.regionId, areaName: areas.name })
    .from(fundingStreams)
    .innerJoin(areas, eq(areas.id, fundingStreams.areaId))
    .where(and(inArray(fundingStreams.areaId, [...areaIds]), eq(fundingStreams.id, streamId)));
  return stream;
}

/** Which area a stream is in, across every area: only to refuse, and audit, a request from outside it (ADR 10). */
export async function areaOfStream(db: Queryable, streamId: string) {
  const [row] = await db
    .select({ areaId: fundingStreams.areaId, regionId: areas.regionId })
    .from(fundingStreams)
    .innerJoin(areas, eq(areas.id, fundingStreams.areaId))
    .where(eq(fundingStreams.id, streamId))
    .limit(1);
  return row;
}

export async function areaOrganisationChoices(db: Queryable, areaId: string) {
  return db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.areaId, areaId)).orderBy(asc(organisations.name));
}

async function organisationInArea(db: Queryable, organisationId: string, areaId: string) {
  const [row] = await db.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, organisationId), eq(organisations.areaId, areaId)));
  return row !== undefined;
}

type Outcome = { ok: true; streamId: string } | { ok: false; field: string; message: string };

function audit(tx: Queryable, writer: AuditWriter, action: string, streamId: string, areaId: string, detail: string) {
  return writer(tx, { action, subjectType: 'funding_stream', subjectId: streamId, areaId, detail });
}

export async function addStream(
  db: Database,
  areaId: string,
  input: { code: string; name: string; sector: string; description: string; owningOrganisationId: string },
  writer: AuditWriter,
): Promise<Outcome> {
  if (!(await organisationInArea(db, input.owningOrganisationId, areaId))) return { ok: false, field: 'owningOrganisationId', message: 'Select an organisation in this area' };
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: fundingStreams.id }).from(fundingStreams).where(and(eq(fundingStreams.areaId, areaId), eq(fundingStreams.code, input.code)));
    if (clash) return { ok: false as const, field: 'code', message: 'This area already has a stream with this code' };
    const [stream] = await tx.insert(fundingStreams).values({ areaId, ...input }).returning({ id: fundingStreams.id });
    await audit(tx, writer, 'funding-stream.add', stream!.id, areaId, `code ${input.code}`);
    return { ok: true as const, streamId: stream!.id };
  });
}

export async function changeStream(
  db: Database,
  stream: { id: string; areaId: string },
  input: { name: string; description: string; owningOrganisationId: string },
  writer: AuditWriter,
): Promise<Outcome> {
  if (!(await organisationInArea(db, input.owningOrganisationId, stream.areaId))) return { ok: false, field: 'owningOrganisationId', message: 'Select an organisation in this area' };
  await db.transaction(async (tx) => {
    await tx.update(fundingStreams).set(input).where(and(eq(fundingStreams.areaId, stream.areaId), eq(fundingStreams.id, stream.id)));
    await audit(tx, writer, 'funding-stream.change', stream.id, stream.areaId, 'name, owner or description changed');
  });
  return { ok: true, streamId: stream.id };
}

/** Retire from today (London) or bring back. Repeating either is harmless: the first date is kept. */
export async function setRetired(db: Database, stream: { id: string; areaId: string }, retired: boolean, today: string, writer: AuditWriter): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(fundingStreams)
      .set({ retiredOn: retired ? sql`coalesce(${fundingStreams.retiredOn}, ${today}::date)` : null })
      .where(and(eq(fundingStreams.areaId, stream.areaId), eq(fundingStreams.id, stream.id)));
    await audit(tx, writer, retired ? 'funding-stream.retire' : 'funding-stream.reinstate', stream.id, stream.areaId, retired ? `from ${today}` : 'reinstated');
  });
}
