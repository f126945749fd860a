// The decision letter as one model: for each part of the person's plan, the indicative and the agreed budget, why they
// differ, or why the part was sent back, who decided and when, and how to ask for a review; in the person's format.
// The HTML page and the PDF both render this same object, so the two can never say different things.
import { formatPence, yearlyToWeekly } from '../../domain/budget/money.ts';
import { contactBlock } from '../../domain/organisation-contacts.ts';
import type { SignOff } from '../../domain/support-plan/sign-off.ts';
import { addressLines, type LetterPart, type LetterVariant, letterFormat } from '../../platform/letter-pdf.ts';
import type { AreaContacts } from '../../records/organisation-contacts.ts';

export interface DecisionLetter {
  variant: LetterVariant;
  title: string;
  formatNote?: string;
  from: string[];
  to: string[];
  date: string;
  greeting: string;
  summary: { heading: string; lines: string[] };
  intro: string[];
  streamsHeading: string;
  streams: LetterPart[];
  sections: LetterPart[];
  signOff: string[];
}

export interface LetterDecision {
  action: string;
  streamCode: string | null;
  organisationName: string | null;
  actualYearlyPence: number | null;
  reasonCode: string | null;
  reason: string | null;
  occurredAt: Date;
}

export interface DecisionLetterInputs {
  person: { givenName: string; familyName: string; address: string | null; postcode: string | null; accessibleFormat: string | null };
  signOff: SignOff;
  streams: readonly { streamCode: string; streamName: string; owningOrganisationName: string | null; weeklyPence?: number; oneOffPence?: number }[];
  /** Every step of the sign-off, oldest first. */
  decisions: readonly LetterDecision[];
  reasonNames: Readonly<Record<string, string>>;
  contacts: AreaContacts | undefined;
  /** The council that sends the letter. */
  from: string;
  /** Today, written out ("4 March 2026"). */
  date: string;
  /** Writes a moment as a day ("4 March 2026"). */
  day: (at: Date) => string;
}

/** Whether anything in the plan has been decided yet: a part approved or sent back. */
export function anythingDecided(signOff: SignOff): boolean {
  return signOff.parts.some((part) => part.state === 'approved' || part.state === 'returned');
}

