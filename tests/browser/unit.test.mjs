// Unit tests of the theme's search.js under Node's test runner: word normalisation agrees with
// the index builder (src/render/search.rs) on tests/search/words.tsv, and queries, ranking and
// snippets work on a small index built in memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const here = new URL(".", import.meta.url);
const search = require(new URL("../../themes/default/static/search.js", here).pathname);

test("words are normalised as the index builder does", () => {
  const lines = readFileSync(new URL("../search/words.tsv", here), "utf8").split("\n");
  const phrases = [["derma", "roller"]];
  let cases = 0;
  for (const line of lines) {
    if (!line || line.startsWith("#")) continue;
    const [input, expected] = line.split("\t");
    assert.equal(search.termsOf(input, phrases).join(" "), expected, input);
    cases++;
  }
  assert.ok(cases > 10);
});

// A tiny index: doc 0 has "pregnancy" only in its body; doc 1 in its title.
function engineOver(files) {
  return new search.Engine((path) => {
    const name = path.split("?")[0];
    if (!(name in files)) return Promise.reject(new Error("no " + name));
    return Promise.resolve(files[name]);
  });
}

const files = {
  "index.json": {
    version: 1, build: "x", docs: 2, shards: [["a", "z"]],
    synonyms: [["prp", "plateletrichplasma", "vampirefacial"]], phrases: ["dermaroller", "plateletrichplasma"],
  },
  "t/0.json": {
    pregnancy: [0, 8 * 2, 1, 1 + 8],
    dermaroller: [0, 8],
    derma: [0, 8], roller: [0, 8],
    microneedling: [0, 4, 1, 8],
    plateletrichplasma: [1, 8],
    scar: [0, 1], scarring: [1, 8],
  },
  "d/0.json": { t: "Side effects", u: "/safety/side-effects/", s: "Safety", d: "Risks of micro-needling.",
    b: [["", "", "Intro text."], ["pregnancy", "Pregnancy", "Do not use a derma roller during pregnancy or when pregnant."]] },
  "d/1.json": { t: "Pregnancy and needling", u: "/safety/pregnancy/", s: "Safety", d: "d",
    b: [["", "", "Platelet-rich plasma is drawn from your blood; scarring is rare."]] },
};

test("a title match ranks above a body match", async () => {
  const r = await engineOver(files).search("pregnancy");
  assert.deepEqual(r.hits.map((h) => h.doc), [1, 0]);
});

test("spellings, joined words, synonyms and prefixes match", async () => {
  const e = engineOver(files);
  for (const q of ["micro-needling", "microneedling", "Micro needling"]) {
    const r = await e.search(q);
    assert.ok(r.hits.length >= 1, q);
  }
  assert.deepEqual((await e.search("dermaroller")).hits.map((h) => h.doc), [0]);
  assert.deepEqual((await e.search("derma roller")).hits.map((h) => h.doc), [0]);
  assert.deepEqual((await e.search("PRP")).hits.map((h) => h.doc), [1]);
  assert.deepEqual((await e.search("scars")).hits.map((h) => h.doc), [0, 1]);
});

test("snippets mark the matched words in the best part", async () => {
  const e = engineOver(files);
  const r = await e.search("pregnant derma roller");
  const frag = await e.fragment(0);
  const s = search.snippet(frag, r.terms);
  assert.equal(s.id, "pregnancy");
  const marked = s.pieces.filter((p) => p.mark).map((p) => p.text);
  assert.deepEqual(marked, ["derma roller", "pregnant"]);
});
