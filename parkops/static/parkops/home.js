// The staff home page's chart: vacant and non-vacant units per building (ECharts).
// Data comes from the per-building table rendered by the server (json_script "building-data");
// the words (legend, tooltip) come from the chart element's data-label-* attributes, in the
// page's language.
(function () {
  "use strict";
  var el = document.getElementById("occupancy-chart");
  var source = document.getElementById("building-data");
  if (!el || !source || !window.echarts) return;

  var rows = JSON.parse(source.textContent);
  var words = el.dataset;
  var sep = words.labelSeparator || "：";
  // Horizontal bars: long Chinese building names stay readable on a phone. A building is
  // named by its park only where two parks have buildings of the same name.
  var names = rows.map(function (r) {
    var clash = rows.some(function (o) { return o !== r && o.name === r.name && o.park !== r.park; });
    return clash ? r.park + " · " + r.name : r.name;
  });
  el.style.height = Math.max(240, rows.length * 34 + 90) + "px";

  var chart = window.echarts.init(el, null, { renderer: "svg", locale: words.locale || "ZH" });
  chart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    color: ["#1b4fd6", "#f2b84b"],
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: function (items) {
        // The tooltip is HTML: names typed by users are escaped.
        var esc = window.echarts.format.encodeHTML;
        var r = rows[items[0].dataIndex];
        var lines = [esc(r.park ? r.park + " · " + r.name : r.name)];
        items.forEach(function (i) { lines.push(i.marker + i.seriesName + sep + i.value + " " + (words.labelUnit || "套")); });
        if (r.rate !== null) lines.push((words.labelRate || "非空置率") + sep + r.rate + "%");
        return lines.join("<br>");
      },
    },
    xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef1f6" } } },
    yAxis: {
      type: "category",
      inverse: true,
      data: names,
      axisTick: { show: false },
      axisLabel: { width: 120, overflow: "truncate" },
    },
    series: [
      { name: words.labelOccupied || "非空置", type: "bar", stack: "units", barMaxWidth: 22, data: rows.map(function (r) { return r.occupied; }) },
      { name: words.labelVacant || "空置", type: "bar", stack: "units", barMaxWidth: 22, data: rows.map(function (r) { return r.vacant; }) },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
