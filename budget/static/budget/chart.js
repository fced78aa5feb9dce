/* The public drill-down chart: a sunburst of the level (inner ring) and its children (outer
   ring); clicking a segment with children opens that level's page, so the table beside the
   chart, the address and the back button always agree. Data from json_script. */
(function () {
  var source = document.getElementById("budget-chart-data");
  var el = document.getElementById("budget-chart");
  if (!source || !el || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  function toNumbers(nodes) {
    return nodes.map(function (n) {
      var out = {name: n.name, value: Number(n.value), url: n.url, code: n.code};
      if (n.children) { out.children = toNumbers(n.children); }
      return out;
    });
  }
  var chart = echarts.init(el);
  chart.setOption({
    color: ["#8c0d14", "#c0392b", "#e67e22", "#f6a700", "#1a7f37", "#2e86c1", "#6c3483", "#7f8c8d"],
    tooltip: {
      formatter: function (p) {
        var wan = (p.value / 10000).toLocaleString("zh-CN", {maximumFractionDigits: 1});
        return p.data.code + " " + p.name + "<br>" + wan + " 万元";
      }
    },
    series: [{
      type: "sunburst",
      data: toNumbers(data.data),
      radius: ["12%", "95%"],
      sort: null,
      nodeClick: false,
      label: {rotate: "radial", minAngle: 12, overflow: "truncate", width: 80, fontSize: 11},
      levels: [{}, {r0: "12%", r: "58%", label: {rotate: 0}}, {r0: "58%", r: "95%", label: {fontSize: 10}}]
    }]
  });
  chart.on("click", function (p) {
    if (p.data && p.data.url) { window.location.href = p.data.url; }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
