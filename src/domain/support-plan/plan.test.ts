import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicativeFor, planItems, plans, streamCodes, streamNames } from './arbitraries.ts';
import { costOf } from './costs.ts';
import {
  type IndicativeAmount,
  type PlanItem,
  type SupportPlan,
  checkPlanItem,
  currentItems,
  emptyPlan,
  itemsOn,
  nextVersion,
  planChanges,
  planTotals,
  streamsChanged,
} from './plan.ts';

const context = { indicativeStreamCodes: ['adult-social-care', 'access-to-work', 'disabled-facilities-grant'], streamNames };

function item(overrides: Partial<PlanItem> & { id: string }): PlanItem {
  return {
    what: 'Personal assistant',
    provider: 'Sam',
    unit: 'hour',
    frequency: { kind: 'weekly', timesPerWeek: 5, unitsEachTime: 200 },
    unitCostPence: 2450,
    startDate: '2026-03-01',
    endDate: null,
    streamCode: 'adult-social-care',
    delivery: 'direct-payment',
    outcomeIds: [],
    replaces: null,
    ...overrides,
  };
}

function planWith(items: PlanItem[]): SupportPlan {
  const result = nextVersion(emptyPlan(), items.map((i) => ({ kind: 'add-item' as const, item: i })), context);
  if (!result.ok) throw new Error(result.reason);
  return result.plan;
}

const asc: IndicativeAmount = { streamCode: 'adult-social-care', streamName: 'Adult Social Care', weeklyPence: 30_000, yearlyPence: 1_560_000 };

