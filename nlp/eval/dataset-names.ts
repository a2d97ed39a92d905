/** The benchmarks `finsent eval sentiment` knows (a module of its own so the CLI lists them cheaply). */
export const DATASETS = ['fpb', 'fpb-allagree', 'tfns', 'semeval-headlines', 'semeval-microblogs'] as const;
export type DatasetName = (typeof DATASETS)[number];
