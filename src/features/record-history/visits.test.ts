// The words of each visit: who (roles and organisations, never names), what they did, and which entry of a visit
// speaks for it.
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../records/record-history.ts';
import { type ActorAssignment, type ActorRoles, actorsNamed, type PagesByRoute, tellingEntry, visitRows, whatTheyDid, whoDidIt } from './visits.ts';

const person = { id: 'person-1', areaId: 'area-1', givenName: 'Sam' };
const practitionerId = '11111111-1111-4111-8111-111111111111';
const tokenId = '22222222-2222-4222-8222-222222222222';

let sequence = 0;
function entry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  sequence += 1;
  return {
    sequence,
    occurredAt: new Date(Date.UTC(2026, 11, 1, 9, sequence)),
    actorType: 'user',
    actorId: practitionerId,
    action: 'person.read',
    outcome: 'allowed',
    subjectType: 'person',
    subjectId: person.id,
    areaId: person.areaId,
    route: '/people/:personId',
    method: 'GET',
    requestId: `request-${sequence}`,
    detail: null,
    peopleShown: null,
    previousHash: '',
    hash: '',
    ...overrides,
  };
}

const assignment = (overrides: Partial<ActorAssignment>): ActorAssignment => ({ role: 'practitioner', areaId: person.areaId, personId: null, organisationName: 'Northshire County Council', ...overrides });

const actors: ActorRoles = {
  users: new Map([
    [practitionerId, [assignment({})]],
    ['holder', [assignment({ role: 'budget_holder', personId: person.id, organisationName: null })]],
    ['rep', [assignment({ role: 'representative', personId: person.id, organisationName: null })]],
    ['other-rep', [assignment({ role: 'representative', personId: 'person-2', organisationName: null })]],
    ['two-jobs', [assignment({ role: 'broker', organisationName: 'Northshire Disabled People’s Network' }), assignment({ role: 'approver', areaId: 'area-2', organisationName: 'Riverton County Council' })]],
    ['elsewhere', [assignment({ role: 'approver', areaId: 'area-2', organisationName: 'Riverton County Council' })]],
    ['platform', [assignment({ role: 'system_administrator', areaId: null, organisationName: null })]],
  ]),
  tokens: new Map([[tokenId, { role: 'finance_officer', organisationName: 'Northshire County Council' }]]),
};

const pages: PagesByRoute = new Map([
  ['/people/:personId', 'record'],
  ['/people/:personId/details', 'details'],
  ['/people/:personId/assessment/submit', 'assessmentSubmit'],
  ['/people/:personId/budget', 'budget'],
  ['/', 'peopleList'],
  ['/people/self-referrals', 'selfReferralList'],
]);

const own = { person, ownRecord: true, userId: 'holder' };
const staffReader = { person, ownRecord: false, userId: 'someone-else' };
const yours = { your: 'your', you: 'you' };
const sams = { your: 'Sam’s', you: 'Sam' };

describe('who did it', () => {
  it('names an organisation and a role for staff, those in the person’s area first, and never a name', () => {
    expect(whoDidIt(entry(), own, actors)).toBe('Someone at Northshire County Council (practitioner)');
    expect(whoDidIt(entry({ actorId: 'two-jobs' }), own, actors)).toBe('Someone at Northshire Disabled People’s Network (broker or support planner)');
    expect(whoDidIt(entry({ actorId: 'elsewhere' }), own, actors)).toBe('Someone at Riverton County Council (approver)');
    expect(whoDidIt(entry({ actorId: 'platform' }), own, actors)).toBe('Someone who runs this service (system administrator)');
  });

  it('says "You" and "Your representative" to the person, and the person’s name to anyone else', () => {
    expect(whoDidIt(entry({ actorId: 'holder' }), own, actors)).toBe('You');
    expect(whoDidIt(entry({ actorId: 'rep' }), own, actors)).toBe('Your representative');
    expect(whoDidIt(entry({ actorId: 'holder' }), staffReader, actors)).toBe('Sam');
    expect(whoDidIt(entry({ actorId: 'rep' }), staffReader, actors)).toBe('Sam’s representative');
    expect(whoDidIt(entry(), { ...staffReader, userId: practitionerId }, actors)).toBe('You');
  });

  it('has safe words for everyone else: other users, users with no role now, tokens, commands, visitors', () => {
    expect(whoDidIt(entry({ actorId: 'other-rep' }), own, actors)).toBe('Someone else who uses this service');
    expect(whoDidIt(entry({ actorId: 'gone' }), own, actors)).toBe('Someone who no longer has a role here');
    expect(whoDidIt(entry({ actorType: 'api_token', actorId: tokenId }), own, actors)).toBe('A computer system at Northshire County Council (finance officer)');
    expect(whoDidIt(entry({ actorType: 'api_token', actorId: 'revoked' }), own, actors)).toBe('A computer system');
    expect(whoDidIt(entry({ actorType: 'cli', actorId: null }), own, actors)).toBe('The team that runs this service');
    expect(whoDidIt(entry({ actorType: 'anonymous', actorId: null }), own, actors)).toBe('Someone who was not signed in');
  });
});

