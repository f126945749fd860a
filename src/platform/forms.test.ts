import { describe, expect, it } from 'vitest';
import { plainForm, plainText } from './forms.ts';

describe('plain text from a form', () => {
  it('strips NUL and other control characters, bidirectional overrides, zero-width spaces and byte-order marks', () => {
    expect(plainText('Jane\u0000 Ex\u0007ample')).toBe('Jane Example');
    expect(plainText('\u202Eelpmaxe\u202C road')).toBe('elpmaxe road');
    expect(plainText('1\u200B High\u2066 Street\uFEFF\u200F')).toBe('1 High Street');
    expect(plainText('\u0085\u009Fok')).toBe('ok');
  });

  it('keeps line breaks, turns tabs into spaces, and keeps the joiners some scripts need', () => {
    expect(plainText('Flat 2\r\nHigh Street\tNorth')).toBe('Flat 2\r\nHigh Street North');
    expect(plainText('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(plainText('क्\u200Dष')).toBe('क्\u200Dष');
  });

  it('cleans every string of a parsed form, in lists too, and leaves the rest alone', () => {
    expect(plainForm({ name: 'A\u0000B', choices: ['x\u202E', 'y'], count: 3 })).toEqual({ name: 'AB', choices: ['x', 'y'], count: 3 });
  });
});
