import { NonRetryableError } from '../core/errors.js';

/** Bytes looked at: a page's head. git and grep decide "binary" from a NUL in the first few kilobytes too. */
const SNIFFED_BYTES = 8000;

/** A tag that only a web page opens with, in the sniffed bytes. */
const PAGE_TAG = /<(?:!doctype|html|head|body|div|p|article)[\s>]/i;

/**
 * What a body is when it is no text at all: a PDF, or bytes with a NUL among the first few thousand (an image, an
 * archive) and no page's tag there; null for text. A page that a broken CMS wrote a stray NUL into still reads as a
 * page, and UTF-16, whose every other byte may be NUL, is text where a byte-order mark says so.
 */
export function binaryKind(body: Buffer): string | null {
  if (body.subarray(0, 5).toString('latin1') === '%PDF-') return 'a PDF';
  const utf16 = (body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff);
  const head = body.subarray(0, SNIFFED_BYTES);
  return !utf16 && head.includes(0) && !PAGE_TAG.test(head.toString('latin1')) ? 'binary data' : null;
}

/**
 * Refuses a body that is no web page: read as text, a PDF or an image becomes a "story" of mojibake that would
 * replace a document's feed summary and be scored as news.
 */
export function assertPageText(body: Buffer, where: string): void {
  const kind = binaryKind(body);
  if (kind) throw new NonRetryableError(`${where} is ${kind}, not a web page`);
}
