import type { Command } from 'commander';
import { NonRetryableError } from '../core/errors.js';
import { isPostgresUrl } from '../db/connection.js';
import { type AppContext, createAppContext, noProgress } from '../pipeline/app-context.js';
import type { CommandInput, CommandSpec, GlobalOpts } from './command.js';
import { writeStdout } from './output.js';

/** Only the entry point reads the process environment; everything below gets it from the context. */
const processEnv = (): Record<string, string | undefined> => ({ ...process.env });

/**
 * Runs one command through its lifecycle: setup, context (config validated, store opened as the command's
 * access says), run, print, exit code; cleanup and close always run, whatever failed.
 */
export async function runCommand(spec: CommandSpec, cmd: Command, args: string[]): Promise<void> {
  const globals = cmd.optsWithGlobals() as GlobalOpts;
  const input: CommandInput<Record<string, any>> = { args, opts: cmd.opts(), globals };
  assertOrderedRange(input.opts);
  const setup = (await spec.setup?.(input)) ?? {};
  let ctx: AppContext | undefined;
  try {
    const access = spec.access ?? 'write';
    const { terminalProgress } = await import('./progress.js');
    ctx = createAppContext({
      configFile: globals.config,
      env: { ...processEnv(), ...setup.env },
      overrides: { ...dbOverride(globals.db), ...setup.overrides, ...spec.overrides?.(input.opts) },
      logFormat: globals.logFormat,
      logLevel: globals.logLevel,
      // stdout belongs to the program reading --json output; progress goes to stderr and stays out of the way.
      progress: globals.json ? noProgress : terminalProgress,
      readonly: access === 'read',
    });
    const result = await spec.run(ctx, input);
    if (globals.json) writeStdout(`${JSON.stringify(spec.json ? spec.json(result) : result, null, 2)}\n`);
    else if (spec.print) await spec.print(result, input, ctx);
    else if (result !== undefined) writeStdout(`${JSON.stringify(result, null, 2)}\n`);
    const code = spec.exitCode?.(result) ?? 0;
    if (code) process.exitCode = code;
  } finally {
    try {
      await setup.cleanup?.();
    } finally {
      ctx?.close();
    }
  }
}

/** Every command's --from..--to is a range of days; a reversed one would read as an empty answer, not a mistake. */
function assertOrderedRange(opts: Record<string, unknown>): void {
  const { from, to } = opts;
  if (typeof from === 'string' && typeof to === 'string' && from > to)
    throw new NonRetryableError(`--from ${from} is after --to ${to}`);
}

/** `--db` takes a SQLite file or a postgres:// URL. */
function dbOverride(db: string | undefined): Record<string, unknown> {
  if (db === undefined) return {};
  return isPostgresUrl(db) ? { db: { url: db } } : { dbPath: db };
}
