// Space usage charts (ECharts). Data comes from json_script elements rendered by the server:
// "usage-data" (one space: months with hours and rate) or "usage-all" (hours per space).
(function () {
  "use strict";
  var el = document.getElementById("usage-chart");
  if (!el || !window.echarts) return;
  var font = getComputedStyle(document.body).fontFamily;
  // The chart's words, in the page's language (a json_script "chart-words" from the template).
  var wordsEl = document.getElementById("chart-words");
  var W = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  var chart = window.echarts.init(el, null, { renderer: "svg", locale: W.locale || "ZH" });
  var one = document.getElementById("usage-data");
  var all = document.getElementById("usage-all");
  if (one) {
    var rows = JSON.parse(one.textContent);
    chart.setOption({
      textStyle: { fontFamily: font },
      color: ["#1b4fd6", "#f2b84b"],
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: rows.map(function (r) { return r.month; }) },
      yAxis: [
        { type: "value", minInterval: 1, axisLabel: { formatter: "{value} " + (W.hours || "小时") } },
        { type: "value", max: 100, splitLine: { show: false }, axisLabel: { formatter: "{value}%" } },
      ],
      series: [
        { name: W.booked || "预约小时", type: "bar", barMaxWidth: 28, data: rows.map(function (r) { return parseFloat(r.hours); }) },
        { name: (W.rate || "使用率") + " %", type: "line", yAxisIndex: 1, data: rows.map(function (r) { return r.rate === null ? null : parseFloat(r.rate); }) },
      ],
    });
  } else if (all) {
    var data = JSON.parse(all.textContent);
    chart.setOption({
      textStyle: { fontFamily: font },
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      legend: { type: "scroll", top: 0, left: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: "{value} " + (W.hours || "小时") } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "hours", barMaxWidth: 36, data: s.hours };
      }),
    });
  }
  window.addEventListener("resize", function () { chart.resize(); });
})();
