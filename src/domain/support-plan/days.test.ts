import { describe, expect, it } from 'vitest';
import { checkTypedDay, dayBefore, formatDay, isDay } from './days.ts';

describe('plan days', () => {
  it('finds the day before across months, years and leap days', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });

  it('writes days as GOV.UK does and knows a real day', () => {
    expect(formatDay('2026-04-01')).toBe('1 April 2026');
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2024-2-9')).toBe(false);
  });

  it('reads a date input, allowing an empty one only where it is optional', () => {
    expect(checkTypedDay({ day: '1', month: '3', year: '2026' }, 'The start date', false)).toEqual({ ok: true, day: '2026-03-01' });
    expect(checkTypedDay({ day: '', month: '', year: '' }, 'The end date', true)).toEqual({ ok: true, day: null });
    expect(checkTypedDay(undefined, 'The start date', false)).toEqual({ ok: false, message: 'Enter the start date' });
    expect(checkTypedDay({ day: '1', month: '3', year: '26' }, 'The start date', false)).toEqual({ ok: false, message: 'The start date must include a year with 4 numbers' });
    expect(checkTypedDay({ day: '30', month: '2', year: '2026' }, 'The end date', true)).toEqual({ ok: false, message: 'The end date must be a real date' });
  });
});
