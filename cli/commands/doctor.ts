import { NonRetryableError } from '../../core/errors.js';
import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';

export const doctor = defineCommand()({
  path: 'doctor',
  description: 'full integrity check of the database: pages, foreign keys, full-text index, migrations',
  access: 'none',
  async run(ctx) {
    const { existsSync } = await import('node:fs');
    const { diagnose } = await import('../../db/doctor.js');
    if (ctx.config.db.url)
      throw new NonRetryableError(
        'doctor checks SQLite files; on PostgreSQL the server checks its own pages (pg_amcheck) and finsent ' +
          'checks the migration hashes each time it connects',
      );
    const file = ctx.config.dbPath;
    if (!existsSync(file)) throw new NonRetryableError(`no database at ${file}`);
    return diagnose(file);
  },
  print: (r) => {
    printTable(r.checks, ['name', 'ok', 'detail']);
    writeStdout(r.ok ? `${r.file}: ok\n` : `${r.file}: ${r.problems.length} problem(s)\n`);
  },
  exitCode: (r) => (r.ok ? 0 : 1),
});
