import * as cheerio from 'cheerio';

/** HTML fragment (a feed description) to plain text: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim() || null;
  const $ = cheerio.load(`<div id="x">${html}</div>`);
  $('script, style, img').remove();
  $('br, p, div, li, tr').after(' ');
  // A double-escaped entity (`&amp;nbsp;` in the source) survives one decode; decode once more.
  const text = cheerio
    .load(`<div>${$('#x').text()}</div>`)
    .root()
    .text();
  return (
    text
      .replace(/\u00a0/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || null
  );
}
