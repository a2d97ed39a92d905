import Fastify, { type FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import type { DB } from '../db/store.js';
import { dailySentiment, knownTicker, queryDocuments, signalsFor } from '../db/queries.js';
import { listRuns } from '../db/runs.js';
import { openStore, type Store } from '../db/store.js';
import { EXPORT_COLUMNS, formatRows } from './export.js';
import { openApiDocument } from './openapi.js';

export interface ApiOptions {
  token?: string;
  host?: string;
  logger?: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const day = { type: 'string', format: 'date' } as const;
const format = { type: 'string', enum: ['json', 'csv'] } as const;

/**
 * The read-only API. Every query parameter is checked by a JSON schema before a handler runs (a 400 names
 * the parameter), unknown tickers are a 400, and values reach SQL only as bound parameters. A bearer
 * token, when set, is required on every route but /health; binding off loopback without one is refused.
 */
export function buildApi(store: Store, o: ApiOptions = {}): FastifyInstance {
  if (o.host && !LOOPBACK.test(o.host) && !o.token)
    throw new Error(
      `refusing to serve on ${o.host} without a bearer token (set the token environment variable named by server.tokenEnv)`,
    );
  const app = Fastify({
    logger: o.logger ?? false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });
  const db: DB = store.db;
  const expected = o.token ? Buffer.from(`Bearer ${o.token}`) : null;

  app.addHook('onRequest', async (req, reply) => {
    if (!expected || req.url === '/health') return;
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected))
      return reply.code(401).send({ error: 'missing or wrong bearer token' });
  });
  app.setErrorHandler((err: { validation?: unknown; message: string; statusCode?: number }, _req, reply) => {
    if (err.validation) return reply.code(400).send({ error: `bad request: ${err.message}` });
    return reply
      .code(err.statusCode ?? 500)
      .send({ error: err.statusCode && err.statusCode < 500 ? err.message : 'internal error' });
  });
  const send = (
    reply: any,
    rows: Record<string, unknown>[],
    columns: readonly string[],
    fmt: string | undefined,
    accept: string | undefined,
    extra: Record<string, unknown> = {},
  ) => {
    if (fmt === 'csv' || (!fmt && accept?.includes('text/csv')))
      return reply.type('text/csv; charset=utf-8').send(formatRows(rows, columns, 'csv'));
    return { ...extra, data: rows };
  };
  const checkTicker = (t: string | undefined) => {
    if (t && !knownTicker(db, t)) throw Object.assign(new Error(`unknown ticker: ${t}`), { statusCode: 400 });
  };

  // max(id) is an index lookup; count(*) would scan the table on every health check.
  app.get('/health', async () => ({
    status: 'ok',
    lastDocumentId: (db.prepare('SELECT max(id) n FROM documents').get() as { n: number | null }).n,
    latestSignalDay: (db.prepare('SELECT max(day) d FROM signals').get() as { d: string | null }).d,
  }));
  app.get('/openapi.json', async () => openApiDocument());

  app.get(
    '/documents',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ticker: { type: 'string', pattern: '^[A-Za-z.\\-]{1,10}$' },
            from: day,
            to: day,
            q: { type: 'string', minLength: 1, maxLength: 200 },
            label: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
            source: { type: 'string', maxLength: 100 },
            model: { type: 'string', maxLength: 200 },
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            format,
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query as {
        ticker?: string;
        from?: string;
        to?: string;
        q?: string;
        label?: 'positive';
        source?: string;
        model?: string;
        page: number;
        pageSize: number;
        format?: string;
      };
      checkTicker(q.ticker);
      let rows: ReturnType<typeof queryDocuments>;
      try {
        rows = queryDocuments(db, { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
      } catch (e) {
        // A malformed FTS5 expression is the client's error, not ours.
        if (q.q && ((e as { cause?: { code?: string } }).cause?.code ?? '').startsWith('SQLITE_ERROR'))
          throw Object.assign(new Error(`bad full-text query (FTS5 syntax): ${q.q}`), { statusCode: 400 });
        throw e;
      }
      return send(reply, rows as never, EXPORT_COLUMNS.docs, q.format, req.headers.accept, {
        page: q.page,
        pageSize: q.pageSize,
      });
    },
  );

  app.get(
    '/sentiment/daily',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['ticker'],
          additionalProperties: false,
          properties: {
            ticker: { type: 'string', pattern: '^[A-Za-z.\\-]{1,10}$' },
            from: day,
            to: day,
            model: { type: 'string', maxLength: 200 },
            format,
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { ticker: string; from?: string; to?: string; model?: string; format?: string };
      checkTicker(q.ticker);
      return send(reply, dailySentiment(db, q) as never, EXPORT_COLUMNS.sentiment, q.format, req.headers.accept, {
        ticker: q.ticker.toUpperCase(),
      });
    },
  );

  const signalsSchema = {
    querystring: {
      type: 'object',
      additionalProperties: false,
      properties: {
        date: day,
        model: { type: 'string', maxLength: 200 },
        ticker: { type: 'string', pattern: '^[A-Za-z.\\-]{1,10}$' },
        format,
      },
    },
  };
  app.get(
    '/signals',
    { schema: { querystring: { ...signalsSchema.querystring, required: ['date'] } } },
    async (req, reply) => {
      const q = req.query as { date: string; model?: string; ticker?: string; format?: string };
      checkTicker(q.ticker);
      return send(reply, signalsFor(db, q) as never, EXPORT_COLUMNS.signals, q.format, req.headers.accept, {
        date: q.date,
      });
    },
  );
  app.get('/signals/latest', { schema: signalsSchema }, async (req, reply) => {
    const q = req.query as { model?: string; ticker?: string; format?: string };
    checkTicker(q.ticker);
    const rows = signalsFor(db, q);
    return send(reply, rows as never, EXPORT_COLUMNS.signals, q.format, req.headers.accept, {
      date: rows[0]?.day ?? null,
    });
  });
  app.get(
    '/runs',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
        },
      },
    },
    async (req) => ({ data: listRuns(store, (req.query as { limit: number }).limit) }),
  );
  return app;
}

/** Opens the database read-only and listens. */
export async function serve(
  dbPath: string,
  o: ApiOptions & { port: number },
): Promise<{ app: FastifyInstance; url: string }> {
  const store = openStore(dbPath, { readonly: true });
  const app = buildApi(store, o);
  app.addHook('onClose', async () => store.close());
  const url = await app.listen({ host: o.host ?? '127.0.0.1', port: o.port });
  return { app, url };
}
