/**
 * JSON schemas of the API's routes. Fastify validates every query string against them before a handler runs,
 * and @fastify/swagger turns them into the OpenAPI document (`serve/openapi.json` is generated, never edited).
 * Response shapes sit under `x-response`: documented, but not used to serialize (rows go out as stored).
 */

import { TICKER_SYMBOL } from '../core/tickers.js';

const day = { type: 'string', format: 'date', description: 'YYYY-MM-DD' } as const;
const ticker = {
  type: 'string',
  pattern: TICKER_SYMBOL.source,
  description: 'a ticker of the universe or with prices; unknown tickers are a 400',
} as const;
const model = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'model id (default: the most used)',
} as const;
const format = {
  type: 'string',
  enum: ['json', 'csv'],
  description: 'csv for text/csv (also chosen by Accept: text/csv)',
} as const;

const nullable = (type: string) => ({ type, nullable: true });

export const SCHEMAS = {
  Error: { $id: 'Error', type: 'object', properties: { error: { type: 'string' } } },
  Document: {
    $id: 'Document',
    type: 'object',
    properties: Object.fromEntries(
      [
        ['id', 'integer'],
        ['source', 'string'],
        ['kind', 'string'],
        ['published_at', 'string'],
        ['tickers', 'string'],
        ['title', 'string'],
        ['body', 'string'],
        ['url', 'string'],
        ['author', 'string'],
        ['model_id', 'string'],
        ['label', 'string'],
        ['score', 'number'],
        ['p_positive', 'number'],
        ['p_negative', 'number'],
        ['p_neutral', 'number'],
      ].map(([k, t]) => [k, nullable(t)]),
    ),
  },
  DailySentiment: {
    $id: 'DailySentiment',
    type: 'object',
    properties: Object.fromEntries(
      [
        ['day', 'string'],
        ['ticker', 'string'],
        ['model_id', 'string'],
        ['n', 'integer'],
        ['mean_score', 'number'],
        ['pos_share', 'number'],
        ['neg_share', 'number'],
        ['dispersion', 'number'],
        ['n_news', 'integer'],
        ['n_social', 'integer'],
        ['n_filing', 'integer'],
        ['adj_close', 'number'],
        ['weight', 'number'],
      ].map(([k, t]) => [k, nullable(t)]),
    ),
  },
  Signal: {
    $id: 'Signal',
    type: 'object',
    properties: {
      day: { type: 'string' },
      ticker: { type: 'string' },
      model_id: { type: 'string' },
      p_up: { type: 'number' },
      direction: { type: 'string', enum: ['up', 'down'] },
      confidence: { type: 'number' },
      created_at: { type: 'string' },
    },
  },
  Weight: {
    $id: 'Weight',
    type: 'object',
    properties: {
      day: { type: 'string' },
      model_id: { type: 'string' },
      method: { type: 'string', enum: ['long-only', 'long-short'] },
      ticker: { type: 'string' },
      weight: { type: 'number' },
      expected_return: { type: 'number' },
      created_at: { type: 'string' },
    },
  },
  Run: {
    $id: 'Run',
    type: 'object',
    properties: {
      id: { type: 'integer' },
      kind: { type: 'string' },
      status: { type: 'string' },
      started_at: { type: 'string' },
      finished_at: nullable('string'),
      stages: { type: 'array', items: { type: 'object' } },
      error: nullable('string'),
    },
  },
} as const;

const list = (ref: string, description: string, extra: Record<string, unknown> = {}) => ({
  200: {
    description,
    content: {
      'application/json': {
        schema: { type: 'object', properties: { ...extra, data: { type: 'array', items: { $ref: `${ref}#` } } } },
      },
      'text/csv': { schema: { type: 'string' } },
    },
  },
  400: { description: 'invalid parameter', content: { 'application/json': { schema: { $ref: 'Error#' } } } },
});

const query = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

