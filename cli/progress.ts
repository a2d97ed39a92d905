import cliProgress from 'cli-progress';
import type { Progress } from '../pipeline/app-context.js';

/**
 * A progress bar on a terminal; periodic plain lines on stderr otherwise (cron, CI, pipes), so logs stay
 * readable. The CLI passes `noProgress` instead with --json.
 */
export function terminalProgress(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(10)} {bar} {value}/{total} {percentage}% | {rate}/s | eta {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const t0 = Date.now();
    return {
      update(done: number, total?: number) {
        if (!started) {
          bar.start(total ?? done, 0, { rate: 0 });
          started = true;
        }
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, { rate: Math.round(done / Math.max((Date.now() - t0) / 1000, 1e-3)) });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  const t0 = Date.now();
  return {
    update(done: number, total?: number) {
      const now = Date.now();
      if (now - last < 5000 && done !== total) return;
      last = now;
      process.stderr.write(
        `${label}: ${done}${total ? `/${total}` : ''} (${Math.round(done / Math.max((now - t0) / 1000, 1e-3))}/s)\n`,
      );
    },
    stop: () => {},
  };
}
