import { NonRetryableError } from '../../core/errors.js';
import type { TextExplanation } from '../../nlp/explain.js';
import { defineCommand } from '../command.js';
import { writeStdout } from '../output.js';
import { int } from '../parse.js';
import { type ModelOpts, modelOptions, modelOverrides } from './score.js';

/** The text with its strongest words coloured (green pushes positive, red negative) when stdout is a terminal. */
function highlight(e: TextExplanation, top: number): string {
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  const strongest = new Set(
    [...e.words]
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
      .slice(0, top)
      .map((w) => w.start),
  );
  let out = '';
  let at = 0;
  for (const w of e.words) {
    out += e.text.slice(at, w.start);
    const marked = strongest.has(w.start) && w.contribution !== 0;
    const code = w.contribution > 0 ? 32 : 31;
    if (marked) out += colour ? `\u001b[1;${code}m${w.word}\u001b[0m` : `[${w.word}]`;
    else out += w.word;
    at = w.end;
  }
  return out + e.text.slice(at);
}

export const explain = defineCommand<ModelOpts & { top: number }>()({
  path: 'explain <text>',
  description: 'why the sentiment model scores a text: per-word contributions by leave-one-word-out occlusion',
  access: 'none',
  options: (cmd) => modelOptions(cmd).option('--top <n>', 'words to highlight', int({ min: 1, max: 100 }), 5),
  overrides: modelOverrides,
  async run(ctx, { args: [text] }) {
    // Checked before the model loads: an empty text has no words to take out, and its score would explain nothing.
    if (!text.trim()) throw new NonRetryableError('explain needs a text with words in it; the one given is empty');
    const { loadConfiguredModel } = await import('../../pipeline/sentiment.js');
    const { explainTexts } = await import('../../nlp/explain.js');
    const model = await loadConfiguredModel(ctx.config);
    try {
      const [e] = await explainTexts(model, [text]);
      return { model: model.id, ...e };
    } finally {
      await model.dispose();
    }
  },
  print: (r, { opts }) => {
    const p = r.probabilities;
    writeStdout(`${highlight(r, opts.top)}\n`);
    writeStdout(
      `${r.label}: p(pos) ${p.positive.toFixed(3)}, p(neg) ${p.negative.toFixed(3)}, p(neu) ${p.neutral.toFixed(3)}; ` +
        `score ${r.score.toFixed(3)} (${r.model})\n`,
    );
    const top = [...r.words].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, opts.top);
    for (const w of top) writeStdout(`  ${w.contribution >= 0 ? '+' : ''}${w.contribution.toFixed(3)}  ${w.word}\n`);
  },
});
