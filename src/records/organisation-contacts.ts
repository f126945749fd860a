// Reads and changes organisations' contact details: who owns each stream and how to reach them, for the budget page,
// letters and decisions; each area's lead council for the accessibility statement; and the administrators' changes.
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { type ContactableOrganisation, contactBlock, type ContactBlock, type OrganisationContacts } from '../domain/organisation-contacts.ts';
import type { Queryable } from '../db/database.ts';
import { areas, fundingStreams, organisations } from '../db/schema.ts';
import type { AuditWriter } from './audit.ts';
import { leadCouncilKinds } from './tenancy.ts';

const contactColumns = {
  contactPhone: organisations.contactPhone,
  contactEmail: organisations.contactEmail,
  postalAddress: organisations.postalAddress,
  openingHours: organisations.openingHours,
  textRelay: organisations.textRelay,
  bslVideoRelayUrl: organisations.bslVideoRelayUrl,
  reviewHow: organisations.reviewHow,
};

export interface AreaContacts {
  lead: (ContactableOrganisation & { id: string }) | undefined;
  /** Stream code → the organisation that owns it. */
  owners: Map<string, ContactableOrganisation & { id: string }>;
}

/**
 * The area's lead council and each stream's owner, with their contact details. A page that has read the area's
 * streams already passes them (`streams`), so they are not read twice.
 */
export async function areaContacts(db: Queryable, areaId: string, streams?: readonly { code: string; ownerId: string | null }[]): Promise<AreaContacts> {
  const [organisationRows, streamRows] = await Promise.all([
    db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, ...contactColumns })
      .from(organisations)
      .where(eq(organisations.areaId, areaId))
      .orderBy(asc(organisations.createdAt), asc(organisations.name)),
    streams ?? db.select({ code: fundingStreams.code, ownerId: fundingStreams.owningOrganisationId }).from(fundingStreams).where(eq(fundingStreams.areaId, areaId)),
  ]);
  const byId = new Map(organisationRows.map((row) => [row.id, row]));
  const owners = new Map<string, ContactableOrganisation & { id: string }>();
  for (const stream of streamRows) {
    const owner = stream.ownerId ? byId.get(stream.ownerId) : undefined;
    if (owner) owners.set(stream.code, owner);
  }
  return { lead: organisationRows.find((row) => (leadCouncilKinds as readonly string[]).includes(row.kind)), owners };
}

/** How to reach the owner of each of these streams, keyed by stream code. */
export function streamContactBlocks(contacts: AreaContacts, streamCodes: readonly string[], options: { easy?: boolean } = {}): Record<string, ContactBlock> {
  return Object.fromEntries(streamCodes.map((code) => [code, contactBlock(contacts.owners.get(code), contacts.lead, options)]));
}

/** Every area's lead council with its contact details, for the accessibility statement; areas without one are left out. */
export async function leadCouncilContacts(db: Queryable) {
  const rows = await db
    .select({ areaId: areas.id, areaName: areas.name, illustrative: areas.illustrative, name: organisations.name, ...contactColumns })
    .from(organisations)
    .innerJoin(areas, eq(areas.id, organisations.areaId))
    .where(and(isNotNull(organisations.areaId), inArray(organisations.kind, [...leadCouncilKinds])))
    .orderBy(asc(areas.name), asc(organisations.createdAt));
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.areaId) && seen.add(row.areaId));
}

/** One organisation with its contact details, for the page that changes them; undefined if there is none. */
export async function findOrganisationContacts(db: Queryable, organisationId: string) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, areaId: organisations.areaId, regionId: organisations.regionId, areaName: areas.name, ...contactColumns })
    .from(organisations)
    .leftJoin(areas, eq(areas.id, organisations.areaId))
    .where(eq(organisations.id, organisationId));
  return row;
}

/** Replaces an organisation's contact details, with the audit entry in the same transaction. Names which ones are set, never their values. */
export async function changeOrganisationContacts(tx: Queryable, organisation: { id: string; areaId: string | null }, contacts: OrganisationContacts, audit: AuditWriter): Promise<void> {
  await tx.update(organisations).set(contacts).where(eq(organisations.id, organisation.id));
  const given = Object.entries(contacts)
    .filter(([, value]) => value)
    .map(([field]) => field);
  await audit(tx, { action: 'organisation.contacts.change', outcome: 'succeeded', subjectType: 'organisation', subjectId: organisation.id, areaId: organisation.areaId, detail: given.length ? `given: ${given.join(', ')}` : 'none given' });
}
