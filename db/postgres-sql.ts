/**
 * The store's SQL is written once, in the dialect SQLite and PostgreSQL share (ON CONFLICT upserts, RETURNING,
 * COALESCE). What still differs is rewritten here, in one place: parameter markers (`?` and `@name` become
 * `$1`, `$2`, ...), `INSERT OR IGNORE` (an `ON CONFLICT DO NOTHING` clause), `group_concat` (`string_agg`) and
 * the NULL test of an optional text filter (`$1::text IS NULL`).
 * Anything else that differs (full-text search, rowid) is chosen per dialect where it is used (`sqlFor`).
 */
export interface TranslatedSql {
  text: string;
  /** Positional statements bind arguments in order; named ones bind these names in this order. */
  names: string[] | null;
  count: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Rewrites SQLite-flavoured SQL for PostgreSQL; string literals, quoted names and comments are left alone. */
export function translateForPostgres(sql: string): TranslatedSql {
  let out = '';
  let positional = 0;
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = closingQuote(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      positional++;
      out += `$${positional}`;
      i++;
    } else if (c === '@') {
      IDENT.lastIndex = i + 1;
      const m = IDENT.exec(sql);
      if (!m) {
        out += c;
        i++;
        continue;
      }
      let k = names.indexOf(m[0]);
      if (k < 0) k = names.push(m[0]) - 1;
      out += `$${k + 1}`;
      i += 1 + m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  if (positional && names.length) throw new Error(`mixed ? and named parameters in: ${sql.slice(0, 120)}`);
  return { text: rewriteClauses(out), names: names.length ? names : null, count: positional || names.length };
}

function closingQuote(sql: string, start: number): number {
  const q = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function rewriteClauses(sql: string): string {
  let text = sql.replace(/\bgroup_concat\s*\(/gi, 'string_agg(');
  // An optional filter (`@model IS NULL OR model_id = @model`) gives PostgreSQL no type for the parameter in
  // its NULL test; the store's optional filters are all text.
  text = text.replace(/(\$\d+)(\s+IS\s+(?:NOT\s+)?NULL)\b/gi, '$1::text$2');
  if (/^\s*INSERT\s+OR\s+IGNORE\s+INTO\b/i.test(text)) {
    text = text.replace(/^(\s*)INSERT\s+OR\s+IGNORE\s+INTO\b/i, '$1INSERT INTO');
    const returning = text.search(/\bRETURNING\b/i);
    text =
      returning < 0
        ? `${text.trimEnd()} ON CONFLICT DO NOTHING`
        : `${text.slice(0, returning)}ON CONFLICT DO NOTHING ${text.slice(returning)}`;
  }
  return text;
}
