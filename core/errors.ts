/**
 * The error family that decides what happens next (after Crawlee's errors.ts).
 * `retryPolicy` is the one place that maps an error to retry / wait / give up.
 */
export class FinsentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input that will not get better by retrying: a parse failure, a 4xx, an unmappable model. */
export class NonRetryableError extends FinsentError {}

/** A transient failure: 5xx, a timeout, a reset connection. Retried with backoff. */
export class RetryableError extends FinsentError {}

/** The remote asked us to slow down (429). Wait `retryAfterMs` and re-queue without spending a retry. */
export class ThrottledError extends FinsentError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Stop the whole run: the database is unusable, a migration changed, the config is invalid. */
export class CriticalError extends FinsentError {}

export class ConfigError extends CriticalError {}

/** A database failure that keeps the SQL and parameters that caused it (drizzle's DrizzleQueryError). */
export class QueryError extends FinsentError {
  constructor(
    readonly sql: string,
    readonly params: unknown[],
    options: { cause: unknown },
  ) {
    super(
      `query failed: ${(options.cause as Error)?.message ?? options.cause}\n  sql: ${sql.trim().slice(0, 400)}`,
      options,
    );
  }
}

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'wait'; delayMs: number }
  | { action: 'fail' };

/**
 * The single retry policy: retryable errors back off exponentially (base * 2^attempt, capped, with jitter
 * from `random`), throttled errors wait what the server asked without spending an attempt, all else fails.
 */
export function retryPolicy(
  err: unknown,
  attempt: number,
  opts: { maxRetries: number; baseDelayMs: number; maxDelayMs?: number; random?: () => number },
): RetryDecision {
  if (err instanceof ThrottledError) return { action: 'wait', delayMs: err.retryAfterMs };
  if (err instanceof RetryableError && attempt < opts.maxRetries) {
    const cap = opts.maxDelayMs ?? 30_000;
    const jitter = 0.5 + (opts.random ?? Math.random)() * 0.5;
    return { action: 'retry', delayMs: Math.min(cap, opts.baseDelayMs * 2 ** attempt) * jitter };
  }
  return { action: 'fail' };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
