import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bacsAccountName, bacsCharacterPattern, bacsNameLength, toBacsText } from './bacs-characters.ts';

describe('toBacsText', () => {
  it.each([
    ['Zoë Brontë', 'ZOE BRONTE'],
    ['Renée Müller-Łukasz', 'RENEE MULLER-LUKASZ'],
    ['Straße', 'STRASSE'],
    ['Ærø Ødegård', 'AERO ODEGARD'],
    ['Seán O’Brien', 'SEAN OBRIEN'],
    ["D'Arcy", 'DARCY'],
    ['The “Friends” Trust', 'THE FRIENDS TRUST'],
    ['Smith – Jones — Ltd', 'SMITH - JONES - LTD'],
    ['  A\tB\u00a0 C  ', 'A B C'],
    ['Smith & Co. 1/2', 'SMITH & CO. 1/2'],
    ['ﬁnch', 'FINCH'],
  ])('%s → %s', (input, expected) => {
    expect(toBacsText(input)).toEqual({ ok: true, text: expected });
  });

  it('refuses what cannot be represented, naming each character once, in a message fit for a form', () => {
    expect(toBacsText('jo@example.com', 'Account name')).toEqual({
      ok: false,
      characters: ['@'],
      message: 'Account name can only contain letters A to Z, numbers, spaces and . & / -; it contains ‘@’',
    });
    const several = toBacsText('#1 £5 @ #2', 'Reference');
    expect(several.ok).toBe(false);
    if (!several.ok) {
      expect(several.characters).toEqual(['#', '£', '@']);
      expect(several.message).toBe('Reference can only contain letters A to Z, numbers, spaces and . & / -; it contains ‘#’, ‘£’ and ‘@’');
    }
    const invisible = toBacsText('A\u200bB');
    expect(!invisible.ok && invisible.message).toBe('This can only contain letters A to Z, numbers, spaces and . & / -; it contains an invisible character');
  });

  it('returns only Bacs characters, or refuses; and is stable when applied twice', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const result = toBacsText(text);
        if (result.ok) {
          expect(result.text).toMatch(bacsCharacterPattern);
          expect(toBacsText(result.text)).toEqual(result);
        } else {
          expect(result.characters.length).toBeGreaterThan(0);
          for (const character of result.characters) expect(character).not.toMatch(bacsCharacterPattern);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('bacsAccountName', () => {
  it('leaves a name that fits alone', () => {
    expect(bacsAccountName('Ann Lee')).toEqual({ ok: true, text: 'ANN LEE', shortened: false });
    expect(bacsAccountName('x'.repeat(18))).toMatchObject({ shortened: false });
  });

  it('turns forenames into initials, from the left, until the name fits', () => {
    expect(bacsAccountName('Alexandra Catherine Jones-Wright')).toEqual({
      ok: true,
      text: 'A C JONES-WRIGHT',
      shortened: 'initials',
      message: 'Account name is longer than the bank allows (18 characters), so it will be sent as ‘A C JONES-WRIGHT’',
    });
    expect(bacsAccountName('Alexandra Catherine Jones')).toMatchObject({ text: 'A CATHERINE JONES' });
  });

  it('cuts at 18 characters when initials are not enough', () => {
    const name = bacsAccountName('Bartholomew Featherstonehaugh-Cholmondeley');
    expect(name).toMatchObject({ ok: true, text: 'B FEATHERSTONEHAUG', shortened: 'cut' });
  });

  it('passes on a refusal', () => {
    expect(bacsAccountName('A@B').ok).toBe(false);
  });

  it('always fits the field', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zé]{1,12}$/), { minLength: 1, maxLength: 6 }), (words) => {
        const name = bacsAccountName(words.join(' '));
        expect(name.ok && name.text.length <= bacsNameLength).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
