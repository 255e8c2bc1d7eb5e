export interface Series {
  readonly name: string;
  readonly color: string;
  /** [x, y] points, both positive. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 84, right: 190, top: 48, bottom: 56 };

/** A self-contained log-log line chart as SVG text: decade grid lines, labelled axes, a legend. */
export function logLogChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  /** Labels of the decade grid lines; default formatY. */
  formatYTick?: (y: number) => string;
}): string {
  const { title, xLabel, yLabel, series, formatX, formatY } = options;
  const formatYTick = options.formatYTick ?? formatY;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const x0 = Math.floor(Math.log10(Math.min(...xs)));
  const x1 = Math.ceil(Math.log10(Math.max(...xs)));
  const y0 = Math.floor(Math.log10(Math.min(...ys)));
  const y1 = Math.max(y0 + 1, Math.ceil(Math.log10(Math.max(...ys))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - y0) / (y1 - y0)) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2 - MARGIN.right / 2 + MARGIN.left / 2}" y="24" text-anchor="middle" font-size="15" font-weight="600">${escape(title)}</text>`,
  );
  for (let d = x0; d <= x1; d++) {
    const x = +px(10 ** d).toFixed(1);
    out.push(
      `<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}" stroke="#e5e5e5"/>`,
      `<text x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" fill="#444">${escape(formatX(10 ** d))}</text>`,
    );
  }
  for (let d = y0; d <= y1; d++) {
    const y = +py(10 ** d).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${y + 4}" text-anchor="end" fill="#444">${escape(formatYTick(10 ** d))}</text>`,
    );
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#222">${escape(xLabel)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#222">${escape(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const d = s.points.map(([x, y], j) => `${j ? "L" : "M"}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.5"/>`);
    for (const [x, y] of s.points) {
      out.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="4" fill="${s.color}"><title>${escape(`${s.name}: ${formatY(y)} at ${formatX(x)}`)}</title></circle>`);
    }
    const ly = MARGIN.top + 16 + i * 22;
    const lx = MARGIN.left + plotW + 16;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"/>`,
      `<text x="${lx + 30}" y="${ly + 4}" fill="#222">${escape(s.name)}</text>`,
    );
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
