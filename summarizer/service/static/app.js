// The page at "/": builds a request for POST v1/summarize from the articles on the
// page, calls the public API like any client, and shows the cited summary beside
// the articles with the cited and corroborating spans marked.
//
// Two rules hold throughout:
// - Article text only ever reaches the page through textContent, never through an HTML parser,
//   so an article cannot inject markup or script.
// - The API's offsets count Unicode code points (Python string indices); JavaScript
//   strings index UTF-16 code units, so an emoji or other character outside the
//   Basic Multilingual Plane counts 1 there and 2 here. utf16Offsets() converts.
"use strict";

(() => {
  const API = "v1/summarize";
  const EXAMPLE = "static/example.json";
  const OPTION_FIELDS = {
    max_words: "Words at most",
    max_sentences: "Sentences at most",
    max_chars: "Characters at most",
    diversity: "Diversity",
    order: "Order",
    query: "Focus on",
    corroboration_threshold: "Corroboration threshold",
    dispute_threshold: "Dispute threshold",
  };

  const $ = (id) => document.getElementById(id);
  const list = $("articles");
  const template = $("article-template");
  const extras = new WeakMap(); // editor <li> -> {id, url, published_at} not shown as fields
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  // ---- small DOM helpers: text only ------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setStatus(text) {
    $("status").textContent = text;
  }

  // ---- offsets ------------------------------------------------------------------------

  /** UTF-16 index of every code-point index of `text`: result[cp] for cp in 0..count. */
  function utf16Offsets(text) {
    const offsets = [0];
    let unit = 0;
    // for..of walks code points (a lone surrogate is one step, as in Python).
    for (const ch of text) {
      unit += ch.length;
      offsets.push(unit);
    }
    return offsets;
  }

  // ---- the article editors ------------------------------------------------------------

  function editors() {
    return Array.from(list.querySelectorAll(":scope > li.article-editor"));
  }

  function usedIds() {
    return new Set(editors().map((li) => extras.get(li).id));
  }

  function uniqueId(wanted) {
    const taken = usedIds();
    const base = (wanted && String(wanted).trim()) || "article";
    if (wanted && !taken.has(base)) return base;
    for (let n = 1; ; n += 1) {
      const candidate = `${base}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }

  function addArticle(article = {}) {
    const li = template.content.firstElementChild.cloneNode(true);
    extras.set(li, {
      id: uniqueId(article.id),
      url: typeof article.url === "string" ? article.url : null,
      published_at: typeof article.published_at === "string" ? article.published_at : null,
    });
    li.querySelector(".title").value = article.title || "";
    li.querySelector(".source").value = article.source || "";
    li.querySelector(".text").value = article.text || "";
    li.querySelector(".remove").addEventListener("click", () => {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      renumber();
      const focusable = next ? next.querySelector(".remove") : $("add-article");
      focusable.focus();
    });
    list.append(li);
    renumber();
    return li;
  }

  function renumber() {
    editors().forEach((li, i) => {
      const n = i + 1;
      const prefix = `article-${n}`;
      const { id } = extras.get(li);
      li.querySelector(".article-number").textContent = `Article ${n}`;
      li.querySelector(".article-number").title = `id: ${id}`;
      li.querySelector(".remove").setAttribute("aria-label", `Remove article ${n}`);
      for (const part of ["title", "source", "text"]) {
        const control = li.querySelector(`.${part}`);
        control.id = `${prefix}-${part}`;
        li.querySelector(`.${part}-label`).htmlFor = control.id;
      }
      li.querySelector(".text").setAttribute("aria-label", `Text of article ${n}`);
      li.querySelector(".title").setAttribute("aria-label", `Title of article ${n} (optional)`);
      li.querySelector(".source").setAttribute("aria-label", `Outlet of article ${n} (optional)`);
    });
  }

  function isBlank(li) {
    return !li.querySelector(".text").value.trim() && !li.querySelector(".title").value.trim();
  }

  /** Replace blank editors, keep filled ones, and add these articles. */
  function addArticles(articles, { replace = false } = {}) {
    for (const li of editors()) {
      if (replace || isBlank(li)) li.remove();
    }
    for (const article of articles) addArticle(article);
    if (!editors().length) addArticle();
    renumber();
  }

  function setOptions(values) {
    for (const name of ["max_words", "max_sentences", "max_chars", "query", "corroboration_threshold", "dispute_threshold"]) {
      if (name in values) $(name).value = values[name] === null ? "" : String(values[name]);
    }
    if (typeof values.diversity === "number") $("diversity").value = String(values.diversity);
    if (typeof values.order === "string") $("order").value = values.order;
    showDiversity();
  }

  function showDiversity() {
    $("diversity-value").textContent = Number($("diversity").value).toFixed(2);
  }

  // ---- files, drops and the example ----------------------------------------------------

  function normalizeArticles(value) {
    const items = Array.isArray(value) ? value : value && Array.isArray(value.articles) ? value.articles : null;
    if (!items) throw new Error("expected a cluster object with \"articles\" or a list of articles");
    return items.map((item) => (typeof item === "string" ? { text: item } : item));
  }

  async function readFiles(files) {
    const added = [];
    const problems = [];
    let options = null;
    for (const file of files) {
      const stem = file.name.replace(/\.[^.]*$/, "");
      try {
        const text = await file.text();
        if (/\.json$/i.test(file.name) || file.type === "application/json") {
          const value = JSON.parse(text);
          added.push(...normalizeArticles(value));
          if (!Array.isArray(value)) options = value;
        } else {
          added.push({ id: stem, text });
        }
      } catch (err) {
        problems.push(`${file.name}: ${err.message}`);
      }
    }
    if (added.length) addArticles(added);
    if (options) setOptions(options);
    const summary = `Added ${added.length} article${added.length === 1 ? "" : "s"}.`;
    setStatus(problems.length ? `${summary} Could not read ${problems.join("; ")}` : summary);
  }

  async function loadExample() {
    setStatus("Loading the example…");
    try {
      const response = await fetch(EXAMPLE, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const cluster = await response.json();
      addArticles(normalizeArticles(cluster), { replace: true });
      setOptions(cluster);
      setStatus(`Example loaded: ${editors().length} invented articles about one event. Press Summarize.`);
    } catch (err) {
      setStatus(`Could not load the example: ${err.message}`);
    }
  }

  // ---- the request -------------------------------------------------------------------

  function numberOption(name) {
    const raw = $(name).value.trim();
    return raw === "" ? undefined : Number(raw);
  }

  /** The request body and, for error messages, the editor number of each article sent. */
  function buildRequest() {
    const articles = [];
    const editorNumbers = [];
    editors().forEach((li, i) => {
      const text = li.querySelector(".text").value;
      if (!text.trim()) return;
      const extra = extras.get(li);
      const article = { id: extra.id, text };
      const title = li.querySelector(".title").value.trim();
      const source = li.querySelector(".source").value.trim();
      if (title) article.title = title;
      if (source) article.source = source;
      if (extra.url) article.url = extra.url;
      if (extra.published_at) article.published_at = extra.published_at;
      articles.push(article);
      editorNumbers.push(i + 1);
    });
    const body = { articles, diversity: Number($("diversity").value), order: $("order").value };
    for (const name of ["max_words", "max_sentences", "max_chars", "corroboration_threshold", "dispute_threshold"]) {
      const value = numberOption(name);
      if (value !== undefined) body[name] = value;
    }
    const query = $("query").value.trim();
    if (query) body.query = query;
    return { body, editorNumbers };
  }

  function clearInvalid() {
    for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  }

  async function submit(event) {
    event.preventDefault();
    clearInvalid();
    const { body, editorNumbers } = buildRequest();
    if (!body.articles.length) {
      showError("Add at least one article with some text (or load the example).");
      return;
    }
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("api-key").value.trim();
    if (key) headers.Authorization = `Bearer ${key}`;

    const button = $("summarize");
    button.disabled = true;
    $("result").setAttribute("aria-busy", "true");
    setStatus("Summarizing…");
    const started = performance.now();
    let response;
    let payload = null;
    try {
      response = await fetch(API, { method: "POST", headers, body: JSON.stringify(body) });
      payload = await response.json().catch(() => null);
    } catch (err) {
      showError(`The server could not be reached (${err.message}).`);
      return;
    } finally {
      button.disabled = false;
      $("result").removeAttribute("aria-busy");
    }
    if (!response.ok || !payload || !Array.isArray(payload.sentences)) {
      showApiError(response.status, payload, editorNumbers);
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    render(body.articles, payload, elapsed);
  }

  // ---- errors --------------------------------------------------------------------------

  function showError(message, details = []) {
    resetResult();
    const box = $("error");
    box.append(el("p", "", message));
    if (details.length) {
      const ul = el("ul");
      for (const line of details) ul.append(el("li", "", line));
      box.append(ul);
    }
    box.hidden = false;
    setStatus(message);
  }

  /** "articles[2].text" -> "Article 3, text" in the editors' numbering. */
  function describePath(path, editorNumbers) {
    const match = /^articles\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (match) {
      const n = editorNumbers[Number(match[1])];
      return match[2] ? `Article ${n}, ${match[2]}` : `Article ${n}`;
    }
    return OPTION_FIELDS[path] || path;
  }

  function showApiError(status, payload, editorNumbers) {
    const error = payload && payload.error ? payload.error : null;
    const message = error && error.message ? error.message : `the server answered HTTP ${status}`;
    const details = error && Array.isArray(error.details) ? error.details : [];
    const lines = details.map((d) => `${describePath(String(d.path || ""), editorNumbers)}: ${d.message || ""}`);
    for (const d of details) {
      if (String(d.path) in OPTION_FIELDS) $(String(d.path)).setAttribute("aria-invalid", "true");
      const match = /^articles\[(\d+)\]/.exec(String(d.path || ""));
      if (match) {
        const li = editors()[editorNumbers[Number(match[1])] - 1];
        if (li) li.querySelector(".text").setAttribute("aria-invalid", "true");
      }
    }
    if (status === 401) {
      showError("This server needs an API key: enter it in the API key field and summarize again.", [message]);
      $("api-key").setAttribute("aria-invalid", "true");
      $("api-key").focus();
      return;
    }
    showError(`Could not summarize: ${message}`, lines);
  }

  // ---- the result ----------------------------------------------------------------------

  const view = {
    refs: new Map(), // "s<i>:<article id>" -> the <mark> segments of that span
    sentences: [], // per summary sentence: {cited: article id, spans: Map(article id -> kind)}
    markerArticle: new Map(), // marker -> article id
    active: [], // elements carrying highlight classes now
    pinned: null, // {sentence, marker}
  };

  function resetResult() {
    for (const id of ["summary", "sources", "texts"]) $(id).replaceChildren();
    $("error").replaceChildren();
    $("error").hidden = true;
    $("summary").hidden = true;
    $("meta").hidden = true;
    $("sources-block").hidden = true;
    $("texts-col").hidden = true;
    $("empty").hidden = true;
    view.refs = new Map();
    view.sentences = [];
    view.markerArticle = new Map();
    view.active = [];
    view.pinned = null;
  }

  function articleLabel(source, article) {
    const title = (source && source.title) || (article && article.title);
    const outlet = (source && source.source) || (article && article.source);
    const id = (source && source.article_id) || (article && article.id);
    if (title && outlet) return `${title} (${outlet})`;
    return title || outlet || id;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function render(articles, result, elapsed) {
    resetResult();
    const byId = new Map(articles.map((a) => [a.id, a]));
    const sourceById = new Map();
    for (const source of result.sources || []) {
      view.markerArticle.set(source.marker, source.article_id);
      sourceById.set(source.article_id, source);
    }

    // Spans per article, in code points as the API sends them.
    const spans = new Map(articles.map((a) => [a.id, []]));
    result.sentences.forEach((sentence, i) => {
      const kinds = new Map();
      const c = sentence.citation;
      kinds.set(c.article_id, "cited");
      if (spans.has(c.article_id)) spans.get(c.article_id).push({ start: c.start, end: c.end, ref: `s${i}:${c.article_id}` });
      const found = [
        ...(sentence.also_in || []).map((other) => [other, "also"]),
        ...(sentence.disputed_by || []).map((other) => [other, "disputed"]),
      ];
      for (const [other, kind] of found) {
        if (kinds.has(other.article_id)) continue;
        kinds.set(other.article_id, kind);
        if (spans.has(other.article_id)) {
          spans.get(other.article_id).push({ start: other.start, end: other.end, ref: `s${i}:${other.article_id}` });
        }
      }
      view.sentences.push({ cited: c.article_id, kinds });
    });

    renderSummary(result, byId, sourceById);
    renderSources(result, byId);

    // Articles in marker order, then any the summary does not use.
    const order = [...(result.sources || []).map((s) => s.article_id), ...articles.map((a) => a.id)];
    const seen = new Set();
    for (const id of order) {
      if (seen.has(id) || !byId.has(id)) continue;
      seen.add(id);
      $("texts").append(renderArticle(byId.get(id), sourceById.get(id), spans.get(id)));
    }
    $("texts-col").hidden = false;

    const meta = result.meta || {};
    const words = result.sentences.reduce((n, s) => n + s.text.split(/\s+/).filter(Boolean).length, 0);
    const parts = [
      `${result.sentences.length} sentences, ${words} words`,
      `from ${meta.articles ?? articles.length} articles (${meta.sentences_kept ?? "?"} of ${meta.sentences_found ?? "?"} sentences usable)`,
    ];
    if (meta.model) parts.push(`model ${meta.model}`);
    if (elapsed !== undefined) parts.push(`${elapsed} ms`);
    const skipped = Array.isArray(meta.skipped_articles) ? meta.skipped_articles : [];
    if (skipped.length) parts.push(`no usable sentence in: ${skipped.join(", ")}`);
    $("meta").textContent = `${parts.join(" · ")}.`;
    $("meta").hidden = false;
    setStatus(`Summary ready: ${result.sentences.length} sentences. Hover or select a marker to see its span.`);
  }

  /** A marker button of summary sentence `i`: `kind` is "cited", "also" or "disputed". */
  function markerButton(i, marker, kind, ariaLabel, title) {
    const button = el("button", `marker marker-${kind}`, `[${marker}]`);
    button.type = "button";
    button.dataset.sentence = String(i);
    button.dataset.marker = String(marker);
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-label", ariaLabel);
    button.title = title;
    return button;
  }

  function renderSummary(result, byId, sourceById) {
    const ol = $("summary");
    result.sentences.forEach((sentence, i) => {
      const li = el("li", "summary-sentence");
      li.dataset.index = String(i);
      li.append(el("span", "sentence-text", sentence.text), " ");
      const markers = el("span", "markers");
      for (const marker of sentence.markers || []) {
        const articleId = view.markerArticle.get(marker);
        const cited = articleId === sentence.citation.article_id;
        const label = articleLabel(sourceById.get(articleId), byId.get(articleId));
        const role = cited ? "quoted here" : "says the same";
        markers.append(markerButton(i, marker, cited ? "cited" : "also", `Source ${marker}, ${label}: ${role}`, `${label}: ${role}`));
      }
      li.append(markers);
      const disputes = sentence.disputed_by || [];
      if (disputes.length) {
        // Another figure for the same claim: its own colour, the figures that differ on hover.
        const disputed = el("span", "disputes", " disputed by ");
        for (const dispute of disputes) {
          const articleId = view.markerArticle.get(dispute.marker);
          const label = articleLabel(sourceById.get(articleId), byId.get(articleId));
          const figures = `${(dispute.figures.this || []).join(", ")} here, ${(dispute.figures.other || []).join(", ")} there`;
          disputed.append(
            markerButton(
              i,
              dispute.marker,
              "disputed",
              `Source ${dispute.marker}, ${label}: gives another figure (${figures})`,
              `${label} gives another figure: ${figures}`,
            ),
          );
        }
        li.append(disputed);
      }
      const backing = new Set([sentence.citation.article_id, ...(sentence.also_in || []).map((a) => a.article_id)]).size;
      const badge = el("span", `backing${backing > 1 ? " corroborated" : ""}`, backing === 1 ? "1 source" : `${backing} sources`);
      badge.title = backing === 1 ? "Only the cited article states this." : `${backing} articles state this.`;
      li.append(" ", badge);
      ol.append(li);
    });
    ol.hidden = false;
  }

  function renderSources(result, byId) {
    const ol = $("sources");
    for (const source of result.sources || []) {
      const li = el("li");
      li.value = source.marker;
      li.dataset.marker = String(source.marker);
      const article = byId.get(source.article_id) || {};
      const title = source.title || article.title || source.article_id;
      const url = source.url ? safeUrl(source.url) : null;
      if (url) {
        const a = el("a", "", title);
        a.href = url;
        a.rel = "noopener noreferrer";
        li.append(a);
      } else {
        li.append(el("span", "source-title", title));
      }
      const details = [source.source, readableTime(source.published_at), source.title ? `id ${source.article_id}` : null].filter(Boolean);
      if (details.length) li.append(el("span", "source-details", ` · ${details.join(" · ")}`));
      ol.append(li);
    }
    $("sources-block").hidden = !ol.children.length;
  }

  /** "2025-01-10T23:40:00-05:00" -> "2025-01-10 23:40 -05:00"; anything else as it is. */
  function readableTime(value) {
    if (typeof value !== "string") return null;
    const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(.*))?$/.exec(value);
    if (!match) return value;
    return [match[1], match[2], match[3]].filter(Boolean).join(" ");
  }

  /** One article's text, its summary spans wrapped in <mark> segments. */
  function renderArticle(article, source, spans) {
    const card = el("article", "text-card");
    card.dataset.articleId = article.id;
    const heading = el("h4");
    if (source) heading.append(el("span", "card-marker", `[${source.marker}]`), " ");
    heading.append(el("span", "", article.title || article.id));
    card.append(heading);
    if (article.source) card.append(el("p", "card-outlet", article.source));

    const text = article.text;
    const units = utf16Offsets(text);
    const last = units.length - 1;
    const at = (cp) => units[Math.max(0, Math.min(cp, last))];
    const pieces = spans
      .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
      .map((s) => ({ start: at(s.start), end: at(s.end), ref: s.ref }));

    // Cut at every span boundary so overlapping spans still mark each character.
    const cuts = new Set([0, text.length]);
    for (const s of pieces) cuts.add(s.start).add(s.end);
    const bounds = [...cuts].sort((a, b) => a - b);
    const body = el("p", "article-text");
    for (let k = 0; k + 1 < bounds.length; k += 1) {
      const from = bounds[k];
      const to = bounds[k + 1];
      const chunk = text.slice(from, to);
      const covering = pieces.filter((s) => s.start <= from && s.end >= to);
      if (!covering.length) {
        body.append(chunk);
        continue;
      }
      const mark = el("mark", "span", chunk);
      mark.dataset.refs = covering.map((s) => s.ref).join(" ");
      for (const s of covering) {
        if (!view.refs.has(s.ref)) view.refs.set(s.ref, []);
        view.refs.get(s.ref).push(mark);
      }
      body.append(mark);
    }
    card.append(body);
    return card;
  }

  // ---- highlighting ------------------------------------------------------------------

  function clearHighlight() {
    for (const node of view.active) node.classList.remove("hl-cited", "hl-also", "hl-disputed", "hl-current", "active");
    view.active = [];
  }

  function highlight(index, marker, { scroll = false } = {}) {
    clearHighlight();
    const sentence = view.sentences[index];
    if (!sentence) return;
    const current = view.markerArticle.get(marker);
    let target = null;
    for (const [articleId, kind] of sentence.kinds) {
      const marks = view.refs.get(`s${index}:${articleId}`) || [];
      for (const mark of marks) {
        mark.classList.add(`hl-${kind}`);
        if (articleId === current) mark.classList.add("hl-current");
        view.active.push(mark);
      }
      if (articleId === current && marks.length) target = marks[0];
    }
    const li = $("summary").querySelector(`li[data-index="${index}"]`);
    if (li) {
      li.classList.add("active");
      view.active.push(li);
    }
    if (scroll && target) {
      target.scrollIntoView({ block: "center", inline: "nearest", behavior: reduceMotion.matches ? "auto" : "smooth" });
    }
  }

  function restorePinned() {
    if (view.pinned) highlight(view.pinned.sentence, view.pinned.marker);
    else clearHighlight();
  }

  // When the pointer leaves a marker, a marker that has keyboard focus keeps its preview:
  // scrolling a span into view moves markers under a still pointer, and the mouseout that
  // follows must not wipe what the keyboard user is looking at.
  function restoreAfterPointer() {
    const focused = document.activeElement;
    if (focused instanceof Element && focused.matches("#summary button.marker")) {
      highlight(Number(focused.dataset.sentence), Number(focused.dataset.marker));
    } else {
      restorePinned();
    }
  }

  function pin(button) {
    const sentence = Number(button.dataset.sentence);
    const marker = Number(button.dataset.marker);
    const same = view.pinned && view.pinned.sentence === sentence && view.pinned.marker === marker;
    for (const b of $("summary").querySelectorAll("button.marker[aria-pressed='true']")) b.setAttribute("aria-pressed", "false");
    if (same) {
      view.pinned = null;
      clearHighlight();
      return;
    }
    view.pinned = { sentence, marker };
    button.setAttribute("aria-pressed", "true");
    highlight(sentence, marker, { scroll: true });
    const articleId = view.markerArticle.get(marker);
    const kind = { cited: "quoted from", also: "also stated in", disputed: "given another figure in" }[
      view.sentences[sentence].kinds.get(articleId)
    ];
    setStatus(`Sentence ${sentence + 1} ${kind} source ${marker}.`);
  }

  function markerFrom(event) {
    return event.target instanceof Element ? event.target.closest("button.marker") : null;
  }

  // ---- wiring --------------------------------------------------------------------------

  function wire() {
    $("request").addEventListener("submit", submit);
    $("load-example").addEventListener("click", loadExample);
    $("add-article").addEventListener("click", () => addArticle().querySelector(".text").focus());
    $("clear-articles").addEventListener("click", () => {
      addArticles([], { replace: true });
      setStatus("All articles removed.");
    });
    $("files").addEventListener("change", async (event) => {
      await readFiles(Array.from(event.target.files || []));
      event.target.value = "";
    });
    $("diversity").addEventListener("input", showDiversity);
    $("api-key").addEventListener("input", () => $("api-key").removeAttribute("aria-invalid"));

    const summary = $("summary");
    summary.addEventListener("click", (event) => {
      const button = markerFrom(event);
      if (button) pin(button);
    });
    summary.addEventListener("mouseover", (event) => {
      const button = markerFrom(event);
      if (button) highlight(Number(button.dataset.sentence), Number(button.dataset.marker));
    });
    summary.addEventListener("mouseout", (event) => {
      if (markerFrom(event)) restoreAfterPointer();
    });
    summary.addEventListener("focusin", (event) => {
      const button = markerFrom(event);
      if (button) highlight(Number(button.dataset.sentence), Number(button.dataset.marker));
    });
    summary.addEventListener("focusout", (event) => {
      if (markerFrom(event)) restorePinned();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && view.pinned) {
        for (const b of summary.querySelectorAll("button.marker[aria-pressed='true']")) b.setAttribute("aria-pressed", "false");
        view.pinned = null;
        clearHighlight();
      }
    });

    // Drops anywhere on the page: files become articles, dragged text one article.
    window.addEventListener("dragover", (event) => {
      event.preventDefault();
      document.body.classList.add("dragging");
    });
    window.addEventListener("dragleave", (event) => {
      if (!event.relatedTarget) document.body.classList.remove("dragging");
    });
    window.addEventListener("drop", async (event) => {
      event.preventDefault();
      document.body.classList.remove("dragging");
      const data = event.dataTransfer;
      if (!data) return;
      if (data.files && data.files.length) {
        await readFiles(Array.from(data.files));
      } else {
        const text = data.getData("text/plain");
        if (text && text.trim()) {
          addArticles([{ text }]);
          setStatus("Added the dropped text as an article.");
        }
      }
    });

    addArticle();
    addArticle();
    showDiversity();
  }

  wire();
})();
