// When two records may be the same person: the same name and date of birth (however the name is typed), or the same
// valid NHS number. Used before a new record is made, so nobody ends up with two records by accident.
import { checkNhsNumber } from './nhs-number.ts';

export interface MatchDetails {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  nhsNumber?: string | null;
}

export type MatchReason = 'name-and-date-of-birth' | 'nhs-number';

/**
 * A name as it is compared: accents, case, apostrophes and the spacing or hyphens between its parts do not tell two
 * people apart, since each is typed differently by different people ("Zoë O’Neill-Smith" and "zoe oneill smith").
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en-GB')
    .replace(/['’‘`ʼ]/g, '')
    .replace(/[\s\-‐‑‒–—.,]+/g, ' ')
    .trim();
}

/** The ten digits of a valid NHS number, or undefined: an invalid one matches nothing, or every typo would. */
function validNhsNumber(typed: string | null | undefined): string | undefined {
  if (!typed) return undefined;
  const checked = checkNhsNumber(typed);
  return checked.ok ? checked.nhsNumber : undefined;
}

/** Why an existing record may be the same person as the new details, or undefined when nothing suggests it. */
export function possibleMatch(wanted: MatchDetails, existing: MatchDetails): MatchReason | undefined {
  const nhsNumber = validNhsNumber(wanted.nhsNumber);
  if (nhsNumber !== undefined && nhsNumber === validNhsNumber(existing.nhsNumber)) return 'nhs-number';
  const sameName = normaliseName(wanted.givenName) === normaliseName(existing.givenName) && normaliseName(wanted.familyName) === normaliseName(existing.familyName);
  if (sameName && wanted.dateOfBirth === existing.dateOfBirth) return 'name-and-date-of-birth';
  return undefined;
}

/** The valid NHS number to look candidates up by, if the details have one. */
export function matchableNhsNumber(details: MatchDetails): string | undefined {
  return validNhsNumber(details.nhsNumber);
}
