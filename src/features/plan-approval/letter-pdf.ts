// Renders the decision letter model as a tagged PDF in the person's format, through the drawing every letter shares.
import { letterPdfWriter } from '../../platform/letter-pdf.ts';
import type { DecisionLetter } from './letter.ts';

export function decisionLetterPdf(letter: DecisionLetter): Promise<Buffer> {
  const writer = letterPdfWriter(letter.variant, { title: letter.title, author: letter.from.join(', '), subject: 'Decision on a support plan' });
  const { doc, size, block, heading, section } = writer;
  writer.addresses(letter, [letter.formatNote]);
  heading('H1', letter.title);
  heading('H2', letter.summary.heading);
  for (const line of letter.summary.lines) block('P', line, { font: 'Helvetica-Bold', size: size.summary });
  doc.moveDown(0.5);
  block('P', letter.greeting);
  for (const paragraph of letter.intro) block('P', paragraph);
  heading('H2', letter.streamsHeading);
  for (const part of letter.streams) section(part, 'H3');
  for (const part of letter.sections) section(part, 'H2');
  doc.moveDown(1);
  for (const line of letter.signOff) block('P', line, { gap: 0 });
  return writer.finish();
}
