import type { Command } from 'commander';
import { serve } from '../../serve/api.js';
import { createContext, globals } from '../context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('read-only HTTP API (JSON, CSV on request) on 127.0.0.1; OpenAPI at /openapi.json')
    .option('--host <host>', 'bind address (a non-loopback address requires a bearer token)')
    .option('--port <n>', 'port', (v) => Number(v))
    .action(async (o, cmd) => {
      const g = globals(cmd);
      const ctx = createContext(g);
      const c = ctx.config;
      const { app, url } = await serve(c.dbPath, {
        host: o.host ?? c.server.host,
        port: o.port ?? c.server.port,
        token: ctx.env[c.server.tokenEnv],
      });
      ctx.logger.info({ url, db: c.dbPath, auth: !!ctx.env[c.server.tokenEnv] }, 'serving');
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