describe('planTotals', () => {
  it('says in words how far the plan is over what is available', () => {
    // 10 hours at £24.50 and a weekly session at £67.40: £312.40 a week.
    const plan = planWith([item({ id: 'pa' }), item({ id: 'swim', what: 'Swimming', unit: 'session', frequency: { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 }, unitCostPence: 6740 })]);
    const [total] = planTotals(plan, [asc]).streams;
    expect(total).toMatchObject({ planWeeklyPence: 31_240, planYearlyPence: 1_624_480, indicativeYearlyPence: 1_560_000, differencePence: 64_480, position: 'over' });
    expect(total!.sentence).toBe('£12.40 a week over the £300.00 a week available for Adult Social Care');
  });

  it('says under and exactly too, and counts a stream the plan leaves unused', () => {
    const under = planTotals(planWith([item({ id: 'pa' })]), [asc, { streamCode: 'access-to-work', streamName: 'Access to Work', weeklyPence: 5_000, yearlyPence: 260_000 }]);
    expect(under.streams.map((s) => s.sentence)).toEqual([
      '£55.00 a week under the £300.00 a week available for Adult Social Care',
      '£50.00 a week under the £50.00 a week available for Access to Work',
    ]);
    const exactly = planTotals(planWith([item({ id: 'pa', frequency: { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 }, unitCostPence: 30_000 })]), [asc]);
    expect(exactly.streams[0]).toMatchObject({ position: 'exactly', differencePence: 0, sentence: 'Exactly the £300.00 a week available for Adult Social Care' });
  });

  it('counts one-off items in the year and then speaks in yearly amounts', () => {
    const plan = planWith([item({ id: 'lift', what: 'Stair lift', unit: 'one-off', frequency: { kind: 'one-off', unitsEachTime: 100 }, unitCostPence: 450_000, streamCode: 'disabled-facilities-grant' })]);
    const [total] = planTotals(plan, [{ streamCode: 'disabled-facilities-grant', streamName: 'Disabled Facilities Grant', weeklyPence: 0, yearlyPence: 0, oneOffPence: 400_000 }]).streams;
    expect(total).toMatchObject({ planWeeklyPence: 0, planYearlyPence: 450_000, planOneOffPence: 450_000, differencePence: 50_000 });
    expect(total!.sentence).toBe('£500.00 a year over the £4,000.00 a year available for Disabled Facilities Grant');
  });

  it('speaks in yearly amounts when rounded weeks would say something different from the year', () => {
    // £10.01 every 4 weeks is 250p a week but 13,013p a year: 13p over a year of 250p weeks.
    const plan = planWith([item({ id: 'x', unit: 'session', frequency: { kind: 'four-weekly', timesPerFourWeeks: 1, unitsEachTime: 100 }, unitCostPence: 1001 })]);
    const [total] = planTotals(plan, [{ ...asc, weeklyPence: 250, yearlyPence: 13_000 }]).streams;
    expect(total!.sentence).toBe('£0.13 a year over the £130.00 a year available for Adult Social Care');
  });

  it('leaves out unpaid support and replaced items', () => {
    const plan = planWith([item({ id: 'pa' }), item({ id: 'club', delivery: 'unpaid', unitCostPence: 0, streamCode: null })]);
    const changed = nextVersion(plan, [{ kind: 'replace-item', itemId: 'pa', successor: item({ id: 'pa2', startDate: '2026-04-01', unitCostPence: 2500 }) }], context);
    expect(changed.ok).toBe(true);
    if (!changed.ok) return;
    expect(planTotals(changed.plan, [asc]).streams[0]!.planWeeklyPence).toBe(25_000);
  });

  it('is exact to the penny for any plan: each stream the sum of its items, each difference plan less indicative', () => {
    fc.assert(
      fc.property(plans, indicativeFor(streamCodes), (plan, indicative) => {
        const totals = planTotals(plan, indicative);
        for (const stream of totals.streams) {
          const items = currentItems(plan).filter((i) => i.streamCode === stream.streamCode);
          const costs = items.map((i) => costOf(i.unitCostPence, i.frequency));
          expect(stream.planYearlyPence).toBe(costs.reduce((sum, c) => sum + c.yearlyPence, 0));
          expect(stream.planWeeklyPence).toBe(costs.reduce((sum, c) => sum + c.weeklyPence, 0));
          expect(stream.planOneOffPence).toBe(costs.filter((c) => c.oneOff).reduce((sum, c) => sum + c.yearlyPence, 0));
          const amount = indicative.find((a) => a.streamCode === stream.streamCode)!;
          expect(stream.indicativeYearlyPence).toBe(amount.yearlyPence + amount.oneOffPence!);
          expect(stream.differencePence).toBe(stream.planYearlyPence - stream.indicativeYearlyPence);
          expect(stream.sentence.startsWith('Exactly')).toBe(stream.differencePence === 0);
          expect(stream.sentence.includes(' over the ')).toBe(stream.differencePence > 0);
          expect(stream.sentence.includes(' under the ')).toBe(stream.differencePence < 0);
        }
        expect(totals.differencePence).toBe(totals.streams.reduce((sum, s) => sum + s.differencePence, 0));
        const paid = currentItems(plan).filter((i) => i.streamCode !== null);
        expect(totals.planYearlyPence).toBe(paid.reduce((sum, i) => sum + costOf(i.unitCostPence, i.frequency).yearlyPence, 0));
      }),
    );
  });

  it('costs every item from its unit cost and pattern alone: within half a penny of the exact week and year', () => {
    fc.assert(
      fc.property(planItems(), (i) => {
        const cost = costOf(i.unitCostPence, i.frequency);
        const perTime = (i.unitCostPence * i.frequency.unitsEachTime) / 100;
        const week = i.frequency.kind === 'weekly' ? perTime * i.frequency.timesPerWeek : i.frequency.kind === 'four-weekly' ? (perTime * i.frequency.timesPerFourWeeks) / 4 : 0;
        expect(Math.abs(cost.weeklyPence - week)).toBeLessThanOrEqual(0.5);
        expect(Math.abs(cost.yearlyPence - (i.frequency.kind === 'one-off' ? perTime : week * 52))).toBeLessThanOrEqual(0.5 + 1e-6);
        if (i.delivery === 'unpaid') expect(cost.yearlyPence).toBe(0);
      }),
    );
  });
});

