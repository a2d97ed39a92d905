import os from 'node:os';
import { CriticalError } from '../core/errors.js';
import type { Store } from './store.js';

export interface StageRecord {
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  counts: Record<string, unknown>;
  ms: number;
  error?: string;
}
export interface RunRow {
  id: number;
  kind: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  stages: string;
  error: string | null;
  pid: number | null;
  host: string | null;
  heartbeat_at: string | null;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Starts a run, refusing (CriticalError) while another run of the same kind is alive. A run whose process is
 * gone (same host, pid not running) or whose heartbeat is older than `staleMs` is marked abandoned, so a
 * crash never leaves the lock stuck. The check and the insert are one IMMEDIATE transaction.
 */
export function beginRun(
  store: Store,
  kind: string,
  options: { now?: Date; staleMs?: number; pid?: number } = {},
): number {
  const now = options.now ?? new Date();
  const host = os.hostname();
  return store.tx(() => {
    const running = store.db.prepare("SELECT * FROM runs WHERE kind = ? AND status = 'running'").all(kind) as RunRow[];
    for (const r of running) {
      const stale = now.getTime() - Date.parse(r.heartbeat_at ?? r.started_at) > (options.staleMs ?? 6 * 3600_000);
      const dead = r.host === host && r.pid != null && !alive(r.pid);
      if (stale || dead) {
        store.db
          .prepare("UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE id = ?")
          .run(now.toISOString(), `abandoned: ${dead ? `process ${r.pid} is gone` : 'no heartbeat'}`, r.id);
      } else {
        throw new CriticalError(
          `another ${kind} run (#${r.id}, pid ${r.pid} on ${r.host}, started ${r.started_at}) is still running; ` +
            'refusing to start a second one',
        );
      }
    }
    const row = store.db
      .prepare(
        `INSERT INTO runs (kind, started_at, status, pid, host, heartbeat_at) VALUES (?, ?, 'running', ?, ?, ?)
          RETURNING id`,
      )
      .get(kind, now.toISOString(), options.pid ?? process.pid, host, now.toISOString()) as { id: number };
    return Number(row.id);
  });
}

export function recordStage(store: Store, runId: number, stage: StageRecord): void {
  const row = store.db.prepare('SELECT stages FROM runs WHERE id = ?').get(runId) as { stages: string };
  const stages = [...JSON.parse(row.stages), stage];
  store.db
    .prepare('UPDATE runs SET stages = ?, heartbeat_at = ? WHERE id = ?')
    .run(JSON.stringify(stages), new Date().toISOString(), runId);
}

export function finishRun(store: Store, runId: number, status: 'ok' | 'failed', error?: string): void {
  store.db
    .prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?')
    .run(status, new Date().toISOString(), error ?? null, runId);
}

export function listRuns(store: Store, limit = 20): (Omit<RunRow, 'stages'> & { stages: StageRecord[] })[] {
  return (store.db.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map((r) => ({
    ...r,
    stages: JSON.parse(r.stages),
  }));
}
