import { pino, type Logger } from 'pino';

export type { Logger };
export type LogFormat = 'pretty' | 'json';

/**
 * Structured logs go to stderr so stdout stays clean for `--json` output.
 * 'json' writes pino's JSON lines; 'pretty' writes one short human line per event.
 */
export function createLogger(opts: { level?: string; format?: LogFormat } = {}): Logger {
  const level = opts.level ?? 'info';
  if (opts.format === 'json') return pino({ level, base: undefined }, pino.destination(2));
  const stream = {
    write(line: string) {
      const { level: lv, time, msg, ...rest } = JSON.parse(line);
      const extras = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(' ');
      process.stderr.write(
        `${new Date(time).toISOString().slice(11, 19)} ${pino.levels.labels[lv] ?? lv} ${msg ?? ''} ${extras}\n`,
      );
    },
  };
  return pino({ level, base: undefined }, stream);
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
