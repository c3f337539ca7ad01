// Make every chart on the page interactive with the book's own copy of vega (SVG).
// Views are kept in window.rustbeltViews by chart id, for tests and for readers'
// consoles; nothing here loads anything from the network.
(function () {
  window.rustbeltViews = window.rustbeltViews || {};
  window.rustbeltChartsPending = 0;

  // The words this script writes into the page, in the page's language (<html lang>: the
  // Chinese edition is zh-CN); English everywhere else.
  var WORDS = {
    en: { linkCopied: "Link copied.", copyThisLink: "Copy this link: ", scrollingTable: "Table (scrolls sideways)" },
    zh: { linkCopied: "链接已复制。", copyThisLink: "请复制此链接：", scrollingTable: "表格（可左右滚动）" }
  };
  function word(key) {
    var lang = (document.documentElement.lang || "").toLowerCase();
    return (lang.indexOf("zh") === 0 ? WORDS.zh : WORDS.en)[key];
  }

  // One accessible image per chart, named by its alt text (the spec's description).
  // Vega marks its container, which also holds the chart's controls, as a
  // "graphics-document" labelled with the description, and every mark inside the SVG
  // as a graphics object labelled with raw field values. Screen readers would then
  // announce the description twice and walk hundreds of unrounded data points. We keep
  // one name on the SVG (role img, which makes its inner marks presentational) and
  // leave the controls as ordinary form fields beside it; the data is a link away (CSV).
  function exposeDescription(el, view) {
    var svg = el.querySelector("svg");
    var description = (view && view.description()) || el.dataset.description || "";
    ["role", "aria-roledescription", "aria-label"].forEach(function (a) { el.removeAttribute(a); });
    if (svg && description) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", description);
    }
  }

  // Charts are as wide as the text column ("width": "container"), down to a 375 px
  // phone. Vega fits the plot to the container, but not a long title or a one-row
  // legend: those would stick out and be cut off. Two expression functions let the
  // compiled spec re-flow them whenever the plot width changes: titles wrap into
  // lines, and a horizontal legend breaks into as many columns as fit.
  var measure = null, measured = new Map();
  function textWidth(text, font) {
    var key = font + "\u0000" + text;
    if (!measured.has(key)) {
      measure = measure || document.createElement("canvas").getContext("2d");
      if (measure.font !== font) measure.font = font;
      measured.set(key, measure.measureText(String(text)).width);
    }
    return measured.get(key);
  }
  // Chinese text has no spaces: a line may break between any two CJK characters (not before
  // closing punctuation); text without CJK characters wraps at spaces only, as it always has.
  var CJK = /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/;
  function wrapCjk(text, width, font) {
    var tokens = text.match(/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+/g) || [];
    var lines = [], line = "", space = false;
    tokens.forEach(function (tok) {
      if (/^\s+$/.test(tok)) { space = !!line; return; }
      var candidate = line + (space ? " " : "") + tok;
      space = false;
      if (line && textWidth(candidate, font) > width && !/^[，。；：、）》”！？]/.test(tok)) {
        lines.push(line);
        line = tok;
      } else {
        line = candidate;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : (lines[0] || "");
  }
  function wrapLines(text, width, font) {
    var joined = String(Array.isArray(text) ? text.join(" ") : text);
    if (CJK.test(joined)) return wrapCjk(joined, width, font);
    var words = joined.split(/\s+/).filter(Boolean);
    var lines = [], line = "";
    words.forEach(function (word) {
      var candidate = line ? line + " " + word : word;
      if (line && textWidth(candidate, font) > width) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : (lines[0] || "");
  }
  function legendColumns(labels, width, font, entryExtra, labelLimit) {
    var widths = (labels || []).map(function (l) { return Math.min(labelLimit, textWidth(l, font)) + entryExtra; });
    var total = widths.reduce(function (a, b) { return a + b; }, 0);
    if (total <= width) return 0;  // one row, as designed
    return Math.max(1, Math.floor(width / Math.max.apply(null, widths)));
  }
  // A chart is drawn in a container that is not displayed yet (the gate, below), where Vega's
  // containerSize() would read 0 × 0: some specs size their labels by it (a bar chart's label
  // limit is a share of the column). There it answers with the column's width measured for
  // the chart (as the container, laid out, would report it) and the height it has then, 0.
  var vegaReady = false;
  function setupVega() {
    if (vegaReady || !window.vega || !vega.expressionFunction) return;
    vegaReady = true;
    vega.expressionFunction("rbWrapLines", wrapLines);
    vega.expressionFunction("rbLegendColumns", legendColumns);
    var vegaContainerSize = vega.expressionFunction("containerSize");
    if (vegaContainerSize) {
      vega.expressionFunction("containerSize", function () {
        var view = this.context.dataflow, el = view.container && view.container();
        if (el && el.rbWidth > 0 && el.clientWidth === 0) return [el.rbWidth, 0];
        return vegaContainerSize.apply(this, arguments);
      });
    }
  }

  setupVega();  // Vega already there (from the cache, or run before this script): at once

  // Vega is loaded async (_config.yml), not deferred: the theme's scripts and this one do not
  // wait for it, so their work at DOMContentLoaded is done while Vega is still on its way
  // (on a slow connection it is most of the page's bytes, and the last to arrive), and the
  // charts start as soon as it has run. Its script failing to load (its onerror attribute sets
  // rustbeltVegaFailed, in case that happened before this script ran) leaves every chart with
  // its static image and the error "vega is missing".
  function whenVega(then) {
    var tag = document.querySelector('script[src*="vega/vega.min.js"]');
    if (window.vega || window.rustbeltVegaFailed || !tag) { setupVega(); then(); return; }
    function go() { setupVega(); then(); }  // a script fires load or error, once
    tag.addEventListener("load", go);
    tag.addEventListener("error", go);
  }

  function font(style, size, weight) {
    return (weight || "normal") + " " + size + "px " + (style.font || "sans-serif");
  }
  function reflow(vg) {
    var cfg = vg.config || {}, styles = cfg.style || {}, legendCfg = cfg.legend || {};
    var title = typeof vg.title === "string" ? { text: vg.title } : vg.title;
    if (title) {
      var ts = Object.assign({ font: cfg.font }, styles["group-title"] || {}, cfg.title || {});
      var ss = Object.assign({ font: cfg.font }, styles["group-subtitle"] || {});
      var pairs = [["text", font(ts, ts.fontSize || 13, ts.fontWeight || "bold")],
                   ["subtitle", font(ss, (cfg.title || {}).subtitleFontSize || ss.fontSize || 12, "normal")]];
      pairs.forEach(function (p) {
        var value = title[p[0]];
        if (typeof value === "string" || Array.isArray(value)) {
          title[p[0]] = { signal: "rbWrapLines(" + JSON.stringify(value) + ", width, " + JSON.stringify(p[1]) + ")" };
        }
      });
      vg.title = title;
    }
    var ls = Object.assign({ font: cfg.font }, styles["guide-label"] || {});
    var labelFont = font(ls, legendCfg.labelFontSize || ls.fontSize || 10, "normal");
    (vg.legends || []).forEach(function (lg) {
      var scale = lg.fill || lg.stroke || lg.shape || lg.strokeDash || lg.size || lg.opacity;
      var direction = lg.direction || legendCfg.direction;
      if (!scale || lg.type === "gradient" || direction !== "horizontal" || lg.columns != null) return;
      // symbol, label offset, column padding and stroke: about 30 px beside each label
      var extra = Math.sqrt(lg.symbolSize || legendCfg.symbolSize || 100) + 20;
      lg.columns = { signal: "rbLegendColumns(domain(" + JSON.stringify(scale) + "), width, " +
                     JSON.stringify(labelFont) + ", " + extra + ", " + (lg.labelLimit || legendCfg.labelLimit || 160) + ")" };
    });
    return vg;
  }

  function relayout(view) {
    if (view._rbRelayout) return;
    view._rbRelayout = requestAnimationFrame(function () {
      view._rbRelayout = null;
      view.resize().runAsync();
    });
  }

  // Vega re-measures a "container"-wide chart only on window resize events. The text
  // column can change width later (the theme's sidebar slides in over 0.2 s when the
  // window crosses a breakpoint), leaving the chart wider than its column; a
  // ResizeObserver re-fits the chart whenever its container's width really changes.
  function followContainer(el, view) {
    if (!window.ResizeObserver) return;
    var last = null;  // the observer reports the starting size first
    new ResizeObserver(function (entries) {
      var w = entries[entries.length - 1].contentRect.width;
      if (w === 0) return;  // hidden (another tab of its panel is open): keep the chart as it is
      if (last === null || Math.abs(w - last) < 1) {  // height changes (our own re-layouts) do not count
        last = w;
        return;
      }
      last = w;
      view.signal("width", w);
      relayout(view);
    }).observe(el);
  }

  // ---------------------------------------------------------------------------
  // The view in the link. The fragment holds, per chart, the values of its controls
  // and legend selections that differ from the chart's defaults, keyed by the chart's
  // stable name:  #fig-scenario-explorer?scenario_pick=old_policies&rate_pick=0.25
  // (several charts: joined by ";"). A fragment that names no chart, or a value the
  // control does not allow, is ignored: the chart keeps its default view.
  // ---------------------------------------------------------------------------
  var charts = {};  // data-name -> {el, figure, view, spec, controls: {signal: bind}, stores: [..], defaults}

  function boundSignals(spec) {
    var out = {};
    (spec.signals || []).forEach(function (s) { if (s.bind && s.bind.input) out[s.name] = s; });
    return out;
  }
  function storeNames(spec) {
    return (spec.data || []).map(function (d) { return d.name; }).filter(function (n) { return /_store$/.test(n); });
  }
  function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // A value from the link, checked against what the control allows; undefined if not allowed.
  function parseValue(signal, text) {
    var bind = signal.bind, input = bind.input, dflt = signal.value;
    if (input === "checkbox") {
      return text === "true" ? true : text === "false" ? false : undefined;
    }
    if (input === "range") {
      var x = Number(text);
      if (text === "" || !isFinite(x)) return undefined;
      var min = bind.min != null ? bind.min : 0, max = bind.max != null ? bind.max : 100;
      if (x < min - 1e-9 || x > max + 1e-9) return undefined;
      if (bind.step) {
        var k = (x - min) / bind.step;
        if (Math.abs(k - Math.round(k)) > 1e-6) return undefined;
      }
      return x;
    }
    if (bind.options) {
      var hit;
      bind.options.forEach(function (o) { if (String(o) === text) hit = o; });
      return hit;
    }
    if (typeof dflt === "number") { var n = Number(text); return isFinite(n) ? n : undefined; }
    return text;
  }

  function chartState(c) {
    var state = [];
    Object.keys(c.controls).forEach(function (name) {
      var v = c.view.signal(name);
      if (!sameValue(v, c.defaults[name])) state.push([name, String(v)]);
    });
    c.stores.forEach(function (name) {
      var values = (c.view.data(name) || []).map(function (t) { return t.values; });
      if (values.length) state.push([name, JSON.stringify(values)]);
    });
    return state;
  }
  function stateQuery(state) {
    return state.map(function (kv) { return encodeURIComponent(kv[0]) + "=" + encodeURIComponent(kv[1]); }).join("&");
  }
  function readFragment() {
    var out = {};
    var raw = location.hash.replace(/^#/, "");
    if (!raw || raw.indexOf("?") < 0) return out;
    raw.split(";").forEach(function (part) {
      var q = part.indexOf("?");
      if (q < 1) return;
      var name, pairs = [];
      try {
        name = decodeURIComponent(part.slice(0, q));
        part.slice(q + 1).split("&").forEach(function (kv) {
          if (!kv) return;
          var eq = kv.indexOf("=");
          if (eq < 1) throw new Error("no value");
          pairs.push([decodeURIComponent(kv.slice(0, eq)), decodeURIComponent(kv.slice(eq + 1))]);
        });
      } catch (e) { return; }  // not a view of ours: ignored
      out[name] = pairs;
    });
    return out;
  }
  function viewLink(onlyName) {
    var parts = [];
    Object.keys(charts).forEach(function (name) {
      var c = charts[name];
      if (!c.view || (onlyName && name !== onlyName)) return;
      var q = stateQuery(chartState(c));
      if (q) parts.push(encodeURIComponent(name) + "?" + q);
    });
    return parts.join(";");
  }
  function writeFragment() {
    var frag = viewLink();
    var url = location.href.split("#")[0] + (frag ? "#" + frag : "");
    // a plain anchor (#section) stays until a chart's view is recorded
    if (!frag && location.hash.indexOf("?") < 0) return;
    if (url !== location.href) history.replaceState(history.state, "", url);
  }
  var fragmentTimer = null;
  function fragmentSoon() {
    clearTimeout(fragmentTimer);
    fragmentTimer = setTimeout(writeFragment, 150);
  }

  // Apply a chart's state from the link; all or nothing, so a stale link gives the default view.
  function restore(c, pairs) {
    var signals = {}, stores = {}, ok = pairs.length > 0;
    pairs.forEach(function (kv) {
      if (!ok) return;
      if (c.controls[kv[0]]) {
        var v = parseValue(c.controls[kv[0]], kv[1]);
        if (v === undefined) ok = false; else signals[kv[0]] = v;
      } else if (c.stores.indexOf(kv[0]) >= 0) {
        var values;
        try { values = JSON.parse(kv[1]); } catch (e) { ok = false; return; }
        var fields = c.view.signal(kv[0].replace(/_store$/, "_tuple_fields"));
        if (!Array.isArray(values) || !Array.isArray(fields) || !values.every(function (t) {
          return Array.isArray(t) && t.length === fields.length && t.every(function (x) { return x === null || typeof x !== "object"; });
        })) { ok = false; return; }
        stores[kv[0]] = values.map(function (t) { return { unit: c.unit || "", fields: fields, values: t }; });
      } else {
        ok = false;
      }
    });
    if (!ok) return false;
    Object.keys(signals).forEach(function (n) { c.view.signal(n, signals[n]); });
    Object.keys(stores).forEach(function (n) { c.view.data(n, stores[n]); });
    return true;
  }

  function storeUnit(spec) {
    // the unit name Vega-Lite writes into a selection's tuples (a top-level chart: "")
    var text = JSON.stringify(spec.signals || []);
    var m = text.match(/unit:\s*\\?"([^"\\]*)\\?",\s*fields:/);
    return m ? m[1] : "";
  }

  // ---------------------------------------------------------------------------
  // Tooltips: Vega's View calls this with the tooltip value of the mark under the
  // pointer (an object of field: value, or text); one box for the page, in the theme's
  // colours, kept inside the window. No library: the page loads vega and nothing else.
  // ---------------------------------------------------------------------------
  var tipBox = null;
  function tipValue(v) {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.map(tipValue).join(", ");
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }
  function tooltip(handler, event, item, value) {
    if (!tipBox) {
      tipBox = document.createElement("div");
      tipBox.className = "rb-tooltip";
      tipBox.setAttribute("role", "tooltip");
      tipBox.hidden = true;
      document.body.appendChild(tipBox);
    }
    if (value === null || value === undefined || value === "" || !event) {
      tipBox.hidden = true;
      return;
    }
    var frag = document.createDocumentFragment();
    if (typeof value === "object" && !Array.isArray(value)) {
      if (value.title != null) {
        var h = document.createElement("div");
        h.className = "rb-tooltip-title";
        h.textContent = tipValue(value.title);
        frag.appendChild(h);
      }
      var table = document.createElement("table");
      Object.keys(value).forEach(function (k) {
        if (k === "title" || value[k] === undefined) return;
        var tr = table.insertRow();
        var th = document.createElement("th");
        th.textContent = k;
        tr.appendChild(th);
        tr.insertCell().textContent = tipValue(value[k]);
      });
      frag.appendChild(table);
    } else {
      frag.appendChild(document.createTextNode(tipValue(value)));
    }
    tipBox.replaceChildren(frag);
    tipBox.hidden = false;
    var pad = 12, w = tipBox.offsetWidth, h2 = tipBox.offsetHeight;
    var x = event.clientX + pad, y = event.clientY + pad;
    if (x + w > window.innerWidth - 4) x = Math.max(4, event.clientX - pad - w);
    if (y + h2 > window.innerHeight - 4) y = Math.max(4, event.clientY - pad - h2);
    tipBox.style.left = x + "px";
    tipBox.style.top = y + "px";
  }

  // ---------------------------------------------------------------------------
  // Charts: the static SVG drawn at build time stays until the interactive chart has
  // rendered (hidden, in the same box); then the two swap in one frame. After the first
  // paint, every chart on the page starts at once, nearest the viewport first, without
  // the reader scrolling: the column's width is measured for all of them in one read
  // (Vega would otherwise measure each chart's container as it starts, a forced layout
  // of the whole page per chart), each chart is parsed and drawn in its own short task,
  // and no chart waits for another to be shown. Specs are Vega (compiled at build time);
  // the View API draws them directly.
  // ---------------------------------------------------------------------------
  function fixWidth(spec, width) {
    (spec.signals || []).forEach(function (s) {
      if (s.name === "width" && typeof s.init === "string" && s.init.indexOf("containerSize()") >= 0 && width > 0) {
        s.init = String(Math.round(width));
      }
    });
    return spec;
  }

  // A precomputed grid is written by column in the page (rustbelt/web_figure.py): rows again for Vega.
  // A numeric column comes as integers ({rb_delta, rb_scale[, rb_lengths]}: _compact there):
  // running sums of the differences; for lists, position by position (every row's first
  // number, then every row's second...) and each list as its first number and its steps; then
  // one division by 10**rb_scale, which gives back exactly the numbers written.
  function sums(delta) {
    var out = new Array(delta.length), acc = 0;
    for (var i = 0; i < delta.length; i++) { acc += delta[i]; out[i] = acc; }
    return out;
  }
  function decodeColumn(col) {
    if (!col || !col.rb_delta) return col;
    var ints = sums(col.rb_delta), scale = Math.pow(10, col.rb_scale || 0), i, j;
    if (!col.rb_lengths) {
      if (scale !== 1) for (i = 0; i < ints.length; i++) ints[i] = ints[i] / scale;
      return ints;
    }
    var lengths = decodeColumn(col.rb_lengths), n = lengths.length, longest = 0, rows = new Array(n), p = 0;
    for (i = 0; i < n; i++) { rows[i] = new Array(lengths[i]); if (lengths[i] > longest) longest = lengths[i]; }
    for (j = 0; j < longest; j++) {
      for (i = 0; i < n; i++) if (lengths[i] > j) rows[i][j] = ints[p++];
    }
    rows.forEach(function (r) {
      for (var k = 0, acc = 0; k < r.length; k++) { acc += r[k]; r[k] = scale === 1 ? acc : acc / scale; }
    });
    return rows;
  }
  function expandColumns(vg) {
    (vg.data || []).forEach(function (d) {
      var cols = d.values && d.values.rb_columns;
      if (!cols) return;
      var keys = Object.keys(cols), values = keys.map(function (k) { return decodeColumn(cols[k]); });
      var n = keys.length ? values[0].length : 0, rows = new Array(n);
      for (var i = 0; i < n; i++) {
        var row = {};
        for (var k = 0; k < keys.length; k++) row[keys[k]] = values[k][i];
        rows[i] = row;
      }
      d.values = rows;
    });
    return vg;
  }

  // A chart is drawn in a container that is not displayed (rustbelt.css, .rb-live): Vega's SVG
  // costs the page no styling, layout or paint until it replaces the static one. A chart that
  // is in the window when the page starts replaces it as soon as it is drawn; the others wait
  // at this gate and replace theirs all together once each of them is drawn (or has failed):
  // the page is restyled and laid out once for them instead of once per chart, which on a slow
  // phone is much of what delays the last chart (issue 14).
  var gate = { expected: 0, arrived: 0, waiting: [] };
  function atGate() {
    gate.arrived += 1;
    if (gate.arrived < gate.expected) return;
    gate.waiting.splice(0).forEach(function (open) { open(); });
  }
  function throughGate() {
    return new Promise(function (open) { gate.waiting.push(open); atGate(); });
  }

  function embedOne(el, width, visible) {
    var specNode = document.getElementById(el.dataset.specId);
    el.dataset.embedded = "1";
    if (!specNode || typeof vega === "undefined" || !vega.View) {
      el.dataset.error = "vega is missing";
      if (!visible) atGate();
      return Promise.resolve();
    }
    var spec, name = el.dataset.name || el.id, c, live, view, gated = !visible;
    window.rustbeltChartsPending += 1;
    return new Promise(function (resolve) {
      // the spec is parsed once; what this script keeps of it (the signals as written, for the
      // controls' defaults and the link, and the datasets' names) is copied before Vega reads it
      var vg = JSON.parse(specNode.textContent);
      spec = { signals: JSON.parse(JSON.stringify(vg.signals || [])),
               data: (vg.data || []).map(function (d) { return { name: d.name }; }) };
      c = charts[name] = { el: el, figure: el.closest(".rb-figure"), spec: spec, controls: boundSignals(spec),
                           stores: storeNames(spec), unit: storeUnit(spec), defaults: {} };
      Object.keys(c.controls).forEach(function (n) { c.defaults[n] = c.controls[n].value; });
      live = document.createElement("div");
      live.className = "rb-live";
      live.rbWidth = width;  // containerSize() while it is not displayed (above)
      el.appendChild(live);
      vg = fixWidth(reflow(expandColumns(vg)), width);
      view = c.view = new vega.View(vega.parse(vg), { renderer: "svg", container: live, hover: true, tooltip: tooltip });
      window.rustbeltViews[el.id] = view;
      var pairs = readFragment()[name], restored = false;
      // Fitting the chart to its column changes the plot's width during a run, after the titles
      // and legends were laid out for the width before (they wrap and break by it): each change
      // of the width lays the chart out again (as vega-embed's view did), from the first run on,
      // or a re-wrapped title sticks out of the chart.
      view.addSignalListener("width", function () { relayout(view); });
      resolve(view.runAsync().then(function () {
        return view.resize().runAsync();
      }).then(function () {
        restored = pairs ? restore(c, pairs) : false;
        return restored ? view.runAsync() : null;
      }).then(function () {
        if (!gated) return null;
        gated = false;
        return throughGate();
      }).then(function () {
        var stat = el.querySelector(".rb-static");
        if (stat) stat.remove();
        live.classList.add("rb-live-shown");
        live.rbWidth = 0;  // displayed now: containerSize() is Vega's own again
        exposeDescription(live, view);
        el.dataset.rendered = "1";
        if (restored) el.dataset.restored = "1";
        followContainer(el, view);
        Object.keys(c.controls).forEach(function (n) { view.addSignalListener(n, onChange); });
        c.stores.forEach(function (n) { view.addDataListener(n, onChange); });
        function onChange() { fragmentSoon(); tableSoon(c); }
        if (restored) refreshTable(c);
        performance.mark("rustbelt:rendered:" + el.id);
      }));
    }).catch(function (err) {
      el.dataset.error = String(err);
      console.error("chart " + el.id + ": " + err);
      if (gated) { gated = false; atGate(); }  // the charts waiting at the gate do not wait for this one
    }).finally(function () { window.rustbeltChartsPending -= 1; });
  }

  function byDistance(nodes) {
    var vh = window.innerHeight || 800;
    return nodes.map(function (el) {
      var r = el.getBoundingClientRect();
      var d = r.bottom < 0 ? -r.bottom : r.top > vh ? r.top - vh : 0;
      return { el: el, d: d, w: r.width };
    }).sort(function (a, b) { return a.d - b.d; });
  }

  // one task per chart, queued at once: the page stays responsive between charts, and
  // a chart never waits for the one before it to be shown
  var nextTask = (function () {
    if (typeof MessageChannel === "undefined") return function (fn) { setTimeout(fn, 0); };
    var channel = new MessageChannel(), queue = [];
    channel.port1.onmessage = function () { var fn = queue.shift(); if (fn) fn(); };
    return function (fn) { queue.push(fn); channel.port2.postMessage(0); };
  })();

  function embedAll() {
    // every position and width read together, before any chart touches the page
    var queue = byDistance([].slice.call(document.querySelectorAll(".rb-vega[data-spec-id]"))
      .filter(function (el) { return !el.dataset.embedded; }));
    var fromLink = Object.keys(readFragment());
    gate.expected += queue.filter(function (x) { return x.d > 0; }).length;
    var done = queue.map(function (x) {
      return new Promise(function (resolve) { nextTask(function () { embedOne(x.el, x.w, x.d === 0).then(resolve); }); });
    });
    Promise.all(done).then(function () { if (fromLink.length) scrollToLinked(fromLink); });
  }
  function scrollToLinked(names) {
    var c = names.map(function (n) { return charts[n]; }).filter(function (x) { return x && x.el.dataset.restored; })[0];
    if (c && c.figure) c.figure.scrollIntoView({ block: "start" });
  }

  // ---------------------------------------------------------------------------
  // The panel under each chart: Chart | Table | Download | Cite (WAI-ARIA tabs).
  // ---------------------------------------------------------------------------
  function selectTab(fig, tab, focus) {
    fig.querySelectorAll(".rb-tab").forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      var pane = document.getElementById(t.getAttribute("aria-controls"));
      if (pane) pane.classList.toggle("rb-pane-active", on);
    });
    if (focus) tab.focus();
  }
  function setupPanel(fig) {
    if (fig.dataset.panel) return;
    fig.dataset.panel = "1";
    fig.classList.add("rb-panel-ready");
    var tabs = [].slice.call(fig.querySelectorAll(".rb-tab"));
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { selectTab(fig, tab, false); });
      tab.addEventListener("keydown", function (e) {
        var j = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : null;
        if (j === null) return;
        e.preventDefault();
        selectTab(fig, tabs[(j + tabs.length) % tabs.length], true);
      });
    });
    fig.querySelectorAll(".rb-export").forEach(function (btn) {
      btn.addEventListener("click", function () { exportImage(fig, btn.dataset.format); });
    });
    var copy = fig.querySelector(".rb-copy-link");
    if (copy) copy.addEventListener("click", function () { copyLink(fig); });
  }

  function chartOf(fig) {
    var el = fig.querySelector(".rb-vega");
    return el && charts[el.dataset.name || el.id];
  }

  // PNG and SVG of the chart as it is shown, made by Vega's View in the browser, with
  // no request anywhere.
  function exportImage(fig, format) {
    var c = chartOf(fig);
    if (!c || !c.view) return Promise.resolve(null);
    var made = format === "png"
      ? c.view.toCanvas(2).then(function (canvas) {
          return new Promise(function (resolve) { canvas.toBlob(function (blob) { resolve(URL.createObjectURL(blob)); }, "image/png"); });
        })
      : c.view.toImageURL(format);
    return made.then(function (url) {
      var a = document.createElement("a");
      a.href = url;
      a.download = (fig.dataset.name || "chart") + "." + format;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      return url;
    });
  }

  function copyLink(fig) {
    var name = fig.dataset.name;
    var frag = viewLink(name);
    var url = location.href.split("#")[0] + "#" + (frag || (fig.id || ""));
    var status = fig.querySelector(".rb-copy-status");
    function done(ok) {
      if (status) status.textContent = ok ? word("linkCopied") : word("copyThisLink") + url;
      fig.dataset.link = url;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }

  // The Table tab shows the data as drawn: for a chart with controls, the dataset of
  // the view that has the table's columns and the fewest rows (the filtered one).
  function formatCell(v) {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.map(formatCell).join(", ");
    if (typeof v === "number") {
      if (!isFinite(v)) return "";
      if (Number.isInteger(v)) return String(v);
      var t = v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
      return t === "-0" ? "0" : t;
    }
    return String(v);
  }
  function drawnRows(c, columns) {
    var best = null;
    (c.spec.data || []).forEach(function (d) {
      if (/_store$/.test(d.name)) return;
      var rows;
      try { rows = c.view.data(d.name); } catch (e) { return; }
      if (!rows || !rows.length) return;
      if (!columns.every(function (col) { return col in rows[0]; })) return;
      if (!best || rows.length < best.length) best = rows;
    });
    return best;
  }
  function refreshTable(c) {
    var table = c.figure && c.figure.querySelector(".rb-data-table");
    if (!table || !c.view) return;
    var columns = JSON.parse(table.dataset.columns || "[]");
    // the Chinese edition: labels as the page's table shows them, sources' titles kept English
    var labels = JSON.parse(table.dataset.labels || "{}");
    var english = JSON.parse(table.dataset.english || "[]");
    var rows = drawnRows(c, columns);
    if (!rows) return;
    var tbody = table.tBodies[0];
    var frag = document.createDocumentFragment();
    rows.slice(0, 400).forEach(function (r) {
      var tr = document.createElement("tr");
      columns.forEach(function (col) {
        var td = document.createElement("td");
        var text = formatCell(r[col]);
        if (english.indexOf(col) >= 0) td.lang = "en";
        else if (Object.prototype.hasOwnProperty.call(labels, text)) text = labels[text];
        td.textContent = text;
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
    table.dataset.view = "current";
  }
  function tableSoon(c) {
    clearTimeout(c.tableTimer);
    c.tableTimer = setTimeout(function () { c.view.runAsync().then(function () { refreshTable(c); }); }, 120);
  }

  // A table wider than the column scrolls inside its wrapper; keyboard users must be
  // able to reach it to scroll it (WCAG 2.1.1). The theme does this for its own table
  // containers; this covers the book's .rb-table-wrap, only while it really scrolls.
  function keyboardScrollable() {
    document.querySelectorAll(".rb-table-wrap:not(.rb-figure-table)").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        el.tabIndex = 0;
        el.setAttribute("role", "region");
        if (!el.hasAttribute("aria-label")) {
          var caption = el.querySelector("caption");
          el.setAttribute("aria-label", (caption && caption.textContent.trim()) || word("scrollingTable"));
        }
      } else if (el.getAttribute("tabindex") === "0") {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
      }
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(keyboardScrollable, 200);
  });

  // Opened from disk (file://), the browser refuses fetch() of the book's own pages,
  // which Sphinx's search uses only to show a snippet under each result: every result
  // then raises a console error. From disk, results are listed without snippets.
  if (location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  // Bootstrap's script is not loaded with the page (rustbelt/book/sphinx_icons.py): the theme
  // needs it only for the header's download menu and its buttons' hover hints. It is loaded
  // the first time a reader points at, focuses or clicks one of them; a click that came
  // before it had loaded is replayed (the menu opens), and a hint shows for the button
  // still under the pointer or focused.
  var bootstrapSrc = document.currentScript ? new URL("scripts/bootstrap.js", document.currentScript.src).href : null;
  var bootstrapLoading = null;
  function loadBootstrap() {
    if (!bootstrapLoading) {
      bootstrapLoading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = bootstrapSrc;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return bootstrapLoading;
  }
  function wakeBootstrap(e) {
    var t = e.target && e.target.closest && e.target.closest("[data-bs-toggle]");
    if (!t || !bootstrapSrc) return;
    var replay = !window.bootstrap;  // bootstrap's own listeners were not there for this event
    loadBootstrap().then(function () {
      var bs = window.bootstrap;
      if (!bs) return;
      document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) { bs.Tooltip.getOrCreateInstance(el); });
      if (!replay) return;
      var kind = t.getAttribute("data-bs-toggle");
      if (e.type === "click" && kind === "dropdown") bs.Dropdown.getOrCreateInstance(t).toggle();
      else if (e.type !== "click" && kind === "tooltip" && t.matches(":hover, :focus-visible")) bs.Tooltip.getInstance(t).show();
    }, function () { console.error("rustbelt: could not load " + bootstrapSrc); });
  }
  if (!window.bootstrap) {
    ["pointerover", "focusin", "click"].forEach(function (type) { document.addEventListener(type, wakeBootstrap, true); });
  }

  function start() {
    document.querySelectorAll(".rb-figure").forEach(setupPanel);
    keyboardScrollable();
    // after the first paint: the static charts are on screen before any chart work starts
    whenVega(function () { requestAnimationFrame(function () { setTimeout(embedAll, 0); }); });
  }
  window.rustbelt = { charts: charts, viewLink: viewLink, exportImage: exportImage, readFragment: readFragment,
                      expandColumns: expandColumns };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
