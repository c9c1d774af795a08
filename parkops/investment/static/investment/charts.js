// Investment charts (ECharts): occupancy by building and over time, headcount over time.
(function () {
  "use strict";
  if (!window.echarts) return;
  // The chart's words, in the page's language (a json_script "chart-words" from the template).
  var wordsEl = document.getElementById("chart-words");
  var W = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  function read(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var value = JSON.parse(el.textContent);
    return typeof value === "string" ? JSON.parse(value) : value;
  }
  function init(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ animation: false });
    return chart;
  }
  var occ = read("occupancy-data");
  if (occ) {
    var bars = init("building-chart");
    if (bars) bars.setOption({
      color: ["#1b4fd6", "#f2b84b"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "㎡" },
      yAxis: { type: "category", data: occ.buildings },
      series: [
        { name: W.leased || "已租", type: "bar", stack: "a", data: occ.leased },
        { name: W.vacant || "空置", type: "bar", stack: "a", data: occ.vacant }
      ]
    });
    var line = init("history-chart");
    if (line) line.setOption({
      color: ["#1b4fd6"],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: occ.months },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{ name: W.rate || "出租率", type: "line", smooth: true, areaStyle: { opacity: 0.12 }, data: occ.rate }]
    });
  }
  var hc = read("headcount-data");
  if (hc) {
    var chart = init("headcount-chart");
    if (chart) chart.setOption({
      color: ["#2f9e6e"],
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: hc.dates },
      yAxis: { type: "value", name: W.people || "人" },
      series: [{ name: W.headcount || "在园人数", type: "line", data: hc.values }]
    });
  }
  window.addEventListener("resize", function () {
    document.querySelectorAll(".po-chart").forEach(function (el) {
      var c = window.echarts.getInstanceByDom(el);
      if (c) c.resize();
    });
  });
})();
