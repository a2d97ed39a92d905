import path from 'node:path';
import { PROJECT_ROOT } from '../../core/config.js';

/** The full shared datasets; `.ci/run` sets FINSENT_DATA, the default is the checkout's sibling. */
export const DATA = process.env.FINSENT_DATA ?? path.resolve(PROJECT_ROOT, '../shared/data');
export const data = (...p: string[]) => path.join(DATA, ...p);
