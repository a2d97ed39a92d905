/**
 * Splitting a long document into the sentences it is scored by (nlp/units.ts): the first 64 sentences from a window
 * of the text, against segmenting all of it and keeping the first 64 (the code before 2026-12-08), in the same run.
 * V8's sentence segmenter takes time linear in the whole text for each sentence it steps over.
 * Usage: npm run bench:split-sentences [-- <KB,KB,...>]   (default 10,100,400; the old way grows with the square)
 */
import { splitSentences } from '../nlp/units.js';
import { machine, timeIt } from './util.js';

const SENTENCE = 'Acme beats estimates on strong sales, while costs, margins and cash flow held. ';
console.log(`splitting a long document into its first 64 sentences, ${machine()}`);
const rows = [];
const sizes = (process.argv[2] ?? '10,100,400').split(',').map(Number);
if (sizes.some((kb) => !(kb > 0))) throw new Error(`sizes in KB, comma-separated: ${process.argv[2]}`);
for (const kb of sizes) {
  const text = SENTENCE.repeat(Math.ceil((kb * 1024) / SENTENCE.length));
  const windowed = await timeIt(() => splitSentences(text, 64), 3);
  const whole = await timeIt(() => splitSentences(text).slice(0, 64), 1);
  rows.push({
    'text KB': kb,
    'first 64, windowed s': +windowed.seconds.toFixed(4),
    'all, then first 64 s': +whole.seconds.toFixed(4),
    speedup: +(whole.seconds / windowed.seconds).toFixed(1),
  });
}
console.table(rows);
