// A building's load curve (ECharts): kW per quarter-hour of one day. A quarter-hour without
// data is null in "load-data" and stays a break in the line (connectNulls off), never a zero.
(function () {
  "use strict";
  var el = document.getElementById("load-chart");
  var source = document.getElementById("load-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var wordsEl = document.getElementById("chart-words");
  var W = wordsEl ? JSON.parse(wordsEl.textContent) : {};
  var values = data.kw.map(function (v) { return v === null ? null : parseFloat(v); });
  var chart = window.echarts.init(el, null, { renderer: "svg", locale: W.locale || "ZH" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { trigger: "axis" },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: data.times, boundaryGap: false, axisLabel: { hideOverlap: true } },
    yAxis: { type: "value", name: "kW", nameTextStyle: { align: "left" } },
    series: [{
      name: W.load || "kW",
      type: "line",
      connectNulls: false,
      showSymbol: false,
      areaStyle: { opacity: 0.15 },
      // The peak's label rounded as the page's summary shows it (one decimal), so it fits the pin.
      markPoint: {
        data: [{ type: "max" }],
        symbolSize: 44,
        label: { formatter: function (p) { return p.value.toFixed(1); }, fontSize: 10 }
      },
      data: values
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