describe('checkPlanItem', () => {
  const typed = {
    what: 'Personal assistant',
    provider: 'Sam',
    delivery: 'direct-payment',
    streamCode: 'adult-social-care',
    unit: 'hour',
    howOften: 'weekly',
    times: '5',
    quantity: '2',
    unitCost: '£24.50',
    start: { day: '1', month: '3', year: '2026' },
    end: { day: '', month: '', year: '' },
  };

  it('reads a complete form into an item', () => {
    expect(checkPlanItem(typed, context)).toEqual({
      ok: true,
      details: {
        what: 'Personal assistant',
        provider: 'Sam',
        unit: 'hour',
        frequency: { kind: 'weekly', timesPerWeek: 5, unitsEachTime: 200 },
        unitCostPence: 2450,
        startDate: '2026-03-01',
        endDate: null,
        streamCode: 'adult-social-care',
        delivery: 'direct-payment',
        outcomeIds: [],
      },
    });
  });

  it('says what is missing from an empty form, field by field', () => {
    const result = checkPlanItem({}, context);
    expect(result).toEqual({
      ok: false,
      errors: {
        what: 'Enter what the support is',
        provider: 'Enter who gives this support',
        delivery: 'Select how it will be arranged',
        unit: 'Select how it is counted, like by the hour or by the session',
        howOften: 'Select how often it happens',
        quantity: 'Enter how many units each time',
        unitCost: 'Enter an amount, like £1,234.50',
        start: 'Enter the start date',
      },
    });
  });

  it('refuses an end before the start, a stream with no money available, and unpaid support with a cost', () => {
    expect(checkPlanItem({ ...typed, end: { day: '28', month: '2', year: '2026' } }, context)).toEqual({ ok: false, errors: { end: 'The end date must be the same as or after the start date' } });
    expect(checkPlanItem({ ...typed, streamCode: 'supporting-people' }, context)).toEqual({
      ok: false,
      errors: { streamCode: 'You do not have money available from Supporting People: select money you have available' },
    });
    expect(checkPlanItem({ ...typed, delivery: 'unpaid', streamCode: '' }, context)).toEqual({
      ok: false,
      errors: { unitCost: 'Unpaid support has no cost: enter £0, or choose another way to arrange it' },
    });
    expect(checkPlanItem({ ...typed, delivery: 'unpaid', streamCode: '', unitCost: '' }, context)).toMatchObject({ ok: true, details: { unitCostPence: 0, streamCode: null } });
  });

  it('says what is wrong with the dates, the cost and how often, and still judges the rest', () => {
    const result = checkPlanItem({ ...typed, what: ' ', times: 'often', unitCost: '12.345', start: { day: '31', month: '2', year: '2026' }, streamCode: 'work-choice' }, context);
    expect(result).toEqual({
      ok: false,
      errors: {
        what: 'Enter what the support is',
        streamCode: 'You do not have money available from that funding: select money you have available',
        times: 'Enter how many times a week as a whole number, like 3',
        unitCost: 'Enter an amount to the nearest penny, like £12.50',
        start: 'The start date must be a real date',
      },
    });
    expect(checkPlanItem({ ...typed, unitCost: '0' }, context)).toEqual({ ok: false, errors: { unitCost: 'Enter a cost more than £0, or choose unpaid support' } });
    expect(checkPlanItem({ ...typed, outcomeIds: ['gone'] }, { ...context, outcomeIds: ['o1'] })).toEqual({ ok: false, errors: { outcomeIds: 'Select outcomes that are in your plan' } });
  });
});

