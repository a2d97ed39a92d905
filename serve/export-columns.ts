/**
 * The stable export schemas (documented in docs/schema.md). Columns are only ever added at the end, never
 * renamed or reordered, so downstream readers keyed by position keep working.
 */
export const EXPORT_COLUMNS = {
  signals: ['day', 'ticker', 'model_id', 'p_up', 'direction', 'confidence', 'created_at'],
  sentiment: [
    'day',
    'ticker',
    'model_id',
    'n',
    'mean_score',
    'pos_share',
    'neg_share',
    'dispersion',
    'n_news',
    'n_social',
    'n_filing',
    'adj_close',
    'weight',
  ],
  docs: [
    'id',
    'source',
    'kind',
    'published_at',
    'tickers',
    'title',
    'body',
    'url',
    'author',
    'model_id',
    'label',
    'score',
    'p_positive',
    'p_negative',
    'p_neutral',
  ],
  portfolio: ['day', 'model_id', 'method', 'ticker', 'weight', 'expected_return', 'created_at'],
} as const;
export type ExportKind = keyof typeof EXPORT_COLUMNS;
