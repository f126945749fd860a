import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNhsNumber, formatNhsNumber, nhsCheckDigit } from './nhs-number.ts';

/** A valid number made from nine digits, or undefined when those nine can have no valid check digit. */
function withCheckDigit(nine: string): string | undefined {
  const check = nhsCheckDigit(nine);
  return check === undefined ? undefined : `${nine}${check}`;
}

describe('NHS number check digit (modulus 11)', () => {
  it('accepts a number whose last digit is the weighted-sum check, however it is spaced', () => {
    // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
    expect(checkNhsNumber('9434765919')).toEqual({ ok: true, nhsNumber: '9434765919' });
    expect(checkNhsNumber(' 943 476 5919 ')).toEqual({ ok: true, nhsNumber: '9434765919' });
    expect(checkNhsNumber('943-476-5919')).toEqual({ ok: true, nhsNumber: '9434765919' });
  });

  it('uses 0 when the check works out as 11, and refuses every number whose check works out as 10', () => {
    // 4×10 + 0×9 + … + 0×2 = 40 → 40 mod 11 = 7 → 4; and a sum that is a multiple of 11 gives 0.
    expect(nhsCheckDigit('400000000')).toBe(4);
    expect(nhsCheckDigit('000000000')).toBe(0);
    // 1×10 + 1×2 = 12; 12 mod 11 = 1; 11 − 1 = 10, which is not a digit: no ten-digit number starting so is valid.
    expect(nhsCheckDigit('100000001')).toBeUndefined();
    for (let last = 0; last <= 9; last += 1) expect(checkNhsNumber(`100000001${last}`)).toEqual({ ok: false, problem: 'check-digit' });
  });

  it('refuses anything that is not ten digits', () => {
    for (const typed of ['', '123', '94347659190', '943476591A', '9434765919.', '９４３４７６５９１９']) {
      expect(checkNhsNumber(typed)).toEqual({ ok: false, problem: 'not-ten-digits' });
    }
  });

  it('catches any single wrong digit', () => {
    const nine = fc.stringMatching(/^\d{9}$/).filter((value) => withCheckDigit(value) !== undefined);
    fc.assert(
      fc.property(nine, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (first, position, shift) => {
        const valid = withCheckDigit(first)!;
        expect(checkNhsNumber(valid).ok).toBe(true);
        const digits = [...valid];
        digits[position] = String((Number(digits[position]) + shift) % 10);
        expect(checkNhsNumber(digits.join('')).ok).toBe(false);
      }),
    );
  });

  it('catches two different neighbouring digits swapped', () => {
    const nine = fc.stringMatching(/^\d{9}$/).filter((value) => withCheckDigit(value) !== undefined);
    fc.assert(
      fc.property(nine, fc.integer({ min: 0, max: 8 }), (first, position) => {
        const digits = [...withCheckDigit(first)!];
        fc.pre(digits[position] !== digits[position + 1]);
        [digits[position], digits[position + 1]] = [digits[position + 1]!, digits[position]!];
        expect(checkNhsNumber(digits.join('')).ok).toBe(false);
      }),
    );
  });

  it('formats ten digits in the 3 3 4 groups on NHS letters', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('12345')).toBe('12345');
  });
});
