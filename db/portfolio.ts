import { type DB, stmt } from './store.js';

export interface WeightRow {
  day: string;
  model_id: string;
  method: string;
  ticker: string;
  weight: number;
  expected_return: number;
  created_at: string;
}

/** Replaces the weights of (day, model, method) with `rows` (call inside a transaction). */
export function replaceWeights(db: DB, day: string, model: string, method: string, rows: WeightRow[]): void {
  stmt(db, 'DELETE FROM portfolio_weights WHERE day = ? AND model_id = ? AND method = ?').run(day, model, method);
  const ins = stmt(
    db,
    `INSERT INTO portfolio_weights (day, model_id, method, ticker, weight, expected_return, created_at)
      VALUES (@day, @model_id, @method, @ticker, @weight, @expected_return, @created_at)`,
  );
  for (const r of rows) ins.run(r);
}

/** Stored weights for sessions in [from, to] and one method, optionally one model, by day then ticker. */
export function weightsBetween(
  db: DB,
  options: { from?: string; to?: string; method?: string; model?: string },
): WeightRow[] {
  return stmt(
    db,
    `SELECT day, model_id, method, ticker, weight, expected_return, created_at FROM portfolio_weights
      WHERE day >= @from AND day <= @to AND (@method IS NULL OR method = @method)
        AND (@model IS NULL OR model_id = @model)
      ORDER BY day, method, ticker`,
  ).all({
    from: options.from ?? '0000',
    to: options.to ?? '9999',
    method: options.method ?? null,
    model: options.model ?? null,
  }) as WeightRow[];
}

/** The latest session with stored weights, or null. */
export function latestWeightsDay(db: DB): string | null {
  return (stmt(db, 'SELECT max(day) d FROM portfolio_weights').get() as { d: string | null }).d;
}
