// The revenue ledger's chart (ECharts): billed and collected yuan for each of the last 12
// months. Data ("revenue-data") and words ("chart-words") come from the page, in its language.
(function () {
  "use strict";
  var el = document.getElementById("revenue-chart");
  var source = document.getElementById("revenue-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var wordsEl = document.getElementById("chart-words");
  var W = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  var yuan = W.yuan || "元";
  var grouped = new Intl.NumberFormat(W.locale === "EN" ? "en" : "zh-CN", {
    minimumFractionDigits: 2, maximumFractionDigits: 2
  });
  var whole = new Intl.NumberFormat(W.locale === "EN" ? "en" : "zh-CN", { maximumFractionDigits: 0 });
  function numbers(list) { return list.map(function (v) { return v === null ? null : parseFloat(v); }); }
  var chart = window.echarts.init(el, null, { renderer: "svg", locale: W.locale || "ZH" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    color: ["#1b4fd6", "#2f9e6e"],
    legend: { top: 0 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: function (v) { return v === null || v === undefined ? "—" : grouped.format(v) + " " + yuan; }
    },
    // containLabel: the grid grows to fit long month and yuan labels instead of clipping them.
    grid: { left: 8, right: 8, top: 52, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true } },
    yAxis: {
      type: "value",
      name: yuan,
      nameTextStyle: { align: "left" },
      axisLabel: { formatter: function (v) { return whole.format(v); } }
    },
    series: [
      { name: W.billed || "应收金额", type: "bar", barMaxWidth: 24, data: numbers(data.billed) },
      { name: W.collected || "实收金额", type: "line", symbolSize: 6, data: numbers(data.collected) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
