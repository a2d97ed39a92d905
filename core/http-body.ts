import { NonRetryableError } from './errors.js';

const MiB = 2 ** 20;
export const formatBytes = (n: number) => (n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`);

/**
 * Reads a response body into memory, but never more than `maxBytes` (counted after decompression, so a gzip
 * bomb stops at the cap too): a declared Content-Length over the cap fails before reading, and a body that
 * grows past it is cancelled. Either way the error is not retryable and names the URL and the cap.
 */
export async function readCappedBody(res: Response, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  const tooLarge = () =>
    new NonRetryableError(`GET ${url}: response body larger than the ${formatBytes(maxBytes)} limit`);
  if (Number.isFinite(declared) && declared > maxBytes && !res.headers.get('content-encoding')) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/**
 * Refuses a response whose Content-Type is not one of `accepted` (prefix match on the media type), before its
 * body is read: an article link to a PDF or a video is not an article. A missing Content-Type passes.
 */
export async function checkContentType(res: Response, url: string, accepted?: readonly string[]): Promise<void> {
  if (!accepted?.length) return;
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (!type || accepted.some((a) => type.startsWith(a))) return;
  await res.body?.cancel();
  throw new NonRetryableError(`GET ${url}: content type ${type} is not one of ${accepted.join(', ')}`);
}
