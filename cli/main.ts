import { Command, Option } from 'commander';
import { FinsentError } from '../core/errors.js';
import type { CommandSpec } from './command.js';
import { nonEmpty } from './parse.js';
import { COMMANDS, GROUPS } from './registry.js';
import { runCommand } from './run-command.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'];

function register(program: Command, spec: CommandSpec): void {
  const parts = spec.path.split(' ');
  const words = parts.filter((p) => !/^[<[]/.test(p));
  const args = parts.filter((p) => /^[<[]/.test(p));
  let parent = program;
  for (const word of words.slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === word) ?? parent.command(word).description(GROUPS[word] ?? '');
  }
  const cmd = parent.command([words[words.length - 1], ...args].join(' ')).description(spec.description);
  spec.options?.(cmd);
  cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    await runCommand(spec, self, self.processedArgs as string[]);
  });
}

/** Builds the whole command tree; no command module loads anything heavy until it runs. */
export function buildProgram(): Command {
  const program = new Command('finsent')
    .description('financial news and social sentiment into trading signals')
    .version('0.1.0')
    .option('-c, --config <file>', 'config file (default: ./finsent.config.json or $FINSENT_CONFIG)')
    .option(
      '--db <path>',
      'SQLite file or postgres:// URL (overrides the config; env FINSENT_DB, FINSENT_DB_URL)',
      nonEmpty,
    )
    .addOption(new Option('--log-format <fmt>', 'log format on stderr').choices(['pretty', 'json']))
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS))
    .option('--json', 'machine-readable JSON on stdout')
    .option('--verbose', 'print the stack of an error');
  for (const spec of COMMANDS) register(program, spec);
  return program;
}

/** One line naming what went wrong; the stack only with --verbose. */
export function reportError(err: unknown, verbose: boolean): void {
  const e = err as Error;
  const message = String(e?.message ?? err)
    .split('\n')
    .join(' ');
  const prefix = err instanceof FinsentError || !(err instanceof Error) ? '' : `${e.name}: `;
  process.stderr.write(`finsent: ${prefix}${message}\n`);
  if (verbose && e?.stack) process.stderr.write(`${e.stack}\n`);
  else if (!(err instanceof FinsentError)) process.stderr.write('finsent: (run with --verbose for the stack)\n');
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    reportError(err, argv.includes('--verbose'));
    process.exitCode = process.exitCode || 1;
  }
}
