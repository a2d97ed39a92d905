const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };

/** Escapes text for HTML/SVG content and attribute values. */
export const esc = (s: unknown) => String(s ?? '').replace(/[<>&"]/g, (c) => ESCAPES[c]);

type Attrs = Record<string, string | number | undefined>;

/** One element: `el('text', { x: 4, y: 16 }, 'title')`; attribute values and text are escaped. */
export function el(name: string, attrs: Attrs, content?: string): string {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  return content === undefined ? `<${name}${a}/>` : `<${name}${a}>${content}</${name}>`;
}

/** A standalone SVG document of the given size. */
export function svgDoc(width: number, height: number, body: string): string {
  const attrs = { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}` };
  return el('svg', { ...attrs, 'font-family': 'sans-serif' }, body);
}
