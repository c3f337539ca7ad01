// Render every chart on the page with the book's own copy of vega-embed (SVG).
// Views are kept in window.rustbeltViews by chart id, for tests and for readers'
// consoles; nothing here loads anything from the network.
(function () {
  window.rustbeltViews = window.rustbeltViews || {};
  window.rustbeltChartsPending = 0;
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
      vegaEmbed(el, spec, { renderer: "svg", actions: false })
        .then(function (result) {
          window.rustbeltViews[el.id] = result.view;
          var svg = el.querySelector("svg");
          if (svg && el.dataset.description) {
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", el.dataset.description);
          }
          el.dataset.rendered = "1";
        })
        .catch(function (err) {
          el.dataset.error = String(err);
          console.error("chart " + el.id + ": " + err);
        })
        .finally(function () { window.rustbeltChartsPending -= 1; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", embedAll);
  } else {
    embedAll();
  }
})();
