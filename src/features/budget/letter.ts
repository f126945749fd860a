// The budget letter as one model: every word and amount the person keeps, in the format they asked for. The HTML page
// and the PDF both render this same object, so the two can never say different things.
import type { AreaContacts } from '../../records/organisation-contacts.ts';
import type { BudgetView, ExplanationTable, SharingNeeded } from './budget-view.ts';
import { addressLines, type LetterFormat, type LetterVariant, letterFormat } from '../../platform/letter-pdf.ts';
import { letterContactSections } from './letter-contacts.ts';

export { type LetterFormat, type LetterVariant, letterFormat };

export interface LetterSection {
  heading: string;
  paragraphs: string[];
  bullets?: string[];
  /** Paragraphs that follow the bullets. */
  after?: string[];
  /** Where the owning organisation cannot see the record: the link (on paper, the words) to share it with them. */
  sharing?: SharingNeeded;
}

export interface LetterStream {
  heading: string;
  paragraphs: string[];
  sharing?: SharingNeeded;
  /** How the amount was worked out, line by line. Easy read leaves it out: it says what the money is for instead. */
  table?: ExplanationTable;
}

export interface LetterModel {
  variant: LetterVariant;
  title: string;
  /** Said first when the letter is also sent in a format this service cannot make (audio, BSL, braille). */
  formatNote?: string;
  /** Said when the figures are illustrative (made up for the demo or not yet replaced by the area). */
  illustrativeNote?: string;
  from: string[];
  to: string[];
  date: string;
  greeting: string;
  /** The amounts, impossible to miss: the first thing under the heading. */
  summary: { heading: string; lines: string[] };
  intro: string[];
  streamsHeading: string;
  streams: LetterStream[];
  unfundedHeading: string;
  unfunded: LetterSection[];
  sections: LetterSection[];
  signOff: string[];
}

export interface LetterInputs {
  person: { givenName: string; familyName: string; address: string | null; postcode: string | null; accessibleFormat: string | null };
  view: BudgetView;
  /** The council that sends the letter. */
  from: string;
  /** User-led organisations in the area that help people plan. */
  brokers: string[];
  /** Today, as the letter's date, already written out ("4 March 2026"). */
  date: string;
  issuedOn?: string;
  /** How to reach each stream's owner; without it, the letter says no contact details have been given yet. */
  contacts?: AreaContacts;
}

function sentence(text: string): string {
  return /[.!?:]$/.test(text) ? text : `${text}.`;
}

/** What each kind of money is for, in easy read words, by the stream's code. A stream not listed is just named. */
const easyPurposes: Readonly<Record<string, string>> = {
  'adult-social-care': 'This money is for help with everyday things, like washing, dressing and meals.',
  'independent-living-fund': 'This money is for help so you can live at home the way you want.',
  'access-to-work': 'This money is for help at work.',
  'work-choice': 'This money is for help to find a job or keep a job.',
  'disabled-facilities-grant': 'This money is for changes to your home.',
  'supporting-people': 'This money is for help to look after your home.',
};

/** What to do about a stream the person cannot get yet, one idea a line. */
function easyWhatToDo(decision: BudgetView['unfunded'][number]['decision'], owner: string, shared: boolean): string[] {
  if (!shared) return notSharedWith(owner, true);
  switch (decision) {
    case 'not eligible':
      return ['Do you think this is wrong?', `Contact ${owner}.`, 'Has something changed for you?', 'You can change your answers at any time.'];
    case 'more information needed':
      return ['We need to know a bit more.', 'Please check your answers.', `Or contact ${owner}.`];
    case 'eligible':
      return ['You can get this.', `${owner} will tell you how much.`];
  }
}

/** Said of a stream whose owning organisation cannot see the record: it needs sharing before they can check it. */
function notSharedWith(owner: string, easy: boolean): string[] {
  return easy
    ? [`${owner} cannot see your record yet.`, `Share your record with ${owner} first.`, 'Then they can check this.']
    : [`${owner} cannot see your record, so they cannot check this decision yet. Share your record with ${owner} first: on your record, choose “Change who can see your record”.`];
}

