// The GOV.UK pagination component's arguments for one page of a list, so every paged list links its pages alike.
import { type PageOf, pageNumbersAround } from '../domain/people/person-search.ts';

/**
 * Previous, next and the page numbers around this one (with gaps), or nothing when the list fits on one page. When the
 * count stopped short (`at.more`), no page is offered as the last: the numbers end after the next page with a gap.
 */
export function paginationFor(at: PageOf, link: (page: number) => string) {
  if ((at.pages <= 1 && !at.more) || at.beyondLast) return undefined;
  const lastShown = at.more ? at.page + 1 : at.pages;
  const items = pageNumbersAround(at.page, lastShown).map((item) => (item === 'gap' ? { ellipsis: true } : { number: item, href: link(item), current: item === at.page }));
  return {
    previous: at.page > 1 ? { href: link(at.page - 1) } : undefined,
    next: at.page < lastShown ? { href: link(at.page + 1) } : undefined,
    items: at.more ? [...items, { ellipsis: true }] : items,
  };
}
