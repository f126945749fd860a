import { describe, expect, it } from 'vitest';
import { checkDateOfBirth, dateToTyped } from './date-of-birth.ts';

const today = '2026-03-15';
const check = (day: string, month: string, year: string, whose: 'your' | 'their' = 'your') => checkDateOfBirth({ day, month, year }, today, whose);

describe('date of birth from a GOV.UK date input', () => {
  it('reads a real date in the past as YYYY-MM-DD', () => {
    expect(check('7', '3', '1980')).toEqual({ ok: true, dateOfBirth: '1980-03-07' });
    expect(check(' 07 ', '03', '1980')).toEqual({ ok: true, dateOfBirth: '1980-03-07' });
    expect(check('29', '2', '2000')).toEqual({ ok: true, dateOfBirth: '2000-02-29' });
    expect(check('14', '3', '2026')).toEqual({ ok: true, dateOfBirth: '2026-03-14' });
  });

  it('asks for the whole date when nothing is entered, in the voice of the page', () => {
    expect(check('', '', '')).toEqual({ ok: false, message: 'Enter your date of birth', parts: ['day', 'month', 'year'] });
    expect(check(' ', '', '', 'their')).toEqual({ ok: false, message: 'Enter their date of birth', parts: ['day', 'month', 'year'] });
  });

  it('names exactly the missing parts', () => {
    expect(check('7', '', '1980')).toEqual({ ok: false, message: 'Date of birth must include a month', parts: ['month'] });
    expect(check('', '3', '1980')).toEqual({ ok: false, message: 'Date of birth must include a day', parts: ['day'] });
    expect(check('7', '3', '')).toEqual({ ok: false, message: 'Date of birth must include a year', parts: ['year'] });
    expect(check('', '', '1980')).toEqual({ ok: false, message: 'Date of birth must include a day and month', parts: ['day', 'month'] });
    expect(check('', '3', '')).toEqual({ ok: false, message: 'Date of birth must include a day and year', parts: ['day', 'year'] });
    expect(check('7', '', '')).toEqual({ ok: false, message: 'Date of birth must include a month and year', parts: ['month', 'year'] });
  });

  it('refuses dates that do not exist, highlighting the part that is wrong', () => {
    expect(check('31', '4', '1980')).toEqual({ ok: false, message: 'Date of birth must be a real date', parts: ['day'] });
    expect(check('29', '2', '1999')).toEqual({ ok: false, message: 'Date of birth must be a real date', parts: ['day'] });
    expect(check('0', '1', '1980')).toEqual({ ok: false, message: 'Date of birth must be a real date', parts: ['day'] });
    expect(check('1', '13', '1980')).toEqual({ ok: false, message: 'Date of birth must be a real date', parts: ['month'] });
    expect(check('1', 'March', '1980')).toEqual({ ok: false, message: 'Date of birth must be a real date', parts: ['month'] });
    expect(check('1.5', '3', '-1980')).toEqual({ ok: false, message: 'Date of birth must be a real date', parts: ['day', 'year'] });
  });

  it('asks for a four-figure year', () => {
    expect(check('7', '3', '80')).toEqual({ ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
    expect(check('7', '3', '19800')).toEqual({ ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
  });

  it('refuses today, the future and the implausibly long ago', () => {
    expect(check('15', '3', '2026')).toEqual({ ok: false, message: 'Date of birth must be in the past', parts: ['day', 'month', 'year'] });
    expect(check('1', '1', '2030')).toEqual({ ok: false, message: 'Date of birth must be in the past', parts: ['day', 'month', 'year'] });
    expect(check('31', '12', '1899')).toEqual({ ok: false, message: 'Date of birth must be the same as or after 1 January 1900', parts: ['day', 'month', 'year'] });
    expect(check('1', '1', '1900')).toEqual({ ok: true, dateOfBirth: '1900-01-01' });
  });

  it('does not refuse a child: being under 18 is explained, not an error', () => {
    expect(check('1', '1', '2015')).toEqual({ ok: true, dateOfBirth: '2015-01-01' });
  });

  it('turns a stored date back into the three boxes', () => {
    expect(dateToTyped('1980-03-07')).toEqual({ day: '7', month: '3', year: '1980' });
  });
});
