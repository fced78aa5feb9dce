/* The yearly per-unit statistics chart (portal → 建议办理统计); data from json_script. */
(function () {
  var data = JSON.parse(document.getElementById("unit-chart-data").textContent);
  var el = document.getElementById("unit-chart");
  el.style.height = Math.max(320, data.units.length * 48 + 120) + "px";
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#8c0d14", "#1a7f37", "#f6a700", "#c62828"],
    tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
    legend: {top: 0},
    grid: {left: 8, right: 16, top: 40, bottom: 8, containLabel: true},
    xAxis: {type: "value", minInterval: 1},
    yAxis: {type: "category", data: data.units, inverse: true, axisLabel: {width: 110, overflow: "truncate"}},
    series: data.series.map(function (s) { return {name: s.name, type: "bar", data: s.data, barMaxWidth: 14}; })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
