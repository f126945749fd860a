import { describe, expect, it } from 'vitest';
import { normalisePostcode } from '../domain/people/contact.ts';
import { checkNhsNumber } from '../domain/people/nhs-number.ts';
import { illustrativeNhsNumber, illustrativePostcode } from './synthetic-people.ts';

describe('the demo’s NHS numbers and postcodes', () => {
  it('gives 100,000 different NHS numbers, each valid and in the range kept for test data', () => {
    const numbers = Array.from({ length: 100_000 }, (_unused, index) => illustrativeNhsNumber(index));
    expect(new Set(numbers).size).toBe(100_000);
    expect(numbers.every((number) => number.startsWith('999') && checkNhsNumber(number).ok)).toBe(true);
  });

  it('gives postcodes a person could type, already in the form the service stores', () => {
    for (let index = 0; index < 2000; index += 1) {
      const postcode = illustrativePostcode('NS', index);
      expect(normalisePostcode(postcode), postcode).toBe(postcode);
    }
  });
});
