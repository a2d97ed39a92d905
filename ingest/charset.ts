import iconv from 'iconv-lite';

/** The encoding a byte-order mark names, if the body starts with one. */
function bomEncoding(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Decodes a response body. A byte-order mark wins (as in the WHATWG encoding standard: a UTF-16 feed with a
 * BOM often still says "UTF-8" in its header); otherwise the declared charset: the Content-Type header, then the XML
 * declaration, then a <meta charset>; UTF-8 when nothing is declared. Feeds lie less often in
 * their XML declaration than servers do in headers, but a header is the HTTP rule, so it wins.
 */
export function decodeBody(body: Buffer, contentType?: string | null): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = body.subarray(0, 1024).toString('latin1');
  const fromXml = /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1];
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  let charset = (bomEncoding(body) ?? fromHeader ?? fromXml ?? fromMeta ?? 'utf-8').toLowerCase();
  if (!iconv.encodingExists(charset)) charset = 'utf-8';
  let text = iconv.decode(body, charset);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
