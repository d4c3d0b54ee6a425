import type { Page } from './api-types';

/**
 * Every item of a cursor-paginated list, fetched a page at a time as the loop asks for more:
 * `for await (const user of sesame.users.list()) …`. `pages()` yields whole pages instead.
 * Nothing is requested until iteration starts, and a `break` stops the requests.
 */
export class PagedList<T> implements AsyncIterable<T> {
  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {}

  /** Over a route's page method, whatever type the document gives its answer. */
  static of<T>(fetchPage: (cursor: string | undefined) => Promise<unknown>): PagedList<T> {
    return new PagedList<T>(fetchPage as (cursor: string | undefined) => Promise<Page<T>>);
  }

  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Every item in one array (for short lists: this reads every page). */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}

/** The query of a paginated route without its `cursor`: iteration moves the cursor itself. */
export type ListQuery<Q> = Omit<Q, 'cursor'>;
