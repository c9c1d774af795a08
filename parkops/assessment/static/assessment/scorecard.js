// The scorecard: the score history line (ECharts) and the park chooser that submits itself.
(function () {
  "use strict";
  var chooser = document.getElementById("sc-park");
  if (chooser) chooser.addEventListener("change", function () { chooser.form.submit(); });

  var el = document.getElementById("score-history");
  var source = document.getElementById("score-history-data");
  if (!el || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var labels = data.labels || {series: "自评总分", stars: ["三星", "四星", "五星"]};
  var chart = window.echarts.init(el);
  chart.setOption({
    // containLabel: the grid fits the axis and star labels instead of clipping them.
    grid: {left: 8, right: 48, top: 24, bottom: 8, containLabel: true},
    tooltip: {trigger: "axis"},
    xAxis: {type: "category", data: data.dates},
    yAxis: {type: "value", min: 0, max: 100},
    series: [{
      type: "line", name: labels.series, data: data.totals, connectNulls: false,
      markLine: {
        silent: true, symbol: "none", lineStyle: {type: "dashed"},
        label: {formatter: "{b}"},
        data: [{yAxis: 70, name: labels.stars[0]}, {yAxis: 80, name: labels.stars[1]}, {yAxis: 90, name: labels.stars[2]}]
      }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
