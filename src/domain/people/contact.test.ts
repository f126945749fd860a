import { describe, expect, it } from 'vitest';
import { accessibleFormatNames, accessibleFormats, contactDetailNeeded, isAccessibleFormat, isPreferredContact, normalisePhone, normalisePostcode, preferredContactNames, preferredContacts } from './contact.ts';

describe('UK postcodes', () => {
  it('accepts every shape of UK postcode, in any case and spacing, and writes it the standard way', () => {
    const cases: [string, string][] = [
      ['sw1a 1aa', 'SW1A 1AA'],
      ['M1 1AE', 'M1 1AE'],
      ['b338th', 'B33 8TH'],
      ['CR2 6XH', 'CR2 6XH'],
      ['DN55 1PT', 'DN55 1PT'],
      ['  w1a   0ax ', 'W1A 0AX'],
      ['EC1A 1BB', 'EC1A 1BB'],
      ['GIR 0AA', 'GIR 0AA'],
    ];
    for (const [typed, stored] of cases) expect(normalisePostcode(typed), typed).toBe(stored);
  });

  it('refuses what cannot be a postcode', () => {
    for (const typed of ['', 'SW1A', '12345', 'SW1A 1A', 'QQ1 1AA', 'SW1A 1AAA', 'M1 1CA', 'W1A-0AX', '<b>', 'SW1A\u00001AA']) {
      expect(normalisePostcode(typed), typed).toBeUndefined();
    }
  });
});

describe('phone numbers', () => {
  it('accepts UK and international numbers with the spaces and brackets people write', () => {
    for (const typed of ['01632 960 001', '07700 900 982', '+44 808 157 0192', '(01632) 960001', '020-7946-0000', '+1 202 555 0143']) {
      expect(normalisePhone(typed), typed).toBe(typed);
    }
    expect(normalisePhone('  07700   900982 ')).toBe('07700 900982');
  });

  it('refuses too few or too many digits, letters, and numbers without a leading 0 or +', () => {
    for (const typed of ['', '12345', '077009009', '7700 900 982', '07700 900 98x', '+44 808 157 0192 1234 5', 'call me', '0++7700900982']) {
      expect(normalisePhone(typed), typed).toBeUndefined();
    }
    // Ten digits is the shortest UK number (some areas still have them).
    expect(normalisePhone('0169772345')).toBe('0169772345');
  });
});

describe('contact preferences', () => {
  it('names every way of contact and every format, and knows which detail each way needs', () => {
    for (const contact of preferredContacts) {
      expect(preferredContactNames[contact]).toBeTruthy();
      expect(isPreferredContact(contact)).toBe(true);
    }
    for (const format of accessibleFormats) {
      expect(accessibleFormatNames[format]).toBeTruthy();
      expect(isAccessibleFormat(format)).toBe(true);
    }
    expect(isPreferredContact('carrier pigeon')).toBe(false);
    expect(isAccessibleFormat('toString')).toBe(false);
    expect(preferredContacts.map(contactDetailNeeded)).toEqual(['email', 'phone', 'phone', 'address']);
  });
});
