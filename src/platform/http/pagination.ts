/** What the GOV.UK pagination component needs, or null when everything fits on one page. */
export interface PaginationView {
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[];
}

/**
 * The page asked for in `?page=`. Anything that is not a whole number from 1 up (missing, `abc`,
 * `0`, `-2`, `1.5`, absurdly long) means the first page; a page past the end is clamped by the caller.
 */
export function requestedPage(value: unknown): number {
  return isPageNumber(value) ? Number(value) : 1;
}

/** A page number as the API takes it: a whole number from 1 to 999999, written plainly. */
export function isPageNumber(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,5}$/.test(value);
}

/** Page links: the first, the last, and the pages either side of the current one, with gaps between. */
export function pagination(page: number, pageCount: number, hrefFor: (page: number) => string): PaginationView | null {
  if (pageCount <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PaginationView['items'] = [];
  let last = 0;
  for (const n of shown) {
    if (n - last > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefFor(n), current: n === page });
    last = n;
  }
  return {
    ...(page > 1 ? { previous: { href: hrefFor(page - 1) } } : {}),
    ...(page < pageCount ? { next: { href: hrefFor(page + 1) } } : {}),
    items,
  };
}

/** "Showing 26 to 50 of 73 users" numbers. */
export function showing(page: number, pageSize: number, total: number): { from: number; to: number; total: number } {
  return { from: total === 0 ? 0 : (page - 1) * pageSize + 1, to: Math.min(page * pageSize, total), total };
}

/** How many pages `total` rows make at `pageSize` a page (always at least one, so an empty list has a page). */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
