import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../core/config.js';
import { NonRetryableError } from '../../core/errors.js';
import type { Sentiment } from '../labels.js';

export interface LabelledItem {
  id: string;
  text: string;
  label?: Sentiment;
  gold?: number;
  kind: 'news' | 'social';
}
export interface EvalDataset {
  name: string;
  items: LabelledItem[];
  hasGold: boolean;
  note?: string;
}

import { DATASETS, type DatasetName } from './dataset-names.js';

export { DATASETS, type DatasetName };

/** The FinBERT-protocol split written by training/run_all.sh (row positions and text hashes). */
export const FPB_SPLIT = path.join(PROJECT_ROOT, 'training/splits/fpb-50agree-finbert.json');

function need(dir: string, file: string): string {
  const p = path.join(dir, file);
  if (!existsSync(p)) throw new NonRetryableError(`${file} not found in ${dir}`);
  return p;
}

/** Financial PhraseBank lines: Latin-1, CRLF, `sentence@label` split on the last '@'. */
export function readPhrasebank(file: string): { text: string; label: Sentiment }[] {
  return readFileSync(file)
    .toString('latin1')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim())
    .map((l) => {
      const at = l.lastIndexOf('@');
      return { text: l.slice(0, at).trim(), label: l.slice(at + 1).trim() as Sentiment };
    });
}

const sha16 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);

function fpbTest(dir: string): LabelledItem[] {
  const rows = readPhrasebank(need(dir, 'Sentences_50Agree.txt'));
  const split = JSON.parse(readFileSync(FPB_SPLIT, 'utf8')) as {
    rows: number;
    test: { row: number; sha256_16: string }[];
  };
  if (rows.length !== split.rows)
    throw new NonRetryableError(
      `Sentences_50Agree.txt has ${rows.length} rows; the FinBERT split was made on ${split.rows}`,
    );
  return split.test.map(({ row, sha256_16 }) => {
    if (sha16(rows[row].text) !== sha256_16)
      throw new NonRetryableError(`Sentences_50Agree.txt row ${row} differs from the row the split was made on`);
    return { id: `fpb-${row}`, text: rows[row].text, label: rows[row].label, kind: 'news' as const };
  });
}

const TFNS: Record<string, Sentiment> = { '0': 'negative', '1': 'positive', '2': 'neutral' };
const goldOf = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

/** JSON.parse that keeps long integer ids as strings: 18-digit tweet ids lose precision as doubles. */
export function parseJsonKeepingIds(text: string): any {
  return JSON.parse(text.replace(/("id"\s*:\s*)(\d{16,})/g, '$1"$2"'));
}

/** Reads a named benchmark from its own folder, in its original file names and formats. */
export function loadDataset(name: DatasetName, dir: string): EvalDataset {
  switch (name) {
    case 'fpb':
      return { name, items: fpbTest(dir), hasGold: true };
    case 'fpb-allagree': {
      const all = new Set(readPhrasebank(need(dir, 'Sentences_AllAgree.txt')).map((r) => r.text));
      return {
        name,
        items: fpbTest(dir).filter((i) => all.has(i.text)),
        hasGold: true,
        note: 'AllAgree sentences inside the FinBERT-protocol test split',
      };
    }
    case 'tfns': {
      const rows = parse(readFileSync(need(dir, 'sent_valid.csv')), { columns: true }) as {
        text: string;
        label: string;
      }[];
      return {
        name,
        items: rows.map((r, i) => ({ id: `tfns-${i}`, text: r.text, label: TFNS[r.label], kind: 'social' as const })),
        hasGold: true,
      };
    }
    case 'semeval-headlines': {
      const goldFile = path.join(dir, 'Headlines_Testdata_withscores.json');
      const gold = existsSync(goldFile)
        ? new Map(
            (JSON.parse(readFileSync(goldFile, 'utf8')) as any[]).map((g) => [
              `${g.id}|${g.company}`,
              goldOf(g['sentiment score']),
            ]),
          )
        : null;
      const rows = JSON.parse(readFileSync(need(dir, 'Headlines_Testdata.json'), 'utf8')) as {
        id: number;
        company: string;
        title: string;
      }[];
      return {
        name,
        hasGold: !!gold,
        items: rows.map((r) => ({
          id: `${r.id}|${r.company}`,
          text: r.title,
          gold: gold?.get(`${r.id}|${r.company}`),
          kind: 'news' as const,
        })),
      };
    }
    case 'semeval-microblogs': {
      const goldFile = path.join(dir, 'Microblogs_Testdata_withscores.json');
      const gold = existsSync(goldFile)
        ? new Map(
            (parseJsonKeepingIds(readFileSync(goldFile, 'utf8')) as any[]).map((g) => [
              String(g.id),
              goldOf(g['sentiment score']),
            ]),
          )
        : null;
      // The unlabelled test file holds the annotated spans, not the message text; the task scored spans.
      // One record's spans is a number in the original file; it is scored as its text rather than dropped.
      const rows = parseJsonKeepingIds(readFileSync(need(dir, 'Microblogs_Testdata.json'), 'utf8')) as {
        id: string;
        spans: unknown;
      }[];
      return {
        name,
        hasGold: !!gold,
        items: rows.map((r) => ({
          id: String(r.id),
          text: Array.isArray(r.spans) ? r.spans.join(' ') : String(r.spans ?? ''),
          gold: gold?.get(String(r.id)),
          kind: 'social' as const,
        })),
      };
    }
  }
}
