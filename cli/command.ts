import type { Command } from 'commander';
import type { LogFormat } from '../core/log.js';
import type { AppContext } from '../pipeline/app-context.js';

/** The flags every command accepts (declared once on the program). */
export interface GlobalOpts {
  config?: string;
  db?: string;
  logFormat?: LogFormat;
  logLevel?: string;
  json?: boolean;
  verbose?: boolean;
}

export interface CommandInput<O> {
  args: string[];
  opts: O;
  globals: GlobalOpts;
}

/** What `setup` may provide before the context is built (e.g. the sample's fixture server and its config). */
export interface SetupResult {
  overrides?: Record<string, unknown>;
  env?: Record<string, string>;
  cleanup?: () => Promise<void> | void;
}

/**
 * A command as an object (after citty's setup -> run -> cleanup): the wrapper in `cli/run-command.ts` builds
 * the context, runs, prints (JSON with --json, else `print`), sets the exit code and always cleans up and
 * closes. Command files import heavy modules inside `run`, so `finsent --help` loads none of them.
 */
export interface CommandSpec<O = any, R = any> {
  /** Words of the command, then its arguments: `score`, `import stocknet <dir>`. */
  readonly path: string;
  readonly description: string;
  options?(cmd: Command): void;
  /**
   * none: no config or database (extract a file, fixture-server); read: the database must exist and is opened
   * read-only; write: opened (created and migrated if new) for writing. @default "write"
   */
  readonly access?: 'none' | 'read' | 'write';
  /** Config values taken from this command's flags (they win over file and environment). */
  overrides?(opts: O): Record<string, unknown>;
  setup?(input: CommandInput<O>): Promise<SetupResult> | SetupResult;
  run(ctx: AppContext, input: CommandInput<O>): Promise<R> | R;
  /** Human output (the context is still open); without it the result is printed as JSON. */
  print?(result: R, input: CommandInput<O>, ctx: AppContext): void | Promise<void>;
  /** The process exit code for a result (e.g. 2 when some sources failed). @default 0 */
  exitCode?(result: R): number;
  /** Value printed with --json. @default the result */
  json?(result: R): unknown;
}

/**
 * Declares a command with its options' type; the result type is inferred from `run`.
 * @example export const runs = defineCommand<{ limit: number }>()({ path: 'runs', ... });
 */
export function defineCommand<O = Record<string, never>>() {
  return <R>(spec: CommandSpec<O, R>): CommandSpec<O, R> => spec;
}
