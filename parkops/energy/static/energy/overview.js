// The energy overview's chart (ECharts): monthly electricity of each building (stacked bars)
// and the park's carbon in tCO2 (line, right axis). Data ("energy-data") and words
// ("chart-words") come from the page, in its language.
(function () {
  "use strict";
  var el = document.getElementById("energy-chart");
  var source = document.getElementById("energy-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var wordsEl = document.getElementById("chart-words");
  var W = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  function numbers(list) { return list.map(function (v) { return v === null ? null : parseFloat(v); }); }
  var series = data.series.map(function (s) {
    return { name: s.name, type: "bar", stack: "kwh", barMaxWidth: 24, data: numbers(s.data) };
  });
  if (data.carbon) {
    series.push({ name: W.carbon || "tCO2", type: "line", yAxisIndex: 1, symbolSize: 6, data: numbers(data.carbon) });
  }
  var chart = window.echarts.init(el, null, { renderer: "svg", locale: W.locale || "ZH" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 8, top: 52, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: "value", name: "kWh", nameTextStyle: { align: "left" } },
      { type: "value", name: "tCO2", splitLine: { show: false } }
    ],
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
