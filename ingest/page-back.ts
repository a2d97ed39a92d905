import type { DocumentInput } from '../db/documents.js';

/** One page of a newest-first API listing, as a source reads it. */
export interface BackPage<C> {
  items: DocumentInput[];
  /** Where the next (older) page starts; null when the API has no older page. */
  next: C | null;
  /** Whether this page reached what was stored last run, so older pages hold nothing new. */
  reachedStored?: boolean;
}

export interface PagedBack {
  items: DocumentInput[];
  pages: number;
  /** Why the reading stopped: the stored items were reached, the API had no older page, or `maxPages` ran out. */
  stopped: 'reached' | 'end' | 'budget';
}

/**
 * Reads a newest-first listing page by page until `read` says a page reached what was stored last run, the API has
 * no older page, or `maxPages` pages were read. The social sources share it: a busy subreddit, stream or search
 * gets more than a page between runs, and each API names its next page differently.
 */
export async function pageBack<C>(maxPages: number, read: (cursor: C | null) => Promise<BackPage<C>>) {
  const items: DocumentInput[] = [];
  let cursor: C | null = null;
  for (let pages = 1; ; pages++) {
    const page = await read(cursor);
    items.push(...page.items);
    if (page.reachedStored) return { items, pages, stopped: 'reached' } satisfies PagedBack;
    if (page.next === null) return { items, pages, stopped: 'end' } satisfies PagedBack;
    if (pages >= maxPages) return { items, pages, stopped: 'budget' } satisfies PagedBack;
    cursor = page.next;
  }
}

/** The warning of a run that stopped short of what was stored last run: what lies between may be missing. */
export function gapWarning(pages: number, what: string): string {
  const read = `read ${pages} page${pages === 1 ? '' : 's'}`;
  const advice = 'run this source more often';
  return `${read} without reaching the ${what} stored last run: ${what} in between may be missing; ${advice}`;
}
