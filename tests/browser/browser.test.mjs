// Browser tests of the shipped site in Debian's headless Chromium (/usr/bin/chromium, driven by
// playwright-core; no browser is downloaded):
// - axe-core finds no WCAG 2.1 A/AA violation on the pages of pages.mjs, at 1280 and 360 px,
//   in light and dark colour schemes;
// - searching for a word that only an article's body contains finds that article, from the
//   header box (with the keyboard) and on the search page;
// - an evidence marker after a sentence of an article leads to the page of its claim;
// - the live-reload overlay of `vetted serve` shows a lint finding;
// - screenshots of the home page, an article, an evidence page and search results go to
//   screenshots/.
//
// Needs a release build (VETTED_BIN, default target/release/vetted). Run with `npm test`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { PAGES, VIEWPORTS, SCHEMES, SCREENSHOTS } from "./pages.mjs";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const bin = process.env.VETTED_BIN || join(repo, "target/release/vetted");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = join(here, "screenshots");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain",
};

let tmp, out, server, base, browser;

// A static server for the built site, like a plain web host: index.html for folders, the
// site's 404.html with status 404 for anything missing, query strings ignored.
function serveStatic(dir) {
  return createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.includes("..")) { res.writeHead(400); res.end(); return; }
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(readFileSync(join(dir, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
}

function listen(srv) {
  return new Promise((ok) => srv.listen(0, "127.0.0.1", () => ok(srv.address().port)));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), "vetted-browser-"));
  out = join(tmp, "public");
  execFileSync(bin, ["build", "--root", repo, "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
  server = serveStatic(out);
  base = `http://127.0.0.1:${await listen(server)}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(viewport, scheme) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    colorScheme: scheme,
    reducedMotion: "reduce",
  });
  return { context, page: await context.newPage() };
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary.split("\n").slice(0, 3).join(" ")),
    }));
  });
}

for (const viewport of VIEWPORTS) {
  for (const scheme of SCHEMES) {
    test(`axe: no WCAG 2.1 AA violations at ${viewport.width} px, ${scheme}`, async () => {
      const { context, page } = await open(viewport, scheme);
      const failures = [];
      try {
        for (const p of PAGES) {
          await page.goto(base + p.path, { waitUntil: "load" });
          if (p.ready) await page.waitForSelector(p.ready, { timeout: 10000 });
          const violations = await axe(page);
          if (violations.length) failures.push({ page: p.path, violations });
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(failures, [], JSON.stringify(failures, null, 2));
    });
  }
}

// A word of one article's body that no title, description or heading of any article has, and
// that no other article contains: found from the built search fragments.
function bodyOnlyWord() {
  const dir = join(out, "search/d");
  const docs = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
  const words = (text) => new Set((text.toLowerCase().match(/[a-z]{7,}/g) || []));
  const seen = new Map();
  docs.forEach((d, k) => {
    const head = words([d.t, d.d, d.s, ...d.b.map((p) => p[1])].join(" "));
    for (const w of words(d.b.map((p) => p[2]).join(" "))) {
      if (!head.has(w)) seen.set(w, seen.has(w) ? -1 : k);
    }
    for (const w of head) seen.set(w, -1);
  });
  const candidates = [...seen].filter(([w, k]) => k >= 0 && !/s$/.test(w)).map(([w, k]) => [w, docs[k]]);
  candidates.sort((a, b) => a[0].localeCompare(b[0]));
  assert.ok(candidates.length > 0, "some word appears in one article body only");
  return candidates[Math.floor(candidates.length / 2)];
}

test("search finds a word that only an article's body contains, from the header box and the search page", async () => {
  const [word, doc] = bodyOnlyWord();
  const { context, page } = await open(VIEWPORTS[0], "light");
  try {
    await page.goto(base + "/", { waitUntil: "load" });
    await page.fill("#search-input", word);
    const first = page.locator("#search-results .search-list a").first();
    await first.waitFor({ timeout: 10000 });
    const hrefs = await page.locator("#search-results .search-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.some((h) => h.startsWith(doc.u)), `${word}: ${doc.u} not in ${hrefs}`);
    const mark = await page.locator("#search-results mark").first().textContent();
    assert.equal(mark.toLowerCase(), word, "the match is highlighted in the snippet");
    // Keyboard: ArrowDown moves into the results, Escape closes them.
    await page.focus("#search-input");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.closest("#search-results") !== null), true);
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#search-results").isHidden(), true);
    // Enter in the box opens the search page with every result.
    await page.fill("#search-input", word);
    await page.press("#search-input", "Enter");
    await page.waitForURL(/\/search\/\?q=/);
    await page.waitForSelector(".search-page-item");
    const results = await page.locator(".search-page-item a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(results.some((h) => h.startsWith(doc.u)), `${word}: ${doc.u} not in ${results}`);
  } finally {
    await context.close();
  }
});

test("search tolerates hyphens, plurals, joined words and synonyms", async () => {
  const { context, page } = await open(VIEWPORTS[0], "light");
  try {
    const count = async (q) => {
      await page.goto(base + "/search/?q=" + encodeURIComponent(q), { waitUntil: "load" });
      await page.waitForFunction(() => { const t = document.getElementById("search-page-status").textContent; return t && !t.startsWith("Searching"); });
      return page.locator(".search-page-item").count();
    };
    for (const q of ["microneedling", "micro-needling", "dermaroller", "derma rollers", "pregnant", "HIV", "PRP", "scars", "stretchmarks"]) {
      assert.ok((await count(q)) > 0, `no results for ${q}`);
    }
    // The title match comes first.
    await count("stretch marks");
    const first = await page.locator(".search-page-item .search-title").first().textContent();
    assert.match(first, /stretch marks/i);
  } finally {
    await context.close();
  }
});

test("without JavaScript the search box is a form to a page listing every article by section", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(base + "/", { waitUntil: "load" });
    assert.equal(await page.locator("#search-input").isVisible(), true);
    await page.fill("#search-input", "pregnant");
    await page.press("#search-input", "Enter");
    await page.waitForURL(/\/search\/\?q=pregnant/);
    const links = await page.locator(".search-browse .browse-list a").count();
    const articles = readdirSync(join(out, "search/d")).length;
    assert.equal(links, articles);
  } finally {
    await context.close();
  }
});

test("an evidence marker leads to the page of its claim", async () => {
  const { context, page } = await open(VIEWPORTS[1], "light");
  try {
    await page.goto(base + "/safety/side-effects/", { waitUntil: "load" });
    const marker = page.locator(".prose .claim-mark").first();
    const name = await marker.evaluate((a) => a.querySelector(".visually-hidden").textContent);
    const statement = name.match(/\u201c(.*)\u201d/)[1];
    const href = await marker.getAttribute("href");
    assert.match(href, /^\/evidence\/claims\/[a-z0-9-]+\/$/);
    // Reachable with the keyboard, with a visible focus style. A key pressed first puts the
    // page in keyboard mode (`:focus-visible` follows the last input, not the call).
    await page.bringToFront();
    await page.keyboard.press("Shift");
    await marker.focus();
    // The focus style shows within a frame or two of the focus, not always at once.
    const background = () => marker.evaluate((a) => getComputedStyle(a).backgroundColor);
    let shown = await background();
    for (let tries = 0; tries < 20 && shown === "rgba(0, 0, 0, 0)"; tries++) {
      await page.waitForTimeout(50);
      shown = await background();
    }
    assert.notEqual(shown, "rgba(0, 0, 0, 0)");
    await page.screenshot({ path: join(shots, "article-marker-phone.png") });
    await marker.click();
    await page.waitForURL(base + href);
    const title = await page.locator("h1").textContent();
    assert.ok(title.includes(statement), `${title} is not the claim "${statement}"`);
    // The claim page links back to the article's marker.
    const back = await page.locator(".claim-pages a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.ok(back.some((h) => h.startsWith("/safety/side-effects/#claim-mark-")), back.join(" "));
  } finally {
    await context.close();
  }
});

test("the live-reload overlay of vetted serve shows a lint finding", async () => {
  const site = join(tmp, "site");
  for (const part of ["content", "lints", "themes", "site.yaml"]) cpSync(join(repo, part), join(site, part), { recursive: true });
  writeFileSync(join(site, "content/basics/overlay-test.md"),
    "---\ntitle: Overlay test\ndescription: A page with a finding.\n---\nMicro-needling is completely safe for everyone.\n");
  const probe = createServer();
  const port = await listen(probe); // a free port, released for vetted serve
  await new Promise((ok) => probe.close(ok));
  const serve = spawn(bin, ["serve", "--root", site, "--port", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  serve.stderr.on("data", (d) => { log += d; });
  const { context, page } = await open(VIEWPORTS[0], "light");
  try {
    const url = `http://127.0.0.1:${port}/basics/overlay-test/#vetted-findings`;
    for (let i = 0; ; i++) {
      try { await page.goto(url, { waitUntil: "load" }); break; } catch (e) {
        if (i > 100) throw new Error("vetted serve did not start: " + log);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const panel = page.locator("#vetted-findings #vetted-panel");
    await panel.waitFor({ state: "visible", timeout: 10000 });
    const text = await panel.textContent();
    assert.match(text, /absolute-safety/);
    assert.match(text, /completely safe/i);
    await page.screenshot({ path: join(shots, "overlay-desktop.png") });
  } finally {
    await context.close();
    serve.kill();
  }
});

test("screenshots of the home page, an article, evidence pages and search results (desktop and 360 px)", async () => {
  for (const viewport of VIEWPORTS) {
    const { context, page } = await open(viewport, "light");
    try {
      for (const s of SCREENSHOTS) {
        await page.goto(base + s.path, { waitUntil: "load" });
        if (s.ready) await page.waitForSelector(s.ready);
        await page.screenshot({ path: join(shots, `${s.name}-${viewport.name}.png`), fullPage: s.name !== "article" });
      }
      // The search box as someone typing sees it.
      await page.goto(base + "/", { waitUntil: "load" });
      await page.fill("#search-input", "pregnant");
      await page.waitForSelector("#search-results .search-list a");
      await page.screenshot({ path: join(shots, `search-box-${viewport.name}.png`) });
    } finally {
      await context.close();
    }
  }
  assert.ok(readdirSync(shots).length >= 6);
});
