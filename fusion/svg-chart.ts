import { el, esc, svgDoc } from './svg.js';

export interface Series {
  name: string;
  points: [string, number][];
  color?: string;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

interface Frame {
  W: number;
  H: number;
  L: number;
  R: number;
  T: number;
  B: number;
}

/** The y range of the data with 5% padding; a flat series gets a unit range around its value. */
function yRange(ys: number[]): [number, number] {
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function axes(f: Frame, yLabel?: string): string {
  const { W, H, L, R, T, B } = f;
  const yAxis = el('line', { x1: L, x2: L, y1: T, y2: H - B, stroke: '#333' });
  const xAxis = el('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: '#333' });
  if (!yLabel) return yAxis + xAxis;
  const mid = (T + H - B) / 2;
  const attrs = { x: 14, y: mid, 'font-size': 11, transform: `rotate(-90 14 ${mid})`, 'text-anchor': 'middle' };
  return yAxis + xAxis + el('text', attrs, esc(yLabel));
}

function seriesPath(s: Series, X: (d: string) => number, Y: (v: number) => number, color: string): string {
  const d = s.points
    .filter((p) => Number.isFinite(p[1]))
    .map((p, i) => `${i ? 'L' : 'M'}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`)
    .join('');
  return el('path', { class: 'series', d, fill: 'none', stroke: color, 'stroke-width': 1.6 });
}

const finite = (series: Series[]) => series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);

/**
 * A dependency-free SVG line chart over date-keyed series (shared x axis), with axes, ticks and a legend.
 * `right` is drawn on the same date axis against its own scale, labelled on the right in its colour: two
 * quantities of different units (a price and a sentiment score) overlaid, their dates aligned.
 */
export function lineChartSvg(
  title: string,
  series: Series[],
  options: { width?: number; height?: number; yLabel?: string; percent?: boolean; right?: Series } = {},
): string {
  const right = options.right;
  const f: Frame = { W: options.width ?? 760, H: options.height ?? 320, L: 64, R: right ? 56 : 40, T: 48, B: 40 };
  const { W, H, L, R, T, B } = f;
  const all = right ? [...series, right] : series;
  const xs = [...new Set(all.flatMap((s) => s.points.map((p) => p[0])))].sort();
  const ys = finite(series);
  if (!xs.length || !ys.length) return svgDoc(W, H, el('text', { x: 20, y: 30 }, `${esc(title)}: no data`));
  const [lo, hi] = yRange(ys);
  const xi = new Map(xs.map((x, i) => [x, i]));
  const X = (d: string) => L + (xi.get(d)! / Math.max(xs.length - 1, 1)) * (W - L - R);
  const scale =
    ([a, b]: [number, number]) =>
    (v: number) =>
      T + (1 - (v - a) / (b - a)) * (H - T - B);
  const Y = scale([lo, hi]);
  const fmt = (v: number) => {
    if (options.percent) return `${(v * 100).toFixed(1)}%`;
    return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
  };
  const ticks = ([a, b]: [number, number]) => Array.from({ length: 5 }, (_, i) => a + ((b - a) * i) / 4);
  const nx = Math.min(6, xs.length);
  const xTicks = Array.from({ length: nx }, (_, i) => xs[Math.round((i * (xs.length - 1)) / Math.max(nx - 1, 1))]);
  const grid = ticks([lo, hi])
    .map((v) => {
      const line = el('line', { x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: '#eee' });
      return line + el('text', { x: L - 6, y: Y(v) + 4, 'font-size': 10, 'text-anchor': 'end' }, fmt(v));
    })
    .join('');
  const dates = xTicks
    .map((d) => el('text', { x: X(d), y: H - B + 16, 'font-size': 10, 'text-anchor': 'middle' }, d))
    .join('');
  const legend = (name: string, k: number, c: string) =>
    el('text', { x: L + 8 + k * 170, y: T - 12, fill: c, 'font-size': 12 }, `■ ${esc(name)}`);
  const lines = series
    .map((s, k) => {
      const c = s.color ?? PALETTE[k % PALETTE.length];
      return seriesPath(s, X, Y, c) + legend(s.name, k, c);
    })
    .join('');
  let overlay = '';
  const rightYs = right ? finite([right]) : [];
  if (right && rightYs.length) {
    const c = right.color ?? PALETTE[series.length % PALETTE.length];
    const range = yRange(rightYs);
    const YR = scale(range);
    const labels = ticks(range)
      .map((v) => el('text', { x: W - R + 6, y: YR(v) + 4, 'font-size': 10, fill: c }, v.toFixed(2)))
      .join('');
    const axis = el('line', { x1: W - R, x2: W - R, y1: T, y2: H - B, stroke: c });
    overlay = seriesPath(right, X, YR, c) + legend(`${right.name} (right axis)`, series.length, c) + labels + axis;
  }
  const heading = el('text', { x: L, y: 16, 'font-size': 14, 'font-weight': 'bold' }, esc(title));
  return svgDoc(W, H, `\n${heading}\n${grid}\n${dates}\n${axes(f, options.yLabel)}\n${lines}\n${overlay}\n`);
}

/** A horizontal bar chart: one labelled bar per item. */
export function barChartSvg(
  title: string,
  items: { label: string; value: number }[],
  options: { width?: number; color?: string } = {},
): string {
  const W = options.width ?? 560;
  const row = 22;
  const T = 28;
  const L = 190;
  const H = T + items.length * row + 10;
  const max = Math.max(1, ...items.map((i) => i.value));
  const bars = items
    .map((it, k) => {
      const w = ((W - L - 60) * it.value) / max;
      const y = T + k * row;
      const label = el('text', { x: L - 6, y: y + 14, 'font-size': 11, 'text-anchor': 'end' }, esc(it.label));
      const fill = options.color ?? '#1f77b4';
      const bar = el('rect', { class: 'bar', x: L, y: y + 3, width: w.toFixed(1), height: row - 6, fill });
      return label + bar + el('text', { x: L + w + 4, y: y + 14, 'font-size': 11 }, String(it.value));
    })
    .join('');
  return svgDoc(W, H, el('text', { x: 4, y: 16, 'font-size': 14, 'font-weight': 'bold' }, esc(title)) + bars);
}

/** A horizontal bar chart of signed values around a zero line: green for positive, red for negative. */
export function signedBarChartSvg(
  title: string,
  items: { label: string; value: number }[],
  options: { width?: number } = {},
) {
  const W = options.width ?? 480;
  const row = 22;
  const T = 28;
  const L = 150;
  const H = T + items.length * row + 10;
  const half = (W - L - 70) / 2;
  const zero = L + half;
  const max = Math.max(1e-12, ...items.map((i) => Math.abs(i.value)));
  const bars = items
    .map((it, k) => {
      const w = (half * Math.abs(it.value)) / max;
      const y = T + k * row;
      const x = it.value >= 0 ? zero : zero - w;
      const fill = it.value >= 0 ? '#2ca02c' : '#d62728';
      const label = el('text', { x: L - 6, y: y + 14, 'font-size': 11, 'text-anchor': 'end' }, esc(it.label));
      const bar = el('rect', { class: 'bar', x: x.toFixed(1), y: y + 3, width: w.toFixed(1), height: row - 6, fill });
      const value = el('text', { x: zero + half + 6, y: y + 14, 'font-size': 11 }, it.value.toFixed(4));
      return label + bar + value;
    })
    .join('');
  const axis = el('line', { x1: zero, x2: zero, y1: T, y2: H - 10, stroke: '#999' });
  return svgDoc(W, H, el('text', { x: 4, y: 16, 'font-size': 14, 'font-weight': 'bold' }, esc(title)) + bars + axis);
}
