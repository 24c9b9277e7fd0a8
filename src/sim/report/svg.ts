// A few SVG primitives for the report's charts: a frame with axes and ticks, bars, polylines,
// a legend. Written by hand (no chart library): the charts are simple and this keeps the report
// a set of static files that open anywhere.
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

export function frame(width: number, height: number, x: [number, number], y: [number, number]): Frame {
  return { width, height, left: 56, right: 16, top: 48, bottom: 40, xMin: x[0], xMax: x[1] === x[0] ? x[0] + 1 : x[1], yMin: y[0], yMax: y[1] === y[0] ? y[0] + 1 : y[1] };
}

export const sx = (f: Frame, x: number) => f.left + ((x - f.xMin) / (f.xMax - f.xMin)) * (f.width - f.left - f.right);
export const sy = (f: Frame, y: number) => f.height - f.bottom - ((y - f.yMin) / (f.yMax - f.yMin)) * (f.height - f.top - f.bottom);

export function svgDoc(f: Pick<Frame, 'width' | 'height'>, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${f.width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="600">${esc(title)}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Axes with tick labels; `xLabel(v)` formats x ticks. */
export function axes(f: Frame, xTicks: number[], yTicks: number[], xLabel: (v: number) => string, yLabel: (v: number) => string, yTitle: string): string[] {
  const out = [
    `<line x1="${f.left}" y1="${f.height - f.bottom}" x2="${f.width - f.right}" y2="${f.height - f.bottom}" stroke="#333"/>`,
    `<line x1="${f.left}" y1="${f.top}" x2="${f.left}" y2="${f.height - f.bottom}" stroke="#333"/>`,
    `<text transform="translate(14 ${(f.top + f.height - f.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yTitle)}</text>`,
  ];
  for (const v of xTicks) out.push(`<text x="${f1(sx(f, v))}" y="${f.height - f.bottom + 14}" text-anchor="middle">${esc(xLabel(v))}</text>`);
  for (const v of yTicks) {
    const y = f1(sy(f, v));
    out.push(`<line x1="${f.left}" y1="${y}" x2="${f.width - f.right}" y2="${y}" stroke="#eee"/>`);
    out.push(`<text x="${f.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(yLabel(v))}</text>`);
  }
  return out;
}

export function polyline(f: Frame, pts: ReadonlyArray<[number, number]>, colour: string, width = 1.5, opacity = 1): string {
  if (pts.length === 0) return '';
  return `<polyline fill="none" stroke="${colour}" stroke-width="${width}" stroke-opacity="${opacity}" points="${pts.map(([x, y]) => `${f1(sx(f, x))},${f1(sy(f, y))}`).join(' ')}"/>`;
}

export function legend(x: number, y: number, items: ReadonlyArray<[string, string]>): string[] {
  return items.map(([label, colour], i) => `<rect x="${x + i * 110}" y="${y - 8}" width="10" height="10" fill="${colour}"/><text x="${x + i * 110 + 14}" y="${y + 1}">${esc(label)}</text>`);
}

/** Round tick values covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}
