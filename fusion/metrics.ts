/** Matthews correlation coefficient for binary labels; 0 when a margin is empty. */
export function mcc(gold: number[], pred: number[]): number {
  let tp = 0,
    tn = 0,
    fp = 0,
    fn = 0;
  gold.forEach((g, i) => {
    const p = pred[i];
    if (g && p) tp++;
    else if (!g && !p) tn++;
    else if (p) fp++;
    else fn++;
  });
  const d = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return d ? (tp * tn - fp * fn) / d : 0;
}

export function accuracy(gold: number[], pred: number[]): number {
  return gold.length ? gold.filter((g, i) => g === pred[i]).length / gold.length : 0;
}

export function meanStd(xs: number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(xs.length - 1, 1)) };
}

/** A seeded PRNG (mulberry32) so shuffles and bootstraps are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle in place with the given PRNG. */
export function shuffleInPlace<T>(a: T[], random: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * Percentile bootstrap 95% interval of the seed-averaged metric: each resample of the samples is applied
 * to every seed's predictions, and the metric averaged over seeds.
 */
export function bootstrapCI(
  gold: number[],
  predsBySeed: number[][],
  metric: (g: number[], p: number[]) => number,
  reps = 1000,
  seed = 0,
): [number, number] {
  const r = rng(seed),
    n = gold.length,
    vals: number[] = [];
  if (!n) return [0, 0];
  for (let b = 0; b < reps; b++) {
    const idx = Array.from({ length: n }, () => Math.floor(r() * n));
    const g = idx.map((i) => gold[i]);
    vals.push(
      predsBySeed.reduce(
        (a, p) =>
          a +
          metric(
            g,
            idx.map((i) => p[i]),
          ),
        0,
      ) / predsBySeed.length,
    );
  }
  vals.sort((a, b) => a - b);
  return [vals[Math.floor(0.025 * reps)], vals[Math.floor(0.975 * reps) - 1]];
}
