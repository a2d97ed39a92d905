import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths.js';

const LAUNCHER = path.join(PROJECT_ROOT, 'scripts', 'measured-cli.mjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stderr without the launcher's memory line. */
  stderr: string;
  peakMiB: number | null;
  seconds: number;
}

/** A running `finsent` child whose result (output, exit, peak memory) arrives when it ends or is killed. */
export interface CliChild {
  process: ChildProcess;
  done: Promise<CliResult>;
}

/** Starts `finsent ...args` as a child (compiled CLI), with an optional wall-clock limit after which it is killed. */
export function startCli(args: string[], o: { env?: Record<string, string>; limitMs?: number } = {}): CliChild {
  const t0 = performance.now();
  const child = spawn(process.execPath, [LAUNCHER, ...args], {
    cwd: o.env?.FAULTS_CWD ?? PROJECT_ROOT,
    env: { ...process.env, FINSENT_LOG_LEVEL: 'error', ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b) => {
    stdout += b;
  });
  child.stderr?.on('data', (b) => {
    stderr += b;
  });
  const limit = o.limitMs ? setTimeout(() => child.kill('SIGKILL'), o.limitMs) : undefined;
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      const m = stderr.match(/\nFAULTS_MAXRSS_KB=(\d+)\n/);
      resolve({
        code,
        signal,
        stdout,
        stderr: stderr.replace(/\nFAULTS_MAXRSS_KB=\d+\n/, '').trim(),
        peakMiB: m ? Number(m[1]) / 1024 : null,
        seconds: (performance.now() - t0) / 1000,
      });
    });
  });
  return { process: child, done };
}

export const runCli = (args: string[], o: { env?: Record<string, string>; limitMs?: number } = {}) =>
  startCli(args, o).done;

/** True when stderr holds a JavaScript stack trace, which a user should never see without --verbose. */
export const hasStack = (stderr: string) => /\n\s+at .+\(.+:\d+:\d+\)|\n\s+at .+:\d+:\d+/.test(stderr);
