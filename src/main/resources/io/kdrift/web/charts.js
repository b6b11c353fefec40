/*
 * kdrift's charts, drawn by uPlot (MIT, bundled in the jar): the report (kdrift report) inlines this file, the live page
 * (GET /) loads it from /assets/charts.js. One definition of how a score series, a threshold, an alert, a clamped
 * p-value and a distribution are drawn.
 */
(function (global) {
  "use strict";
  const COLOURS = ["#0969da", "#8250df", "#1a7f37", "#bc4c00"];
  const STATUS_COLOURS = {ok: "#1a7f37", warming_up: "#8c959f", insufficient_data: "#d4a72c"};
  const SEVERITY_FILL = {critical: "rgba(207,34,46,0.16)", warning: "rgba(212,167,44,0.22)", info: "rgba(9,105,218,0.10)"};
  /** A log axis goes no lower than this: a p-value of 0 (or below) is drawn here and marked. */
  const LOG_FLOOR_MIN = 1e-20;

  function fmt(v) {
    if (v === null || v === undefined || (typeof v === "number" && isNaN(v))) return "–";
    if (typeof v !== "number") return String(v);
    const a = Math.abs(v);
    if (a === 0) return "0";
    if (a < 1e-3 || a >= 1e6) return v.toExponential(2);
    if (a >= 1000) return Math.round(v).toLocaleString("en-US");
    return String(Math.round(v * 1000) / 1000);
  }

  /** A count: whole numbers without decimals, soft counts (sums of probabilities) with one. */
  function count(v) {
    if (typeof v !== "number") return "–";
    return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", {maximumFractionDigits: 1});
  }

  function time(ms) {
    return new Date(ms).toISOString().replace("T", " ").replace(/:00\.000Z$/, "Z").replace(/\.000Z$/, "Z");
  }

  function html(tag, text, parent, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }

  /** A bin's label, shortened for an axis: "[30763.0, 45000.0)" reads "30,763–45,000", "(350084.0, +inf)" reads "> 350,084". */
  function shortBin(label) {
    const m = /^([[(])(-inf|[-0-9.eE+]+), (\+inf|[-0-9.eE+]+)([\])])$/.exec(label);
    if (!m) return label.length > 16 ? label.slice(0, 15) + "…" : label;
    const n = s => fmt(Number(s));
    if (m[2] === "-inf") return "< " + n(m[3]);
    if (m[3] === "+inf") return "> " + n(m[2]);
    return n(m[2]) + "–" + n(m[3]);
  }

  /** The lowest decade below every positive value (and threshold) of a log axis, but no lower than LOG_FLOOR_MIN. */
  function logFloor(values) {
    let min = Infinity;
    for (const v of values) if (typeof v === "number" && v > 0 && v < min) min = v;
    if (min === Infinity) return 1e-6;
    return Math.max(LOG_FLOOR_MIN, Math.pow(10, Math.floor(Math.log10(min)) - 1));
  }

  /**
   * Ticks of a log axis: whole decades only, at most seven, labelled by their exponent (uPlot's own log ticks loop forever
   * below about 1e-16, and it rounds what it passes to a label function to too few decimals: the labels are made here).
   */
  function decades(u, axisIdx, min, max) {
    const lo = Math.ceil(Math.log10(min) - 1e-9), hi = Math.floor(Math.log10(max) + 1e-9);
    const step = Math.max(1, Math.ceil((hi - lo) / 6));
    const exponents = [];
    for (let e = hi; e >= lo; e -= step) exponents.unshift(e);
    u.kdriftDecades = exponents;
    return exponents.map(e => Math.pow(10, e));
  }

  function decadeLabels(u) {
    return (u.kdriftDecades || []).map(e => e === 0 ? "1" : "1e" + e);
  }

  /** Time ticks in UTC, 24-hour: the date where it changes (and on the first tick), the time on every tick. */
  function timeTicks(u, splits) {
    let day = null;
    return splits.map(v => {
      const iso = new Date(v * 1000).toISOString();
      const d = iso.slice(5, 10), hm = iso.slice(11, 16);
      const label = d !== day ? hm + "\n" + d : hm;
      day = d;
      return label;
    });
  }

  function width(parent, fallback) {
    const w = parent && parent.clientWidth ? parent.clientWidth : 0;
    return Math.max(320, Math.min(fallback, w ? w - 4 : fallback));
  }

  /**
   * A line chart over windows. spec: {title, points: [{t (ms, window end), status, currentCount, ...fields}],
   * series: [{key, label}], thresholds: [{value, label, severity}], alerts: [{from, to, severity, rule, open}], log, width, height}.
   * Hover shows the window, its status and events and every value as recorded (a clamped one too); a strip under
   * the plot shows each window's status; drag zooms, double-click resets, a click on a legend entry hides its series.
   */
  function line(parent, spec) {
    const wrap = html("div", null, parent, "kchart line");
    wrap.dataset.metric = spec.series[0].key;
    const title = html("div", spec.title, wrap, "ktitle");
    const pts = spec.points;
    const scored = pts.filter(p => spec.series.some(s => typeof p[s.key] === "number"));
    wrap.dataset.points = String(scored.length);
    if (scored.length === 0) {
      html("div", "no score yet: the reference is still filling, or the windows had too few events", wrap, "kempty");
      return wrap;
    }
    const thresholds = spec.thresholds || [];
    let floor = null;
    if (spec.log) {
      const all = thresholds.map(t => t.value);
      for (const p of pts) for (const s of spec.series) all.push(p[s.key]);
      floor = logFloor(all);
    }
    const clamped = [];
    const data = [pts.map(p => p.t / 1000)];
    spec.series.forEach((s, si) => data.push(pts.map((p, i) => {
      const v = p[s.key];
      if (typeof v !== "number" || !isFinite(v)) return null;
      if (floor !== null && v < floor) {
        clamped.push([si + 1, i]);
        return floor;
      }
      return v;
    })));
    if (clamped.length) {
      const zeros = clamped.filter(([si, i]) => pts[i][spec.series[si - 1].key] === 0).length;
      html("span", " ▼ " + clamped.length + " below " + fmt(floor) + (zeros ? " (" + (zeros === clamped.length ? "all" : zeros) + " of them exactly 0)" : "")
        + ", drawn at " + fmt(floor), title, "kclamped");
    }
    wrap.dataset.clamped = String(clamped.length);
    const tip = html("div", null, wrap, "ktip");
    const alerts = spec.alerts || [];
    const opts = {
      width: spec.width || width(parent, 460),
      height: spec.height || 220,
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      cursor: {drag: {x: true, y: false}},
      legend: {show: true, live: false},
      scales: {
        x: {time: true},
        y: spec.log ? {distr: 3, log: 10, range: (u, min, max) => [floor, Math.max(1, max)]}
          : {range: (u, min, max) => {
            let lo = Math.min(0, min === null ? 0 : min), hi = max === null ? 1 : max;
            for (const t of thresholds) { lo = Math.min(lo, t.value); hi = Math.max(hi, t.value); }
            if (hi - lo < 1e-12) hi = lo + 1;
            return [lo, hi + (hi - lo) * 0.06];
          }},
      },
      axes: [{values: timeTicks}, spec.log ? {size: 62, splits: decades, values: decadeLabels}
        : {size: 62, values: (u, splits) => splits.map(v => fmt(v))}],
      series: [{label: "window end (UTC)", value: (u, v) => v === null ? "–" : time(v * 1000)}].concat(spec.series.map((s, i) => ({
        label: s.label || s.key,
        stroke: COLOURS[i % COLOURS.length],
        width: 1.5,
        dash: i > 0 ? [5, 3] : undefined,
        spanGaps: false,
        points: {size: 4},
      }))),
      hooks: {
        drawAxes: [u => {
          // alerts firing: shaded behind the lines
          const ctx = u.ctx, b = u.bbox;
          for (const a of alerts) {
            const x0 = Math.max(b.left, u.valToPos(a.from / 1000, "x", true));
            const x1 = Math.min(b.left + b.width, u.valToPos(a.to / 1000, "x", true));
            if (x1 < b.left || x0 > b.left + b.width) continue;
            ctx.fillStyle = SEVERITY_FILL[a.severity] || SEVERITY_FILL.info;
            ctx.fillRect(x0, b.top, Math.max(2, x1 - x0), b.height);
          }
        }],
        draw: [u => {
          wrap.dataset.yMin = String(u.scales.y.min);
          wrap.dataset.yMax = String(u.scales.y.max);
          const ctx = u.ctx, b = u.bbox, dpr = devicePixelRatio || 1;
          ctx.save();
          for (const t of thresholds) {
            const y = u.valToPos(t.value, "y", true);
            ctx.strokeStyle = t.severity === "critical" ? "#82071e" : "#cf222e";
            ctx.setLineDash([6 * dpr, 4 * dpr]);
            ctx.lineWidth = dpr;
            ctx.beginPath();
            ctx.moveTo(b.left, y);
            ctx.lineTo(b.left + b.width, y);
            ctx.stroke();
            ctx.setLineDash([]);
            ctx.fillStyle = ctx.strokeStyle;
            ctx.font = (10 * dpr) + "px system-ui, sans-serif";
            ctx.textAlign = "right";
            ctx.fillText(t.label, b.left + b.width - 2 * dpr, y - 3 * dpr);
          }
          // clamped values: a red triangle pointing down at the floor
          ctx.fillStyle = "#cf222e";
          for (const [si, i] of clamped) {
            if (!u.series[si].show) continue;
            const x = u.valToPos(u.data[0][i], "x", true), y = u.valToPos(floor, "y", true);
            ctx.beginPath();
            ctx.moveTo(x - 5 * dpr, y - 9 * dpr);
            ctx.lineTo(x + 5 * dpr, y - 9 * dpr);
            ctx.lineTo(x, y - 1 * dpr);
            ctx.fill();
          }
          // each window's status: a strip along the bottom of the plot
          for (let i = 0; i < pts.length; i++) {
            const x = u.valToPos(u.data[0][i], "x", true);
            const prev = i > 0 ? u.valToPos(u.data[0][i - 1], "x", true) : x - 6 * dpr;
            const next = i + 1 < pts.length ? u.valToPos(u.data[0][i + 1], "x", true) : x + 6 * dpr;
            ctx.fillStyle = STATUS_COLOURS[pts[i].status] || "#d0d7de";
            ctx.fillRect((prev + x) / 2, b.top + b.height - 4 * dpr, (next - prev) / 2, 4 * dpr);
          }
          ctx.restore();
        }],
        setCursor: [u => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || u.cursor.left < 0) {
            tip.style.display = "none";
            return;
          }
          const p = pts[i];
          const parts = [time(p.t)];
          if (p.status) parts.push(p.status.replace("_", " "));
          if (typeof p.currentCount === "number") parts.push(count(p.currentCount) + " events");
          for (const s of spec.series) parts.push((s.label || s.key) + " " + fmt(p[s.key]));
          for (const a of alerts) if (p.t >= a.from && p.t <= a.to) parts.push(a.rule + " firing");
          tip.textContent = parts.join(" · ");
          tip.style.display = "block";
        }],
      },
    };
    const u = new uPlot(opts, data, wrap);
    wrap.dataset.thresholds = String(thresholds.length);
    wrap.dataset.alerts = String(alerts.length);
    wrap.uplot = u;
    return wrap;
  }

  /**
   * Reference vs current share of every bin of one window, in the bins' own order (numeric bins by their edges).
   * spec: {title, bins: [{bin, referenceShare, currentShare}], referenceCount, currentCount}. Hover names the bin and
   * both shares and counts.
   */
  function distribution(parent, spec) {
    const wrap = html("div", null, parent, "kchart distribution");
    html("div", spec.title, wrap, "ktitle");
    const bins = spec.bins || [];
    wrap.dataset.bins = JSON.stringify(bins.map(b => b.bin));
    if (bins.length === 0) {
      html("div", "no distribution in this record", wrap, "kempty");
      return wrap;
    }
    const tip = html("div", null, wrap, "ktip");
    const n = bins.length;
    const every = Math.max(1, Math.ceil(n / 24));
    const labels = bins.map(b => shortBin(b.bin));
    const longest = Math.max(...labels.map(l => l.length));
    const bars = uPlot.paths.bars;
    const opts = {
      width: spec.width || Math.max(width(parent, 460), Math.min(1100, 60 + n * 26)),
      height: (spec.height || 220) + Math.min(90, longest * 5),
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      legend: {show: true, live: false},
      scales: {x: {time: false, range: () => [-0.6, n - 0.4]}, y: {range: (u, min, max) => [0, Math.max(0.01, max) * 1.08]}},
      axes: [
        {splits: () => bins.map((b, i) => i).filter(i => i % every === 0), values: (u, splits) => splits.map(i => labels[i] || ""),
          rotate: longest > 6 ? 40 : 0, size: 30 + Math.min(90, longest * 5), gap: 4},
        {size: 52, values: (u, splits) => splits.map(v => fmt(v))},
      ],
      series: [
        {label: "bin"},
        {label: "reference" + (typeof spec.referenceCount === "number" ? " (" + count(spec.referenceCount) + ")" : ""), fill: "#8c959f",
          stroke: "#6e7781", paths: bars({align: -1, size: [0.4, 40]}), points: {show: false}},
        {label: "current" + (typeof spec.currentCount === "number" ? " (" + count(spec.currentCount) + ")" : ""), fill: "#0969da",
          stroke: "#0550ae", paths: bars({align: 1, size: [0.4, 40]}), points: {show: false}},
      ],
      hooks: {
        setCursor: [u => {
          const i = u.cursor.idx;
          if (i === null || i === undefined || u.cursor.left < 0) {
            tip.style.display = "none";
            return;
          }
          const b = bins[i];
          const ofCount = (share, total) => typeof total === "number" ? " (" + count(Math.round(share * total * 10) / 10) + ")" : "";
          tip.textContent = b.bin + " · reference " + fmt(b.referenceShare) + ofCount(b.referenceShare, spec.referenceCount)
            + " · current " + fmt(b.currentShare) + ofCount(b.currentShare, spec.currentCount);
          tip.style.display = "block";
        }],
      },
    };
    wrap.uplot = new uPlot(opts, [bins.map((b, i) => i), bins.map(b => b.referenceShare), bins.map(b => b.currentShare)], wrap);
    return wrap;
  }

  /** The top contributors of a score record as a list: bin, both shares, KL term. */
  function contributors(parent, list) {
    const ul = html("ul", null, parent, "contributors");
    for (const c of list || []) {
      html("li", c.bin + ": " + fmt(c.referenceShare) + " of the reference, " + fmt(c.currentShare) + " of the window (KL term "
        + fmt(c.kl) + ")", ul);
    }
    return ul;
  }

  /** The thresholds ({"kl": [{rule, severity, signals, above | below}]}, RuleThresholds) of the rules on a metric that apply to a signal. */
  function thresholdsOf(thresholds, metric, signal) {
    const matches = glob => new RegExp("^" + glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$").test(signal);
    return ((thresholds || {})[metric] || [])
      .filter(t => t.signals.split(",").some(matches))
      .map(t => ({value: t.above !== undefined ? t.above : t.below, severity: t.severity,
        label: t.rule + (t.above !== undefined ? " > " : " < ") + fmt(t.above !== undefined ? t.above : t.below)}));
  }

  /** Alert spans of one series from its alert records: firing until resolved (or to lastT while still firing). */
  function alertSpans(alerts, lastT) {
    const spans = [], open = {};
    for (const a of alerts.slice().sort((p, q) => Date.parse(p.windowEnd) - Date.parse(q.windowEnd))) {
      if (a.status === "firing") {
        open[a.rule] = {rule: a.rule, severity: a.severity, from: Date.parse(a.startsAt || a.windowEnd), to: lastT, open: true};
      } else if (open[a.rule]) {
        open[a.rule].to = Date.parse(a.endsAt || a.windowEnd);
        open[a.rule].open = false;
        spans.push(open[a.rule]);
        delete open[a.rule];
      }
    }
    for (const r in open) spans.push(open[r]);
    return spans;
  }

  global.KdriftCharts = {line, distribution, contributors, alertSpans, thresholdsOf, fmt, count, time, html, shortBin, LOG_FLOOR_MIN};
})(typeof window !== "undefined" ? window : this);
