/* Draws the deputy structure statistics (admin page) with the vendored Apache ECharts.
   Data comes from a json_script block; the tables next to the charts carry the same numbers
   for screen readers and for printing. */
(function () {
  "use strict";
  var source = document.getElementById("deputy-stats-data");
  if (!source || typeof echarts === "undefined") return;
  var charts = JSON.parse(source.textContent);
  var palette = ["#b22222", "#d4a017", "#2f6690", "#3a7d44", "#8c5e9c", "#e07a1f", "#5b8e7d", "#9e2a2b", "#4f6d7a", "#c9a227"];
  var instances = [];

  charts.forEach(function (c) {
    var el = document.getElementById("chart-" + c.key);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    var option;
    if (c.chart === "pie") {
      option = {
        color: palette,
        animation: false,
        // Shares come from the server, so the chart and the table always agree.
        tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + p.value + "人（" + c.shares[p.dataIndex] + "%）"; } },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie",
          radius: ["30%", "55%"],
          center: ["50%", "45%"],
          label: { formatter: function (p) { return p.name + "\n" + c.shares[p.dataIndex] + "%"; }, overflow: "none" },
          labelLayout: { hideOverlap: true },
          data: c.labels.map(function (label, i) { return { name: label, value: c.counts[i] }; })
        }]
      };
    } else {
      option = {
        color: palette,
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: "{b}：{c}人" },
        grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: c.labels.slice().reverse(), axisLabel: { width: 110, overflow: "truncate" } },
        series: [{
          type: "bar",
          data: c.counts.slice().reverse(),
          label: { show: true, position: "right" },
          itemStyle: { color: palette[0] }
        }]
      };
      el.style.height = Math.max(180, 28 * c.labels.length + 40) + "px";
      chart.resize();
    }
    chart.setOption(option);
    instances.push(chart);
  });

  window.addEventListener("resize", function () {
    instances.forEach(function (chart) { chart.resize(); });
  });
})();
