import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { nonEmpty } from '../parse.js';

export const dbCopy = defineCommand<{ to: string }>()({
  path: 'db copy',
  description:
    'copy the whole store (--db, or the configured one) into an empty database: a SQLite file onto PostgreSQL ' +
    '(postgres://…), or back; ids, scores, signals and runs included',
  // Opened for writing so that an older source is migrated first: both ends must have the same tables.
  options: (cmd) =>
    cmd.requiredOption('--to <fileOrUrl>', 'the target: a new SQLite file or an empty PostgreSQL database', nonEmpty),
  async run(ctx, { opts }) {
    const { openStore } = await import('../../db/store.js');
    const { copyStore } = await import('../../db/copy.js');
    const target = openStore(opts.to);
    try {
      const bar = ctx.progress('copy');
      const r = copyStore(ctx.store(), target, {
        onTable: (table, rows) => ctx.logger.info({ table, rows }, 'copied'),
      });
      bar.stop();
      return { ...r, to: target.path };
    } finally {
      target.close();
    }
  },
  print: (r) => {
    printTable(r.tables);
    writeStdout(`copied into ${r.to} in ${r.seconds.toFixed(1)} s\n`);
  },
});
