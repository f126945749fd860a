// What the person forms accept (self-referral, a practitioner adding someone, changing details, sharing and
// supporters), with GOV.UK messages in the voice of the page: "your" when people fill it in for themselves.
import { z } from 'zod';
import { type AccessibleFormat, contactDetailNeeded, isAccessibleFormat, isPreferredContact, normalisePhone, normalisePostcode, type PreferredContact } from '../../domain/people/contact.ts';
import { checkDateOfBirth, type DatePart } from '../../domain/people/date-of-birth.ts';
import { checkNhsNumber } from '../../domain/people/nhs-number.ts';
import { isSupporterKind, type SupporterKind } from '../../domain/people/supporters.ts';
import { formErrors, type FormErrors } from '../../platform/forms.ts';
import { minimumPasswordLength } from '../../platform/passwords.ts';

export type Voice = 'your' | 'their';

export const longestName = 200;
export const longestAddress = 500;
export const longestNote = 1000;

export interface ContactDetails {
  email: string | null;
  phone: string | null;
  address: string | null;
  postcode: string | null;
  preferredContact: PreferredContact;
  accessibleFormat: AccessibleFormat;
  nhsNumber: string | null;
}

export interface NewPersonDetails extends ContactDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FormErrors; dateParts: DatePart[] };

/** Every field the person forms can show, in page order: the error summary lists problems in this order. */
export const personFieldOrder = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'email',
  'password',
  'phone',
  'address',
  'postcode',
  'preferredContact',
  'accessibleFormat',
  'nhsNumber',
  'organisationIds',
  'consentConfirmed',
] as const;

type Answers = Record<string, unknown>;

/** A single typed value: a field sent twice (a crafted form) counts as its first value, anything else as empty. */
function typed(answers: Answers, field: string): string {
  const value = answers[field];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/**
 * Spaces at the ends or doubled inside are slips; control characters are invisible and PostgreSQL refuses the null
 * character, so they go too. Addresses keep their line breaks.
 */
function tidyLine(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/\p{Cc}/gu, '').trim();
}

function tidyLines(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map(tidyLine)
    .filter(Boolean)
    .join('\n');
}

/** Several values for one name (checkboxes), without duplicates. */
export function chosen(answers: Answers, field: string): string[] {
  const value = answers[field];
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  return [...new Set(values.filter((item) => item !== ''))];
}

const emailFormat = z.email();

class Problems {
  readonly messages: Record<string, string> = {};
  dateParts: DatePart[] = [];
  add(field: string, message: string) {
    this.messages[field] ??= message;
  }
  has(field: string) {
    return field in this.messages;
  }
  result<T>(value: () => T): Checked<T> {
    if (Object.keys(this.messages).length === 0) return { ok: true, value: value() };
    const known: string[] = [...personFieldOrder, ...supporterFieldOrder, 'note'];
    const errors = formErrors(this.messages, [...known, ...Object.keys(this.messages).filter((field) => !known.includes(field))]);
    // The date's message links to the first box that is wrong: the summary link must land on something focusable.
    const first = this.dateParts[0];
    if (first) for (const item of errors.list) if (item.href === '#dateOfBirth') item.href = `#dateOfBirth-${first}`;
    return { ok: false, errors, dateParts: this.dateParts };
  }
}

function checkName(problems: Problems, answers: Answers, field: 'givenName' | 'familyName', voice: Voice): string {
  const value = tidyLine(typed(answers, field));
  const what = field === 'givenName' ? 'first name' : 'last name';
  if (value === '') problems.add(field, `Enter ${voice} ${what}`);
  else if (value.length > longestName) problems.add(field, `${what === 'first name' ? 'First' : 'Last'} name must be ${longestName} characters or fewer`);
  return value;
}

function checkEmail(problems: Problems, answers: Answers, required: boolean, voice: Voice): string | null {
  const value = tidyLine(typed(answers, 'email'));
  if (value === '') {
    if (required) problems.add('email', `Enter ${voice} email address`);
    return null;
  }
  if (value.length > 320) problems.add('email', 'Email address must be 320 characters or fewer');
  else if (!emailFormat.safeParse(value).success) problems.add('email', 'Enter an email address in the correct format, like name@example.com');
  return value;
}

