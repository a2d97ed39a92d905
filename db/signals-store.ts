import { type DB, stmt } from './store.js';

export interface SignalWrite {
  ticker: string;
  day: string;
  p_up: number;
  direction: 'up' | 'down';
  confidence: number;
}

/** Writes signals keyed by (ticker, day, model): writing again replaces, never duplicates. */
export function upsertSignals(db: DB, modelId: string, rows: readonly SignalWrite[], createdAt: string): void {
  const st = stmt(
    db,
    `INSERT INTO signals (ticker, day, model_id, p_up, direction, confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (ticker, day, model_id) DO UPDATE SET p_up = excluded.p_up, direction = excluded.direction,
      confidence = excluded.confidence, created_at = excluded.created_at`,
  );
  for (const r of rows) st.run(r.ticker, r.day, modelId, r.p_up, r.direction, r.confidence, createdAt);
}

/** Sessions with prices on or after `from` that have no signal from `modelId` yet. */
export function sessionsWithoutSignals(db: DB, modelId: string, from: string): string[] {
  const rows = stmt(
    db,
    `SELECT DISTINCT day FROM prices WHERE day >= ?
      AND day NOT IN (SELECT day FROM signals WHERE model_id = ?) ORDER BY day`,
  ).all(from, modelId) as { day: string }[];
  return rows.map((r) => r.day);
}

/** The model that wrote signals in [from, to] most recently. */
export function latestSignalModel(db: DB, from: string, to: string): string | null {
  const row = stmt(
    db,
    'SELECT model_id FROM signals WHERE day BETWEEN ? AND ? GROUP BY model_id ORDER BY max(created_at) DESC LIMIT 1',
  ).get(from, to) as { model_id: string } | undefined;
  return row?.model_id ?? null;
}

/** First and last signalled session that has prices (what a backtest can score). */
export function scorableSignalRange(db: DB): { lo: string | null; hi: string | null } {
  return stmt(db, 'SELECT min(day) lo, max(day) hi FROM signals WHERE day <= (SELECT max(day) FROM prices)').get() as {
    lo: string | null;
    hi: string | null;
  };
}

export function latestSignalDay(db: DB): string | null {
  return (stmt(db, 'SELECT max(day) d FROM signals').get() as { d: string | null }).d;
}

export interface StoredSignal {
  ticker: string;
  day: string;
  p_up: number;
}

/** Every stored signal of one model for sessions in [from, to], by session then ticker. */
export function signalsOfModel(db: DB, modelId: string, from: string, to: string): StoredSignal[] {
  return stmt(
    db,
    'SELECT ticker, day, p_up FROM signals WHERE model_id = ? AND day BETWEEN ? AND ? ORDER BY day, ticker',
  ).all(modelId, from, to) as StoredSignal[];
}
