import { PageRequest } from './pagination.args';

/**
 * Relay page info for a page of edges in list order; `more` says the statement found a row past the page. Paging
 * forward, hasPreviousPage is false, and paging backward hasNextPage is false: the spec allows it, and finding out
 * would cost a second statement.
 */
export function pageInfoOf(edges: readonly { cursor: string }[], page: PageRequest, more: boolean) {
  return {
    hasNextPage: !page.backward && more,
    hasPreviousPage: page.backward && more,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
}