function week(yearlyPence: number): string {
  return formatPence(yearlyToWeekly(yearlyPence));
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function decisionLetter(inputs: DecisionLetterInputs): DecisionLetter {
  const { person, signOff } = inputs;
  const format = letterFormat(person.accessibleFormat);
  const easy = format.variant === 'easy-read';
  const name = `${person.givenName} ${person.familyName}`;
  const lastStep = (streamCode: string, action: string) => [...inputs.decisions].reverse().find((decision) => decision.streamCode === streamCode && decision.action === action);

  const streams: LetterPart[] = [];
  let agreedYearly = 0;
  const owners = new Map<string, string[]>();
  for (const part of signOff.parts) {
    const stream = inputs.streams.find((s) => s.streamCode === part.streamCode);
    const streamName = stream?.streamName ?? part.streamCode;
    const owner = stream?.owningOrganisationName ?? 'The organisation that runs it';
    owners.set(owner, [...(owners.get(owner) ?? []), part.streamCode]);
    const paragraphs: string[] = [];
    if (part.state === 'approved') {
      const approval = part.approvals[0]!;
      const step = lastStep(part.streamCode, 'approve');
      const decidedBy = step?.organisationName ?? owner;
      const on = step ? inputs.day(step.occurredAt) : undefined;
      agreedYearly += approval.actualYearlyPence;
      const reason = approval.reasonCode ? (inputs.reasonNames[approval.reasonCode] ?? approval.reasonCode) : null;
      // Money paid once (a grant for adaptations) has no weekly amount: saying one would mislead.
      const once = stream?.weeklyPence === 0 && (stream.oneOffPence ?? 0) > 0;
      if (once) {
        paragraphs.push(
          easy ? `You can get ${formatPence(approval.actualYearlyPence)} one time only.` : `Agreed budget: ${formatPence(approval.actualYearlyPence)}, paid once.`,
          easy ? `At first we said ${formatPence(part.indicativeYearlyPence)}.` : `Indicative budget: ${formatPence(part.indicativeYearlyPence)}, paid once.`,
        );
        if (approval.actualYearlyPence !== part.indicativeYearlyPence) paragraphs.push(`${easy ? 'It changed because' : 'The agreed budget is different from the indicative budget because'}: ${sentence(reason ?? 'the plan changed')}`);
        paragraphs.push(...(easy ? [`Who agreed it: ${decidedBy}.`, ...(on ? [`When: ${on}.`] : [])] : [`Agreed by ${decidedBy}${on ? ` on ${on}` : ''}.`]));
      } else if (easy) {
        paragraphs.push(`You can get ${week(approval.actualYearlyPence)} every week.`, `That is ${formatPence(approval.actualYearlyPence)} every year.`);
        if (approval.actualYearlyPence !== part.indicativeYearlyPence) paragraphs.push(`At first we said ${week(part.indicativeYearlyPence)} every week.`, `It changed because: ${sentence(reason ?? 'the plan changed')}`);
        paragraphs.push(`Who agreed it: ${decidedBy}.`, ...(on ? [`When: ${on}.`] : []));
      } else {
        paragraphs.push(
          `Agreed budget: ${formatPence(approval.actualYearlyPence)} a year (${week(approval.actualYearlyPence)} a week).`,
          `Indicative budget: ${formatPence(part.indicativeYearlyPence)} a year (${week(part.indicativeYearlyPence)} a week).`,
        );
        if (approval.actualYearlyPence !== part.indicativeYearlyPence) paragraphs.push(`The agreed budget is different from the indicative budget because: ${sentence(reason ?? 'the plan changed')}`);
        else paragraphs.push('The agreed budget is the same as the indicative budget.');
        paragraphs.push(`Agreed by ${decidedBy}${on ? ` on ${on}` : ''}.`);
      }
    } else if (part.state === 'returned') {
      const step = lastStep(part.streamCode, 'return');
      const decidedBy = step?.organisationName ?? owner;
      const on = step ? inputs.day(step.occurredAt) : undefined;
      if (easy) paragraphs.push(`${decidedBy} sent this part back to you${on ? ` on ${on}` : ''}.`, 'They want you to change it.', 'This is what they said:', sentence(part.returnReason ?? ''));
      else paragraphs.push(`${decidedBy} sent this part of your plan back to you to change${on ? ` on ${on}` : ''}.`, `What they said: ${sentence(part.returnReason ?? '')}`, 'Change this part of your plan and send it again. The other parts that are agreed stay agreed unless you change them.');
    } else {
      paragraphs.push(easy ? `${owner} has not decided yet.` : `${owner} has not decided on this part yet. We will write to you again when they do.`);
    }
    streams.push({ heading: streamName, paragraphs });
  }

  const agreed = signOff.state === 'agreed';
  const summaryLines = agreed
    ? easy
      ? ['Your support plan is agreed.', `You can get ${week(agreedYearly)} every week.`, `That is ${formatPence(agreedYearly)} every year.`]
      : ['Your support plan is agreed.', `${formatPence(agreedYearly)} a year (${week(agreedYearly)} a week).`]
    : signOff.state === 'returned'
      ? easy
        ? ['Part of your plan needs to change.']
        : ['Part of your support plan has been sent back to you to change.']
      : easy
        ? ['Part of your plan is decided.']
        : ['Part of your support plan is decided. The rest is still with the people who approve it.'];

  const reviews: LetterPart[] = [...owners.entries()].map(([owner, codes]) => {
    const block = contactBlock(inputs.contacts?.owners.get(codes[0]!) ?? { name: owner, contactPhone: null, contactEmail: null, postalAddress: null, openingHours: null, textRelay: null, bslVideoRelayUrl: null, reviewHow: null }, inputs.contacts?.lead, { easy });
    return {
      heading: easy ? `How to ask ${owner} to look again` : `How to ask ${owner} for a review`,
      paragraphs: [...(easy ? [] : ['If you think a decision in this letter is wrong, you can ask for a review.']), ...(block.note ?? [])],
      bullets: block.lines.map((line) => `${line.label}: ${line.value}`),
      after: [...block.review, ...(easy ? ['You keep your support while they look.', 'A friend or family member can help you ask.'] : ['While they look at it again, the parts of your plan that are agreed stay in place.'])],
    };
  });

  return {
    variant: format.variant,
    title: easy ? 'What we decided about your plan' : 'Decision on your support plan',
    ...(format.sentSeparatelyAs ? { formatNote: `You asked for letters in ${format.sentSeparatelyAs}. ${inputs.from} will send you this letter in ${format.sentSeparatelyAs}. This is a copy for your records.` } : {}),
    from: [inputs.from],
    to: [name, ...addressLines(person.address, person.postcode)],
    date: inputs.date,
    greeting: `Dear ${name}`,
    summary: { heading: easy ? 'What we decided' : 'The decision', lines: summaryLines },
    intro: easy
      ? ['Thank you for your support plan.', 'This letter tells you what we decided.', 'It tells you how much money you can get.', 'Keep this letter safe.']
      : ['Thank you for your support plan. This letter tells you what each organisation that pays for part of it decided: the money agreed for each part, or why a part was sent back to you.'],
    streamsHeading: easy ? 'Each part of your plan' : 'Each part of your plan',
    streams,
    sections: reviews,
    signOff: ['Yours sincerely', inputs.from],
  };
}

/** The letter's file name: plain, with no personal data in it. */
export function decisionLetterFileName(day: string): string {
  return `support-plan-decision-${day}.pdf`;
}
