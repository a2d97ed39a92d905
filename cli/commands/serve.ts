import { storeTarget } from '../../core/config.js';
import { redact } from '../../db/connection.js';
import { defineCommand } from '../command.js';
import { int } from '../parse.js';
import { untilSignalled } from './nightly.js';

export const serve = defineCommand<{ host?: string; port?: number }>()({
  path: 'serve',
  description: 'read-only HTTP API (JSON, CSV on request) on 127.0.0.1; OpenAPI at /openapi.json',
  access: 'none',
  options: (cmd) =>
    cmd
      .option('--host <host>', 'bind address (a non-loopback address requires a bearer token)')
      .option('--port <n>', 'port (0: any free port)', int({ min: 0, max: 65_535 })),
  async run(ctx, { opts }) {
    const { serve } = await import('../../serve/api.js');
    const { loadConfiguredModel } = await import('../../pipeline/sentiment.js');
    const config = ctx.config;
    const token = ctx.env[config.server.tokenEnv];
    const { app, url } = await serve(storeTarget(config), {
      host: opts.host ?? config.server.host,
      port: opts.port ?? config.server.port,
      token,
      loadModel: () => loadConfiguredModel(config),
    });
    ctx.logger.info({ url, db: redact(storeTarget(config)), auth: !!token }, 'serving');
    await untilSignalled();
    await app.close();
    return undefined;
  },
});

export const fixtureServer = defineCommand<{ port: number }>()({
  path: 'fixture-server',
  description: 'serve the committed fixture feeds, pages and API payloads on 127.0.0.1 (for the fixtures config)',
  access: 'none',
  options: (cmd) => cmd.option('--port <n>', 'port', int({ min: 0, max: 65_535 }), 47811),
  async run(_ctx, { opts }) {
    const { startFixtureServer } = await import('../../sample/fixture-server.js');
    const { SAMPLE_TOKEN } = await import('../../sample/sources.js');
    const server = await startFixtureServer({ token: SAMPLE_TOKEN, port: opts.port });
    process.stderr.write(`fixture server on ${server.url} (X bearer token: ${SAMPLE_TOKEN}); Ctrl-C stops it\n`);
    await untilSignalled();
    await server.close();
    return undefined;
  },
});