export const ROUTES = {
  health: {
    summary: 'liveness, the newest document id and the latest signalled session',
    security: [],
    'x-response': {
      200: {
        description: 'ok',
        type: 'object',
        properties: {
          status: { type: 'string' },
          lastDocumentId: nullable('integer'),
          latestSignalDay: nullable('string'),
        },
      },
    },
  },
  documents: {
    summary: 'documents with their sentiment, newest first; filters combine',
    querystring: query({
      ticker,
      minRelevance: {
        type: 'number',
        minimum: 0,
        maximum: 1,
        description: "with ticker: only documents about it at least this much (a link's relevance, 0 to 1)",
      },
      from: day,
      to: day,
      q: { type: 'string', minLength: 1, maxLength: 200, description: 'full-text search (FTS5 syntax)' },
      label: { type: 'string', enum: ['positive', 'negative', 'neutral'] },
      source: { type: 'string', minLength: 1, maxLength: 100 },
      model,
      sort: {
        type: 'string',
        enum: ['newest', 'relevance'],
        description: 'newest first (the default), or BM25 relevance to q',
        default: 'newest',
      },
      page: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 },
      pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
      format,
    }),
    'x-response': list('Document', 'documents', { page: { type: 'integer' }, pageSize: { type: 'integer' } }),
  },
  sentimentDaily: {
    summary: 'daily sentiment series of one ticker, with the adjusted close',
    querystring: query({ ticker, from: day, to: day, model, format }, ['ticker']),
    'x-response': list('DailySentiment', 'daily rows', { ticker: { type: 'string' } }),
  },
  signals: {
    summary: 'signals for one session',
    querystring: query({ date: day, model, ticker, format }, ['date']),
    'x-response': list('Signal', 'signals', { date: { type: 'string' } }),
  },
  documentExplain: {
    summary: 'why the sentiment model scored a document: per-word contributions to p(pos) − p(neg) by occlusion',
    params: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
    },
    'x-response': {
      200: {
        description: 'one explanation per scored unit (the title, then body sentences), in document order',
        type: 'object',
        properties: {
          id: { type: 'integer' },
          model: { type: 'string' },
          units: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                part: { type: 'string', enum: ['title', 'body'] },
                text: { type: 'string' },
                score: { type: 'number' },
                label: { type: 'string' },
                words: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      word: { type: 'string' },
                      start: { type: 'integer' },
                      end: { type: 'integer' },
                      contribution: { type: 'number' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      404: { description: 'no such document', type: 'object', properties: { error: { type: 'string' } } },
      503: { description: 'no sentiment model configured for this server', type: 'object' },
    },
  },
  signalExplain: {
    summary: 'why a stored signal says what it says: integrated gradients by feature, family and step, and documents',
    params: {
      type: 'object',
      required: ['ticker', 'date'],
      properties: { ticker, date: day },
    },
    'x-response': {
      200: { description: 'the explanation (see finsent explain-signal --json)', type: 'object' },
      404: { description: 'no such signal, or its model is gone', type: 'object' },
    },
  },
  portfolio: {
    summary: 'stored portfolio weights of one session (finsent portfolio), by method and model',
    querystring: query({ date: day, method: { type: 'string', enum: ['long-only', 'long-short'] }, model, format }, [
      'date',
    ]),
    'x-response': list('Weight', 'weights', { date: { type: 'string' } }),
  },
  signalsLatest: {
    summary: 'signals for the latest session that has any',
    querystring: query({ model, ticker, format }),
    'x-response': list('Signal', 'signals', { date: nullable('string') }),
  },
  runs: {
    summary: 'recent pipeline runs',
    querystring: query({ limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } }),
    'x-response': list('Run', 'runs'),
  },
} as const;

export const OPENAPI_INFO = {
  openapi: '3.0.3',
  info: {
    title: 'finsent read-only API',
    version: '0.1.0',
    description:
      'Sentiment, daily aggregates and trading signals from a finsent store. Read-only. When a bearer token is ' +
      'configured, every route except /health needs `Authorization: Bearer <token>`.',
  },
  servers: [{ url: 'http://127.0.0.1:8787' }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  security: [{ bearer: [] }, {}],
} as const;
