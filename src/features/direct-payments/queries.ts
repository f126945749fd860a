// Reads behind the direct payment pages: the person's open plan with the offers made for it, and the names of the
// area's funding streams to show them under. Callers authorise and audit; these only read.
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/database.ts';
import { fundingStreams } from '../../db/schema.ts';
import type { PersonRef } from '../../records/people.ts';
import { type OfferRecord, type PlanRecord, openPlan, planOffers } from '../../records/support-plans.ts';

export interface OfferRecords {
  plan: PlanRecord | undefined;
  offers: OfferRecord[];
  /** Stream code → name, for every stream of the area (retired ones too, so an old offer still has its name). */
  streamNames: Record<string, string>;
}

export async function offerRecords(db: Queryable, person: PersonRef): Promise<OfferRecords> {
  const [plan, streams] = await Promise.all([
    openPlan(db, person),
    db.select({ code: fundingStreams.code, name: fundingStreams.name }).from(fundingStreams).where(eq(fundingStreams.areaId, person.areaId)).orderBy(asc(fundingStreams.createdAt)),
  ]);
  const offers = plan ? await planOffers(db, plan) : [];
  return { plan, offers, streamNames: Object.fromEntries(streams.map((stream) => [stream.code, stream.name])) };
}
