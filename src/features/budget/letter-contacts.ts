// The letter's contact sections: for each organisation that runs a stream in the letter, how to reach it and how to
// ask it to look at a decision again, in the letter's own words (easy read in short sentences).
import { contactBlock } from '../../domain/organisation-contacts.ts';
import type { AreaContacts } from '../../records/organisation-contacts.ts';
import type { BudgetView } from './budget-view.ts';
import type { LetterSection } from './letter.ts';

function inAList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** One section per organisation, in the order its first stream appears in the letter. */
export function letterContactSections(view: BudgetView, contacts: AreaContacts | undefined, easy: boolean): LetterSection[] {
  const byOwner = new Map<string, { code: string; names: string[] }>();
  for (const stream of [...view.funded, ...view.unfunded]) {
    const group = byOwner.get(stream.owner);
    if (group) group.names.push(stream.name);
    else byOwner.set(stream.owner, { code: stream.code, names: [stream.name] });
  }
  return [...byOwner.entries()].map(([owner, group]) => {
    const block = contactBlock(contacts?.owners.get(group.code) ?? { name: owner, contactPhone: null, contactEmail: null, postalAddress: null, openingHours: null, textRelay: null, bslVideoRelayUrl: null, reviewHow: null }, contacts?.lead, { easy });
    return {
      heading: `How to contact ${owner}`,
      // Easy read keeps to one idea a line; the stream sections above already say who runs each one.
      paragraphs: [...(easy ? [] : [`${owner} runs ${inAList(group.names)}.`]), ...(block.note ?? [])],
      bullets: block.lines.map((line) => `${line.label}: ${line.value}`),
      after: [...(easy ? [] : ['If you think a decision is wrong:']), ...block.review],
    };
  });
}
