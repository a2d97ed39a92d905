import iconv from 'iconv-lite';

/**
 * Decodes a response body by its declared charset: the Content-Type header first, then the XML
 * declaration, then a <meta charset>; UTF-8 when nothing is declared. Feeds lie less often in
 * their XML declaration than servers do in headers, but a header is the HTTP rule, so it wins.
 */
export function decodeBody(body: Buffer, contentType?: string | null): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = body.subarray(0, 1024).toString('latin1');
  const fromXml = /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1];
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  let charset = (fromHeader ?? fromXml ?? fromMeta ?? 'utf-8').toLowerCase();
  if (!iconv.encodingExists(charset)) charset = 'utf-8';
  let text = iconv.decode(body, charset);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
