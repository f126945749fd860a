// What every letter the service sends shares: the person's accessible format read from their record, and the making
// of a tagged PDF (headings, paragraphs and lists marked for screen readers) in the type size that format needs. Each
// letter keeps its own words and layout; the budget letter and the decision letter both draw through here.
import PDFDocument from 'pdfkit';

/** How a letter is laid out: standard, large print (bigger type) or easy read (short sentences, one idea a line). */
export type LetterVariant = 'standard' | 'large-print' | 'easy-read';

export interface LetterFormat {
  variant: LetterVariant;
  /** Formats this service cannot produce itself (audio, British Sign Language, braille): the council sends them. */
  sentSeparatelyAs?: string;
}

/** Reads the person's accessible format as stored, forgiving of case and wording ("Large print", "BSL", …). */
export function letterFormat(accessibleFormat: string | null | undefined): LetterFormat {
  const format = (accessibleFormat ?? '').toLowerCase();
  if (format.includes('large')) return { variant: 'large-print' };
  if (format.includes('easy')) return { variant: 'easy-read' };
  if (format.includes('audio')) return { variant: 'standard', sentSeparatelyAs: 'audio' };
  if (format.includes('bsl') || format.includes('sign language')) return { variant: 'standard', sentSeparatelyAs: 'British Sign Language' };
  if (format.includes('braille')) return { variant: 'standard', sentSeparatelyAs: 'braille' };
  return { variant: 'standard' };
}

/** The letter's address lines: the stored address split at commas and line breaks, then the postcode. */
export function addressLines(address: string | null, postcode: string | null): string[] {
  const lines = (address ?? '').split(/\r?\n|,/).map((line) => line.trim()).filter((line) => line !== '');
  if (postcode && postcode.trim() !== '') lines.push(postcode.trim().toUpperCase());
  return lines;
}

/** A section of a letter: a heading, paragraphs, an optional list and paragraphs after it. */
export interface LetterPart {
  heading: string;
  paragraphs: string[];
  bullets?: string[];
  after?: string[];
}

export interface LetterSizes {
  body: number;
  title: number;
  heading: number;
  subheading: number;
  summary: number;
  gap: number;
  table: number;
}

// Large print is at least 16 point (RNIB's clear print guidance); easy read is a little larger with more space.
export const letterSizes: Record<LetterVariant, LetterSizes> = {
  standard: { body: 12, title: 20, heading: 15, subheading: 13, summary: 18, gap: 6, table: 10.5 },
  'large-print': { body: 18, title: 28, heading: 22, subheading: 20, summary: 26, gap: 9, table: 16 },
  'easy-read': { body: 14, title: 22, heading: 18, subheading: 16, summary: 20, gap: 10, table: 12 },
};

// Windows-1252 beyond Latin-1: the characters the PDF standard fonts can draw besides ASCII and Latin-1.
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters that do not come apart into a base letter and an accent, so need naming.
const nearest: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h', '\u2212': '-', '\u2010': '-', '\u2011': '-' };

/**
 * The standard PDF fonts draw Windows-1252 only. Swap the few other characters our text uses for their nearest
 * equivalent (a true minus for a hyphen) and strip accents that have no glyph, so nothing is drawn as a blank box.
 */
export function pdfText(text: string): string {
  let result = '';
  for (const original of text) {
    const character = nearest[original] ?? original;
    const code = character.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(character) || character === '\n') {
      result += character;
      continue;
    }
    const base = character.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    result += base.length === 1 && base.codePointAt(0)! < 0x7f ? base : '?';
  }
  return result;
}

/** The drawing tools a letter is written with, and `finish` to end the document and get its bytes. */
export interface LetterPdfWriter {
  doc: PDFKit.PDFDocument;
  root: PDFKit.PDFStructureElement;
  size: LetterSizes;
  /** The width text may take between the margins. */
  width: number;
  block(type: string, text: string, options?: { font?: string; size?: number; gap?: number }): void;
  heading(type: 'H1' | 'H2' | 'H3', text: string): void;
  list(items: readonly string[]): void;
  section(part: LetterPart, level: 'H2' | 'H3'): void;
  /** The sender, date and recipient at the top, then any notes said first (in bold). */
  addresses(letter: { from: readonly string[]; date: string; to: readonly string[] }, notes?: readonly (string | undefined)[]): void;
  finish(): Promise<Buffer>;
}

/** Starts a tagged A4 letter in the variant's sizes. */
export function letterPdfWriter(variant: LetterVariant, info: { title: string; author: string; subject: string }): LetterPdfWriter {
  const size = letterSizes[variant];
  const doc = new PDFDocument({
    size: 'A4',
    margin: variant === 'large-print' ? 50 : 60,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: pdfText(info.title), Author: pdfText(info.author), Subject: info.subject, Creator: 'Right to Control' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  const block: LetterPdfWriter['block'] = (type, text, options = {}) => {
    doc.font(options.font ?? 'Helvetica').fontSize(options.size ?? size.body);
    root.add(doc.struct(type, {}, () => doc.text(pdfText(text), { width, paragraphGap: options.gap ?? size.gap, lineGap: variant === 'easy-read' ? 4 : 2 })));
  };
  const heading: LetterPdfWriter['heading'] = (type, text) => {
    const fontSize = type === 'H1' ? size.title : type === 'H2' ? size.heading : size.subheading;
    // Keep a heading with at least a couple of lines of what follows it.
    if (doc.y + fontSize * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(type === 'H3' ? 0.4 : 0.6);
    block(type, text, { font: 'Helvetica-Bold', size: fontSize, gap: size.gap });
  };
  const list: LetterPdfWriter['list'] = (items) => {
    if (items.length === 0) return;
    doc.font('Helvetica').fontSize(size.body);
    const listStruct = doc.struct('L');
    root.add(listStruct);
    doc.list(items.map(pdfText), { width, bulletRadius: size.body / 6, textIndent: size.body, paragraphGap: size.gap / 2, structParent: listStruct } as PDFKit.Mixins.TextOptions);
    listStruct.end();
    doc.moveDown(0.3);
  };
  const section: LetterPdfWriter['section'] = (part, level) => {
    heading(level, part.heading);
    for (const paragraph of part.paragraphs) block('P', paragraph);
    list(part.bullets ?? []);
    for (const paragraph of part.after ?? []) block('P', paragraph);
  };
  const addresses: LetterPdfWriter['addresses'] = (letter, notes = []) => {
    for (const line of letter.from) block('P', line, { font: 'Helvetica-Bold', gap: 0 });
    block('P', letter.date, { gap: size.gap * 2 });
    for (const line of letter.to) block('P', line, { gap: 0 });
    doc.moveDown(1);
    for (const note of notes) if (note) block('P', note, { font: 'Helvetica-Bold' });
  };
  const finish = () => {
    root.end();
    doc.end();
    return done;
  };
  return { doc, root, size, width, block, heading, list, section, addresses, finish };
}
