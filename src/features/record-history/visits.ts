// Puts a person's record history into plain English: who (an organisation and a role, "You" or "Your
// representative", never a member of staff's name) did what to the record, and when. Pure, so every wording is tested.
import { isStaffRole, type Role, roleNames, roles } from '../../domain/roles.ts';
import type { HistoryEntry, Visit } from '../../records/record-history.ts';

/** The page a route shows, as far as the person needs to know: what someone was looking at or changing. */
export type PageKind =
  | 'record'
  | 'details'
  | 'sharing'
  | 'supporters'
  | 'selfReferralCheck'
  | 'assessment'
  | 'assessmentSubmit'
  | 'budget'
  | 'letter'
  | 'eligibility'
  | 'timeline'
  | 'history'
  | 'peopleList'
  | 'selfReferralList'
  | 'apiPeopleList';

/** Which page each route pattern is, built from the typed paths so a renamed route keeps its wording. */
export type PagesByRoute = ReadonlyMap<string, PageKind>;

export interface ActorAssignment {
  role: string;
  areaId: string | null;
  personId: string | null;
  organisationName: string | null;
}

/** What the page may say about each actor: their roles now (users) or their organisation (API tokens). */
export interface ActorRoles {
  users: ReadonlyMap<string, readonly ActorAssignment[]>;
  tokens: ReadonlyMap<string, { role: string; organisationName: string }>;
}

/** Whose record it is, and who is reading the page, so each visit is told from the reader's side. */
export interface Reader {
  person: { id: string; areaId: string; givenName: string };
  /** The person themself reads it: "you" and "your". Anyone else reads about "Sam". */
  ownRecord: boolean;
  /** The user reading the page, whose own visits are "You". */
  userId: string | undefined;
}

