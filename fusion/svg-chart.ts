export interface Series {
  name: string;
  points: [string, number][];
  color?: string;
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

/** A dependency-free SVG line chart over date-keyed series (shared x axis), with axes, ticks and a legend. */
export function lineChartSvg(
  title: string,
  series: Series[],
  o: { width?: number; height?: number; yLabel?: string; percent?: boolean } = {},
): string {
  const W = o.width ?? 760,
    H = o.height ?? 320,
    L = 64,
    R = 40,
    T = 48,
    B = 40;
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort();
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  if (!xs.length || !ys.length)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><text x="20" y="30">${esc(title)}: no data</text></svg>`;
  let lo = Math.min(...ys),
    hi = Math.max(...ys);
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const xi = new Map(xs.map((x, i) => [x, i]));
  const X = (d: string) => L + (xi.get(d)! / Math.max(xs.length - 1, 1)) * (W - L - R);
  const Y = (v: number) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const fmt = (v: number) =>
    o.percent ? `${(v * 100).toFixed(1)}%` : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
  const yt = Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
  const xt = Array.from(
    { length: Math.min(6, xs.length) },
    (_, i) => xs[Math.round((i * (xs.length - 1)) / Math.max(Math.min(6, xs.length) - 1, 1))],
  );
  const lines = series
    .map((s, k) => {
      const c = s.color ?? PALETTE[k % PALETTE.length];
      const d = s.points
        .filter((p) => Number.isFinite(p[1]))
        .map((p, i) => `${i ? 'L' : 'M'}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`)
        .join('');
      return `<path class="series" d="${d}" fill="none" stroke="${c}" stroke-width="1.6"/><text x="${L + 8 + k * 170}" y="${T - 12}" fill="${c}" font-size="12">■ ${esc(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<text x="${L}" y="16" font-size="14" font-weight="bold">${esc(title)}</text>
${yt.map((v) => `<line x1="${L}" x2="${W - R}" y1="${Y(v)}" y2="${Y(v)}" stroke="#eee"/><text x="${L - 6}" y="${Y(v) + 4}" font-size="10" text-anchor="end">${fmt(v)}</text>`).join('')}
${xt.map((d) => `<text x="${X(d)}" y="${H - B + 16}" font-size="10" text-anchor="middle">${d}</text>`).join('')}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/>
${o.yLabel ? `<text x="14" y="${(T + H - B) / 2}" font-size="11" transform="rotate(-90 14 ${(T + H - B) / 2})" text-anchor="middle">${esc(o.yLabel)}</text>` : ''}
${lines}
</svg>`;
}

/** A horizontal bar chart: one labelled bar per item. */
export function barChartSvg(
  title: string,
  items: { label: string; value: number }[],
  o: { width?: number; color?: string } = {},
): string {
  const W = o.width ?? 560,
    row = 22,
    T = 28,
    L = 190;
  const H = T + items.length * row + 10;
  const max = Math.max(1, ...items.map((i) => i.value));
  const bars = items
    .map((it, k) => {
      const w = ((W - L - 60) * it.value) / max,
        y = T + k * row;
      return `<text x="${L - 6}" y="${y + 14}" font-size="11" text-anchor="end">${esc(it.label)}</text><rect class="bar" x="${L}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 6}" fill="${o.color ?? '#1f77b4'}"/><text x="${L + w + 4}" y="${y + 14}" font-size="11">${it.value}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif"><text x="4" y="16" font-size="14" font-weight="bold">${esc(title)}</text>${bars}</svg>`;
}
