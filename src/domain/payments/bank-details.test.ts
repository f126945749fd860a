import { describe, expect, it } from 'vitest';
import { formatSortCode, maskAccountNumber, maskSortCode, parseAccountNumber, parseSortCode } from './bank-details.ts';

describe('sort codes', () => {
  it.each(['12-34-56', '12 34 56', '123456', ' 12–34–56 '])('reads %s', (input) => {
    expect(parseSortCode(input)).toEqual({ ok: true, value: '123456' });
  });

  it.each([
    [undefined, 'Enter a sort code'],
    ['', 'Enter a sort code'],
    ['12-34-5x', 'Enter a valid sort code like 30-94-17'],
    ['12-34-5', 'Sort code must be 6 digits long'],
    ['12-34-567', 'Sort code must be 6 digits long'],
  ])('refuses %s: %s', (input, error) => {
    expect(parseSortCode(input)).toEqual({ ok: false, error });
  });

  it('formats and masks', () => {
    expect(formatSortCode('123456')).toBe('12-34-56');
    expect(maskSortCode('123456')).toBe('12-**-**');
  });
});

describe('account numbers', () => {
  it.each([
    ['12345678', '12345678'],
    ['1234 5678', '12345678'],
    ['1234567', '01234567'],
    ['123456', '00123456'],
  ])('reads %s as %s', (input, value) => {
    expect(parseAccountNumber(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'Enter an account number'],
    ['1234567a', 'Enter a valid account number like 00733445'],
    ['12345', 'Account number must be between 6 and 8 digits'],
    ['12345678901', 'Account number must be between 6 and 8 digits'],
    ['1234567890', 'This account number is 10 digits long. Payments need the 8-digit account number: ask the bank or building society which 8 digits to use for Bacs payments'],
    ['123456789', 'This account number is 9 digits long. Payments need the 8-digit account number: ask the bank or building society which 8 digits to use for Bacs payments'],
  ])('refuses %s', (input, error) => {
    expect(parseAccountNumber(input)).toEqual({ ok: false, error });
  });

  it('masks all but the last four digits', () => {
    expect(maskAccountNumber('12345678')).toBe('****5678');
  });
});
