import * as cheerio from 'cheerio';
import { normalise } from './article-paragraphs.js';

/**
 * The start of a tag, an end tag, a comment or a doctype: what makes a document markup rather than text. One
 * character after the "<" decides, so the test is linear on any input (plain text that reads "a<b" is taken as HTML,
 * as it was before this path existed).
 */
const MARKUP = /<[a-z!/]/i;
const PLAIN_TEXT_TYPE = /^\s*text\/plain\b/i;
/** A paragraph of plain text ends at a blank line. */
const BLANK_LINE = /\n[ \t\r\f\v]*\n/;

/** What only a web page begins with, after any comments: a misconfigured `text/plain` header does not make it text. */
const HTML_DOCUMENT_START = /^<(?:!doctype\s+html|html[\s>])/i;
/** Comments read past at the top of a document; a cache or build stamp is one or two. */
const MAX_LEADING_COMMENTS = 8;

function opensAsHtmlDocument(text: string): boolean {
  // A loop over indexOf rather than one regular expression: a pattern for "comments, then <html>" backtracks
  // exponentially on a run of comments that never reaches it.
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let comments = 0; comments <= MAX_LEADING_COMMENTS; comments++) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (!text.startsWith('<!--', at)) return HTML_DOCUMENT_START.test(text.slice(at, at + 20));
    const end = text.indexOf('-->', at + 4);
    if (end < 0) return false;
    at = end + 3;
  }
  return false;
}

const declaredText = (text: string, contentType?: string) =>
  PLAIN_TEXT_TYPE.test(contentType ?? '') && !opensAsHtmlDocument(text);

/**
 * The paragraphs of a document to read as text, not as a page, split at blank lines; `null` for a page. Text is a
 * document declared `text/plain` (unless it opens as an HTML document), read literally, or one holding no markup
 * at all (a server that sends a story's text as HTML), its character references decoded as a browser shows them.
 * Its whole text is the story; the page heuristic finds no container in it.
 */
export function plainTextParagraphs(text: string, contentType?: string): string[] | null {
  const declared = declaredText(text, contentType);
  if (!declared && MARKUP.test(text)) return null;
  // An API's answer or an error object sent in place of a page is data, not a story.
  if (isJson(text)) return [];
  const shown = declared ? text : cheerio.load(text, { xml: { xmlMode: false } }).text();
  return shown.split(BLANK_LINE).map(normalise).filter(Boolean);
}

function isJson(text: string): boolean {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
