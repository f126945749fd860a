import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCount, suppressSmall } from './suppression.ts';
import { ageBand, ageOn, londonDay } from './age-bands.ts';

describe('small-number suppression', () => {
  it('hides counts from 1 to threshold − 1 and shows zero and larger counts', () => {
    expect(describeCount(suppressSmall(0, 5))).toBe('0');
    expect(describeCount(suppressSmall(1, 5))).toBe('fewer than 5');
    expect(describeCount(suppressSmall(4, 5))).toBe('fewer than 5');
    expect(describeCount(suppressSmall(5, 5))).toBe('5');
    fc.assert(fc.property(fc.nat(10_000), fc.integer({ min: 2, max: 20 }), (count, threshold) => {
      expect(suppressSmall(count, threshold).suppressed).toBe(count > 0 && count < threshold);
    }));
  });

  it('refuses counts that are not whole numbers', () => {
    expect(() => suppressSmall(-1, 5)).toThrow(RangeError);
    expect(() => suppressSmall(2.5, 5)).toThrow(RangeError);
  });
});

describe('ages', () => {
  it('counts whole years, turning on the birthday itself', () => {
    expect(ageOn('1960-03-15', '2026-03-14')).toBe(65);
    expect(ageOn('1960-03-15', '2026-03-15')).toBe(66);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('puts ages in the reporting bands', () => {
    expect([17, 18, 24, 25, 64, 65, 74, 75, 84, 85, 101].map(ageBand)).toEqual([
      'under 18', '18 to 24', '18 to 24', '25 to 64', '25 to 64', '65 to 74', '65 to 74', '75 to 84', '75 to 84', '85 and over', '85 and over',
    ]);
  });

  it('uses the London day, not the server clock, near midnight in summer', () => {
    expect(londonDay(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(londonDay(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
