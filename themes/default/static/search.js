/* vetted default theme: site search (progressive enhancement).
 *
 * The header search form is rendered with the `hidden` attribute; this script reveals it.
 * On first focus or input it fetches {root}/search-index.json, an array of
 *   {"t": title, "u": url, "d": description, "s": section title, "h": [heading texts]}
 * and shows up to 10 matching pages as a list of links under the box.
 * Keys: ArrowDown/ArrowUp move between results, Escape clears and closes, Enter opens the first result.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 10;

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // Lower-case and strip accents so "peel" finds "Peel" and "creme" finds "crème".
  function fold(text) {
    text = String(text || "").toLowerCase();
    if (text.normalize) {
      text = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return text;
  }

  function words(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  // Build a DOM fragment of `text` with every occurrence of a query word wrapped in <mark>.
  function highlight(text, terms) {
    var frag = document.createDocumentFragment();
    text = String(text || "");
    var folded = fold(text);
    // Folding can change string length (rare); only highlight when it did not.
    if (folded.length !== text.length || terms.length === 0) {
      frag.appendChild(document.createTextNode(text));
      return frag;
    }
    var marks = [];
    terms.forEach(function (term) {
      var from = 0;
      var at;
      while ((at = folded.indexOf(term, from)) !== -1) {
        marks.push([at, at + term.length]);
        from = at + term.length;
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      if (m[0] > pos) { frag.appendChild(document.createTextNode(text.slice(pos, m[0]))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      frag.appendChild(mark);
      pos = m[1];
    });
    if (pos < text.length) { frag.appendChild(document.createTextNode(text.slice(pos))); }
    return frag;
  }

  ready(function () {
    var form = document.getElementById("site-search");
    if (!form || !window.fetch) { return; }
    var input = form.querySelector(".search-input");
    var status = form.querySelector("[role=status]");
    var panel = form.querySelector(".search-results");
    if (!input || !status || !panel) { return; }

    var root = (form.getAttribute("data-root") || "").replace(/\/+$/, "");
    var index = null;      // prepared entries once loaded
    var loading = null;    // the pending fetch promise
    var lastQuery = "";
    var statusTimer = null;

    form.hidden = false;
    // Reveal anything that only makes sense when search works (e.g. the 404 page's search link).
    Array.prototype.forEach.call(document.querySelectorAll("[data-needs-search]"), function (el) {
      el.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-focus-search]"), function (el) {
      el.addEventListener("click", function (event) {
        event.preventDefault();
        input.focus();
      });
    });

    function href(url) {
      url = String(url || "");
      if (/^[a-z][a-z0-9+.-]*:/i.test(url)) { return url; }  // already absolute
      if (root && (url === root || url.indexOf(root + "/") === 0)) { return url; }
      return root + (url.charAt(0) === "/" ? "" : "/") + url;
    }

    function prepare(data) {
      return (Array.isArray(data) ? data : []).map(function (e) {
        var headings = Array.isArray(e.h) ? e.h.join(" \u2022 ") : "";
        return {
          entry: e,
          title: fold(e.t),
          desc: fold(e.d),
          heads: fold(headings),
          section: fold(e.s)
        };
      });
    }

    function load() {
      if (index) { return Promise.resolve(index); }
      if (!loading) {
        loading = fetch(root + "/search-index.json", { credentials: "same-origin" })
          .then(function (res) {
            if (!res.ok) { throw new Error("HTTP " + res.status); }
            return res.json();
          })
          .then(function (data) {
            index = prepare(data);
            return index;
          })
          .catch(function (err) {
            loading = null;
            throw err;
          });
      }
      return loading;
    }

    // Word-start matches score higher than matches inside a word.
    function fieldScore(field, term, weight) {
      var at = field.indexOf(term);
      if (at === -1) { return 0; }
      var start = at === 0 || /[^\p{L}\p{N}]/u.test(field.charAt(at - 1));
      return weight * (start ? 2 : 1);
    }

    function search(terms) {
      var hits = [];
      index.forEach(function (item) {
        var total = 0;
        for (var i = 0; i < terms.length; i++) {
          var t = terms[i];
          var s = fieldScore(item.title, t, 10) +
                  fieldScore(item.heads, t, 4) +
                  fieldScore(item.desc, t, 3) +
                  fieldScore(item.section, t, 1);
          if (s === 0) { return; }  // every word must match somewhere
          total += s;
        }
        hits.push({ item: item, score: total });
      });
      hits.sort(function (a, b) {
        return b.score - a.score || a.item.title.localeCompare(b.item.title);
      });
      return hits;
    }

    function announce(text) {
      // Wait for typing to pause so screen readers are not flooded.
      clearTimeout(statusTimer);
      statusTimer = setTimeout(function () { status.textContent = text; }, 400);
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

    function render(hits, terms) {
      panel.textContent = "";
      var shown = hits.slice(0, MAX_RESULTS);
      var count = document.createElement("p");
      count.className = "search-count";
      var summary;
      if (hits.length === 0) {
        summary = "No results";
      } else if (hits.length > shown.length) {
        summary = hits.length + " results, showing the first " + shown.length;
      } else {
        summary = hits.length + (hits.length === 1 ? " result" : " results");
      }
      count.textContent = summary;
      panel.appendChild(count);

      if (shown.length === 0) {
        var empty = document.createElement("p");
        empty.className = "search-empty";
        empty.textContent = "Try a different or shorter word.";
        panel.appendChild(empty);
      } else {
        var list = document.createElement("ul");
        list.className = "search-list";
        shown.forEach(function (hit) {
          var e = hit.item.entry;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = href(e.u);
          var title = document.createElement("span");
          title.className = "search-title";
          title.appendChild(highlight(e.t, terms));
          a.appendChild(title);
          if (e.s) {
            var sec = document.createElement("span");
            sec.className = "search-section";
            sec.textContent = e.s;
            a.appendChild(sec);
          }
          if (e.d) {
            var desc = document.createElement("span");
            desc.className = "search-desc";
            desc.appendChild(highlight(e.d, terms));
            a.appendChild(desc);
          }
          li.appendChild(a);
          list.appendChild(li);
        });
        panel.appendChild(list);
      }
      panel.hidden = false;
      announce(summary);
    }

    function update() {
      var query = input.value.trim();
      if (query === lastQuery && !panel.hidden) { return; }
      lastQuery = query;
      var terms = words(query);
      if (terms.length === 0) {
        close();
        announce("");
        return;
      }
      load().then(function () {
        if (input.value.trim() !== query) { return; }  // a newer query is on its way
        render(search(terms), terms);
      }, function () {
        panel.textContent = "";
        var p = document.createElement("p");
        p.className = "search-empty";
        p.textContent = "Search is not available right now.";
        panel.appendChild(p);
        panel.hidden = false;
        announce("Search is not available right now.");
      });
    }

    function links() {
      return Array.prototype.slice.call(panel.querySelectorAll("a"));
    }

    input.addEventListener("focus", function () {
      load().catch(function () { /* reported when the user types */ });
      if (input.value.trim()) { update(); }
    });
    input.addEventListener("input", update);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) { window.location.href = first.href; }
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

    // Close the list when focus or a click leaves the search form.
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { close(); lastQuery = ""; }
    });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) { close(); lastQuery = ""; }
    });
  });
})();
