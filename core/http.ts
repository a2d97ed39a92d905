import PQueue from 'p-queue';
import { NonRetryableError, RetryableError, ThrottledError, retryPolicy, errorMessage } from './errors.js';
import { systemClock, type Clock } from './clock.js';
import { silentLogger, type Logger } from './log.js';
import { checkContentType, readCappedBody } from './http-body.js';
import { type LookupFn, NetGuard } from './net-guard.js';

export type FetchFn = typeof fetch;

export interface HttpOptions {
  fetch?: FetchFn;
  clock?: Clock;
  logger?: Logger;
  userAgent?: string;
  perHostConcurrency?: number;
  /**
   * Requests in flight at once over all hosts. Each holds up to its body limit in memory, so without a bound an
   * aggregator feed linking 500 sites had 500 pages of up to 5 MiB read at once. @default 16
   */
  maxConcurrency?: number;
  perHostIntervalMs?: number;
  perHostIntervalCap?: number;
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  /** A 429 that asks for a longer wait than this fails instead of stalling the run. @default 120_000 */
  maxThrottleWaitMs?: number;
  /**
   * Largest response body read per kind of request, after decompression.
   * @default { page: 5 MiB, feed: 20 MiB, api: 10 MiB }
   */
  maxBytes?: Partial<Record<BodyKind, number>>;
  /** Redirects followed before giving up (each hop is checked like the first URL). @default 5 */
  maxRedirects?: number;
  /** Loopback/private hosts or addresses that may be fetched anyway ("*": all). @default [] */
  allowPrivateHosts?: readonly string[];
  /** DNS resolution for the private-address check. @default node:dns lookup, all addresses */
  lookup?: LookupFn;
}

/** What a request fetches, which decides its body limit: an article page, a feed, or an API payload. */
export type BodyKind = 'page' | 'feed' | 'api';

const MiB = 2 ** 20;
export const DEFAULT_MAX_BYTES: Readonly<Record<BodyKind, number>> = { page: 5 * MiB, feed: 20 * MiB, api: 10 * MiB };

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  url: string;
  notModified: boolean;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Which body limit applies. @default "api" */
  kind?: BodyKind;
  /** Largest body accepted for this request. @default the client's limit for `kind` */
  maxBytes?: number;
  /** Media types accepted (prefix match, e.g. "text/html"); others fail before their body is read. */
  contentTypes?: readonly string[];
}

/** Milliseconds to wait from Retry-After (seconds or HTTP date) or x-ratelimit-reset (epoch seconds). */
export function throttleDelayMs(headers: Headers, now: Date): number {
  const ra = headers.get('retry-after');
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset');
  if (reset && Number.isFinite(Number(reset))) return Math.max(0, Number(reset) * 1000 - now.getTime());
  return 60_000;
}

/**
 * One HTTP client per run: one p-queue per host (concurrency, interval cap), a timeout per request passed
 * to fetch as an AbortSignal, and retries decided by `retryPolicy` alone: 5xx/timeouts/network errors back
 * off, 4xx are never retried, 429 waits for the server's Retry-After and is re-queued without using a retry.
 */
export class HttpClient {
  private readonly queues = new Map<string, PQueue>();
  /** Per host: the instant before which no request may start (the server said its budget is spent). */
  private readonly pausedUntil = new Map<string, number>();
  private readonly options: Required<Omit<HttpOptions, 'logger' | 'lookup' | 'allowPrivateHosts' | 'maxBytes'>> & {
    logger: Logger;
    maxBytes: Record<BodyKind, number>;
  };
  private readonly guard: NetGuard;
  /** Requests in flight over all hosts, bounded (`maxConcurrency`); a host's queue and pause come first. */
  private readonly inFlight: PQueue;

