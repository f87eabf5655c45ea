#!/usr/bin/env node
// Search index size and query latency of a built site, with the theme's own search.js.
//
//   node benches/search_latency.mjs PUBLIC_DIR [RUNS]
//
// Size: the files under search/ (total, gzipped, and what a first query downloads: the
// manifest, the shards its words need and the fragments of the results shown).
// Latency: each query is run cold (a new engine: the manifest and shards read from disk and
// parsed, as on a first search) and warm (shards already loaded, as while typing), plus
// loading and parsing the fragments of the first 10 results; medians of RUNS runs.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const search = require("../themes/default/static/search.js");
const dir = process.argv[2];
const runs = Number(process.argv[3] || 21);
if (!dir) { console.error("usage: search_latency.mjs PUBLIC_DIR [RUNS]"); process.exit(2); }
const root = join(dir, "search");

function walk(d) {
  return readdirSync(d).flatMap((f) => statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]);
}
const files = walk(root).filter((f) => f.endsWith(".json"));
let raw = 0, gz = 0;
const sizes = {};
for (const f of files) {
  const bytes = readFileSync(f);
  raw += bytes.length;
  const z = gzipSync(bytes).length;
  gz += z;
  const kind = f.includes("/t/") ? "shards" : f.includes("/d/") ? "fragments" : "manifest";
  sizes[kind] = sizes[kind] || { files: 0, raw: 0, gz: 0, max: 0 };
  sizes[kind].files++; sizes[kind].raw += bytes.length; sizes[kind].gz += z; sizes[kind].max = Math.max(sizes[kind].max, z);
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`index: ${files.length} files, ${kb(raw)} (${kb(gz)} gzipped)`);
for (const [k, s] of Object.entries(sizes)) {
  console.log(`  ${k}: ${s.files} files, ${kb(s.raw)} (${kb(s.gz)} gzipped, largest ${kb(s.max)} gzipped)`);
}

const downloaded = new Map();
function engine() {
  return new search.Engine((path) => {
    const name = path.split("?")[0];
    const bytes = readFileSync(join(root, name));
    downloaded.set(name, gzipSync(bytes).length);
    return Promise.resolve(JSON.parse(bytes));
  });
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const queries = ["microneedling", "micro-needling", "dermaroller", "pregnant", "HIV", "PRP", "acne scars", "side effects", "sun", "roller cleaning", "zzzqx"];
console.log("\nquery            results  cold ms  warm ms  +10 fragments ms  first-query download (gzipped)");
for (const q of queries) {
  const cold = [], warm = [], frag = [];
  let hits = 0, first = 0;
  for (let r = 0; r < runs; r++) {
    downloaded.clear();
    const e = engine();
    let t = performance.now();
    const res = await e.search(q);
    cold.push(performance.now() - t);
    t = performance.now();
    await e.search(q);
    warm.push(performance.now() - t);
    t = performance.now();
    const top = res.hits.slice(0, 10);
    const fr = await Promise.all(top.map((h) => e.fragment(h.doc)));
    fr.forEach((f) => search.snippet(f, res.terms));
    frag.push(performance.now() - t);
    hits = res.hits.length;
    first = [...downloaded.values()].reduce((a, b) => a + b, 0);
  }
  console.log(`${q.padEnd(16)} ${String(hits).padStart(7)} ${median(cold).toFixed(2).padStart(8)} ${median(warm).toFixed(2).padStart(8)} ${median(frag).toFixed(2).padStart(17)}  ${kb(first)}`);
}
