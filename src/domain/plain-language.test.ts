import { describe, expect, it } from 'vitest';
import { fleschKincaidGrade, readability, sentences, syllables, words } from './plain-language.ts';

describe('counting syllables', () => {
  it('counts everyday words as a dictionary does', () => {
    const known: Record<string, number> = { the: 1, cat: 1, make: 1, made: 1, shared: 1, people: 2, table: 2, money: 2, budget: 2, decided: 2, council: 2, simple: 2, privacy: 3, assessment: 3, independent: 4, information: 4, readability: 5, accessibility: 6 };
    for (const [word, count] of Object.entries(known)) expect(syllables(word), word).toBe(count);
    expect(syllables('Council’s')).toBe(2);
    expect(syllables('123')).toBe(0);
  });
});

describe('words and sentences', () => {
  it('takes words of letters only, and ends sentences at stops and line ends but not after "e.g."', () => {
    expect(words('You can get £25.50 a week, e.g. for help.')).toEqual(['You', 'can', 'get', 'a', 'week', 'e', 'g', 'for', 'help']);
    expect(sentences('Hello there. How are you?\nA heading\nFor example, e.g. this one.')).toEqual(['Hello there', 'How are you', 'A heading', 'For example, e.g this one']);
  });
});

describe('Flesch-Kincaid grade and reading age', () => {
  it('follows the published formula', () => {
    // 0.39 × 13 + 11.8 × 16 / 13 − 15.59
    expect(fleschKincaidGrade({ sentences: 1, words: 13, syllables: 16 })).toBeCloseTo(4.0031, 4);
    expect(fleschKincaidGrade({ sentences: 0, words: 0, syllables: 0 })).toBe(0);
  });

  it('scores a children’s sentence young and officialese old', () => {
    const easy = readability('The cat sat on the mat. It was a big red mat.');
    expect(easy).toMatchObject({ sentences: 2, words: 12, syllables: 12 });
    expect(easy.readingAge).toBeLessThan(5);
    const hard = readability(
      'The Equality and Human Rights Commission is responsible for enforcing the Public Sector Bodies Accessibility Regulations, and organisations must demonstrate compliance with the applicable requirements.',
    );
    expect(hard.readingAge).toBeGreaterThan(18);
    expect(hard.readingAge).toBeCloseTo(hard.grade + 5, 10);
  });
});
