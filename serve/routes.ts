import type { FastifyInstance, FastifyReply } from 'fastify';
import { getDocument, lastDocumentId } from '../db/documents.js';
import { explainTexts } from '../nlp/explain.js';
import type { SentimentModel } from '../nlp/model.js';
import { unitsOfStored } from '../nlp/units.js';
import { dailySentiment, isFtsSyntaxError, knownTicker, queryDocuments, signalsFor } from '../db/queries.js';
import { NonRetryableError } from '../core/errors.js';
import { weightsBetween } from '../db/portfolio.js';
import { explainStoredSignal } from '../fusion/explain-stored.js';
import type { FusionModel } from '../fusion/model-io.js';
import { listRuns } from '../db/runs.js';
import { latestSignalDay } from '../db/signals-store.js';
import type { Store } from '../db/store.js';
import { ROUTES } from './api-schemas.js';
import { EXPORT_COLUMNS, formatRows } from './export.js';

type Fmt = { format?: string };
const badRequest = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/** Loads the sentiment model the first time an explanation is asked for (it is heavy), then keeps it. */
export type ModelLoader = () => Promise<SentimentModel>;

/** The read-only routes over one store; every query string is validated by its schema first. */
export function registerRoutes(app: FastifyInstance, store: Store, loadModel?: ModelLoader): void {
  const db = store.db;
  const send = (
    reply: FastifyReply,
    rows: object[],
    columns: readonly string[],
    q: Fmt,
    accept: string | undefined,
    extra: Record<string, unknown> = {},
  ) => {
    if (q.format === 'csv' || (!q.format && accept?.includes('text/csv'))) {
      return reply.type('text/csv; charset=utf-8').send(formatRows(rows as never, columns, 'csv'));
    }
    return { ...extra, data: rows };
  };
  const checkTicker = (t: string | undefined) => {
    if (t && !knownTicker(db, t)) throw badRequest(`unknown ticker: ${t}`);
  };

  // max(id) is an index lookup; count(*) would scan the table on every health check.
  app.get('/health', { schema: ROUTES.health }, async () => ({
    status: 'ok',
    lastDocumentId: lastDocumentId(db),
    latestSignalDay: latestSignalDay(db),
  }));

  app.get('/documents', { schema: ROUTES.documents }, async (req, reply) => {
    type Q = Fmt & { ticker?: string; q?: string; label?: 'positive'; page: number; pageSize: number };
    const q = req.query as Q & { from?: string; to?: string; source?: string; model?: string; minRelevance?: number };
    checkTicker(q.ticker);
    if (q.minRelevance !== undefined && !q.ticker) throw badRequest('minRelevance needs ticker');
    let rows: ReturnType<typeof queryDocuments>;
    try {
      rows = queryDocuments(db, { ...q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    } catch (e) {
      // A malformed FTS5 expression is the client's error, not ours.
      if (q.q && isFtsSyntaxError(e)) throw badRequest(`bad full-text query (FTS5 syntax): ${q.q}`);
      throw e;
    }
    const page = { page: q.page, pageSize: q.pageSize };
    return send(reply, rows, EXPORT_COLUMNS.docs, q, req.headers.accept, page);
  });

  let model: Promise<SentimentModel> | undefined;
  app.addHook('onClose', async () => {
    if (model) await (await model).dispose();
  });
  app.get('/documents/:id/explain', { schema: ROUTES.documentExplain }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const doc = getDocument(db, id);
    if (!doc) return reply.code(404).send({ error: `no document ${id}` });
    if (!loadModel) return reply.code(503).send({ error: 'this server has no sentiment model to explain with' });
    model ??= loadModel();
    const m = await model;
    const units = unitsOfStored(doc).slice(0, 16);
    const explained = await explainTexts(
      m,
      units.map((u) => u.text),
    );
    return { id, model: m.id, units: explained.map((e, i) => ({ part: units[i].part, ...e })) };
  });

  app.get('/sentiment/daily', { schema: ROUTES.sentimentDaily }, async (req, reply) => {
    const q = req.query as Fmt & { ticker: string; from?: string; to?: string; model?: string };
    checkTicker(q.ticker);
    const rows = dailySentiment(db, q);
    return send(reply, rows, EXPORT_COLUMNS.sentiment, q, req.headers.accept, { ticker: q.ticker.toUpperCase() });
  });

  app.get('/signals', { schema: ROUTES.signals }, async (req, reply) => {
    const q = req.query as Fmt & { date: string; model?: string; ticker?: string };
    checkTicker(q.ticker);
    return send(reply, signalsFor(db, q), EXPORT_COLUMNS.signals, q, req.headers.accept, { date: q.date });
  });

  const fusionModels = new Map<string, Promise<FusionModel | undefined>>();
  app.get('/signals/:ticker/:date/explain', { schema: ROUTES.signalExplain }, async (req, reply) => {
    const { ticker, date } = req.params as { ticker: string; date: string };
    checkTicker(ticker);
    try {
      return await explainStoredSignal(store, ticker.toUpperCase(), date, fusionModels);
    } catch (err) {
      if (err instanceof NonRetryableError) return reply.code(404).send({ error: err.message });
      throw err;
    }
  });

  app.get('/portfolio', { schema: ROUTES.portfolio }, async (req, reply) => {
    const q = req.query as Fmt & { date: string; method?: string; model?: string };
    const rows = weightsBetween(db, { from: q.date, to: q.date, method: q.method, model: q.model });
    return send(reply, rows, EXPORT_COLUMNS.portfolio, q, req.headers.accept, { date: q.date });
  });

  app.get('/signals/latest', { schema: ROUTES.signalsLatest }, async (req, reply) => {
    const q = req.query as Fmt & { model?: string; ticker?: string };
    checkTicker(q.ticker);
    const rows = signalsFor(db, q);
    return send(reply, rows, EXPORT_COLUMNS.signals, q, req.headers.accept, { date: rows[0]?.day ?? null });
  });

  app.get('/runs', { schema: ROUTES.runs }, async (req) => ({
    data: listRuns(store, (req.query as { limit: number }).limit),
  }));
}
