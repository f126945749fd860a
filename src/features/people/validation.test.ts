// Every message the person forms can show, and what each form keeps when the answers are good.
import { describe, expect, it } from 'vitest';
import { checkContactChange, checkPractitionerReferral, checkSelfReferral, checkSharingChange, checkSupporter } from './validation.ts';

const today = '2026-03-15';
const council = '11111111-1111-4111-8111-111111111111';
const jobcentre = '22222222-2222-4222-8222-222222222222';

const good = {
  givenName: '  Ada ',
  familyName: 'Lovelace',
  'dateOfBirth-day': '10',
  'dateOfBirth-month': '12',
  'dateOfBirth-year': '1985',
  email: 'ada@example.com',
  password: 'a long enough password',
  phone: '',
  address: '',
  postcode: '',
  preferredContact: 'email',
  accessibleFormat: 'easy-read',
  nhsNumber: '',
  organisationIds: [council],
};

function messagesOf(result: { ok: boolean; errors?: { list: { text: string; href: string }[] } }) {
  return result.ok ? [] : result.errors!.list.map((item) => item.text);
}

function selfReferral(answers: Record<string, unknown>) {
  return checkSelfReferral({ ...good, ...answers }, { today, organisationIds: [council, jobcentre] });
}

describe('self-referral form', () => {
  it('accepts good answers and tidies them', () => {
    const result = selfReferral({ postcode: 'sw1a1aa', nhsNumber: '943 476 5919', phone: ' 07700  900982', address: ' 1 High Street \r\n\r\n Town ' });
    expect(result).toEqual({
      ok: true,
      value: {
        givenName: 'Ada',
        familyName: 'Lovelace',
        dateOfBirth: '1985-12-10',
        email: 'ada@example.com',
        password: 'a long enough password',
        phone: '07700 900982',
        address: '1 High Street\nTown',
        postcode: 'SW1A 1AA',
        preferredContact: 'email',
        accessibleFormat: 'easy-read',
        nhsNumber: '9434765919',
        organisationIds: [council],
      },
    });
  });

  it('lists every problem at once, in page order, each linking to its field', () => {
    const result = checkSelfReferral({}, { today, organisationIds: [council] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.list).toEqual([
      { text: 'Enter your first name', href: '#givenName' },
      { text: 'Enter your last name', href: '#familyName' },
      { text: 'Enter your date of birth', href: '#dateOfBirth-day' },
      { text: 'Enter your email address', href: '#email' },
      { text: 'Enter a password', href: '#password' },
      { text: 'Select how you would like us to contact you', href: '#preferredContact' },
      { text: 'Select the format you would like letters in', href: '#accessibleFormat' },
      { text: 'Select at least one organisation that may see your record', href: '#organisationIds' },
    ]);
  });

  it('links a date problem to the first box that is wrong', () => {
    const result = selfReferral({ 'dateOfBirth-day': '7', 'dateOfBirth-month': '', 'dateOfBirth-year': '1980' });
    expect(result.ok ? undefined : result.errors.list).toEqual([{ text: 'Date of birth must include a month', href: '#dateOfBirth-month' }]);
    expect(result.ok ? undefined : result.dateParts).toEqual(['month']);
    expect(messagesOf(selfReferral({ 'dateOfBirth-year': '2030' }))).toEqual(['Date of birth must be in the past']);
  });

  it('explains each wrong answer', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ givenName: 'x'.repeat(201) }, 'First name must be 200 characters or fewer'],
      [{ familyName: 'x'.repeat(201) }, 'Last name must be 200 characters or fewer'],
      [{ email: 'not an email' }, 'Enter an email address in the correct format, like name@example.com'],
      [{ email: `${'a'.repeat(320)}@example.com` }, 'Email address must be 320 characters or fewer'],
      [{ password: 'short' }, 'Password must be at least 12 characters'],
      [{ password: 'x'.repeat(1001) }, 'Password must be 1000 characters or fewer'],
      [{ phone: '12345' }, 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'],
      [{ address: 'x'.repeat(501) }, 'Address must be 500 characters or fewer'],
      [{ postcode: 'QQ1 1AA' }, 'Enter a real postcode, like SW1A 1AA'],
      [{ preferredContact: 'pigeon' }, 'Select how you would like us to contact you'],
      [{ preferredContact: 'phone' }, 'Enter your phone number, or choose another way for us to contact you'],
      [{ preferredContact: 'text-message' }, 'Enter your phone number, or choose another way for us to contact you'],
      [{ preferredContact: 'letter' }, 'Enter your address, or choose another way for us to contact you'],
      [{ accessibleFormat: 'smoke signals' }, 'Select the format you would like letters in'],
      [{ nhsNumber: '12345' }, 'NHS number must be 10 digits'],
      [{ nhsNumber: '943 476 5918' }, 'Enter a valid NHS number. Check it against a prescription or a letter from the NHS'],
      [{ organisationIds: [] }, 'Select at least one organisation that may see your record'],
      [{ organisationIds: [council, '33333333-3333-4333-8333-333333333333'] }, 'Select organisations from the list'],
      [{ organisationIds: 'not-an-id' }, 'Select organisations from the list'],
    ];
    for (const [answers, message] of cases) expect(messagesOf(selfReferral(answers)), JSON.stringify(answers).slice(0, 60)).toEqual([message]);
  });

  it('accepts a council left unticked: it is suggested, not forced', () => {
    expect(selfReferral({ organisationIds: jobcentre }).ok).toBe(true);
  });

  it('treats a field sent twice as its first value, and anything that is not text as empty', () => {
    expect(selfReferral({ givenName: ['Ada', 'Eve'] })).toMatchObject({ ok: true, value: { givenName: 'Ada' } });
    expect(messagesOf(selfReferral({ givenName: { nested: true } }))).toEqual(['Enter your first name']);
    expect(selfReferral({ familyName: 'Love\u0000lace' })).toMatchObject({ ok: true, value: { familyName: 'Lovelace' } });
  });
});

