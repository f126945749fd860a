// Reads behind the support plan's pages and endpoints. Callers authorise and audit (loadPerson); these only read.
import { type PlanEvent, type PlanMeasures, planEventKinds, planMeasures } from '../../domain/support-plan/process-measures.ts';
import type { Queryable } from '../../db/database.ts';
import type { PersonRef } from '../../records/people.ts';
import { personProcessEvents } from '../../records/process-events.ts';
import { type CatalogueCost, type CatalogueService, areaCatalogue, pricedServicesOn } from '../../records/service-catalogue.ts';
import { type PlanRecord, type PlanStream, openPlan, planStreams } from '../../records/support-plans.ts';

/** The person's open plan and the indicative budgets it is written against, read together. */
export async function planAndStreams(db: Queryable, person: PersonRef): Promise<{ plan: PlanRecord | undefined; streams: PlanStream[] }> {
  const [plan, streams] = await Promise.all([openPlan(db, person), planStreams(db, person)]);
  return { plan, streams };
}

/** This person's process measures, from the steps of their journey recorded so far: for staff to see process creep. */
export async function personPlanMeasures(db: Queryable, person: PersonRef): Promise<PlanMeasures> {
  const rows = await personProcessEvents(db, person);
  const events: PlanEvent[] = rows
    .filter((row) => (planEventKinds as readonly string[]).includes(row.kind))
    .map((row) => ({ kind: row.kind as PlanEvent['kind'], occurredAt: row.occurredAt, ...(row.streamCode ? { streamCode: row.streamCode } : {}) }));
  return planMeasures(events);
}

/** The services a plan item can start from: in use, priced today, and payable from a stream the person has money from. */
export async function servicesForPlan(db: Queryable, areaId: string, streamCodes: readonly string[], today: string): Promise<(CatalogueService & { cost: CatalogueCost })[]> {
  return pricedServicesOn(await areaCatalogue(db, areaId), today).filter((service) => service.streams.some((stream) => streamCodes.includes(stream.code)));
}
