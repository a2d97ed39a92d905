import { readFileSync, statSync } from 'node:fs';
import { NonRetryableError } from '../core/errors.js';
import type { HttpClient, RequestOptions } from '../core/http.js';

/** An article page is HTML, under the page body limit: a link to a PDF or a video fails alone, unread. */
export const PAGE_REQUEST: RequestOptions = {
  headers: { accept: 'text/html,application/xhtml+xml' },
  kind: 'page',
  contentTypes: ['text/html', 'application/xhtml+xml'],
};

/** An article page from a URL (through the HTTP client) or a local file, refusing folders and missing files. */
export async function loadPage(
  target: string,
  http: () => HttpClient,
): Promise<{ html: Buffer; contentType?: string }> {
  if (/^https?:\/\//i.test(target)) {
    const res = await http().get(target, PAGE_REQUEST);
    return { html: res.body, contentType: res.headers.get('content-type') ?? undefined };
  }
  let isFile = false;
  try {
    isFile = statSync(target).isFile();
  } catch {
    throw new NonRetryableError(`no such file: ${target}`);
  }
  if (!isFile) throw new NonRetryableError(`not a file: ${target}`);
  return { html: readFileSync(target) };
}
