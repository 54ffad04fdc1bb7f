// Small SVG charts for the report pages, drawn here (no library, no CDN).
// Every chart is readable without colour: values are written on the chart,
// series differ by pattern or marker shape as well as colour, target lines
// are dashed and labelled, and each chart has a title and a description
// (role="img"); the same figures are in a table beside it.
//
// stackedBars({title, description, categories: ["April 2024", ...],
//   series: [{label, values: [7, 7, 7], style: "good"}]})
// shareBars({title, description, bars: [{label, value (0..1), target (0..1), better}]})
// lineChart({title, description, categories, series: [{label, values (0..1|null), style}],
//   targets: [{label, value}]})

const NS = "http://www.w3.org/2000/svg";
let chartCount = 0;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function frame(width, height, title, description) {
  chartCount += 1;
  const titleId = `chart-title-${chartCount}`;
  const descId = `chart-desc-${chartCount}`;
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-labelledby": `${titleId} ${descId}`, width: "100%", preserveAspectRatio: "xMinYMin meet" },
  svg("title", { id: titleId }, title), svg("desc", { id: descId }, description));
  root.append(patterns());
  return root;
}

// Hatching so that segments differ in black and white too.
function patterns() {
  const defs = svg("defs");
  const hatch = (id, path) => defs.append(svg("pattern", { id, width: 8, height: 8, patternUnits: "userSpaceOnUse" },
    svg("path", { d: path, class: "chart__hatch" })));
  hatch("hatch-diagonal", "M0,8 L8,0");
  hatch("hatch-cross", "M0,0 L8,8 M0,8 L8,0");
  hatch("hatch-dots", "M3,3 h2 v2 h-2 z");
  return defs;
}

const FILL_PATTERN = { outstanding: null, good: "hatch-dots", requires_improvement: "hatch-diagonal", inadequate: "hatch-cross" };

const pct = (share) => `${Math.round(share * 100)}%`;

function legend(items, x, y) {
  const group = svg("g", { class: "chart__legend" });
  items.forEach((item, i) => {
    const ly = y + i * 22;
    group.append(item.swatch(x, ly), svg("text", { x: x + 24, y: ly + 12, class: "chart__label" }, item.label));
  });
  return group;
}

function segment(style, x, y, width, height) {
  const group = svg("g", {});
  group.append(svg("rect", { x, y, width, height, class: `chart__fill chart__fill--${style}` }));
  if (FILL_PATTERN[style]) group.append(svg("rect", { x, y, width, height, fill: `url(#${FILL_PATTERN[style]})` }));
  return group;
}

export function stackedBars({ title, description, categories, series }) {
  const width = 720, height = 300, left = 40, top = 20, plotHeight = 220, legendX = 520;
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = (legendX - left - 20) / Math.max(1, categories.length);
  const barWidth = Math.min(80, slot * 0.6);
  const root = frame(width, height, title, description);
  root.append(svg("line", { x1: left, y1: top + plotHeight, x2: legendX - 20, y2: top + plotHeight, class: "chart__axis" }));
  categories.forEach((category, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    let y = top + plotHeight;
    for (const s of series) {
      const value = s.values[i] ?? 0;
      if (!value) continue;
      const h = (value / max) * plotHeight;
      y -= h;
      root.append(segment(s.style, x, y, barWidth, h));
      if (h >= 14) {
        root.append(svg("text", { x: x + barWidth / 2, y: y + h / 2 + 5, class: "chart__value", "text-anchor": "middle" }, value));
      }
    }
    root.append(svg("text", { x: x + barWidth / 2, y: y - 6, class: "chart__label", "text-anchor": "middle" }, `${totals[i]}`),
      svg("text", { x: x + barWidth / 2, y: top + plotHeight + 20, class: "chart__label", "text-anchor": "middle" }, category));
  });
  root.append(legend(series.map((s) => ({ label: s.label, swatch: (x, y) => segment(s.style, x, y, 16, 16) })), legendX, top));
  return root;
}

