import { describe, expect, it } from 'vitest';
import { matchableNhsNumber, normaliseName, possibleMatch } from './possible-match.ts';

const ada = { givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1985-12-10', nhsNumber: null };

describe('names as they are compared', () => {
  it('ignores case, accents, apostrophes, hyphens and extra spaces', () => {
    expect(normaliseName('  Zoë   O’Neill-Smith ')).toBe('zoe oneill smith');
    expect(normaliseName("ZOE O'NEILL SMITH")).toBe('zoe oneill smith');
    expect(normaliseName('José')).toBe(normaliseName('Jose\u0301'));
  });

  it('keeps different names different', () => {
    expect(normaliseName('Ann')).not.toBe(normaliseName('Anne'));
  });
});

describe('possible matches', () => {
  it('matches the same name and date of birth however the name is typed', () => {
    expect(possibleMatch({ ...ada, givenName: ' ADA ', familyName: 'lovelace' }, ada)).toBe('name-and-date-of-birth');
    expect(possibleMatch({ givenName: 'Zoe', familyName: 'Oneill', dateOfBirth: '1990-01-02' }, { givenName: 'Zoë', familyName: 'O’Neill', dateOfBirth: '1990-01-02' })).toBe('name-and-date-of-birth');
  });

  it('does not match the same name born on another day, or another name born the same day', () => {
    expect(possibleMatch({ ...ada, dateOfBirth: '1985-12-11' }, ada)).toBeUndefined();
    expect(possibleMatch({ ...ada, givenName: 'Adam' }, ada)).toBeUndefined();
  });

  it('matches the same valid NHS number whatever the name, however it is spaced', () => {
    expect(possibleMatch({ givenName: 'Someone', familyName: 'Else', dateOfBirth: '2000-01-01', nhsNumber: '943 476 5919' }, { ...ada, nhsNumber: '9434765919' })).toBe('nhs-number');
  });

  it('never matches on an NHS number that is not valid, or on none', () => {
    expect(possibleMatch({ givenName: 'Someone', familyName: 'Else', dateOfBirth: '2000-01-01', nhsNumber: '9434765918' }, { ...ada, nhsNumber: '9434765918' })).toBeUndefined();
    expect(possibleMatch({ givenName: 'Someone', familyName: 'Else', dateOfBirth: '2000-01-01', nhsNumber: null }, { ...ada, nhsNumber: null })).toBeUndefined();
    expect(matchableNhsNumber({ ...ada, nhsNumber: '123' })).toBeUndefined();
    expect(matchableNhsNumber({ ...ada, nhsNumber: '943-476-5919' })).toBe('9434765919');
  });
});