export interface VisitRow {
  when: Date;
  who: string;
  what: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The users and API tokens the visits name, for `actorRoles` (ids that are not ids are left out). */
export function actorsNamed(visits: readonly Visit[]): { userIds: string[]; tokenIds: string[] } {
  const ids = (type: string) => [...new Set(visits.flatMap((visit) => visit.entries).filter((entry) => entry.actorType === type && entry.actorId && uuid.test(entry.actorId)).map((entry) => entry.actorId!))];
  return { userIds: ids('user'), tokenIds: ids('api_token') };
}

/** The actions `authorise` records for a person route: the entry any more specific one of the same request follows. */
const authorisations = new Set(['person.read', 'person.change', 'person.history.read']);

/** The entry that says most about a visit: a refusal, else what was done, else the read that let them in. */
export function tellingEntry(visit: Visit): HistoryEntry {
  return visit.entries.find((entry) => entry.outcome === 'denied') ?? visit.entries.find((entry) => !authorisations.has(entry.action)) ?? visit.entries[0]!;
}

function roleWord(role: string): string {
  return (roles as readonly string[]).includes(role) ? roleNames[role as Role].toLowerCase() : 'staff';
}

/** "Someone at Northshire County Council (practitioner)" for each staff role; those in the person's area first. */
function staffWords(assignments: readonly ActorAssignment[], areaId: string): string | undefined {
  const staff = assignments.filter((assignment) => (roles as readonly string[]).includes(assignment.role) && isStaffRole(assignment.role as Role));
  if (staff.length === 0) return undefined;
  const inArea = staff.filter((assignment) => assignment.areaId === areaId);
  const chosen = inArea.length ? inArea : staff;
  const atOrganisations = [...new Set(chosen.filter((a) => a.organisationName).map((a) => `${a.organisationName} (${roleWord(a.role)})`))];
  if (atOrganisations.length) return `Someone at ${atOrganisations.join(' and at ')}`;
  return `Someone who runs this service (${[...new Set(chosen.map((a) => roleWord(a.role)))].join(' and ')})`;
}

export function whoDidIt(entry: HistoryEntry, reader: Reader, actors: ActorRoles): string {
  const { person } = reader;
  switch (entry.actorType) {
    case 'user': {
      if (entry.actorId && entry.actorId === reader.userId) return 'You';
      const assignments = (entry.actorId && actors.users.get(entry.actorId)) || [];
      if (assignments.some((a) => a.role === 'budget_holder' && a.personId === person.id)) return reader.ownRecord ? 'You' : person.givenName;
      if (assignments.some((a) => a.role === 'representative' && a.personId === person.id)) return reader.ownRecord ? 'Your representative' : `${person.givenName}’s representative`;
      const staff = staffWords(assignments, person.areaId);
      if (staff) return staff;
      return assignments.length ? 'Someone else who uses this service' : 'Someone who no longer has a role here';
    }
    case 'api_token': {
      const token = entry.actorId ? actors.tokens.get(entry.actorId) : undefined;
      return token ? `A computer system at ${token.organisationName} (${roleWord(token.role)})` : 'A computer system';
    }
    case 'cli':
      return 'The team that runs this service';
    default:
      return 'Someone who was not signed in';
  }
}

interface Voice {
  /** "your" or "Sam’s" */
  your: string;
  /** "you" or "Sam" */
  you: string;
}

/** What a person-list entry means: where they saw the person's name. */
function listWords(page: PageKind | undefined, { your }: Voice): string {
  if (page === 'selfReferralList') return `Saw ${your} name in a list of new self-referrals to check`;
  if (page === 'apiPeopleList') return `Got ${your} name in a list of people`;
  return `Saw ${your} name in a list of people or in search results`;
}

/** Opening a page (GET), or sending its form with nothing more said about what changed (POST). */
function pageWords(page: PageKind | undefined, sent: boolean, { your, you }: Voice): string {
  if (sent) {
    switch (page) {
      case 'details':
        return `Used the form to change ${your} contact details`;
      case 'sharing':
        return `Used the form to change who can see ${your} record`;
      case 'supporters':
        return `Used the form to change who supports ${you}`;
      case 'assessment':
        return `Saved answers in ${your} self-assessment`;
      case 'assessmentSubmit':
        return `Sent ${your} self-assessment and worked out ${your} budget`;
      default:
        return `Changed ${your} record`;
    }
  }
  switch (page) {
    case 'details':
      return `Opened the form to change ${your} contact details`;
    case 'sharing':
      return `Looked at who can see ${your} record`;
    case 'supporters':
      return `Looked at the people who support ${you}`;
    case 'selfReferralCheck':
      return `Looked at ${your} self-referral`;
    case 'assessment':
    case 'assessmentSubmit':
      return `Looked at ${your} self-assessment`;
    case 'budget':
      return `Looked at ${your} budget`;
    case 'letter':
      return `Looked at ${your} budget letter`;
    case 'eligibility':
      return `Looked at which funding ${you} can get`;
    case 'timeline':
      return `Looked at what has happened so far`;
    case 'history':
      return `Looked at who has looked at ${your} record`;
    default:
      return `Looked at ${your} record`;
  }
}

/** What the visit was for, in words the person reads; an action this page does not know gets a safe generic line. */
export function whatTheyDid(entry: HistoryEntry, pages: PagesByRoute, voice: Voice): string {
  const page = entry.route ? pages.get(entry.route) : undefined;
  const { your, you } = voice;
  if (entry.outcome === 'denied') {
    return entry.action === 'person.change' || entry.action === 'eligibility.confirm' ? `Tried to change ${your} record but was not allowed` : `Tried to look at ${your} record but was not allowed`;
  }
  switch (entry.action) {
    case 'person.read':
    case 'person.history.read':
      return pageWords(page, false, voice);
    case 'person.change':
      return pageWords(page, entry.method === 'POST', voice);
    case 'person.list':
      return listWords(page, voice);
    case 'person.create':
      return `Made ${your} record`;
    case 'person.details.change':
      return `Changed ${your} contact details`;
    case 'consent.give':
      return `Let another organisation see ${your} record`;
    case 'consent.withdraw':
      return `Stopped an organisation seeing ${your} record`;
    case 'supporter.add':
      return `Added someone who supports ${you}`;
    case 'supporter.end':
      return `Ended the role of someone who supports ${you}`;
    case 'person.referral.check':
      return `Checked ${your} self-referral`;
    case 'person.match.same':
      return `Found ${your} record when adding someone new`;
    case 'eligibility.confirm':
      return `Decided which funding ${you} can get`;
    default:
      return `Used ${your} record`;
  }
}

/** One line of the table for each visit, in the order given (newest first). */
export function visitRows(visits: readonly Visit[], reader: Reader, actors: ActorRoles, pages: PagesByRoute): VisitRow[] {
  const voice: Voice = reader.ownRecord ? { your: 'your', you: 'you' } : { your: `${reader.person.givenName}’s`, you: reader.person.givenName };
  return visits.map((visit) => {
    const entry = tellingEntry(visit);
    return { when: entry.occurredAt, who: whoDidIt(entry, reader, actors), what: whatTheyDid(entry, pages, voice) };
  });
}
