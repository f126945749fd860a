// The Bacs character set and turning people's and organisations' names into text a Bacs file can carry.
//
// Bacs Standard 18 allows only A–Z, 0–9, full stop, ampersand, slash, hyphen and space. Names arrive as people type
// them (lower case, accents, apostrophes, curly quotes, en dashes), so they are transliterated the way banks do:
// upper case, accents dropped (é → E), letters without a decomposition spelt out (ß → SS, Æ → AE, Ø → O, Ł → L),
// apostrophes and quotation marks removed (O’Brien → OBRIEN, which is what banks hold: a space would make "O BRIEN"),
// dashes of every kind turned into a hyphen, runs of white space collapsed to one space. Anything else (@, #, £, emoji)
// is refused with a message naming the characters, so the person can fix the name rather than have it silently mangled.

/** Every character a Bacs Standard 18 file may hold. */
export const bacsCharacterPattern = /^[A-Z0-9.&/\- ]*$/;

const allowedCharacter = /[A-Z0-9.&/\- ]/;

/** Letters that Unicode does not decompose into a base letter and an accent. */
const spelledOut: Readonly<Record<string, string>> = {
  ß: 'SS',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'AE',
  Œ: 'OE',
  œ: 'OE',
  Ø: 'O',
  ø: 'O',
  Ł: 'L',
  ł: 'L',
  Đ: 'D',
  đ: 'D',
  Ð: 'D',
  ð: 'D',
  Þ: 'TH',
  þ: 'TH',
  ı: 'I',
  Ħ: 'H',
  ħ: 'H',
};

/** Apostrophes and quotation marks, straight and curly: removed. */
const quoteMarks = /['‘’‚‛`´ʼ"“”„‟«»]/g;
/** Hyphen-like dashes (en dash, em dash, minus sign, non-breaking hyphen and friends): a plain hyphen. */
const dashes = /[‐‑‒–—―−﹘﹣－]/g;
/** Tabs, non-breaking and other spaces: one plain space. */
const spaces = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;
const combiningMarks = /[\u0300-\u036f]/g;

export type BacsText =
  | { ok: true; text: string }
  | { ok: false; characters: string[]; message: string };

/**
 * Text as it will appear in a Bacs file, or a refusal naming what cannot be represented. `label` names the field in
 * the refusal ("Account name can only contain …").
 */
export function toBacsText(text: string, label = 'This'): BacsText {
  const converted = [...text.normalize('NFC')]
    .map((character) => spelledOut[character] ?? character)
    .join('')
    .replace(quoteMarks, '')
    .replace(dashes, '-')
    .replace(spaces, ' ')
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .toUpperCase()
    .trim();
  const refused: string[] = [];
  for (const character of converted) {
    if (!allowedCharacter.test(character) && !refused.includes(character)) refused.push(character);
  }
  if (refused.length === 0) return { ok: true, text: converted };
  return { ok: false, characters: refused, message: refusalMessage(label, refused) };
}

function describeCharacter(character: string): string {
  return /[\p{Cc}\p{Cf}]/u.test(character) ? 'an invisible character' : `‘${character}’`;
}

function refusalMessage(label: string, refused: readonly string[]): string {
  const described = [...new Set(refused.map(describeCharacter))];
  const list = described.length === 1 ? described[0] : `${described.slice(0, -1).join(', ')} and ${described.at(-1)}`;
  return `${label} can only contain letters A to Z, numbers, spaces and . & / -; it contains ${list}`;
}

/** The width of a name field (originator, reference, destination account name) in a Standard 18 record. */
export const bacsNameLength = 18;

export type BacsAccountName =
  | { ok: true; text: string; shortened: false }
  | { ok: true; text: string; shortened: 'initials' | 'cut'; message: string }
  | { ok: false; characters: string[]; message: string };

/**
 * An account name ready for the 18-character field, saying whether and how it had to be shortened. Forenames become
 * initials first, from the left ("ALEXANDRA CATHERINE JONES-WRIGHT" → "A C JONES-WRIGHT"), because banks match the
 * surname; only if that is still too long is the initialled name cut at 18 characters.
 */
export function bacsAccountName(name: string, label = 'Account name'): BacsAccountName {
  const converted = toBacsText(name, label);
  if (!converted.ok) return converted;
  const text = converted.text;
  if (text.length <= bacsNameLength) return { ok: true, text, shortened: false };

  const words = text.split(' ');
  for (let initials = 1; initials < words.length; initials += 1) {
    const candidate = [...words.slice(0, initials).map((word) => word[0]), ...words.slice(initials)].join(' ');
    if (candidate.length <= bacsNameLength) {
      return {
        ok: true,
        text: candidate,
        shortened: 'initials',
        message: `${label} is longer than the bank allows (${bacsNameLength} characters), so it will be sent as ‘${candidate}’`,
      };
    }
  }
  const allInitials = [...words.slice(0, -1).map((word) => word[0]), words.at(-1)].join(' ');
  const cut = allInitials.slice(0, bacsNameLength).trimEnd();
  return {
    ok: true,
    text: cut,
    shortened: 'cut',
    message: `${label} is longer than the bank allows (${bacsNameLength} characters), so it will be sent as ‘${cut}’`,
  };
}