  constructor(opts: HttpOptions = {}) {
    for (const k of ['perHostConcurrency', 'perHostIntervalCap', 'maxConcurrency'] as const) {
      const v = opts[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 1))
        throw new TypeError(`Expected \`${k}\` to be an integer from 1 and up, got \`${v}\` (${typeof v})`);
    }
    this.options = {
      fetch: opts.fetch ?? globalThis.fetch,
      clock: opts.clock ?? systemClock,
      logger: opts.logger ?? silentLogger,
      userAgent: opts.userAgent ?? 'finsent/0.1',
      perHostConcurrency: opts.perHostConcurrency ?? 2,
      maxConcurrency: opts.maxConcurrency ?? 16,
      perHostIntervalMs: opts.perHostIntervalMs ?? 1000,
      perHostIntervalCap: opts.perHostIntervalCap ?? 4,
      timeoutMs: opts.timeoutMs ?? 20_000,
      maxRetries: opts.maxRetries ?? 3,
      baseDelayMs: opts.baseDelayMs ?? 500,
      maxThrottleWaitMs: opts.maxThrottleWaitMs ?? 120_000,
      maxBytes: { ...DEFAULT_MAX_BYTES, ...opts.maxBytes },
      maxRedirects: opts.maxRedirects ?? 5,
    };
    this.guard = new NetGuard(opts.allowPrivateHosts, opts.lookup);
    this.inFlight = new PQueue({ concurrency: this.options.maxConcurrency });
  }

  private queueFor(url: string): PQueue {
    const host = new URL(url).host;
    let q = this.queues.get(host);
    if (!q) {
      q = new PQueue({
        concurrency: this.options.perHostConcurrency,
        interval: this.options.perHostIntervalMs,
        intervalCap: this.options.perHostIntervalCap,
      });
      this.queues.set(host, q);
    }
    return q;
  }

  /** GET with retries. A 304 comes back as `notModified: true`; any other non-2xx throws a typed error. */
  async get(url: string, req: RequestOptions = {}): Promise<HttpResponse> {
    let attempt = 0;
    const host = new URL(url).host;
    for (;;) {
      try {
        // The host pause is checked inside the queued task, so requests already queued wait for it too.
        return (await this.queueFor(url).add(async () => {
          await this.waitForHost(host, url, req);
          return this.inFlight.add(() => this.once(url, req));
        })) as HttpResponse;
      } catch (err) {
        const decision = retryPolicy(err, attempt, this.options);
        if (
          decision.action === 'fail' ||
          (decision.action === 'wait' && decision.delayMs > this.options.maxThrottleWaitMs)
        )
          throw err;
        this.options.logger.warn(
          { url, attempt, delayMs: Math.round(decision.delayMs), err: errorMessage(err) },
          decision.action === 'wait' ? 'throttled, pausing host' : 'retrying',
        );
        // A 429 already paused the host (in `once`); the re-queued task waits it out without spending a retry.
        if (decision.action === 'retry') {
          attempt++;
          await this.options.clock.sleep(decision.delayMs, req.signal);
        }
      }
    }
  }

  private pauseHost(host: string, ms: number): void {
    this.pausedUntil.set(host, Math.max(this.pausedUntil.get(host) ?? 0, this.options.clock.now().getTime() + ms));
  }

  private async waitForHost(host: string, url: string, req: RequestOptions): Promise<void> {
    const wait = (this.pausedUntil.get(host) ?? 0) - this.options.clock.now().getTime();
    if (wait <= 0) return;
    if (wait > this.options.maxThrottleWaitMs)
      throw new ThrottledError(
        `GET ${url}: ${host} asked us to wait ${Math.round(wait / 1000)} s, longer than the run waits`,
        wait,
      );
    this.options.logger.info({ host, waitMs: Math.round(wait) }, 'host paused, waiting');
    await this.options.clock.sleep(wait, req.signal);
  }

  /**
   * One attempt: redirects are followed by hand so that every hop passes the network guard, loops and
   * non-http(s) targets fail for good, and the number of hops is capped.
   */
  private async once(url: string, req: RequestOptions): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? this.options.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const seen = new Set<string>();
    let target = new URL(url);
    for (;;) {
      await this.guard.check(target);
      seen.add(target.href);
      const res = await this.fetchOnce(target.href, url, req, signal, timeout);
      const location = res.status >= 300 && res.status < 400 && res.status !== 304 && res.headers.get('location');
      if (!location) return this.finish(res, url, req, timeout);
      await res.body?.cancel();
      let next: URL;
      try {
        next = new URL(location, target);
      } catch (cause) {
        throw new NonRetryableError(`GET ${url}: redirect to an invalid URL ${location}`, { cause });
      }
      if (seen.has(next.href)) throw new NonRetryableError(`GET ${url}: redirect loop at ${next.href}`);
      if (seen.size > this.options.maxRedirects)
        throw new NonRetryableError(`GET ${url}: more than ${this.options.maxRedirects} redirects`);
      target = next;
    }
  }

  private async fetchOnce(
    href: string,
    url: string,
    req: RequestOptions,
    signal: AbortSignal,
    timeout: AbortSignal,
  ): Promise<Response> {
    try {
      return await this.options.fetch(href, {
        headers: { 'user-agent': this.options.userAgent, ...req.headers },
        signal,
        redirect: 'manual',
      });
    } catch (cause) {
      throw this.transportError(cause, url, req, timeout);
    }
  }

  private transportError(cause: unknown, url: string, req: RequestOptions, timeout: AbortSignal): unknown {
    if (req.signal?.aborted) return cause;
    if (cause instanceof NonRetryableError) return cause;
    const what = timeout.aborted
      ? `timed out after ${req.timeoutMs ?? this.options.timeoutMs} ms`
      : `network error: ${errorMessage(cause)}${causeCode(cause)}`;
    return new RetryableError(`GET ${url} ${what}`, { cause });
  }

  private async finish(res: Response, url: string, req: RequestOptions, timeout: AbortSignal): Promise<HttpResponse> {
    const finalUrl = res.url || url;
    if (res.status === 304) {
      await res.body?.cancel();
      return { status: 304, headers: res.headers, body: Buffer.alloc(0), url: finalUrl, notModified: true };
    }
    // Throttling is about the host, so it pauses the host before this task ends and the queue starts the next.
    const host = new URL(url).host;
    if (res.status === 429) {
      await res.body?.cancel();
      const delay = throttleDelayMs(res.headers, this.options.clock.now());
      this.pauseHost(host, delay);
      throw new ThrottledError(`GET ${url} returned 429 Too Many Requests`, delay);
    }
    const remaining = res.headers.get('x-ratelimit-remaining') ?? res.headers.get('x-rate-limit-remaining');
    if (remaining !== null && Number(remaining) <= 0)
      this.pauseHost(host, throttleDelayMs(res.headers, this.options.clock.now()));
    if (res.status >= 400) {
      await res.body?.cancel();
      const ErrorType = res.status >= 500 ? RetryableError : NonRetryableError;
      throw new ErrorType(`GET ${url} returned ${res.status}`);
    }
    if (res.status >= 300) {
      await res.body?.cancel();
      throw new NonRetryableError(`GET ${url} returned ${res.status} without a Location`);
    }
    await checkContentType(res, url, req.contentTypes);
    let body: Buffer;
    try {
      body = await readCappedBody(res, url, req.maxBytes ?? this.options.maxBytes[req.kind ?? 'api']);
    } catch (cause) {
      throw this.transportError(cause, url, req, timeout);
    }
    return { status: res.status, headers: res.headers, body, url: finalUrl, notModified: false };
  }
}

/** The system error code under fetch's generic "fetch failed" (ECONNREFUSED, ENOTFOUND, ...). */
function causeCode(err: unknown): string {
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  return code ? ` (${code})` : '';
}
