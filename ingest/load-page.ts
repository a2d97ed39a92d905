import { readFileSync } from 'node:fs';
import { assertPath } from '../core/files.js';
import type { HttpClient, RequestOptions } from '../core/http.js';
import { assertPageText } from './binary-body.js';

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
    assertPageText(res.body, target);
    return { html: res.body, contentType: res.headers.get('content-type') ?? undefined };
  }
  assertPath(target, 'file');
  const html = readFileSync(target);
  assertPageText(html, target);
  return { html };
}