describe('adding a person as a practitioner', () => {
  const answers = { ...good, password: undefined, organisationIds: undefined, consentConfirmed: 'yes' };

  it('needs the person’s agreement to share with the practitioner’s organisation', () => {
    expect(checkPractitionerReferral({ ...answers, consentConfirmed: undefined }, { today, otherOrganisationIds: [jobcentre] })).toMatchObject({
      ok: false,
      errors: { list: [{ text: 'Confirm the person has agreed to share their record with your organisation', href: '#consentConfirmed' }] },
    });
    expect(checkPractitionerReferral(answers, { today, otherOrganisationIds: [jobcentre] })).toMatchObject({ ok: true, value: { organisationIds: [] } });
  });

  it('speaks of "their" details, and lets the email be left out unless it is how they want contact', () => {
    const result = checkPractitionerReferral({}, { today, otherOrganisationIds: [] });
    expect(messagesOf(result)).toEqual([
      'Enter their first name',
      'Enter their last name',
      'Enter their date of birth',
      'Select how they would like to be contacted',
      'Select the format they would like letters in',
      'Confirm the person has agreed to share their record with your organisation',
    ]);
    expect(messagesOf(checkPractitionerReferral({ ...answers, email: '' }, { today, otherOrganisationIds: [] }))).toEqual(['Enter their email address, or choose another way to contact them']);
    expect(checkPractitionerReferral({ ...answers, email: '', preferredContact: 'letter', address: '1 High Street' }, { today, otherOrganisationIds: [] })).toMatchObject({ ok: true, value: { email: null } });
  });

  it('accepts other organisations only from the area’s list', () => {
    expect(checkPractitionerReferral({ ...answers, organisationIds: [jobcentre] }, { today, otherOrganisationIds: [jobcentre] })).toMatchObject({ ok: true, value: { organisationIds: [jobcentre] } });
    expect(messagesOf(checkPractitionerReferral({ ...answers, organisationIds: [council] }, { today, otherOrganisationIds: [jobcentre] }))).toEqual(['Select organisations from the list']);
  });
});

describe('changing contact details', () => {
  it('checks the contact fields only, in the voice of whoever is changing them', () => {
    expect(checkContactChange({ preferredContact: 'email', accessibleFormat: 'bsl', email: '' }, 'your')).toMatchObject({ ok: false, errors: { list: [{ text: 'Enter your email address, or choose another way for us to contact you' }] } });
    expect(checkContactChange({ preferredContact: 'phone', accessibleFormat: 'bsl', phone: '01632 960 001' }, 'their')).toEqual({
      ok: true,
      value: { email: null, phone: '01632 960 001', address: null, postcode: null, preferredContact: 'phone', accessibleFormat: 'bsl', nhsNumber: null },
    });
  });
});

describe('sharing and supporters', () => {
  it('needs a note from staff, not from the person', () => {
    expect(checkSharingChange({ change: 'withdraw' }, true)).toMatchObject({ ok: false, errors: { list: [{ text: 'Enter how the person told you, for example “by phone on 3 March”', href: '#note' }] } });
    expect(checkSharingChange({ change: 'withdraw', note: ' by phone ' }, true)).toEqual({ ok: true, value: { change: 'withdraw', note: 'by phone' } });
    expect(checkSharingChange({ change: 'give' }, false)).toEqual({ ok: true, value: { change: 'give', note: null } });
    expect(checkSharingChange({ change: 'give', note: 'x'.repeat(1001) }, false)).toMatchObject({ ok: false, errors: { list: [{ text: 'Your note must be 1000 characters or fewer' }] } });
    expect(checkSharingChange({ change: 'delete everything' }, false)).toEqual({ ok: false, badRequest: true });
  });

  it('asks for the kind of supporter and their name', () => {
    expect(messagesOf(checkSupporter({}))).toEqual(['Select whether they are a representative or a suitable person', 'Enter their full name']);
    expect(messagesOf(checkSupporter({ kind: 'representative', name: 'Sam', relationship: 'x'.repeat(201), contact: 'x'.repeat(501) }))).toEqual([
      'Relationship must be 200 characters or fewer',
      'Contact details must be 500 characters or fewer',
    ]);
    expect(checkSupporter({ kind: 'suitable-person', name: ' Sam  Smith ', relationship: '', contact: '07700 900982' })).toEqual({
      ok: true,
      value: { kind: 'suitable-person', name: 'Sam Smith', relationship: null, contact: '07700 900982' },
    });
  });
});
