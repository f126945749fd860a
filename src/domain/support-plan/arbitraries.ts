// For tests only: fast-check generators of support plans, their items and changes, so the plan's promises (totals
// exact to the penny, history kept) are tested over plans no one wrote by hand.
import fc from 'fast-check';
import type { Frequency, ServiceUnit } from './costs.ts';
import { serviceUnits } from './costs.ts';
import { type Delivery, type IndicativeAmount, type PlanItem, type SupportPlan, deliveryMethods, emptyPlan, nextVersion } from './plan.ts';

export const streamCodes = ['adult-social-care', 'access-to-work', 'supporting-people', 'disabled-facilities-grant'] as const;
export const streamNames: Record<string, string> = {
  'adult-social-care': 'Adult Social Care',
  'access-to-work': 'Access to Work',
  'supporting-people': 'Supporting People',
  'disabled-facilities-grant': 'Disabled Facilities Grant',
};

export const days = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

export const frequencies: fc.Arbitrary<Frequency> = fc.oneof(
  fc.record({ kind: fc.constant('weekly' as const), timesPerWeek: fc.integer({ min: 1, max: 21 }), unitsEachTime: fc.integer({ min: 1, max: 2_400 }) }),
  fc.record({ kind: fc.constant('four-weekly' as const), timesPerFourWeeks: fc.integer({ min: 1, max: 60 }), unitsEachTime: fc.integer({ min: 1, max: 2_400 }) }),
  fc.record({ kind: fc.constant('one-off' as const), unitsEachTime: fc.integer({ min: 1, max: 1_000 }) }),
);

/** A valid item paid from one of `streams` (or unpaid, at no cost). */
export function planItems(streams: readonly string[] = streamCodes, id: fc.Arbitrary<string> = fc.uuid()): fc.Arbitrary<PlanItem> {
  return fc
    .record({
      id,
      what: fc.constantFrom('Personal assistant', 'Swimming lessons', 'Job coach', 'Stair lift', 'Lunch club', 'Gardening'),
      provider: fc.constantFrom('Sam', 'Bright Care Ltd', 'The leisure centre', 'My sister'),
      unit: fc.constantFrom<ServiceUnit>(...serviceUnits),
      frequency: frequencies,
      unitCostPence: fc.integer({ min: 1, max: 500_000 }),
      startDate: days,
      length: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
      streamCode: fc.constantFrom(...streams),
      delivery: fc.constantFrom<Delivery>(...deliveryMethods),
    })
    .map(({ length, ...item }): PlanItem => {
      const unpaid = item.delivery === 'unpaid';
      const end = length === null ? null : new Date(Date.parse(`${item.startDate}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10);
      return { ...item, unitCostPence: unpaid ? 0 : item.unitCostPence, streamCode: unpaid ? null : item.streamCode, endDate: end, outcomeIds: [], replaces: null };
    });
}

export function indicativeFor(streams: readonly string[]): fc.Arbitrary<IndicativeAmount[]> {
  return fc.tuple(...streams.map(() => fc.record({ weeklyPence: fc.integer({ min: 0, max: 300_000 }), oneOffPence: fc.integer({ min: 0, max: 3_000_000 }) }))).map((amounts) =>
    amounts.map((amount, index) => ({
      streamCode: streams[index]!,
      streamName: streamNames[streams[index]!] ?? streams[index]!,
      weeklyPence: amount.weeklyPence,
      yearlyPence: amount.weeklyPence * 52,
      oneOffPence: amount.oneOffPence,
    })),
  );
}

/** A plan built by adding items, then replacing or stopping some of them, through `nextVersion`. */
export const plans: fc.Arbitrary<SupportPlan> = fc
  .record({
    items: fc.uniqueArray(planItems(), { maxLength: 12, selector: (item) => item.id }),
    replacements: fc.array(fc.record({ index: fc.nat(), successor: planItems() }), { maxLength: 4 }),
    removals: fc.array(fc.record({ index: fc.nat(), lastDay: days }), { maxLength: 3 }),
  })
  .map(({ items, replacements, removals }) => {
    const context = { indicativeStreamCodes: streamCodes };
    const first = nextVersion(emptyPlan(), items.map((item) => ({ kind: 'add-item' as const, item })), context);
    if (!first.ok) throw new Error(first.reason);
    let plan = first.plan;
    for (const { index, successor } of replacements) {
      const open = plan.entries.filter((entry) => entry.closedIn === null);
      if (open.length === 0) break;
      const next = nextVersion(plan, [{ kind: 'replace-item', itemId: open[index % open.length]!.item.id, successor }], context);
      if (next.ok) plan = next.plan;
    }
    for (const { index, lastDay } of removals) {
      const open = plan.entries.filter((entry) => entry.closedIn === null);
      if (open.length === 0) break;
      const next = nextVersion(plan, [{ kind: 'remove-item', itemId: open[index % open.length]!.item.id, lastDay }], context);
      if (next.ok) plan = next.plan;
    }
    return plan;
  });