/**
 * One stream in easy read: the amount, what it is for and who runs it. No table of points, percentages or
 * adjustments: those are in the standard letter and on the budget page for anyone who wants them.
 */
function easyStream(stream: BudgetView['funded'][number]): string[] {
  const paragraphs: string[] = [];
  if (stream.weeklyPence > 0) paragraphs.push(`You can get ${stream.weekly} every week.`);
  if (stream.oneOffPence > 0) paragraphs.push(`You can get ${stream.oneOff} one time only.`);
  if (stream.weeklyPence === 0 && stream.oneOffPence === 0) paragraphs.push('You can get this, but the amount is £0 at the moment.');
  const purpose = easyPurposes[stream.code];
  if (purpose) paragraphs.push(purpose);
  paragraphs.push(`${stream.owner} runs this.`);
  // Easy read gives the changed decision in two short sentences; its reason is in the standard letter.
  if (stream.decisionNote) paragraphs.push(`${stream.owner} looked at this again.`, 'They decided you can get it.');
  return paragraphs;
}

export function letterModel(inputs: LetterInputs): LetterModel {
  const { person, view } = inputs;
  const format = letterFormat(person.accessibleFormat);
  const easy = format.variant === 'easy-read';
  const name = `${person.givenName} ${person.familyName}`;
  const totals = view.totals;
  const hasWeekly = totals.weeklyPence > 0;
  const hasOneOff = totals.oneOffPence > 0;
  const broker = inputs.brokers[0];

  const summaryLines: string[] = [];
  if (hasWeekly) summaryLines.push(easy ? `You can get ${totals.weekly} every week.` : `${totals.weekly} a week`, easy ? `That is ${totals.yearly} every year.` : `That is ${totals.yearly} a year.`);
  if (hasOneOff) summaryLines.push(easy ? `You can also get ${totals.oneOff} one time only. This is for changes to your home.` : `Plus ${totals.oneOff} paid once (not every week).`);
  if (!hasWeekly && !hasOneOff) summaryLines.push(easy ? 'You cannot get money for your support at the moment.' : 'No money is available to you from these funding streams at the moment.');

  const intro = easy
    ? ['Thank you for filling in your self-assessment.', 'This letter tells you how much money you can get for your support.', 'It tells you what the money is for.', 'This amount is a first guess.', 'The final amount is agreed when your support plan is agreed.']
    : [
        'Thank you for telling us about your life and the support you need. This letter tells you how much money is available to you for your support, from each funding stream, and how each amount was worked out.',
        `This is your indicative budget: an estimate to help you plan${inputs.issuedOn ? `, worked out on ${inputs.issuedOn}` : ''}. The final amount is agreed when your support plan is agreed.`,
      ];

  const streams: LetterStream[] = view.funded.map((stream) => {
    if (easy) return { heading: stream.name, paragraphs: [...easyStream(stream), ...(stream.sharing ? notSharedWith(stream.owner, true) : [])], ...(stream.sharing ? { sharing: stream.sharing } : {}) };
    const paragraphs: string[] = [];
    if (stream.weeklyPence > 0) paragraphs.push(`${stream.weekly} a week (${stream.yearly} a year).`);
    if (stream.oneOffPence > 0) paragraphs.push(`${stream.oneOff} paid once.`);
    if (stream.weeklyPence === 0 && stream.oneOffPence === 0) paragraphs.push('You can get this, but the amount works out at £0.00 at the moment.');
    paragraphs.push(`Run by ${stream.owner}.`);
    if (stream.decisionNote) paragraphs.push(sentence(stream.decisionNote));
    if (stream.sharing) paragraphs.push(...notSharedWith(stream.owner, false));
    paragraphs.push('The table shows how the amount was worked out. The amounts in each line add up to the total.');
    return { heading: stream.name, paragraphs, ...(stream.sharing ? { sharing: stream.sharing } : {}), table: stream.table };
  });

  const unfunded: LetterSection[] = view.unfunded.map((stream) => ({
    heading: `${stream.name}: ${stream.headline.charAt(0).toLowerCase()}${stream.headline.slice(1)}`,
    paragraphs: [easy ? `${stream.owner} runs this.` : `Run by ${stream.owner}.`, ...(stream.reasons.length ? [easy ? 'This is why:' : 'This is because:'] : [])],
    bullets: stream.reasons.map(sentence),
    after: easy ? easyWhatToDo(stream.decision, stream.owner, !stream.sharing) : [stream.whatToDo],
    ...(stream.sharing ? { sharing: stream.sharing } : {}),
  }));

  const tolerances = view.funded.filter((stream) => stream.tolerancePercent !== undefined);
  const nextSteps: LetterSection = easy
    ? {
        heading: 'What happens next',
        paragraphs: [
          'Next you make a support plan.',
          'A support plan says how you will use the money.',
          'You can make your plan on your own.',
          'Or family or friends can help you.',
          broker ? `Or ${broker} can help you. They are run by disabled people.` : 'Or an independent broker can help you.',
          'You choose how you get your support.',
          'Then you send us your plan.',
          'We check it one time.',
          'Then we tell you it is agreed.',
        ],
      }
    : {
        heading: 'What happens next',
        paragraphs: [
          'Make a support plan: how you will use this money to live the life you want and get the support you need.',
          `You can make your plan on your own, with family or friends, or with an independent broker${broker ? ` such as ${broker}, a user-led organisation` : ''}.`,
          'For each part of your support you can choose to:',
        ],
        bullets: [
          'keep the services you have now',
          'ask the organisation that runs the funding to arrange different support',
          'take the money as a direct payment and arrange your own support',
          'or a mix of these',
        ],
        after: [
          'When you send us your plan, we check it once and sign it off.',
          ...tolerances.map((stream) => `For ${stream.name}, a plan that costs up to ${stream.tolerancePercent}% more or less than ${stream.weekly} a week can be agreed without going to a panel.`),
        ],
      };

  const contacts = [...view.funded, ...view.unfunded].map((stream) => `${stream.name}: ${stream.owner}`);
  const sections: LetterSection[] = [
    nextSteps,
    {
      heading: easy ? 'Who to ask' : 'Who to contact',
      paragraphs: easy ? [`If you have a question about this letter, ask ${inputs.from}.`, 'Each kind of money is run by a different team:'] : [`If you have a question about this letter, contact ${inputs.from}.`, 'Each funding stream is run by its own organisation:'],
      bullets: contacts,
    },
    ...letterContactSections(view, inputs.contacts, easy),
  ];

  const formatNote = format.sentSeparatelyAs
    ? `You asked for letters in ${format.sentSeparatelyAs}. ${inputs.from} will send you this letter in ${format.sentSeparatelyAs}. This is a copy for your records.`
    : undefined;
  const illustrativeNote = view.illustrative
    ? easy
      ? 'The amounts in this letter are an example. They are not real.'
      : 'The figures in this letter come from illustrative tables: examples that show how budgets are worked out. They are not any council’s real figures.'
    : undefined;

  return {
    variant: format.variant,
    title: easy ? 'How much money you can get for your support' : 'Your indicative personal budget',
    ...(formatNote ? { formatNote } : {}),
    ...(illustrativeNote ? { illustrativeNote } : {}),
    from: [inputs.from],
    to: [name, ...addressLines(person.address, person.postcode)],
    date: inputs.date,
    greeting: `Dear ${name}`,
    summary: { heading: easy ? 'The money you can get' : 'The money available to you', lines: summaryLines },
    intro,
    streamsHeading: easy ? 'What the money is for' : 'How your budget is made up',
    streams,
    unfundedHeading: easy ? 'Money you cannot get now' : 'Funding you cannot get at the moment',
    unfunded,
    sections,
    signOff: ['Yours sincerely', inputs.from],
  };
}

/** The letter's file name: plain, with no personal data in it, so it is safe in download folders and logs. */
export function letterFileName(issuedOn: string | undefined): string {
  return `indicative-budget-letter${issuedOn ? `-${issuedOn}` : ''}.pdf`;
}
