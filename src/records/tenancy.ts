// Creates regions, areas and organisations, and seeds a new area's funding streams. Used by the admin pages, by
// `rtc area create` and by the demo, so all three set up an area the same way.
import { eq, sql } from 'drizzle-orm';
import { rightToControlStreams } from '../domain/funding-streams.ts';
import type { OrganisationContacts } from '../domain/organisation-contacts.ts';
import type { OrganisationKind } from '../domain/roles.ts';
import type { Database, Queryable } from '../db/database.ts';
import { areas, fundingStreams, organisations, regions } from '../db/schema.ts';
import type { AuditWriter } from './audit.ts';
import { seedDefaultConfiguration } from './configuration-store.ts';
import { seedReasonCodes } from './support-plans.ts';

export const leadCouncilKinds = ['county_council', 'unitary_council'] as const;
export type LeadCouncilKind = (typeof leadCouncilKinds)[number];

/** Kinds an administrator may add to an area; a regional coordinator works across a region, so is added there. */
export const areaOrganisationKinds = ['county_council', 'unitary_council', 'jobcentre_plus', 'district_council', 'national_agency', 'user_led_organisation', 'provider'] as const satisfies readonly OrganisationKind[];

/** The demo and tests set areas up without an actor to name; pages and `rtc area create` always pass one. */
const noAudit: AuditWriter = async () => {};

/**
 * A name already in use. Thrown inside the transaction so everything made before it is rolled back, and turned
 * into a message next to the field by `tenancyChange`.
 */
export class NameTaken extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export type TenancyResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** Runs a change in one transaction: all of it is saved, or none of it and the caller learns which name clashed. */
export async function tenancyChange<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<TenancyResult<T>> {
  try {
    return { ok: true, value: await db.transaction((tx) => work(tx)) };
  } catch (error) {
    if (error instanceof NameTaken) return { ok: false, field: error.field, message: error.reason };
    throw error;
  }
}

export interface NewOrganisation {
  regionId: string;
  /** Null for a regional coordinator, which works across the whole region. */
  areaId: string | null;
  name: string;
  kind: OrganisationKind;
  /** How people reach it; may be given later. */
  contacts?: OrganisationContacts;
}

/**
 * The unique indexes decide whether a name is free: a clash inserts nothing (and waits for a concurrent insert of
 * the same name to finish first), so a form sent twice at once still makes one row.
 */
async function insertOrganisation(tx: Queryable, input: NewOrganisation, field: string, audit: AuditWriter) {
  const [row] = await tx
    .insert(organisations)
    .values({ regionId: input.regionId, areaId: input.areaId, name: input.name, kind: input.kind, ...input.contacts })
    .onConflictDoNothing()
    .returning({ id: organisations.id });
  if (!row) throw new NameTaken(field, input.areaId ? `There is already an organisation called ‘${input.name}’ in this area` : `There is already a regional organisation called ‘${input.name}’ in this region`);
  await audit(tx, { action: 'organisation.create', outcome: 'succeeded', subjectType: 'organisation', subjectId: row.id, areaId: input.areaId, detail: `kind ${input.kind}` });
  return { id: row.id, ...input };
}

export async function createRegion(tx: Queryable, input: { name: string; illustrative?: boolean }, audit: AuditWriter = noAudit, field = 'name') {
  const [row] = await tx
    .insert(regions)
    .values({ name: input.name, illustrative: input.illustrative ?? false })
    .onConflictDoNothing()
    .returning({ id: regions.id });
  if (!row) throw new NameTaken(field, `There is already a region called ‘${input.name}’`);
  await audit(tx, { action: 'region.create', outcome: 'succeeded', subjectType: 'region', subjectId: row.id, areaId: null, detail: input.illustrative ? 'illustrative' : '' });
  return { id: row.id, name: input.name };
}

export async function addOrganisation(tx: Queryable, input: NewOrganisation, audit: AuditWriter = noAudit, field = 'name') {
  return insertOrganisation(tx, input, field, audit);
}

/** An area with the region it is in, for the pages that manage it; undefined if there is none with this id. */
export async function findArea(db: Queryable, areaId: string) {
  const [area] = await db
    .select({ id: areas.id, name: areas.name, illustrative: areas.illustrative, regionId: areas.regionId, regionName: regions.name })
    .from(areas)
    .innerJoin(regions, eq(regions.id, areas.regionId))
    .where(eq(areas.id, areaId));
  return area;
}

export async function findRegionByName(tx: Queryable, name: string) {
  const [row] = await tx.select().from(regions).where(sql`lower(${regions.name}) = lower(${name})`);
  return row;
}

export interface AreaPlan {
  regionId: string;
  name: string;
  /** Areas in the demo region are illustrative too, so a demo reset removes them with the region. */
  illustrative: boolean;
  leadCouncil: { name: string; kind: LeadCouncilKind };
  /** Other organisations serving the area. `field` names the form field to blame if the name clashes. */
  partners: readonly { name: string; kind: Exclude<OrganisationKind, 'regional_coordinator'>; field?: string }[];
}

