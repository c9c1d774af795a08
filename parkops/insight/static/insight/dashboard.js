// The dashboard's charts (ECharts), drawn from the JSON blocks each tile carries
// ("chart-<tile>"), again after every htmx refresh of the tiles; and the wall screen's clock.
(function () {
  "use strict";
  var charts = [];
  function draw(root) {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    if (!window.echarts) return;
    var wall = document.body.classList.contains("po-wall");
    var ink = wall ? "#e6edf7" : "#1f2937";
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      var option;
      if (data.kind === "funnel") {
        option = {
          animation: false,
          textStyle: { color: ink },
          color: ["#1b4fd6", "#4c7bf0", "#2f9e6e"],
          series: [{
            type: "funnel", left: 8, right: 8, top: 4, bottom: 4, sort: "none", minSize: "20%",
            label: { position: "inside", color: "#fff", formatter: "{b} {c}" },
            data: data.labels.map(function (l, i) { return { name: l, value: data.values[i] }; })
          }]
        };
      } else if (data.kind === "lines") {
        option = {
          animation: false,
          textStyle: { color: ink },
          legend: { type: "scroll", top: 0 },
          tooltip: { trigger: "axis" },
          grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
          xAxis: { type: "category", data: data.labels },
          yAxis: { type: "value", minInterval: 1 },
          series: data.series.map(function (s) { return { name: s.name, type: "line", symbolSize: 5, data: s.values }; })
        };
      } else {
        option = {
          animation: false,
          textStyle: { color: ink },
          color: ["#2f9e6e"],
          grid: { left: 8, right: 8, top: 12, bottom: 8, containLabel: true },
          tooltip: { trigger: "axis", valueFormatter: function (v) { return v + (data.unit || ""); } },
          xAxis: { type: "category", data: data.labels, axisLabel: { color: ink, hideOverlap: true } },
          yAxis: { type: "value", max: data.max, axisLabel: { color: ink } },
          series: [{ type: "bar", barMaxWidth: 28, data: data.values.map(parseFloat),
            label: { show: true, position: "top", color: ink, formatter: function (p) { return p.value + (data.unit || ""); } } }]
        };
      }
      chart.setOption(option);
      charts.push(chart);
    });
  }
  function tick() {
    var el = document.querySelector("[data-wall-clock]");
    if (!el) return;
    var now = new Date();
    el.textContent = now.toLocaleString(document.documentElement.lang === "en" ? "en" : "zh-CN", { hour12: false });
  }
  draw(document);
  tick();
  setInterval(tick, 1000);
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.target && e.target.id === "dashboard-tiles") draw(e.target);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
