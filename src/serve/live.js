// vetted preview client: live reload over Server-Sent Events, and the page's lint findings in
// an overlay. Injected only by `vetted serve`; never part of `vetted build` output.
(() => {
  "use strict";
  const script = document.currentScript;
  const build = script.dataset.build;
  const page = script.dataset.page;

  // Live reload. EventSource reconnects by itself after a server restart; the `hello` event
  // tells a reconnecting page whether it missed a rebuild.
  const events = new EventSource("/__vetted/events");
  events.addEventListener("hello", (e) => {
    if (JSON.parse(e.data).build !== build) location.reload();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("failed", () => location.reload());

  fetch("/__vetted/findings?page=" + encodeURIComponent(page))
    .then((r) => r.json())
    .then(show)
    .catch(() => {});

  const css = `
    :host { all: initial; }
    .badge { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483646; font: 600 14px/1.2 system-ui, sans-serif;
      border: 0; border-radius: 999px; padding: .6rem 1rem; cursor: pointer; color: #fff; background: #0b6e4f;
      box-shadow: 0 2px 8px rgba(0,0,0,.25); }
    .badge.warning { background: #8a5a00; } .badge.error { background: #a3190f; }
    .badge:focus-visible, button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .panel { position: fixed; right: 1rem; bottom: 4rem; z-index: 2147483647; width: min(34rem, calc(100vw - 2rem));
      max-height: 70vh; overflow: auto; background: #fff; color: #1d2125; border-radius: 8px;
      box-shadow: 0 6px 24px rgba(0,0,0,.3); font: 15px/1.45 system-ui, sans-serif; }
    .panel[hidden] { display: none; }
    header { display: flex; justify-content: space-between; align-items: center; padding: .75rem 1rem;
      border-bottom: 1px solid #dde1e4; position: sticky; top: 0; background: #fff; }
    h2 { font-size: 16px; margin: 0; }
    ol { list-style: none; margin: 0; padding: 0; }
    li { padding: .75rem 1rem; border-bottom: 1px solid #eef0f2; }
    .sev { display: inline-block; font-size: 12px; font-weight: 700; text-transform: uppercase; padding: .1rem .4rem;
      border-radius: 4px; margin-right: .4rem; color: #fff; background: #555; }
    .sev.error { background: #a3190f; } .sev.warning { background: #8a5a00; } .sev.info { background: #1d5f8a; }
    .rule { font: 12px ui-monospace, monospace; color: #4a5157; }
    .msg { margin: .35rem 0; } .help { margin: .25rem 0; color: #2e3a40; } .where { font-size: 12px; color: #4a5157; }
    button.link { font: inherit; font-size: 13px; background: none; border: 1px solid #0b6e4f; color: #0b6e4f;
      border-radius: 4px; padding: .15rem .5rem; cursor: pointer; margin-top: .25rem; }
    button.close { font: 600 20px/1 system-ui; background: none; border: 0; cursor: pointer; color: #1d2125; }
    .empty { padding: 1rem; }`;

  function show(findings) {
    const host = document.createElement("div");
    host.id = "vetted-findings";
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
    const worst = findings.some((f) => f.severity === "error") ? "error" : findings.length ? "warning" : "";
    const badge = el("button", "badge " + worst, findings.length === 1 ? "1 finding" : findings.length + " findings");
    badge.setAttribute("aria-expanded", "false");
    badge.setAttribute("aria-controls", "vetted-panel");
    badge.title = "Claim-linter findings for this page";
    const panel = el("section", "panel");
    panel.id = "vetted-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "Claim-linter findings");
    const header = el("header");
    const close = el("button", "close", "×");
    close.setAttribute("aria-label", "Close findings");
    header.append(el("h2", "", "Findings on this page"), close);
    panel.append(header);
    if (!findings.length) panel.append(el("p", "empty", "No findings: every checked claim on this page passes."));
    const list = el("ol");
    for (const f of findings) {
      const item = el("li");
      const head = el("div");
      head.append(el("span", "sev " + f.severity, f.severity), el("span", "rule", f.rule + " · line " + f.line));
      item.append(head, el("p", "msg", f.message));
      if (f.help) item.append(el("p", "help", "How to fix: " + f.help));
      if (f.note) item.append(el("p", "where", f.note));
      if (f.text) {
        const locate = el("button", "link", "Show in page");
        locate.addEventListener("click", () => highlight(f.text, f.severity));
        item.append(locate);
      }
      list.append(item);
    }
    panel.append(list);
    root.append(panel, badge);
    const toggle = (open) => {
      panel.hidden = !open;
      badge.setAttribute("aria-expanded", String(open));
      (open ? close : badge).focus();
    };
    badge.addEventListener("click", () => toggle(panel.hidden));
    close.addEventListener("click", () => toggle(false));
    root.addEventListener("keydown", (e) => { if (e.key === "Escape") toggle(false); });
    document.body.append(host);
    for (const f of findings) if (f.text) mark(f.text, f.severity);
    // A link to page/#vetted-findings opens the list straight away.
    if (location.hash === "#vetted-findings") toggle(true);
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Finds `needle` in the page text (ignoring runs of white space and curly quotes) and wraps
  // it in <mark>.
  function mark(needle, severity) {
    const scope = document.querySelector("main") || document.body;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = "";
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (n.parentElement.closest("script,style,#vetted-findings")) continue;
      nodes.push({ n, start: text.length });
      text += n.data;
    }
    const [hay, map] = normalise(text);
    const want = normalise(needle)[0].trim().slice(0, 160);
    const at = want ? hay.indexOf(want) : -1;
    if (at < 0) return null;
    const start = map[at];
    const end = map[at + want.length - 1] + 1;
    const holder = (offset) => nodes.filter((x) => x.start <= offset).pop();
    const first = holder(start);
    const last = holder(end - 1);
    const range = document.createRange();
    range.setStart(first.n, start - first.start);
    range.setEnd(last.n, end - last.start);
    const wrap = document.createElement("mark");
    wrap.className = "vetted-mark";
    const error = severity === "error";
    wrap.style.cssText = "background:" + (error ? "#ffd7d2" : "#fff1c2") + ";outline:2px solid " +
      (error ? "#a3190f" : "#8a5a00") + ";border-radius:2px;color:inherit";
    wrap.title = "vetted finding: open the badge in the corner";
    wrap.append(range.extractContents());
    range.insertNode(wrap);
    return wrap;
  }

  // Collapses white space and straightens quotes; returns the text and, for each of its
  // characters, the index of the original character.
  function normalise(text) {
    let out = "";
    const map = [];
    let space = false;
    for (let i = 0; i < text.length; i++) {
      let c = text[i];
      if (/\s/.test(c)) {
        if (space) continue;
        c = " ";
        space = true;
      } else {
        space = false;
      }
      if (c === "\u201c" || c === "\u201d") c = '"';
      if (c === "\u2018" || c === "\u2019") c = "'";
      out += c;
      map.push(i);
    }
    return [out, map];
  }

  function highlight(needle, severity) {
    const existing = [...document.querySelectorAll("mark.vetted-mark")]
      .find((m) => m.textContent.replace(/\s+/g, " ").includes(needle.slice(0, 40)));
    const target = existing || mark(needle, severity);
    if (target) {
      target.scrollIntoView({ behavior: "smooth", block: "center" });
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
  }
})();
