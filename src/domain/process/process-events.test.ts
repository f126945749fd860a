import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, daysInWords, describeProcessEvent, isProcessEventKind, perStreamKinds, processEventKey, processEventKinds, processEventNames, timeline } from './process-events.ts';

describe('process event kinds', () => {
  it('gives every kind a plain-English name, and knows its own kinds', () => {
    for (const kind of processEventKinds) {
      expect(processEventNames[kind]).toMatch(/^[A-Z][a-z]/);
      expect(isProcessEventKind(kind)).toBe(true);
    }
    expect(new Set(Object.values(processEventNames)).size).toBe(processEventKinds.length);
    expect(isProcessEventKind('eligibility-confirmed')).toBe(true);
    expect(isProcessEventKind('made-up')).toBe(false);
    expect(perStreamKinds.every((kind) => isProcessEventKind(kind))).toBe(true);
  });

  it('describes an event with its stream, and shows a kind it does not know as stored', () => {
    expect(describeProcessEvent('eligibility-decided', 'Access to Work')).toBe('Eligibility decided: Access to Work');
    expect(describeProcessEvent('first-contact')).toBe('First contact');
    expect(describeProcessEvent('review-booked', null)).toBe('review-booked');
  });

  it('makes one dedupe key per kind and subject', () => {
    expect(processEventKey('eligibility-confirmed', 'abc')).toBe('eligibility-confirmed:abc');
    expect(processEventKey('eligibility-confirmed', 'abc')).not.toBe(processEventKey('eligibility-decided', 'abc'));
  });
});

describe('days between steps', () => {
  it('counts calendar days, across month ends, leap days and clock changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-05-01', '2026-05-01')).toBe(0);
  });

  it('puts days in words', () => {
    expect(daysInWords(0)).toBe('the same day');
    expect(daysInWords(1)).toBe('1 day');
    expect(daysInWords(12)).toBe('12 days');
  });

  it('orders events by time and measures each step on the London calendar', () => {
    const at = (iso: string, name: string) => ({ name, occurredAt: new Date(iso) });
    // 23:30 UTC on 30 June is already 1 July in London (summer time).
    const steps = timeline([at('2026-07-05T09:00:00Z', 'decided'), at('2026-06-30T23:30:00Z', 'completed'), at('2026-06-20T10:00:00Z', 'first')]);
    expect(steps.map((step) => step.event.name)).toEqual(['first', 'completed', 'decided']);
    expect(steps.map((step) => step.day)).toEqual(['2026-06-20', '2026-07-01', '2026-07-05']);
    expect(steps.map((step) => step.daysSincePrevious)).toEqual([null, 11, 4]);
    expect(steps.map((step) => step.daysSinceFirst)).toEqual([0, 11, 15]);
  });

  it('puts steps recorded at the same moment in the order of the journey, whatever order they were read in', () => {
    const now = new Date('2026-07-01T10:00:00Z');
    const steps = timeline([
      { kind: 'indicative-budget-issued', occurredAt: now },
      { kind: 'eligibility-decided', occurredAt: now },
      { kind: 'review-booked', occurredAt: now },
      { kind: 'assessment-completed', occurredAt: now },
      { kind: 'assessment-started', occurredAt: new Date('2026-06-30T09:00:00Z') },
      { kind: 'first-contact', occurredAt: new Date('2026-06-30T09:00:00Z') },
    ]);
    expect(steps.map((step) => step.event.kind)).toEqual(['first-contact', 'assessment-started', 'assessment-completed', 'eligibility-decided', 'indicative-budget-issued', 'review-booked']);
  });

  it('over random events: steps are in order, and the steps add up to the time since the first', () => {
    const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 12 }), (dates) => {
        const steps = timeline(dates.map((occurredAt) => ({ occurredAt })));
        expect(steps).toHaveLength(dates.length);
        let total = 0;
        steps.forEach((step, index) => {
          if (index === 0) expect(step.daysSincePrevious).toBeNull();
          else {
            expect(step.event.occurredAt.getTime()).toBeGreaterThanOrEqual(steps[index - 1]!.event.occurredAt.getTime());
            expect(step.daysSincePrevious).toBeGreaterThanOrEqual(0);
            total += step.daysSincePrevious!;
          }
          expect(step.daysSinceFirst).toBe(total);
        });
      }),
    );
  });
});
