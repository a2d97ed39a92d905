import { Command, Option } from 'commander';
import { FinsentError } from '../core/errors.js';
import { registerIngest } from './commands/ingest.js';
import { registerScore } from './commands/score.js';
import { registerFusion } from './commands/fusion.js';
import { registerFixtureServer, registerNightly } from './commands/nightly.js';
import { registerQuery } from './commands/query.js';
import { registerServe } from './commands/serve.js';

const program = new Command('finsent')
  .description('financial news and social sentiment into trading signals')
  .version('0.1.0')
  .option('-c, --config <file>', 'config file (default: ./finsent.config.json or $FINSENT_CONFIG)')
  .option('--db <path>', 'SQLite database (overrides the config; env FINSENT_DB)')
  .addOption(new Option('--log-format <fmt>', 'log format on stderr').choices(['pretty', 'json']))
  .option('--log-level <level>', 'trace | debug | info | warn | error')
  .option('--json', 'machine-readable JSON on stdout');

registerIngest(program);
registerScore(program);
registerFusion(program);
registerNightly(program);
registerFixtureServer(program);
registerQuery(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // Typed errors carry a message meant for the user; anything else is a bug and keeps its stack.
  if (err instanceof FinsentError) process.stderr.write(`finsent: ${err.message}\n`);
  else process.stderr.write(`finsent: unexpected error: ${(err as Error)?.stack ?? err}\n`);
  process.exitCode = process.exitCode || 1;
}
