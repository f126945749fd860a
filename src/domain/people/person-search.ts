// Finding people in a list: what a search may ask (name, date of birth, NHS number, postcode), the orders a list can
// be sorted in, the page arithmetic, and reading what a person typed into the search form, with GOV.UK messages.
import { type DatePart, checkDateOfBirth } from './date-of-birth.ts';
import { nhsNumberDigits } from './nhs-number.ts';

/** What a search asks for; each part given narrows the list, none given lists everyone. */
export interface PersonSearch {
  /** Words of a name: each must be part of the given or the family name, in any case. */
  name?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  /** Ten digits, spaces taken out. */
  nhsNumber?: string;
  /** Capitals without spaces; matches postcodes that start with it, so an outward code like "NS1" finds a district. */
  postcode?: string;
}

export const personSorts = ['name', 'date-of-birth', 'updated'] as const;
export type PersonSort = (typeof personSorts)[number];

export const personSortNames: Record<PersonSort, string> = {
  name: 'Name (A to Z by last name)',
  'date-of-birth': 'Date of birth (oldest first)',
  updated: 'Most recently updated',
};

export function isPersonSort(value: unknown): value is PersonSort {
  return typeof value === 'string' && (personSorts as readonly string[]).includes(value);
}

export const personPageSize = 25;

/** The words of a name search, without the spaces people type around them. */
export function nameWords(name: string): string[] {
  return name.trim().split(/\s+/).filter((word) => word !== '');
}

/** A postcode as the search compares it: capitals, no spaces. */
export function compactPostcode(typed: string): string {
  return typed.replace(/\s+/g, '').toUpperCase();
}

export interface PageOf {
  /** The page asked for, 1 upwards. */
  page: number;
  pages: number;
  /** Whether the page asked for is past the last one (a link kept from when there were more people). */
  beyondLast: boolean;
  /** 1-based positions of the first and last person shown, 0 when none are. */
  from: number;
  to: number;
  /** Whether there are more than `total` (the count stopped at a bound): `pages` is then only the pages known so far. */
  more: boolean;
}

/**
 * How far a list's count goes before it says "more than": the first thousand above the page asked for. Counting every
 * match of a county-sized list would cost more than showing the page; nobody pages through more than this at a time.
 */
export const countStep = 1000;

export function countBound(offset: number, pageSize = personPageSize): number {
  return Math.ceil((offset + pageSize) / countStep) * countStep;
}

/**
 * Where a page falls in a list of `total`, for "Showing 51 to 75 of 312 people", or of more than `total` when the
 * count stopped at its bound (`more`).
 */
export function pageOf(page: number, total: number, shown: number, pageSize = personPageSize, more = false): PageOf {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = shown === 0 ? 0 : (page - 1) * pageSize + 1;
  return { page, pages, beyondLast: !more && page > pages, from, to: shown === 0 ? 0 : from + shown - 1, more };
}

/** The page numbers a GOV.UK pagination shows: the first, the last, the current one and its neighbours, with gaps. */
export function pageNumbersAround(page: number, pages: number): (number | 'gap')[] {
  const wanted = [...new Set([1, page - 1, page, page + 1, pages])].filter((number) => number >= 1 && number <= pages).sort((a, b) => a - b);
  const numbers: (number | 'gap')[] = [];
  for (const number of wanted) {
    const previous = numbers[numbers.length - 1];
    if (typeof previous === 'number' && number - previous > 1) numbers.push('gap');
    numbers.push(number);
  }
  return numbers;
}

/** The largest page number read from a link: past it, a typed number is treated as "past the last page". */
const highestPage = 1_000_000;

/** A page number from a query string: anything that is not a whole number from 1 means the first page. */
export function readPage(value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,16}$/.test(text)) return 1;
  const page = Number(text);
  if (page < 1) return 1;
  return Math.min(page, highestPage);
}

/** What was typed into the search form, kept as typed so the form can show it again. */
export interface TypedSearch {
  name: string;
  'dateOfBirth-day': string;
  'dateOfBirth-month': string;
  'dateOfBirth-year': string;
  nhsNumber: string;
  postcode: string;
}

export const typedSearchFields = ['name', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'nhsNumber', 'postcode'] as const;

export type SearchField = 'name' | 'dateOfBirth' | 'nhsNumber' | 'postcode';

export type SearchCheck =
  | { ok: true; search: PersonSearch }
  | { ok: false; errors: Partial<Record<SearchField, string>>; dateParts: DatePart[] };

/** The longest search a field takes: longer is a paste by mistake. */
const longest = 100;

/**
 * Reads the search form. Empty fields are not searched on. `today` (YYYY-MM-DD, Europe/London) bounds a date of
 * birth, which must be a real date in the past, like everywhere else it is typed.
 */
export function checkSearch(typed: TypedSearch, today: string): SearchCheck {
  const errors: Partial<Record<SearchField, string>> = {};
  let dateParts: DatePart[] = [];
  const search: PersonSearch = {};

  const name = typed.name.trim();
  if (name.length > longest) errors.name = `Name must be ${longest} characters or fewer`;
  else if (name !== '') search.name = nameWords(name).join(' ');

  const date = { day: typed['dateOfBirth-day'], month: typed['dateOfBirth-month'], year: typed['dateOfBirth-year'] };
  if (`${date.day}${date.month}${date.year}`.trim() !== '') {
    const checked = checkDateOfBirth(date, today, 'their');
    if (checked.ok) search.dateOfBirth = checked.dateOfBirth;
    else {
      errors.dateOfBirth = checked.message;
      dateParts = checked.parts;
    }
  }

  const nhsTyped = typed.nhsNumber.trim();
  if (nhsTyped !== '') {
    const digits = nhsNumberDigits(nhsTyped);
    if (/^\d{10}$/.test(digits)) search.nhsNumber = digits;
    else errors.nhsNumber = 'NHS number must be 10 digits, like 485 777 3456';
  }

  const postcodeTyped = compactPostcode(typed.postcode);
  if (postcodeTyped !== '') {
    if (/^[A-Z0-9]{1,7}$/.test(postcodeTyped)) search.postcode = postcodeTyped;
    else errors.postcode = 'Postcode must be letters and numbers only, like SW1A 1AA or SW1A';
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors, dateParts } : { ok: true, search };
}
