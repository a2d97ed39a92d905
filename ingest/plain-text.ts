import * as cheerio from 'cheerio';

/**
 * The start of a tag, an end tag, a comment or a doctype: what makes a document markup rather than text. One
 * character after the "<" decides, so the test is linear on any input (plain text that reads "a<b" is taken as HTML,
 * as it was before this path existed).
 */
const MARKUP = /<[a-z!/]/i;
const PLAIN_TEXT_TYPE = /^\s*text\/plain\b/i;
/** A paragraph of plain text ends at a blank line. */
const BLANK_LINE = /\n[ \t\r\f\v]*\n/;

/**
 * A document to read as text, not as a page: declared `text/plain`, or holding no markup at all (a server that
 * sends a story's text as HTML). Its whole text is the story; the page heuristic finds no container in it.
 */
export const isPlainText = (text: string, contentType?: string) =>
  PLAIN_TEXT_TYPE.test(contentType ?? '') || !MARKUP.test(text);

/**
 * The paragraphs of a plain-text story, split at blank lines. A document declared as text is read literally; one
 * served as HTML has its character references decoded, as a browser shows it.
 */
export function plainTextParagraphs(text: string, contentType?: string): string[] {
  // An API's answer or an error object sent in place of a page is data, not a story.
  if (isJson(text)) return [];
  const shown = PLAIN_TEXT_TYPE.test(contentType ?? '') ? text : cheerio.load(text, { xml: { xmlMode: false } }).text();
  return shown
    .split(BLANK_LINE)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
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
