// How a person wants to be contacted and the format they need letters in, and checks on UK postcodes and phone
// numbers, so what is stored can actually reach them.

export const preferredContacts = ['email', 'phone', 'text-message', 'letter'] as const;
export type PreferredContact = (typeof preferredContacts)[number];

export const preferredContactNames: Record<PreferredContact, string> = {
  email: 'Email',
  phone: 'Phone call',
  'text-message': 'Text message',
  letter: 'Letter by post',
};

/** The formats letters and budgets can be sent in. 'standard' is the default a record has until the person says. */
export const accessibleFormats = ['standard', 'large-print', 'easy-read', 'audio', 'bsl', 'braille', 'email'] as const;
export type AccessibleFormat = (typeof accessibleFormats)[number];

export const accessibleFormatNames: Record<AccessibleFormat, string> = {
  standard: 'Standard print',
  'large-print': 'Large print',
  'easy-read': 'Easy read',
  audio: 'Audio',
  bsl: 'British Sign Language (BSL) video',
  braille: 'Braille',
  email: 'Email, so I can use my own software to read it',
};

export function isPreferredContact(value: string): value is PreferredContact {
  return (preferredContacts as readonly string[]).includes(value);
}

export function isAccessibleFormat(value: string): value is AccessibleFormat {
  return (accessibleFormats as readonly string[]).includes(value);
}

// The shape of every UK postcode (outward code, then a digit and two letters), including GIR 0AA. It cannot say a
// postcode exists, only that it could: enough to catch slips without refusing a new street.
const postcodePattern = /^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$/;

/** A UK postcode in capitals with one space before the last three characters, or undefined if it cannot be one. */
export function normalisePostcode(typed: string): string | undefined {
  const compact = typed.replace(/\s+/g, '').toUpperCase();
  if (!postcodePattern.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/**
 * A phone number as typed, tidied, if it has the digits a UK or international number has (10 to 15, with an
 * optional + at the start). Spaces, brackets and hyphens are kept as the person wrote them: they help people read it.
 */
export function normalisePhone(typed: string): string | undefined {
  const tidied = typed.replace(/\s+/g, ' ').trim();
  if (!/^\+?[\d\s()-]+$/.test(tidied)) return undefined;
  const digits = tidied.replace(/\D/g, '');
  if (digits.length < 10 || digits.length > 15) return undefined;
  if (!tidied.startsWith('+') && !digits.startsWith('0')) return undefined;
  return tidied;
}

/** Which contact detail a preferred way of contact needs, so a choice never points at nothing. */
export function contactDetailNeeded(preferred: PreferredContact): 'email' | 'phone' | 'address' {
  switch (preferred) {
    case 'email':
      return 'email';
    case 'phone':
    case 'text-message':
      return 'phone';
    case 'letter':
      return 'address';
  }
}