describe('what they did', () => {
  it('tells reads by the page they opened, and changes by what was changed', () => {
    expect(whatTheyDid(entry(), pages, yours)).toBe('Looked at your record');
    expect(whatTheyDid(entry({ route: '/people/:personId/budget' }), pages, sams)).toBe('Looked at Sam’s budget');
    expect(whatTheyDid(entry({ action: 'person.change', route: '/people/:personId/details' }), pages, yours)).toBe('Opened the form to change your contact details');
    expect(whatTheyDid(entry({ action: 'person.change', route: '/people/:personId/assessment/submit', method: 'POST' }), pages, yours)).toBe('Sent your self-assessment and worked out your budget');
    expect(whatTheyDid(entry({ action: 'person.details.change', outcome: 'succeeded', method: 'POST' }), pages, yours)).toBe('Changed your contact details');
    expect(whatTheyDid(entry({ action: 'person.referral.check', outcome: 'succeeded' }), pages, sams)).toBe('Checked Sam’s self-referral');
    expect(whatTheyDid(entry({ action: 'consent.withdraw', outcome: 'succeeded' }), pages, yours)).toBe('Stopped an organisation seeing your record');
  });

  it('tells which list the person’s name was in', () => {
    expect(whatTheyDid(entry({ action: 'person.list', route: '/', subjectType: 'area', subjectId: 'area-1', peopleShown: [person.id] }), pages, yours)).toBe('Saw your name in a list of people or in search results');
    expect(whatTheyDid(entry({ action: 'person.list', route: '/people/self-referrals', peopleShown: [person.id] }), pages, yours)).toBe('Saw your name in a list of new self-referrals to check');
  });

  it('says a refused attempt was refused, and gives an action it does not know a safe generic line', () => {
    expect(whatTheyDid(entry({ outcome: 'denied' }), pages, yours)).toBe('Tried to look at your record but was not allowed');
    expect(whatTheyDid(entry({ action: 'person.change', outcome: 'denied', method: 'POST' }), pages, sams)).toBe('Tried to change Sam’s record but was not allowed');
    expect(whatTheyDid(entry({ action: 'something.new', outcome: 'succeeded', route: null }), pages, yours)).toBe('Used your record');
  });
});

describe('a visit', () => {
  it('is told by its refusal, else by what it changed, else by the read that let them in', () => {
    const read = entry({ action: 'person.change', method: 'POST', route: '/people/:personId/details', requestId: 'r' });
    const changed = entry({ action: 'person.details.change', outcome: 'succeeded', method: 'POST', requestId: 'r' });
    const refused = entry({ action: 'eligibility.confirm', outcome: 'denied', requestId: 'r' });
    expect(tellingEntry({ entries: [read] })).toBe(read);
    expect(tellingEntry({ entries: [read, changed] })).toBe(changed);
    expect(tellingEntry({ entries: [read, changed, refused] })).toBe(refused);
  });

  it('becomes one row in the reader’s words, with the time of the entry that speaks for it', () => {
    const created = entry({ actorId: 'holder', action: 'person.create', outcome: 'succeeded', method: 'POST', route: '/start' });
    const shared = entry({ actorId: 'holder', action: 'consent.give', outcome: 'succeeded', method: 'POST', route: '/start' });
    expect(visitRows([{ entries: [created, shared] }], own, actors, pages)).toEqual([{ when: created.occurredAt, who: 'You', what: 'Made your record' }]);
    expect(visitRows([{ entries: [created, shared] }], staffReader, actors, pages)).toEqual([{ when: created.occurredAt, who: 'Sam', what: 'Made Sam’s record' }]);
  });

  it('names only real user and token ids for the look-up of their roles', () => {
    const visits = [{ entries: [entry(), entry({ actorId: 'not-an-id' }), entry({ actorType: 'api_token', actorId: tokenId }), entry({ actorType: 'cli', actorId: null })] }];
    expect(actorsNamed(visits)).toEqual({ userIds: [practitionerId], tokenIds: [tokenId] });
  });
});
