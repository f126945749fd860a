// Renders the budget letter model as a tagged PDF (headings, paragraphs, lists and tables marked for screen readers),
// with the type size the person's format needs. The same model renders as the HTML letter; the drawing every letter
// shares is in platform/letter-pdf.ts.
import { type LetterPdfWriter, letterPdfWriter, pdfText } from '../../platform/letter-pdf.ts';
import type { ExplanationTable } from './budget-view.ts';
import type { LetterModel } from './letter.ts';

export { pdfText };

/** An explanation table: kept on one page when it fits, its head and total in bold, its amounts to the right. */
function drawTable({ doc, root, size, width, block }: LetterPdfWriter, explanation: ExplanationTable) {
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
}

/** Renders the letter; resolves with the PDF's bytes. */
export function letterPdf(letter: LetterModel): Promise<Buffer> {
  const writer = letterPdfWriter(letter.variant, { title: letter.title, author: letter.from.join(', '), subject: 'Indicative personal budget' });
  const { doc, size, block, heading, section } = writer;

  writer.addresses(letter, [letter.formatNote, letter.illustrativeNote]);
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
      if (stream.table) drawTable(writer, stream.table);
    }
  }
  if (letter.unfunded.length) {
    heading('H2', letter.unfundedHeading);
    for (const part of letter.unfunded) section(part, 'H3');
  }
  for (const part of letter.sections) section(part, 'H2');
  doc.moveDown(1);
  for (const line of letter.signOff) block('P', line, { gap: 0 });
  return writer.finish();
}
