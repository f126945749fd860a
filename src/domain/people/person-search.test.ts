import { describe, expect, it } from 'vitest';
import { checkSearch, compactPostcode, countBound, pageNumbersAround, pageOf, readPage, type TypedSearch } from './person-search.ts';

const empty: TypedSearch = { name: '', 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '', nhsNumber: '', postcode: '' };
const today = '2027-06-15';

describe('reading the search form', () => {
  it('searches on nothing when nothing is typed', () => {
    expect(checkSearch(empty, today)).toEqual({ ok: true, search: {} });
    expect(checkSearch({ ...empty, name: '   ' }, today)).toEqual({ ok: true, search: {} });
  });

  it('tidies what is typed: name spaces, NHS number spaces, postcode case and spaces', () => {
    const checked = checkSearch({ ...empty, name: '  ann   smith ', nhsNumber: '943 476 5919', postcode: ' ns1 1aa ', 'dateOfBirth-day': '3', 'dateOfBirth-month': '4', 'dateOfBirth-year': '1960' }, today);
    expect(checked).toEqual({ ok: true, search: { name: 'ann smith', nhsNumber: '9434765919', postcode: 'NS11AA', dateOfBirth: '1960-04-03' } });
  });

  it('gives the GOV.UK message for a date of birth that cannot be right, and which boxes to mark', () => {
    expect(checkSearch({ ...empty, 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1980' }, today)).toEqual({ ok: false, errors: { dateOfBirth: 'Date of birth must be a real date' }, dateParts: ['day'] });
    expect(checkSearch({ ...empty, 'dateOfBirth-year': '1980' }, today)).toMatchObject({ ok: false, errors: { dateOfBirth: 'Date of birth must include a day and month' }, dateParts: ['day', 'month'] });
    expect(checkSearch({ ...empty, 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2030' }, today)).toMatchObject({ ok: false, errors: { dateOfBirth: 'Date of birth must be in the past' } });
  });

  it('refuses an NHS number that is not 10 digits and a postcode with other characters', () => {
    expect(checkSearch({ ...empty, nhsNumber: '123 456' }, today)).toMatchObject({ ok: false, errors: { nhsNumber: expect.stringContaining('10 digits') } });
    expect(checkSearch({ ...empty, postcode: 'NS1-1AA' }, today)).toMatchObject({ ok: false, errors: { postcode: expect.stringContaining('letters and numbers') } });
    expect(compactPostcode(' sw1a  1aa')).toBe('SW1A1AA');
  });
});

describe('pages of a list', () => {
  it('reads only whole numbers from 1 as a page; anything else is the first page', () => {
    expect(['', '0', '-1', 'abc', '2.5', '1e3', ' ', '__proto__'].map(readPage)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(readPage('3')).toBe(3);
    expect(readPage(['4'])).toBe(1);
    expect(readPage('99999999999999999999')).toBe(1);
    expect(readPage('999999999999')).toBe(1_000_000);
  });

  it('says which people a page shows, as in "Showing 51 to 75 of 312 people"', () => {
    expect(pageOf(3, 312, 25)).toEqual({ page: 3, pages: 13, beyondLast: false, from: 51, to: 75, more: false });
    expect(pageOf(13, 312, 12)).toMatchObject({ from: 301, to: 312 });
    expect(pageOf(1, 0, 0)).toEqual({ page: 1, pages: 1, beyondLast: false, from: 0, to: 0, more: false });
    expect(pageOf(14, 312, 0)).toMatchObject({ beyondLast: true, pages: 13 });
    // A count that stopped at its bound: the page is never past the last, since the last is not known.
    expect(pageOf(40, 1000, 25, 25, true)).toMatchObject({ beyondLast: false, pages: 40, from: 976, to: 1000, more: true });
  });

  it('numbers the first, last and neighbouring pages with gaps between', () => {
    expect(pageNumbersAround(1, 1)).toEqual([1]);
    expect(pageNumbersAround(1, 13)).toEqual([1, 2, 'gap', 13]);
    expect(pageNumbersAround(7, 13)).toEqual([1, 'gap', 6, 7, 8, 'gap', 13]);
    expect(pageNumbersAround(3, 4)).toEqual([1, 2, 3, 4]);
  });
});

describe('countBound', () => {
  it('counts to the first thousand beyond the page asked for', () => {
    expect(countBound(0)).toBe(1000);
    expect(countBound(975)).toBe(1000);
    expect(countBound(1000)).toBe(2000);
    expect(countBound(24_975)).toBe(25_000);
  });
});
