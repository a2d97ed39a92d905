import { statSync } from 'node:fs';
import { NonRetryableError } from './errors.js';

/**
 * Refuses a missing path, or one of the wrong kind, before any database is opened or created.
 * @throws NonRetryableError "no such file: x.csv" / "not a folder: x"
 */
export function assertPath(target: string, kind: 'file' | 'folder'): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(target);
  } catch {
    throw new NonRetryableError(`no such ${kind}: ${target}`);
  }
  if (kind === 'file' ? !st.isFile() : !st.isDirectory()) throw new NonRetryableError(`not a ${kind}: ${target}`);
}
