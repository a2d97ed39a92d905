import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/config.js';

export const DATA = process.env.FINSENT_DATA ?? path.resolve(PROJECT_ROOT, '../shared/data');
/** The vector ISA flags that decide int8 kernel speed and rounding (from /proc/cpuinfo; empty off Linux). */
export function isaFlags(): string {
  let flags: string[] = [];
  try {
    flags =
      readFileSync('/proc/cpuinfo', 'utf8')
        .match(/^flags\s*:\s*(.*)$/m)?.[1]
        .split(/\s+/) ?? [];
  } catch {
    return 'flags unknown';
  }
  const wanted = ['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni', 'amx_tile', 'amx_int8'];
  const have = wanted.filter((f) => flags.includes(f));
  return have.length ? have.join(' ') : 'no avx2';
}

/** The CPU every recorded figure names: model, core count, ISA flags, Node version. */
export const machine = () =>
  `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'} (${isaFlags()}), Node ${process.version}`;

/** Median wall time of `runs` calls (after `warmup` unmeasured ones), in seconds. */
export async function timeIt<T>(
  fn: () => Promise<T> | T,
  runs = 3,
  warmup = 0,
): Promise<{ seconds: number; all: number[]; result: T }> {
  let result!: T;
  for (let i = 0; i < warmup; i++) result = await fn();
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    all.push((performance.now() - t0) / 1000);
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { seconds: sorted[Math.floor(sorted.length / 2)], all, result };
}

/** Samples the process's peak resident memory while `fn` runs. */
export async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(t);
  }
}
