// The GOV.UK pagination component's arguments for one page of a list, so every paged list links its pages alike.
import { type PageOf, pageNumbersAround } from '../domain/people/person-search.ts';

/** Previous, next and the page numbers around this one (with gaps), or nothing when the list fits on one page. */
export function paginationFor(at: PageOf, link: (page: number) => string) {
  if (at.pages <= 1 || at.beyondLast) return undefined;
  return {
    previous: at.page > 1 ? { href: link(at.page - 1) } : undefined,
    next: at.page < at.pages ? { href: link(at.page + 1) } : undefined,
    items: pageNumbersAround(at.page, at.pages).map((item) => (item === 'gap' ? { ellipsis: true } : { number: item, href: link(item), current: item === at.page })),
  };
}
