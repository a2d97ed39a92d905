import { defineCommand } from '../command.js';
import { printTable, writeStdout } from '../output.js';
import { day, ticker } from '../parse.js';

export const explainSignalCommand = defineCommand<{ ticker: string; date: string; top: string }>()({
  path: 'explain-signal',
  description: 'why a stored signal says what it says: integrated-gradient attributions and the documents behind it',
  access: 'read',
  options: (cmd) =>
    cmd
      .requiredOption('--ticker <t>', 'ticker', ticker)
      .requiredOption('--date <day>', 'session of the signal', day)
      .option('--top <n>', 'feature attributions to list', '10'),
  async run(ctx, { opts }) {
    const { explainStoredSignal } = await import('../../fusion/explain-stored.js');
    return explainStoredSignal(ctx.store(), opts.ticker, opts.date);
  },
  print: (e, { opts }) => {
    writeStdout(
      `${e.ticker} ${e.day}: P(up) ${e.pUp.toFixed(4)} (stored ${e.storedPUp.toFixed(4)}), baseline ` +
        `${e.baseline.toFixed(4)} (${e.model}); completeness error ${e.completenessError.toExponential(2)}\n`,
    );
    const fam = Object.entries(e.byFamily).map(([family, attribution]) => ({ family, attribution }));
    printTable(fam);
    printTable(
      e.byStep.map((attribution, step) => ({ step, attribution })),
      ['step', 'attribution'],
    );
    printTable(e.features.slice(0, Number(opts.top) || 10), ['step', 'feature', 'value', 'attribution']);
    writeStdout('documents behind the sentiment features, by |score| x weight (relevance share) in their session:\n');
    const docs = e.documents.map((d) => ({ ...d, text: d.title ?? d.text }));
    printTable(docs, ['session', 'source', 'published_at', 'score', 'relevance', 'contribution', 'text', 'url']);
  },
});
