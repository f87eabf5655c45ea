/* vetted default theme: full-text search, offline, from the static index that `vetted build`
 * writes to search/ (see src/render/search.rs for the format).
 *
 * Without JavaScript the header box is a plain form to /search/, which lists every article by
 * section. With it, typing shows the best matches under the box (ArrowDown/ArrowUp move
 * between them, Escape closes, Enter opens the one in focus or the full results page), and the
 * search page shows every result with a snippet around the match.
 *
 * Words are normalised exactly as the index builder does (tests/search/words.tsv is checked
 * against both): lower case without accents, hyphenated words as parts and joined, a light
 * stemmer for plurals and British/American spellings. A query word also matches words that
 * start with it, the synonyms of its group, and registered multi-word terms written joined.
 */
(function (factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) { module.exports = api; }
  if (typeof window !== "undefined" && typeof document !== "undefined") { api.boot(); }
})(function () {
  "use strict";

  // ---- words: must match src/render/search.rs ------------------------------------------------

  var MAP = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t",
    "\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"
  };

  function fold(text) {
    text = String(text || "").toLowerCase();
    if (text.normalize) { text = text.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
    return text.replace(/[ßæœøłđħıŧ\u2018\u2019\u2010\u2011]/g, function (c) { return MAP[c]; });
  }

  var WORD = /[\p{L}\p{N}]/u;
  var LETTER = /\p{L}/u;
  var DIGIT = /[0-9]/;

  function isWord(c) { return c !== undefined && WORD.test(c); }

  // Words of a folded text: [{parts: [...], start, end}] (offsets into the folded text).
  function compounds(folded) {
    var chars = Array.from(folded);
    var out = [];
    var parts = [];
    var part = "";
    var start = -1;
    var offset = 0;
    var offsets = [];
    for (var k = 0; k < chars.length; k++) { offsets.push(offset); offset += chars[k].length; }
    offsets.push(offset);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      var prev = chars[i - 1];
      var next = chars[i + 1];
      if (isWord(c)) {
        if (start < 0) { start = offsets[i]; }
        part += c;
      } else if (part && isWord(next)) {
        if (c === "'" && prev !== undefined && LETTER.test(prev)) {
          // "don't" is "dont"
        } else if ((c === "." || c === ",") && DIGIT.test(prev) && DIGIT.test(next)) {
          part += c;
        } else if (c === "-") {
          parts.push(part); part = "";
        } else {
          parts.push(part); part = "";
          out.push({ parts: parts, start: start, end: offsets[i] });
          parts = []; start = -1;
        }
      } else if (part) {
        parts.push(part); part = "";
        out.push({ parts: parts, start: start, end: offsets[i] });
        parts = []; start = -1;
      }
    }
    if (part) { parts.push(part); }
    if (parts.length) { out.push({ parts: parts, start: start, end: offsets[chars.length] }); }
    return out;
  }

  function stem(word) {
    var w = word;
    var len = function () { return Array.from(w).length; };
    if (len() <= 3 || /[0-9]/.test(w)) { return w; }
    if (/ies$/.test(w) && len() > 4) { w = w.slice(0, -3) + "y"; }
    else if (/es$/.test(w)) { w = w.slice(0, -2); }
    else if (/s$/.test(w) && !/(ss|us|is)$/.test(w)) { w = w.slice(0, -1); }
    if (/e$/.test(w) && len() > 3) { w = w.slice(0, -1); }
    if (/eing$/.test(w) && len() >= 6) { w = w.slice(0, -4) + "ing"; }
    if (/our$/.test(w) && len() >= 6) { w = w.slice(0, -3) + "or"; }
    if (/iz$/.test(w) && len() >= 6) { w = w.slice(0, -2) + "is"; }
    // anaesthetic -> anesthetic, oedema -> edema (before a consonant only)
    var chars = Array.from(w);
    var out = "";
    for (var k = 0; k < chars.length; k++) {
      var c = chars[k];
      var after = chars[k + 2];
      if ((c === "a" || c === "o") && chars[k + 1] === "e" && after !== undefined &&
          LETTER.test(after) && !/[aeiouy]/.test(after)) { continue; }
      out += c;
    }
    return out;
  }

  var STOP = {};

  function setStop(list) {
    STOP = {};
    (list || []).forEach(function (w) { STOP[w] = true; });
  }

  setStop(["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
    "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "which", "will",
    "with", "you", "your"]);

  // Index terms of a text, as the builder makes them (for tests). `phrases`: list of stemmed
  // word sequences.
  function termsOf(text, phrases) {
    var out = [];
    var words = compounds(fold(text));
    var stream = [];
    words.forEach(function (c) {
      c.parts.forEach(function (p) { if (!STOP[p]) { out.push(stem(p)); } });
      if (c.parts.length > 1) { out.push(stem(c.parts.join(""))); }
      c.parts.forEach(function (p) { stream.push([stem(p), p]); });
    });
    for (var k = 0; k < stream.length; k++) {
      (phrases || []).forEach(function (seq) {
        if (seq[0] !== stream[k][0] || k + seq.length > stream.length) { return; }
        for (var j = 0; j < seq.length; j++) { if (stream[k + j][0] !== seq[j]) { return; } }
        out.push(stem(stream.slice(k, k + seq.length).map(function (w) { return w[1]; }).join("")));
      });
    }
    return out;
  }

  // ---- queries --------------------------------------------------------------------------------

  // A query as terms; each term has forms {key, prefix, weight}. Every term must match.
  function parseQuery(query, meta) {
    var words = compounds(fold(query));
    var phrases = {};
    ((meta && meta.phrases) || []).forEach(function (p) { phrases[p] = true; });
    var terms = [];
    var i = 0;
    while (i < words.length) {
      var taken = 1;
      var key = null;
      for (var len = Math.min(4, words.length - i); len >= 2; len--) {
        var joined = stem(words.slice(i, i + len).map(function (w) { return w.parts.join(""); }).join(""));
        if (phrases[joined]) { key = joined; taken = len; break; }
      }
      var w = words[i];
      if (key === null) {
        if (w.parts.length === 1 && STOP[w.parts[0]]) { i++; continue; }
        key = stem(w.parts.join(""));
      }
      terms.push({ text: words.slice(i, i + taken).map(function (x) { return x.parts.join("-"); }).join(" "), forms: forms(key, meta) });
      i += taken;
    }
    return terms;
  }

  function forms(key, meta) {
    var out = [{ key: key, prefix: false, weight: 1 }];
    if (key.length >= 3) { out.push({ key: key, prefix: true, weight: 0.5 }); }
    ((meta && meta.synonyms) || []).forEach(function (group) {
      var inGroup = group.some(function (f) {
        return f.slice(-1) === "*" ? key.indexOf(f.slice(0, -1)) === 0 : f === key;
      });
      if (!inGroup) { return; }
      group.forEach(function (f) {
        if (f === key) { return; }
        if (f.slice(-1) === "*") { out.push({ key: f.slice(0, -1), prefix: true, weight: 0.7 }); }
        else { out.push({ key: f, prefix: false, weight: 0.8 }); }
      });
    });
    return out;
  }

  function fieldScore(code) {
    var s = 0;
    if (code & 1) { s += 100; }
    if (code & 2) { s += 30; }
    if (code & 4) { s += 15; }
    var tf = code >> 3;
    if (tf > 0) { s += 1 + Math.log(tf) / Math.LN2; }
    return s;
  }

  var MAX_PREFIX = 64;

  // An engine over an index; `fetchJson(path)` returns a promise of the parsed file at a path
  // relative to the search folder ("index.json", "t/0.json?v=...").
  function Engine(fetchJson) {
    this.fetchJson = fetchJson;
    this.meta = null;
    this.shards = {};
    this.docs = {};
  }

  Engine.prototype.load = function () {
    var self = this;
    if (!self.metaPromise) {
      self.metaPromise = self.fetchJson("index.json", true).then(function (meta) {
        self.meta = meta;
        if (meta.stop) { setStop(meta.stop); }
        return meta;
      }, function (err) { self.metaPromise = null; throw err; });
    }
    return self.metaPromise;
  };

  Engine.prototype.shard = function (k) {
    var self = this;
    if (!self.shards[k]) {
      self.shards[k] = self.fetchJson("t/" + k + ".json?v=" + self.meta.build).then(function (data) {
        var keys = Object.keys(data).sort();
        return { data: data, keys: keys };
      }, function (err) { delete self.shards[k]; throw err; });
    }
    return self.shards[k];
  };

  // Shards whose term range may hold `key` (or, for a prefix, any term starting with it).
  Engine.prototype.shardsFor = function (form) {
    var out = [];
    var hi = form.prefix ? form.key + "\uffff" : form.key;
    this.meta.shards.forEach(function (range, k) {
      if (range[0] <= hi && range[1] >= form.key) { out.push(k); }
    });
    return out;
  };

  Engine.prototype.fragment = function (doc) {
    var self = this;
    if (!self.docs[doc]) {
      self.docs[doc] = self.fetchJson("d/" + doc + ".json?v=" + self.meta.build)
        .catch(function (err) { delete self.docs[doc]; throw err; });
    }
    return self.docs[doc];
  };

  function lowerBound(keys, key) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < key) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }

  // Resolves to {terms, hits: [{doc, score, matched}], partial}: every term matched, best
  // first; when no page has every word, the pages with the most of them (partial: true).
  Engine.prototype.search = function (query) {
    var self = this;
    return self.load().then(function (meta) {
      var terms = parseQuery(query, meta);
      if (!terms.length) { return { terms: terms, hits: [], partial: false }; }
      var needed = {};
      terms.forEach(function (t) {
        t.forms.forEach(function (f) { self.shardsFor(f).forEach(function (k) { needed[k] = true; }); });
      });
      var keys = Object.keys(needed);
      return Promise.all(keys.map(function (k) { return self.shard(k); })).then(function (loaded) {
        var shards = {};
        keys.forEach(function (k, n) { shards[k] = loaded[n]; });
        return rank(self, terms, shards);
      });
    });
  };

  function rank(engine, terms, shards) {
    var perTerm = terms.map(function (t) {
      var scores = {};
      t.forms.forEach(function (f) {
        engine.shardsFor(f).forEach(function (k) {
          var shard = shards[k];
          var matches = [];
          if (f.prefix) {
            for (var at = lowerBound(shard.keys, f.key); at < shard.keys.length && matches.length < MAX_PREFIX; at++) {
              var key = shard.keys[at];
              if (key.indexOf(f.key) !== 0) { break; }
              if (key !== f.key) { matches.push(key); }
            }
          } else if (Object.prototype.hasOwnProperty.call(shard.data, f.key)) {
            matches.push(f.key);
          }
          matches.forEach(function (key) {
            var list = shard.data[key];
            var doc = 0;
            for (var i = 0; i < list.length; i += 2) {
              doc += list[i];
              var s = fieldScore(list[i + 1]) * f.weight;
              if (!(scores[doc] >= s)) { scores[doc] = s; }
            }
          });
        });
      });
      return scores;
    });
    var total = {};
    var count = {};
    perTerm.forEach(function (scores) {
      Object.keys(scores).forEach(function (doc) {
        total[doc] = (total[doc] || 0) + scores[doc];
        count[doc] = (count[doc] || 0) + 1;
      });
    });
    var docs = Object.keys(total);
    var all = docs.filter(function (d) { return count[d] === terms.length; });
    var partial = all.length === 0 && terms.length > 1;
    var chosen = partial ? docs : all;
    var hits = chosen.map(function (d) {
      return { doc: Number(d), score: total[d], matched: count[d] };
    });
    hits.sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score || a.doc - b.doc;
    });
    return { terms: terms, hits: hits, partial: partial };
  }

  // ---- snippets ---------------------------------------------------------------------------------

  // Ranges [start, end) of `text` that match the query terms, and how many distinct terms.
  function matchRanges(text, terms) {
    var folded = fold(text);
    if (folded.length !== text.length) { return { ranges: [], distinct: 0 }; }
    var words = compounds(folded);
    var ranges = [];
    var seen = {};
    function formMatches(f, candidates) {
      return candidates.some(function (c) { return f.prefix ? c.indexOf(f.key) === 0 : c === f.key; });
    }
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var candidates = w.parts.map(stem);
      if (w.parts.length > 1) { candidates.push(stem(w.parts.join(""))); }
      for (var t = 0; t < terms.length; t++) {
        var term = terms[t];
        var hit = term.forms.some(function (f) { return formMatches(f, candidates); });
        var span = 1;
        if (!hit) {
          // a compound term written as separate words ("hay fever" for "hayfever")
          for (var len = 2; len <= 4 && i + len <= words.length && !hit; len++) {
            var joined = stem(words.slice(i, i + len).map(function (x) { return x.parts.join(""); }).join(""));
            if (term.forms.some(function (f) { return !f.prefix && f.key === joined; })) { hit = true; span = len; }
          }
        }
        if (hit) {
          ranges.push([w.start, words[i + span - 1].end]);
          seen[t] = true;
          break;
        }
      }
    }
    return { ranges: ranges, distinct: Object.keys(seen).length };
  }

  // [{text, mark}] pieces of `text` with the matches marked.
  function pieces(text, ranges) {
    var out = [];
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) { return; }
      if (r[0] > pos) { out.push({ text: text.slice(pos, r[0]), mark: false }); }
      out.push({ text: text.slice(r[0], r[1]), mark: true });
      pos = r[1];
    });
    if (pos < text.length) { out.push({ text: text.slice(pos), mark: false }); }
    return out;
  }

  var SNIPPET_CHARS = 180;

  // The best part of an article for a query: {id, heading, pieces} (pieces of a short window
  // of its text around the first match), or null when no part of the body matches.
  function snippet(fragment, terms) {
    var best = null;
    (fragment.b || []).forEach(function (part) {
      var inText = matchRanges(part[2], terms);
      var inHeading = matchRanges(part[1], terms);
      var score = inText.distinct * 10 + inHeading.distinct * 5 + Math.min(inText.ranges.length, 5);
      if (inText.ranges.length && (!best || score > best.score)) {
        best = { score: score, part: part, ranges: inText.ranges };
      }
    });
    if (!best) { return null; }
    var text = best.part[2];
    var first = best.ranges[0][0];
    var start = Math.max(0, first - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      end = cut > first ? cut : end;
    }
    var windowRanges = best.ranges
      .filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] - start, r[1] - start]; });
    var out = pieces(text.slice(start, end), windowRanges);
    if (start > 0) { out.unshift({ text: "\u2026 ", mark: false }); }
    if (end < text.length) { out.push({ text: " \u2026", mark: false }); }
    return { id: best.part[0], heading: best.part[1], pieces: out };
  }

  function highlightPieces(text, terms) {
    return pieces(String(text || ""), matchRanges(String(text || ""), terms).ranges);
  }

  // ---- the page -------------------------------------------------------------------------------

  function boot() {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  function start() {
    if (!window.fetch || !window.Promise) { return; }
    var form = document.getElementById("site-search");
    var pageForm = document.getElementById("search-page-form");
    var anchor = form || pageForm;
    if (!anchor) { return; }
    var root = (anchor.getAttribute("data-root") || "").replace(/\/+$/, "");
    var engine = new Engine(function (path, fresh) {
      return fetch(root + "/search/" + path, { credentials: "same-origin", cache: fresh ? "no-cache" : "default" })
        .then(function (res) {
          if (!res.ok) { throw new Error("HTTP " + res.status); }
          return res.json();
        });
    });
    var href = function (url) {
      url = String(url || "");
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) { return url; }
      if (root && (url === root || url.indexOf(root + "/") === 0)) { return url; }
      return root + (url.charAt(0) === "/" ? "" : "/") + url;
    };
    Array.prototype.forEach.call(document.querySelectorAll("[data-needs-search]"), function (el) {
      el.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-focus-search]"), function (el) {
      el.addEventListener("click", function (event) {
        var input = document.getElementById("search-input");
        if (input) { event.preventDefault(); input.focus(); }
      });
    });
    if (form) { headerBox(form, engine, href); }
    if (pageForm) { resultsPage(pageForm, engine, href); }
  }

  function append(parent, pieceList) {
    pieceList.forEach(function (p) {
      if (p.mark) {
        var mark = document.createElement("mark");
        mark.textContent = p.text;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(p.text));
      }
    });
  }

  // One result as a link: title, section, snippet (or description).
  function resultLink(fragment, terms, href) {
    var a = document.createElement("a");
    var snip = snippet(fragment, terms);
    var titleHit = matchRanges(fragment.t, terms).ranges.length > 0;
    a.href = href(fragment.u) + (snip && snip.id && !titleHit ? "#" + snip.id : "");
    var title = document.createElement("span");
    title.className = "search-title";
    append(title, highlightPieces(fragment.t, terms));
    a.appendChild(title);
    if (fragment.s || (snip && snip.heading)) {
      var where = document.createElement("span");
      where.className = "search-section";
      where.textContent = [fragment.s, snip && snip.heading].filter(Boolean).join(" \u203a ");
      a.appendChild(where);
    }
    var text = document.createElement("span");
    text.className = "search-snippet";
    append(text, snip ? snip.pieces : highlightPieces(fragment.d, terms));
    a.appendChild(text);
    return a;
  }

  function summaryText(result, shown) {
    var n = result.hits.length;
    if (n === 0) { return "No results"; }
    var text = n + (n === 1 ? " result" : " results");
    if (result.partial) { text += " with some of your words"; }
    if (shown < n) { text += ", showing " + shown; }
    return text;
  }

  var HEADER_RESULTS = 6;

  function headerBox(form, engine, href) {
    var input = form.querySelector(".search-input");
    var status = form.querySelector("[role=status]");
    var panel = form.querySelector(".search-results");
    if (!input || !status || !panel) { return; }
    var lastQuery = "";
    var statusTimer = null;
    var typingTimer = null;
    var generation = 0;

    function announce(text) {
      clearTimeout(statusTimer);
      statusTimer = setTimeout(function () { status.textContent = text; }, 500);
    }
    function close() {
      panel.hidden = true;
      panel.textContent = "";
    }
    function clear() {
      input.value = "";
      lastQuery = "";
      close();
      clearTimeout(statusTimer);
      status.textContent = "";
    }
    function message(text) {
      panel.textContent = "";
      var p = document.createElement("p");
      p.className = "search-empty";
      p.textContent = text;
      panel.appendChild(p);
      panel.hidden = false;
      announce(text);
    }
    function render(result, fragments, query) {
      panel.textContent = "";
      var summary = summaryText(result, fragments.length);
      var count = document.createElement("p");
      count.className = "search-count";
      count.textContent = summary;
      panel.appendChild(count);
      if (fragments.length) {
        var list = document.createElement("ul");
        list.className = "search-list";
        fragments.forEach(function (f) {
          var li = document.createElement("li");
          li.appendChild(resultLink(f, result.terms, href));
          list.appendChild(li);
        });
        panel.appendChild(list);
      } else {
        var empty = document.createElement("p");
        empty.className = "search-empty";
        empty.textContent = "Try a different or shorter word.";
        panel.appendChild(empty);
      }
      var more = document.createElement("a");
      more.className = "search-all";
      more.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
      more.textContent = result.hits.length > fragments.length ? "See all " + result.hits.length + " results" : "Open the search page";
      panel.appendChild(more);
      panel.hidden = false;
      announce(summary);
    }
    function update() {
      var query = input.value.trim();
      if (query === lastQuery && !panel.hidden) { return; }
      lastQuery = query;
      var mine = ++generation;
      if (!query) { close(); announce(""); return; }
      engine.search(query).then(function (result) {
        var top = result.hits.slice(0, HEADER_RESULTS);
        return Promise.all(top.map(function (h) { return engine.fragment(h.doc); })).then(function (fragments) {
          if (mine === generation) { render(result, fragments, query); }
        });
      }).catch(function () {
        if (mine === generation) { message("Search is not available right now."); }
      });
    }
    function links() {
      return Array.prototype.slice.call(panel.querySelectorAll("a"));
    }
    input.addEventListener("focus", function () {
      engine.load().catch(function () { /* reported when the user types */ });
      if (input.value.trim()) { update(); }
    });
    input.addEventListener("input", function () {
      clearTimeout(typingTimer);
      typingTimer = setTimeout(update, 80);
    });
    form.addEventListener("submit", function (event) {
      if (!input.value.trim()) { event.preventDefault(); input.focus(); }
    });
    form.addEventListener("keydown", function (event) {
      var items = links();
      var pos = items.indexOf(document.activeElement);
      if (event.key === "Escape") {
        if (input.value || !panel.hidden) {
          event.preventDefault();
          clear();
          input.focus();
        }
      } else if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        items[pos < 0 ? 0 : Math.min(pos + 1, items.length - 1)].focus();
      } else if (event.key === "ArrowUp" && pos >= 0) {
        event.preventDefault();
        if (pos === 0) { input.focus(); } else { items[pos - 1].focus(); }
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); lastQuery = ""; }
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) { close(); lastQuery = ""; }
    });
  }

  var PAGE_SIZE = 10;

  function resultsPage(pageForm, engine, href) {
    var input = pageForm.querySelector("input[name=q]");
    var box = document.getElementById("search-page-results");
    var status = document.getElementById("search-page-status");
    if (!input || !box || !status) { return; }
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    input.value = query;
    var headerInput = document.getElementById("search-input");
    if (headerInput) { headerInput.value = ""; }
    if (!query) { return; }
    status.textContent = "Searching\u2026";
    engine.search(query).then(function (result) {
      box.textContent = "";
      var list = document.createElement("ol");
      list.className = "search-page-list";
      list.setAttribute("role", "list");
      box.appendChild(list);
      var shown = 0;
      var more = document.createElement("button");
      more.type = "button";
      more.className = "button search-more";
      function showMore(focusFirst) {
        var next = result.hits.slice(shown, shown + PAGE_SIZE);
        return Promise.all(next.map(function (h) { return engine.fragment(h.doc); })).then(function (fragments) {
          var firstNew = null;
          fragments.forEach(function (f) {
            var li = document.createElement("li");
            li.className = "search-page-item";
            var link = resultLink(f, result.terms, href);
            li.appendChild(link);
            list.appendChild(li);
            if (!firstNew) { firstNew = link; }
          });
          shown += fragments.length;
          status.textContent = summaryText(result, shown) + " for \u201c" + query + "\u201d";
          if (shown < result.hits.length) {
            more.textContent = "Show more results";
            if (!more.parentNode) { box.appendChild(more); }
          } else if (more.parentNode) {
            more.parentNode.removeChild(more);
          }
          if (focusFirst && firstNew) { firstNew.focus(); }
        });
      }
      more.addEventListener("click", function () { showMore(true); });
      if (result.hits.length === 0) {
        status.textContent = "No results for \u201c" + query + "\u201d. Try a different or shorter word, or browse all pages below.";
        return null;
      }
      return showMore(false);
    }).catch(function () {
      status.textContent = "Search is not available right now. You can browse all pages below.";
    });
  }

  return {
    fold: fold,
    compounds: compounds,
    stem: stem,
    termsOf: termsOf,
    parseQuery: parseQuery,
    Engine: Engine,
    snippet: snippet,
    matchRanges: matchRanges,
    boot: boot
  };
});