export interface StreamOwnership {
  code: string;
  name: string;
  ownerId: string;
  ownerName: string;
  /** The kind of organisation that usually owns it, when the area has none and the lead council stands in. */
  missingKind: OrganisationKind | null;
}

export interface CreatedArea {
  areaId: string;
  regionId: string;
  name: string;
  organisations: { id: string; name: string; kind: OrganisationKind }[];
  streams: StreamOwnership[];
}

/** For sentences such as "the area had no Jobcentre Plus office": names keep their capitals. */
export const kindInASentence: Record<OrganisationKind, string> = {
  county_council: 'county council',
  unitary_council: 'unitary council',
  jobcentre_plus: 'Jobcentre Plus office',
  district_council: 'district or borough council',
  national_agency: 'Independent Living Fund team',
  user_led_organisation: 'user-led organisation',
  provider: 'provider',
  regional_coordinator: 'regional coordinator',
};

function isLeadKind(kind: string): kind is LeadCouncilKind {
  return (leadCouncilKinds as readonly string[]).includes(kind);
}

/**
 * Whether the stream's owner is a stand-in: streams meant for a county council belong to whichever lead council the
 * area has (a unitary council does the county's work); any other stream without its kind of organisation falls to
 * the lead council.
 */
export function ownerStandsIn(usualOwnerKind: string, actualOwnerKind: string): boolean {
  if (isLeadKind(usualOwnerKind)) return !isLeadKind(actualOwnerKind);
  return usualOwnerKind !== actualOwnerKind;
}

/** Which organisation owns each of the six streams: the first of its usual kind, else the lead council. */
export function planStreamOwners(lead: { id: string; name: string }, organisationsInArea: readonly { id: string; name: string; kind: string }[]): StreamOwnership[] {
  return rightToControlStreams.map((stream) => {
    const owner = isLeadKind(stream.ownerKind) ? lead : organisationsInArea.find((organisation) => organisation.kind === stream.ownerKind);
    return { code: stream.code, name: stream.name, ownerId: (owner ?? lead).id, ownerName: (owner ?? lead).name, missingKind: owner ? null : stream.ownerKind };
  });
}

/**
 * Creates an area with its organisations and six funding streams. Call inside a transaction; throws NameTaken.
 * `now` stamps the area's default configuration as published; `audit` names who set the area up.
 */
export async function createArea(tx: Queryable, plan: AreaPlan, { now, audit = noAudit }: { now: Date; audit?: AuditWriter }): Promise<CreatedArea> {
  const [area] = await tx
    .insert(areas)
    .values({ regionId: plan.regionId, name: plan.name, illustrative: plan.illustrative })
    .onConflictDoNothing()
    .returning({ id: areas.id });
  if (!area) throw new NameTaken('name', `There is already an area called ‘${plan.name}’ in this region`);
  const areaId = area.id;
  const lead = await insertOrganisation(tx, { regionId: plan.regionId, areaId, name: plan.leadCouncil.name, kind: plan.leadCouncil.kind }, 'leadCouncilName', audit);
  const made: CreatedArea['organisations'] = [{ id: lead.id, name: lead.name, kind: lead.kind }];
  for (const partner of plan.partners) {
    const field = partner.field ?? 'name';
    const clash = made.find((organisation) => organisation.name.toLowerCase() === partner.name.toLowerCase());
    if (clash) throw new NameTaken(field, `Enter a different name: you have already given ‘${clash.name}’ as the name of the ${kindInASentence[clash.kind]}`);
    const organisation = await insertOrganisation(tx, { regionId: plan.regionId, areaId, name: partner.name, kind: partner.kind }, field, audit);
    made.push({ id: organisation.id, name: organisation.name, kind: organisation.kind });
  }
  const streams = planStreamOwners(lead, made);
  await tx.insert(fundingStreams).values(
    rightToControlStreams.map((stream, index) => ({ areaId, code: stream.code, name: stream.name, sector: stream.sector, description: stream.description, owningOrganisationId: streams[index]!.ownerId })),
  );
  await seedDefaultConfiguration(tx, areaId, now);
  await seedReasonCodes(tx, areaId, now);
  const standIns = streams.filter((stream) => stream.missingKind).map((stream) => stream.code);
  await audit(tx, {
    action: 'area.create',
    outcome: 'succeeded',
    subjectType: 'area',
    subjectId: areaId,
    areaId,
    detail: `lead ${plan.leadCouncil.kind}, ${made.length} organisations, ${streams.length} funding streams${standIns.length ? `; lead council owns ${standIns.join(', ')}` : ''}`,
  });
  return { areaId, regionId: plan.regionId, name: plan.name, organisations: made, streams };
}

/** The areas an operator means by an id or a name (any case): one, none, or several of that name in different regions. */
export async function areasNamed(db: Queryable, nameOrId: string) {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(nameOrId);
  return db
    .select({ id: areas.id, name: areas.name, regionName: regions.name })
    .from(areas)
    .innerJoin(regions, eq(regions.id, areas.regionId))
    .where(isId ? eq(areas.id, nameOrId) : sql`lower(${areas.name}) = lower(${nameOrId})`);
}
