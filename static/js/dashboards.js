// The dashboard's charts: plotly figures built in Python (dashboards/charts.py) sit in
// <script type="application/json"> beside an empty [data-chart] box. Draw them on load
// and after every htmx swap of the results (a filter change), and redraw after the
// back button restores a page from htmx's history.
(function () {
  "use strict";

  var CONFIG = { responsive: true, displayModeBar: false };

  function draw(root) {
    if (!window.Plotly) return;
    root.querySelectorAll("[data-chart]").forEach(function (box) {
      if (box.classList.contains("js-plotly-plot")) return;
      var source = document.getElementById(box.dataset.chart);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(box, figure.data, figure.layout, CONFIG);
    });
  }

  function redraw() {
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      if (window.Plotly && box.classList.contains("js-plotly-plot")) window.Plotly.purge(box);
      box.className = "chart";
      box.innerHTML = "";
    });
    draw(document);
  }

  function resize() {
    if (!window.Plotly) return;
    document.querySelectorAll("[data-chart].js-plotly-plot").forEach(function (box) {
      window.Plotly.Plots.resize(box);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
    document.body.addEventListener("htmx:afterSettle", function () { draw(document); });
    document.body.addEventListener("htmx:historyRestore", redraw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // On paper the numbers behind each chart are printed too, and the charts take the
  // page's width.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-data").forEach(function (details) {
      details.dataset.wasOpen = details.open ? "1" : "";
      details.open = true;
    });
    resize();
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.chart-data").forEach(function (details) {
      details.open = details.dataset.wasOpen === "1";
    });
    resize();
  });
})();
