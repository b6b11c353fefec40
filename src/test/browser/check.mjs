// Drives Debian's headless Chromium through a page of kdrift's and prints what a user would see, as JSON, for the Java
// tests to judge: console errors and uncaught exceptions, every chart (its metric, points, clamped values, y range,
// bins in drawn order) and the hover text under the cursor in the middle of each plot, and screenshots.
//
// node check.mjs STEPS_JSON   with steps: [{"goto": URL}, {"waitFor": CSS}, {"click": CSS}, {"fill": CSS, "text": T},
//                                           {"collect": NAME}, {"screenshot": PATH}, {"eval": JS, "as": NAME}]
import { chromium } from "playwright-core";

const steps = JSON.parse(process.argv[2]);
const out = { console: [], pageErrors: [], failedRequests: [], collected: {} };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", m => { if (m.type() === "error" || m.type() === "warning") out.console.push(m.type() + ": " + m.text() + " (" + (m.location() || {}).url + ")"); });
  page.on("pageerror", e => out.pageErrors.push(String(e.stack || e).split("\n").slice(0, 4).join(" | ")));
  page.on("requestfailed", r => out.failedRequests.push(r.url() + " " + (r.failure() || {}).errorText));
  for (const step of steps) {
    if (step.goto) await page.goto(step.goto, { waitUntil: "load" });
    else if (step.waitFor) await page.waitForSelector(step.waitFor, { timeout: step.timeout || 20000, state: "attached" });
    else if (step.click) await page.click(step.click);
    else if (step.fill) await page.fill(step.fill, step.text);
    else if (step.screenshot) await page.screenshot({ path: step.screenshot, fullPage: step.fullPage !== false });
    else if (step.eval) out.collected[step.as] = await page.evaluate(step.eval);
    else if (step.collect) out.collected[step.collect] = await collect(page, step.limit || 400);
    else throw new Error("unknown step " + JSON.stringify(step));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));

/** Every chart on the page, with the hover text at the middle of its plot. */
async function collect(page, limit) {
  const charts = [];
  const handles = await page.$$(".kchart");
  for (const h of handles.slice(0, limit)) {
    const info = await h.evaluate(e => ({
      kind: e.classList.contains("distribution") ? "distribution" : "line",
      title: (e.querySelector(".ktitle") || {}).textContent || "",
      metric: e.dataset.metric || null,
      points: e.dataset.points ? Number(e.dataset.points) : null,
      clamped: e.dataset.clamped ? Number(e.dataset.clamped) : 0,
      yMin: e.dataset.yMin !== undefined ? Number(e.dataset.yMin) : null,
      yMax: e.dataset.yMax !== undefined ? Number(e.dataset.yMax) : null,
      thresholds: e.dataset.thresholds ? Number(e.dataset.thresholds) : 0,
      alerts: e.dataset.alerts ? Number(e.dataset.alerts) : 0,
      bins: e.dataset.bins ? JSON.parse(e.dataset.bins) : null,
      canvas: !!e.querySelector("canvas"),
      section: (e.closest("[data-model]") || { dataset: {} }).dataset.model || null,
      signal: (e.closest("[data-signal]") || { dataset: {} }).dataset.signal || null,
    }));
    info.hover = null;
    const over = await h.$(".u-over");
    if (over) {
      await over.scrollIntoViewIfNeeded();
      const box = await over.boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.waitForTimeout(30);
        info.hover = await h.evaluate(e => { const t = e.querySelector(".ktip"); return t && t.style.display !== "none" ? t.textContent : null; });
        await page.mouse.move(0, 0);
      }
    }
    charts.push(info);
  }
  return charts;
}