export function shareBars({ title, description, bars }) {
  const rowHeight = 34, labelWidth = 330, plotWidth = 330, top = 10;
  const width = labelWidth + plotWidth + 60, height = top + bars.length * rowHeight + 30;
  const root = frame(width, height, title, description);
  const xOf = (share) => labelWidth + share * plotWidth;
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    root.append(svg("text", { x: labelWidth - 8, y: y + 18, class: "chart__label", "text-anchor": "end" }, bar.label));
    if (bar.value === null || bar.value === undefined) {
      root.append(svg("text", { x: labelWidth + 6, y: y + 19, class: "chart__label" }, "no figure"));
    } else {
      root.append(svg("rect", { x: labelWidth, y: y + 5, width: Math.max(1, bar.value * plotWidth), height: 18,
        class: `chart__fill chart__fill--${bar.rag ?? "none"}` }),
      svg("text", { x: xOf(bar.value) + 6, y: y + 19, class: "chart__value-outside" }, pct(bar.value)));
    }
    if (bar.target !== null && bar.target !== undefined) {
      root.append(svg("line", { x1: xOf(bar.target), y1: y + 1, x2: xOf(bar.target), y2: y + 27, class: "chart__target" }));
    }
  });
  const axisY = top + bars.length * rowHeight + 4;
  root.append(svg("line", { x1: labelWidth, y1: axisY, x2: labelWidth + plotWidth, y2: axisY, class: "chart__axis" }));
  for (const tick of [0, 0.5, 1]) {
    root.append(svg("text", { x: xOf(tick), y: axisY + 18, class: "chart__label", "text-anchor": "middle" }, pct(tick)));
  }
  root.append(svg("text", { x: 0, y: axisY + 18, class: "chart__label" }, "Dashed line: target"));
  return root;
}

const MARKERS = {
  good_or_better: (x, y) => svg("circle", { cx: x, cy: y, r: 5, class: "chart__marker chart__marker--good_or_better" }),
  requires_improvement: (x, y) => svg("rect", { x: x - 5, y: y - 5, width: 10, height: 10, class: "chart__marker chart__marker--requires_improvement" }),
  inadequate: (x, y) => svg("path", { d: `M${x},${y - 6} L${x + 6},${y + 5} L${x - 6},${y + 5} Z`, class: "chart__marker chart__marker--inadequate" }),
};

export function lineChart({ title, description, categories, series, targets }) {
  const width = 720, height = 320, left = 44, top = 16, plotWidth = 470, plotHeight = 230, legendX = 540;
  const root = frame(width, height, title, description);
  const xOf = (i) => left + (categories.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (categories.length - 1));
  const yOf = (share) => top + plotHeight - share * plotHeight;
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(svg("line", { x1: left, y1: yOf(tick), x2: left + plotWidth, y2: yOf(tick), class: "chart__grid" }),
      svg("text", { x: left - 6, y: yOf(tick) + 5, class: "chart__label", "text-anchor": "end" }, pct(tick)));
  }
  for (const target of targets ?? []) {
    root.append(svg("line", { x1: left, y1: yOf(target.value), x2: left + plotWidth, y2: yOf(target.value), class: "chart__target" }),
      svg("text", { x: left + plotWidth + 4, y: yOf(target.value) + 4, class: "chart__label chart__label--small" }, target.label));
  }
  categories.forEach((category, i) => {
    if (categories.length > 6 && i % 2 === 1) return;
    root.append(svg("text", { x: xOf(i), y: top + plotHeight + 20, class: "chart__label chart__label--small", "text-anchor": "middle" }, category));
  });
  for (const s of series) {
    const points = s.values.map((v, i) => (v === null || v === undefined ? null : [xOf(i), yOf(v)]));
    const path = points.reduce((d, p, i) => (p ? `${d}${d && points[i - 1] ? " L" : " M"}${p[0]},${p[1]}` : d), "");
    root.append(svg("path", { d: path.trim(), class: `chart__line chart__line--${s.style}` }));
    points.forEach((p) => { if (p) root.append(MARKERS[s.style](p[0], p[1])); });
  }
  root.append(legend(series.map((s) => ({ label: s.label, swatch: (x, y) => MARKERS[s.style](x + 8, y + 8) })), legendX, top + 40));
  return root;
}
