// NPS, response rate and average rating across a survey's rounds (survey detail page). Data
// and the series' names come from JSON scripts the page renders in the request's language.
(function () {
  "use strict";
  const holder = document.getElementById("trend-chart");
  if (!holder || typeof echarts === "undefined") {
    return;
  }
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  const words = JSON.parse(document.getElementById("trend-words").textContent);
  const chart = echarts.init(holder);
  const rate = words.rate + " %";
  chart.setOption({
    tooltip: {
      trigger: "axis",
      formatter: (items) => data.titles[items[0].dataIndex] + "<br>" +
        items.map((i) => `${i.marker}${i.seriesName}：${i.value ?? "—"}`).join("<br>"),
    },
    legend: {top: 0, data: ["NPS", rate, words.rating]},
    // containLabel: the grid fits long round titles and axis names instead of clipping them.
    grid: {left: 16, right: 28, bottom: 8, top: 64, containLabel: true},
    xAxis: {type: "category", data: data.labels, axisLabel: {interval: 0}},
    yAxis: [{type: "value", name: "NPS / %"}, {type: "value", name: words.satisfaction, min: 0, max: 5}],
    series: [
      {name: "NPS", type: "line", data: data.nps},
      {name: rate, type: "line", data: data.rate},
      {name: words.rating, type: "line", yAxisIndex: 1, data: data.rating},
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
