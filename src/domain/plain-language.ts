// How hard a text is to read: the Flesch-Kincaid grade and the reading age it means (grade + 5), so tests can hold
// person-facing pages to a reading age of 9, as plain English guidance for public services asks.

/** Abbreviations whose full stop does not end a sentence. */
const abbreviations = /\b(e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|St|No)\./gi;

/**
 * Syllables in one English word, by the usual rule of thumb: count groups of vowels, then take off a silent "e" at
 * the end and the "-es"/"-ed" endings that add no sound. It is right for most everyday words and close for the rest,
 * which is all a grade level needs.
 */
export function syllables(word: string): number {
  let text = word.toLowerCase().replace(/[^a-z]/g, '');
  if (text === '') return 0;
  if (text.length <= 3) return 1;
  text = text.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (ending) => ending.charAt(0)).replace(/^y/, '');
  const groups = text.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 0);
}

/** The words of a text: runs of letters (with apostrophes and hyphens inside). Numbers and symbols are not words. */
export function words(text: string): string[] {
  return text.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*/g) ?? [];
}

/** Sentences: ended by . ! ? or a line break (a heading, a list item or a table cell ends where its line does). */
export function sentences(text: string): string[] {
  return text
    .replace(abbreviations, (match) => match.slice(0, -1))
    .split(/[.!?]+(?=\s|$)|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => words(sentence).length > 0);
}

export interface Readability {
  sentences: number;
  words: number;
  syllables: number;
  /** Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59. */
  grade: number;
  /** The age at which most children can read it: the US school grade plus 5 years. */
  readingAge: number;
}

/** Flesch-Kincaid grade from the counts, as published (Kincaid et al., 1975). */
export function fleschKincaidGrade(counts: { sentences: number; words: number; syllables: number }): number {
  if (counts.sentences === 0 || counts.words === 0) return 0;
  return 0.39 * (counts.words / counts.sentences) + 11.8 * (counts.syllables / counts.words) - 15.59;
}

export function readability(text: string): Readability {
  const found = sentences(text);
  const all = found.flatMap(words);
  const counts = { sentences: found.length, words: all.length, syllables: all.reduce((sum, word) => sum + syllables(word), 0) };
  const grade = fleschKincaidGrade(counts);
  return { ...counts, grade, readingAge: grade + 5 };
}
