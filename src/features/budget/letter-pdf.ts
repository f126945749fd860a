// Renders the budget letter model as a tagged PDF (headings, paragraphs, lists and tables marked for screen readers),
// with the type size the person's format needs. The same model renders as the HTML letter.
import PDFDocument from 'pdfkit';
import type { ExplanationTable } from './budget-view.ts';
import type { LetterModel, LetterSection, LetterVariant } from './letter.ts';

interface Sizes {
  body: number;
  title: number;
  heading: number;
  subheading: number;
  summary: number;
  gap: number;
  table: number;
}

// Large print is at least 16 point (RNIB's clear print guidance); easy read is a little larger with more space.
const sizes: Record<LetterVariant, Sizes> = {
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

/** Renders the letter; resolves with the PDF's bytes. */
export function letterPdf(letter: LetterModel): Promise<Buffer> {
  const size = sizes[letter.variant];
  const doc = new PDFDocument({
    size: 'A4',
    margin: letter.variant === 'large-print' ? 50 : 60,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: pdfText(letter.title), Author: pdfText(letter.from.join(', ')), Subject: 'Indicative personal budget', Creator: 'Right to Control' },
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

  const block = (type: string, text: string, options: { font?: string; size?: number; gap?: number } = {}) => {
    doc.font(options.font ?? 'Helvetica').fontSize(options.size ?? size.body);
    root.add(doc.struct(type, {}, () => doc.text(pdfText(text), { width, paragraphGap: options.gap ?? size.gap, lineGap: letter.variant === 'easy-read' ? 4 : 2 })));
  };
  const heading = (type: 'H1' | 'H2' | 'H3', text: string) => {
    const fontSize = type === 'H1' ? size.title : type === 'H2' ? size.heading : size.subheading;
    // Keep a heading with at least a couple of lines of what follows it.
    if (doc.y + fontSize * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(type === 'H3' ? 0.4 : 0.6);
    block(type, text, { font: 'Helvetica-Bold', size: fontSize, gap: size.gap });
  };
  const list = (items: readonly string[]) => {
    if (items.length === 0) return;
    doc.font('Helvetica').fontSize(size.body);
    const listStruct = doc.struct('L');
    root.add(listStruct);
    doc.list(items.map(pdfText), { width, bulletRadius: size.body / 6, textIndent: size.body, paragraphGap: size.gap / 2, structParent: listStruct } as PDFKit.Mixins.TextOptions);
    listStruct.end();
    doc.moveDown(0.3);
  };
  const section = (part: LetterSection, level: 'H2' | 'H3') => {
    heading(level, part.heading);
    for (const paragraph of part.paragraphs) block('P', paragraph);
    list(part.bullets ?? []);
    for (const paragraph of part.after ?? []) block('P', paragraph);
  };
  const table = (explanation: ExplanationTable) => {
    const numberWidth = Math.max(60, size.table * 6);
    const columns = explanation.head.map((_, index) => (index === 0 ? '*' : numberWidth));
    // Keep a table on one page when it fits on one; otherwise keep at least its heading row with the first lines.
    const textWidth = width - numberWidth * (explanation.head.length - 1) - 8;
    const rowHeight = (row: readonly string[], font: string) => doc.font(font).fontSize(size.table).heightOfString(pdfText(row[0] ?? ''), { width: textWidth }) + 9;
    const rows = [explanation.head, ...explanation.rows, explanation.total];
    const heights = rows.map((row, index) => rowHeight(row, index === 0 || index === rows.length - 1 ? 'Helvetica-Bold' : 'Helvetica'));
    const captionHeight = size.table * 2.5;
    const whole = captionHeight + heights.reduce((sum, height) => sum + height, 0);
    const start = captionHeight + heights.slice(0, 3).reduce((sum, height) => sum + height, 0);
    const room = doc.page.height - doc.page.margins.bottom - doc.y;
    const pageRoom = doc.page.height - doc.page.margins.bottom - doc.page.margins.top;
    if ((whole > room && whole <= pageRoom) || start > room) doc.addPage();
    block('Caption', explanation.caption, { font: 'Helvetica-Bold', size: size.table, gap: 3 });
    const align = (index: number) => ({ x: explanation.numeric[index] ? ('right' as const) : ('left' as const), y: 'top' as const });
    const cell = (text: string, index: number, header: boolean) => ({
      text: pdfText(text),
      align: align(index),
      type: header ? ('TH' as const) : ('TD' as const),
      font: { src: header ? 'Helvetica-Bold' : 'Helvetica', size: size.table },
    });
    doc.table({
      columnStyles: columns,
      defaultStyle: { padding: 4, border: [0, 0, 0.5, 0], borderColor: '#b1b4b6' },
      data: [
        explanation.head.map((text, index) => cell(text, index, true)),
        ...explanation.rows.map((row) => row.map((text, index) => cell(text, index, false))),
        explanation.total.map((text, index) => cell(text, index, true)),
      ],
      structParent: root,
    } as PDFKit.Mixins.TableOptionsWithData);
    doc.moveDown(0.8);
  };

  for (const line of letter.from) block('P', line, { font: 'Helvetica-Bold', gap: 0 });
  block('P', letter.date, { gap: size.gap * 2 });
  for (const line of letter.to) block('P', line, { gap: 0 });
  doc.moveDown(1);
  if (letter.formatNote) block('P', letter.formatNote, { font: 'Helvetica-Bold' });
  if (letter.illustrativeNote) block('P', letter.illustrativeNote, { font: 'Helvetica-Bold' });

  heading('H1', letter.title);
  heading('H2', letter.summary.heading);
  for (const line of letter.summary.lines) block('P', line, { font: 'Helvetica-Bold', size: size.summary });
  doc.moveDown(0.5);
  block('P', letter.greeting);
  for (const paragraph of letter.intro) block('P', paragraph);

  if (letter.streams.length) {
    heading('H2', letter.streamsHeading);
    for (const stream of letter.streams) {
      heading('H3', stream.heading);
      for (const paragraph of stream.paragraphs) block('P', paragraph);
      if (stream.table) table(stream.table);
    }
  }
  if (letter.unfunded.length) {
    heading('H2', letter.unfundedHeading);
    for (const part of letter.unfunded) section(part, 'H3');
  }
  for (const part of letter.sections) section(part, 'H2');
  doc.moveDown(1);
  for (const line of letter.signOff) block('P', line, { gap: 0 });

  root.end();
  doc.end();
  return done;
}
