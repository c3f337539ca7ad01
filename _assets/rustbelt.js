// Render every chart on the page with the book's own copy of vega-embed (SVG).
// Views are kept in window.rustbeltViews by chart id, for tests and for readers'
// consoles; nothing here loads anything from the network.
(function () {
  window.rustbeltViews = window.rustbeltViews || {};
  window.rustbeltChartsPending = 0;

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
  function wrapLines(text, width, font) {
    var words = String(Array.isArray(text) ? text.join(" ") : text).split(/\s+/).filter(Boolean);
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
  if (window.vega && vega.expressionFunction) {
    vega.expressionFunction("rbWrapLines", wrapLines);
    vega.expressionFunction("rbLegendColumns", legendColumns);
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
      if (last === null || Math.abs(w - last) < 1) {  // height changes (our own re-layouts) do not count
        last = w;
        return;
      }
      last = w;
      view.signal("width", w);
      relayout(view);
    }).observe(el);
  }

  function embedAll() {
    var nodes = document.querySelectorAll(".rb-vega[data-spec-id]");
    nodes.forEach(function (el) {
      if (el.dataset.embedded) return;
      el.dataset.embedded = "1";
      var specNode = document.getElementById(el.dataset.specId);
      if (!specNode || typeof vegaEmbed === "undefined") {
        el.textContent = "This chart needs JavaScript (vega-embed) to display.";
        return;
      }
      var spec = JSON.parse(specNode.textContent);
      window.rustbeltChartsPending += 1;
      vegaEmbed(el, spec, { renderer: "svg", actions: false, patch: reflow })
        .then(function (result) {
          var view = result.view;
          window.rustbeltViews[el.id] = view;
          // The wrapped title and legend take their final size only once Vega has fitted
          // the plot width; one more layout pass sizes the SVG to them (and again
          // whenever the width changes).
          view.addSignalListener("width", function () { relayout(view); });
          followContainer(el, view);
          return view.resize().runAsync().then(function () {
            exposeDescription(el, view);
            el.dataset.rendered = "1";
            // milliseconds since navigation started, read by scripts/bench_browser.py
            performance.mark("rustbelt:rendered:" + el.id);
          });
        })
        .catch(function (err) {
          el.dataset.error = String(err);
          console.error("chart " + el.id + ": " + err);
        })
        .finally(function () { window.rustbeltChartsPending -= 1; });
    });
  }

  // A table wider than the column scrolls inside its wrapper; keyboard users must be
  // able to reach it to scroll it (WCAG 2.1.1). The theme does this for its own table
  // containers; this covers the book's .rb-table-wrap, only while it really scrolls.
  function keyboardScrollable() {
    document.querySelectorAll(".rb-table-wrap").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth) {
        el.tabIndex = 0;
        el.setAttribute("role", "region");
        if (!el.hasAttribute("aria-label")) {
          var caption = el.querySelector("caption");
          el.setAttribute("aria-label", (caption && caption.textContent.trim()) || "Table (scrolls sideways)");
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

  function start() {
    embedAll();
    keyboardScrollable();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
