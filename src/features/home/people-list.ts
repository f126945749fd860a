// The staff home page's list of people: reading the search, sort and page from the query string (GET, so it works
// without JavaScript and a search can be bookmarked), and what the page needs to show the results and their pages.
import type { DatePart } from '../../domain/people/date-of-birth.ts';
import { formatNhsNumber } from '../../domain/people/nhs-number.ts';
import {
  checkSearch,
  isPersonSort,
  pageOf,
  type PersonSearch,
  type PersonSort,
  personPageSize,
  personSortNames,
  personSorts,
  readPage,
  type SearchField,
  type TypedSearch,
  typedSearchFields,
} from '../../domain/people/person-search.ts';
import type { Query } from '../../platform/paths.ts';
import { homePaths } from './paths.ts';
import { paginationFor } from '../../platform/pagination.ts';
import { groupThousands } from '../../domain/budget/money.ts';

/** What the query string asks of one organisation's list. */
export interface ListQuery {
  /** The organisation whose list the search is for, when the page has more than one. */
  organisation: string | undefined;
  typed: TypedSearch;
  sort: PersonSort;
  page: number;
}

function firstString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

/** Reads the query string; nothing in it is ever an error page, only a message beside the field. */
export function readListQuery(query: unknown): ListQuery {
  const values = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const own = (name: string) => (Object.hasOwn(values, name) ? firstString(values[name]) : '');
  const typed = Object.fromEntries(typedSearchFields.map((field) => [field, own(field).slice(0, 200)])) as unknown as TypedSearch;
  const sort = own('sort');
  const organisation = own('organisation');
  return { organisation: organisation === '' ? undefined : organisation, typed, sort: isPersonSort(sort) ? sort : 'name', page: readPage(own('page')) };
}

export const emptyListQuery: ListQuery = { organisation: undefined, typed: readListQuery({}).typed, sort: 'name', page: 1 };

export type CheckedList = { ok: true; search: PersonSearch; searching: boolean } | { ok: false; errors: Partial<Record<SearchField, string>>; dateParts: DatePart[] };

export function checkList(list: ListQuery, today: string): CheckedList {
  const checked = checkSearch(list.typed, today);
  if (!checked.ok) return checked;
  return { ok: true, search: checked.search, searching: Object.keys(checked.search).length > 0 };
}

/** The query string that shows this list again, on another page or in another order. */
function linkQuery(list: ListQuery, organisationId: string, change: { page?: number }): Query {
  const query: Query = { organisation: organisationId };
  for (const field of typedSearchFields) if (list.typed[field].trim() !== '') query[field] = list.typed[field];
  if (list.sort !== 'name') query.sort = list.sort;
  const page = change.page ?? list.page;
  if (page > 1) query.page = page;
  return query;
}

interface ListedPerson {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  postcode: string | null;
}

/** Everything home.njk needs for one organisation's list: the form as typed, the errors, the people and the pages. */
export function listView(options: {
  list: ListQuery;
  checked: CheckedList;
  organisationId: string;
  /** Unique within the page, for the form's field ids when the page shows more than one list. */
  idPrefix: string;
  rows: readonly ListedPerson[];
  total: number;
  /** Whether more than `total` match (the count stopped at its bound). */
  more?: boolean;
}) {
  const { list, checked, organisationId, idPrefix, rows, total, more = false } = options;
  const errors = checked.ok ? {} : checked.errors;
  const dateParts = checked.ok ? [] : checked.dateParts;
  const firstDatePart = dateParts[0] ?? 'day';
  const errorList = (Object.entries(errors) as [SearchField, string][]).map(([field, text]) => ({
    text,
    href: `#${idPrefix}${field === 'dateOfBirth' ? `dateOfBirth-${firstDatePart}` : field}`,
  }));
  const at = pageOf(list.page, total, rows.length, personPageSize, more);
  const link = (page: number) => homePaths.home({}, linkQuery(list, organisationId, { page }));
  const pagination = paginationFor(at, link);
  return {
    idPrefix,
    organisationId,
    typed: list.typed,
    errors: Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, { text }])),
    dateParts: Object.fromEntries(dateParts.map((part) => [part, true])),
    errorList,
    searched: checked.ok,
    searching: checked.ok && checked.searching,
    sortItems: personSorts.map((sort) => ({ value: sort, text: personSortNames[sort], selected: sort === list.sort })),
    clearHref: homePaths.home({}, { organisation: organisationId }),
    firstPageHref: link(1),
    lastPageHref: link(at.pages),
    people: rows.map((person) => ({ ...person, nhsNumber: person.nhsNumber ? formatNhsNumber(person.nhsNumber) : '' })),
    total,
    totalText: `${more ? 'More than ' : ''}${groupThousands(String(total))}`,
    more,
    at,
    pagination,
    pageSize: personPageSize,
  };
}