function checkContact(problems: Problems, answers: Answers, voice: Voice, email: string | null): ContactDetails {
  const phoneTyped = tidyLine(typed(answers, 'phone'));
  let phone: string | null = null;
  if (phoneTyped !== '') {
    phone = normalisePhone(phoneTyped) ?? null;
    if (!phone) problems.add('phone', 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192');
  }

  const address = tidyLines(typed(answers, 'address')) || null;
  if (address && address.length > longestAddress) problems.add('address', `Address must be ${longestAddress} characters or fewer`);

  const postcodeTyped = tidyLine(typed(answers, 'postcode'));
  let postcode: string | null = null;
  if (postcodeTyped !== '') {
    postcode = normalisePostcode(postcodeTyped) ?? null;
    if (!postcode) problems.add('postcode', 'Enter a real postcode, like SW1A 1AA');
  }

  const preferred = typed(answers, 'preferredContact');
  if (!isPreferredContact(preferred)) problems.add('preferredContact', voice === 'your' ? 'Select how you would like us to contact you' : 'Select how they would like to be contacted');
  else {
    // A way of contact with nothing to contact them by would look fine and reach no one.
    const needed = contactDetailNeeded(preferred);
    const sayHow = voice === 'your' ? 'or choose another way for us to contact you' : 'or choose another way to contact them';
    if (needed === 'email' && !email && !problems.has('email')) problems.add('email', `Enter ${voice} email address, ${sayHow}`);
    if (needed === 'phone' && !phoneTyped) problems.add('phone', `Enter ${voice} phone number, ${sayHow}`);
    if (needed === 'address' && !address) problems.add('address', `Enter ${voice} address, ${sayHow}`);
  }

  const format = typed(answers, 'accessibleFormat');
  if (!isAccessibleFormat(format)) problems.add('accessibleFormat', voice === 'your' ? 'Select the format you would like letters in' : 'Select the format they would like letters in');

  const nhsTyped = tidyLine(typed(answers, 'nhsNumber'));
  let nhsNumber: string | null = null;
  if (nhsTyped !== '') {
    const nhs = checkNhsNumber(nhsTyped);
    if (nhs.ok) nhsNumber = nhs.nhsNumber;
    else problems.add('nhsNumber', nhs.problem === 'not-ten-digits' ? 'NHS number must be 10 digits' : 'Enter a valid NHS number. Check it against a prescription or a letter from the NHS');
  }

  return {
    email,
    phone,
    address,
    postcode,
    preferredContact: preferred as PreferredContact,
    accessibleFormat: format as AccessibleFormat,
    nhsNumber,
  };
}

function checkIdentity(problems: Problems, answers: Answers, voice: Voice, today: string) {
  const givenName = checkName(problems, answers, 'givenName', voice);
  const familyName = checkName(problems, answers, 'familyName', voice);
  const date = checkDateOfBirth({ day: typed(answers, 'dateOfBirth-day'), month: typed(answers, 'dateOfBirth-month'), year: typed(answers, 'dateOfBirth-year') }, today, voice);
  if (!date.ok) {
    problems.add('dateOfBirth', date.message);
    problems.dateParts = date.parts;
  }
  return { givenName, familyName, dateOfBirth: date.ok ? date.dateOfBirth : '' };
}

function checkAgencies(problems: Problems, answers: Answers, allowed: readonly string[], required: boolean): string[] {
  const ids = chosen(answers, 'organisationIds');
  if (ids.some((id) => !allowed.includes(id))) problems.add('organisationIds', 'Select organisations from the list');
  else if (required && ids.length === 0) problems.add('organisationIds', 'Select at least one organisation that may see your record');
  return ids;
}

export interface SelfReferral extends NewPersonDetails {
  email: string;
  password: string;
  organisationIds: string[];
}

/** The self-referral form: the person's details, a password for their new account, and who may see the record. */
export function checkSelfReferral(answers: Answers, context: { today: string; organisationIds: readonly string[] }): Checked<SelfReferral> {
  const problems = new Problems();
  const identity = checkIdentity(problems, answers, 'your', context.today);
  const email = checkEmail(problems, answers, true, 'your');
  const password = typed(answers, 'password');
  if (password === '') problems.add('password', 'Enter a password');
  else if (password.length < minimumPasswordLength) problems.add('password', `Password must be at least ${minimumPasswordLength} characters`);
  else if (password.length > 1000) problems.add('password', 'Password must be 1000 characters or fewer');
  const contact = checkContact(problems, answers, 'your', email);
  const organisationIds = checkAgencies(problems, answers, context.organisationIds, true);
  return problems.result(() => ({ ...identity, ...contact, email: email!, password, organisationIds }));
}

export interface PractitionerReferral extends NewPersonDetails {
  organisationIds: string[];
}

/**
 * A practitioner adds someone: the same details without a password; they must confirm the person agreed to share
 * with the practitioner's own organisation, and may add others the person agreed to.
 */
export function checkPractitionerReferral(answers: Answers, context: { today: string; otherOrganisationIds: readonly string[] }): Checked<PractitionerReferral> {
  const problems = new Problems();
  const identity = checkIdentity(problems, answers, 'their', context.today);
  const email = checkEmail(problems, answers, false, 'their');
  const contact = checkContact(problems, answers, 'their', email);
  const organisationIds = checkAgencies(problems, answers, context.otherOrganisationIds, false);
  if (typed(answers, 'consentConfirmed') !== 'yes') problems.add('consentConfirmed', 'Confirm the person has agreed to share their record with your organisation');
  return problems.result(() => ({ ...identity, ...contact, organisationIds }));
}

/** Changing contact details, accessible format and NHS number. */
export function checkContactChange(answers: Answers, voice: Voice): Checked<ContactDetails> {
  const problems = new Problems();
  const email = checkEmail(problems, answers, false, voice);
  const contact = checkContact(problems, answers, voice, email);
  return problems.result(() => contact);
}

export interface SharingChange {
  change: 'give' | 'withdraw';
  note: string | null;
}

/** Staff record a change on the person's instruction, so they must say how the person told them. */
export function checkSharingChange(answers: Answers, noteRequired: boolean): Checked<SharingChange> | { ok: false; badRequest: true } {
  const change = typed(answers, 'change');
  // The button sets this; anything else was not sent by our page.
  if (change !== 'give' && change !== 'withdraw') return { ok: false, badRequest: true };
  const problems = new Problems();
  const note = tidyLines(typed(answers, 'note'));
  if (noteRequired && note === '') problems.add('note', 'Enter how the person told you, for example “by phone on 3 March”');
  else if (note.length > longestNote) problems.add('note', `Your note must be ${longestNote} characters or fewer`);
  return problems.result(() => ({ change, note: note || null }));
}

export interface NewSupporter {
  kind: SupporterKind;
  name: string;
  relationship: string | null;
  contact: string | null;
}

export const supporterFieldOrder = ['kind', 'name', 'relationship', 'contact'] as const;

export function checkSupporter(answers: Answers): Checked<NewSupporter> {
  const problems = new Problems();
  const kind = typed(answers, 'kind');
  if (!isSupporterKind(kind)) problems.add('kind', 'Select whether they are a representative or a suitable person');
  const name = tidyLine(typed(answers, 'name'));
  if (name === '') problems.add('name', 'Enter their full name');
  else if (name.length > longestName) problems.add('name', `Name must be ${longestName} characters or fewer`);
  const relationship = tidyLine(typed(answers, 'relationship'));
  if (relationship.length > longestName) problems.add('relationship', `Relationship must be ${longestName} characters or fewer`);
  const contact = tidyLines(typed(answers, 'contact'));
  if (contact.length > longestAddress) problems.add('contact', `Contact details must be ${longestAddress} characters or fewer`);
  return problems.result(() => ({ kind: kind as SupporterKind, name, relationship: relationship || null, contact: contact || null }));
}

export type DuplicateChoice = { kind: 'same'; personId: string } | { kind: 'new'; reason: string };

/**
 * Staff shown possible matches say whether one is the same person (from the matches shown) or that this is someone
 * new, and then why, so anyone who finds two records later can see why there are two.
 */
export function checkDuplicateChoice(answers: Answers, matchIds: readonly string[]): Checked<DuplicateChoice> {
  const problems = new Problems();
  const choice = typed(answers, 'duplicateChoice');
  const reason = tidyLines(typed(answers, 'duplicateReason'));
  if (choice === 'new') {
    if (reason === '') problems.add('duplicateReason', 'Enter why this is a different person, for example “a different address and GP”');
    else if (reason.length > longestNote) problems.add('duplicateReason', `Your reason must be ${longestNote} characters or fewer`);
  } else if (!matchIds.includes(choice)) {
    problems.add('duplicateChoice', 'Select whether this is the same person as a record shown, or a new person');
  }
  return problems.result(() => (choice === 'new' ? { kind: 'new' as const, reason } : { kind: 'same' as const, personId: choice }));
}