describe('plan versions', () => {
  it('ends a changed item the day before its successor starts, and keeps the old version as it was', () => {
    const v2 = planWith([item({ id: 'pa' })]);
    const before = structuredClone(v2);
    const v3 = nextVersion(v2, [{ kind: 'replace-item', itemId: 'pa', successor: item({ id: 'pa2', startDate: '2026-04-01', frequency: { kind: 'weekly', timesPerWeek: 5, unitsEachTime: 300 } }) }], context);
    expect(v3.ok).toBe(true);
    if (!v3.ok) return;
    expect(v2).toEqual(before);
    expect(v3.plan.version).toBe(3);
    expect(v3.plan.entries).toEqual([
      { item: item({ id: 'pa', endDate: '2026-03-31' }), addedIn: 2, closedIn: 3, closedBecause: 'replaced' },
      { item: item({ id: 'pa2', startDate: '2026-04-01', frequency: { kind: 'weekly', timesPerWeek: 5, unitsEachTime: 300 }, replaces: 'pa' }), addedIn: 3, closedIn: null, closedBecause: null },
    ]);
    expect(itemsOn(v3.plan, '2026-03-31').map((i) => i.id)).toEqual(['pa']);
    expect(itemsOn(v3.plan, '2026-04-01').map((i) => i.id)).toEqual(['pa2']);
    expect(planChanges(v2, v3.plan, streamNames)).toEqual([
      'Changed Personal assistant from 1 April 2026: how often from 2 hours, 5 times a week to 3 hours, 5 times a week and the cost from £245.00 a week (£12,740.00 a year) to £367.50 a week (£19,110.00 a year)',
    ]);
    expect([...streamsChanged(v2, v3.plan)]).toEqual(['adult-social-care']);
  });

  it('lists every change in plain English', () => {
    const v2 = planWith([item({ id: 'pa' }), item({ id: 'job', what: 'Job coach', streamCode: 'access-to-work', delivery: 'arranged-by-agency' })]);
    const v3 = nextVersion(
      v2,
      [
        { kind: 'add-item', item: item({ id: 'club', what: 'Lunch club', provider: 'St Mary’s', delivery: 'unpaid', unitCostPence: 0, streamCode: null, unit: 'session', frequency: { kind: 'weekly', timesPerWeek: 1, unitsEachTime: 100 } }) },
        { kind: 'remove-item', itemId: 'job', lastDay: '2026-06-30' },
        { kind: 'set-outcomes', outcomes: [{ id: 'o1', inOwnWords: 'I want to get out more', careActOutcomes: ['community'], domain: 'social-economic' }] },
        { kind: 'set-if-things-go-wrong', text: 'Ring my sister' },
        { kind: 'set-written-with', authors: ['self', 'broker'] },
      ],
      context,
    );
    expect(v3.ok).toBe(true);
    if (!v3.ok) return;
    expect(planChanges(v2, v3.plan, streamNames)).toEqual([
      'Stopped Job coach: the last day is 30 June 2026',
      'Added Lunch club from St Mary’s: 1 session, once a week, no cost, unpaid, from 1 March 2026',
      'Added the outcome “I want to get out more”',
      'Changed what to do if things go wrong',
      'Changed who helped write the plan to the person themselves and a support broker',
    ]);
    expect([...streamsChanged(v2, v3.plan)]).toEqual(['access-to-work']);
  });

  it('refuses a change that breaks a rule, and then changes nothing', () => {
    const v2 = planWith([item({ id: 'pa' })]);
    expect(nextVersion(v2, [{ kind: 'remove-item', itemId: 'nope', lastDay: '2026-05-01' }], context)).toMatchObject({ ok: false, reason: 'That item is not in the plan now, so it cannot be stopped' });
    expect(nextVersion(v2, [{ kind: 'add-item', item: item({ id: 'pa' }) }], context)).toMatchObject({ ok: false });
    const bad = nextVersion(v2, [{ kind: 'add-item', item: item({ id: 'x', streamCode: 'work-choice' }) }], context);
    expect(bad).toMatchObject({ ok: false, errors: { streamCode: expect.stringContaining('do not have money available') } });
    const linked = planWith([item({ id: 'pa', outcomeIds: [] })]);
    const withOutcome = nextVersion(linked, [{ kind: 'set-outcomes', outcomes: [{ id: 'o1', inOwnWords: 'Stay at home', careActOutcomes: ['home-safety'], domain: 'home' }] }, { kind: 'add-item', item: item({ id: 'y', outcomeIds: ['o1'] }) }], context);
    expect(withOutcome.ok).toBe(true);
    if (!withOutcome.ok) return;
    expect(nextVersion(withOutcome.plan, [{ kind: 'set-outcomes', outcomes: [] }], context)).toMatchObject({ ok: false, reason: expect.stringContaining('still helps with an outcome') });
  });

  it('never overwrites history: every later version keeps every earlier item, changing only the end of one it closes', () => {
    fc.assert(
      fc.property(plans, fc.array(fc.oneof(fc.record({ replace: fc.nat(), successor: planItems() }), fc.record({ remove: fc.nat(), lastDay: fc.constant('2027-01-01') })), { maxLength: 5 }), (plan, steps) => {
        let older = plan;
        for (const step of steps) {
          const open = currentItems(older);
          if (open.length === 0) return;
          const snapshot = structuredClone(older);
          const change = 'replace' in step
            ? { kind: 'replace-item' as const, itemId: open[step.replace % open.length]!.id, successor: step.successor }
            : { kind: 'remove-item' as const, itemId: open[step.remove % open.length]!.id, lastDay: step.lastDay };
          const next = nextVersion(older, [change], { indicativeStreamCodes: streamCodes });
          expect(older).toEqual(snapshot);
          if (!next.ok) continue;
          expect(next.plan.entries.length).toBeGreaterThanOrEqual(older.entries.length);
          older.entries.forEach((entry, index) => {
            const now = next.plan.entries[index]!;
            expect({ ...now.item, endDate: null }).toEqual({ ...entry.item, endDate: null });
            if (entry.closedIn !== null) expect(now).toEqual(entry);
          });
          if (change.kind === 'replace-item') {
            const old = next.plan.entries.find((e) => e.item.id === change.itemId)!;
            const startOrLater = change.successor.startDate > old.item.startDate ? change.successor.startDate : old.item.startDate;
            expect(itemsOn(next.plan, startOrLater).some((i) => i.id === change.itemId)).toBe(false);
          }
          older = next.plan;
        }
      }),
    );
  });
});
