/* The dashboard's charts: vendored ECharts, data from the page's json_script (#dashboard-data).
   No inline script, no CDN. Every chart has its table right below it in the page. */
(function () {
  "use strict";

  function start() {
    var node = document.getElementById("dashboard-data");
    if (!node || typeof echarts === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var labels = data.labels;
    var charts = [];
    var palette = data.palette;

    function init(id) {
      var el = document.getElementById(id);
      if (!el) { return null; }
      var chart = echarts.init(el, null, { locale: data.locale, renderer: "canvas" });
      charts.push(chart);
      return chart;
    }

    // Projects by stage
    var stages = init("chart-stages");
    if (stages) {
      stages.setOption({
        color: palette,
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 10, top: 10, bottom: 60 },
        xAxis: { type: "category", data: data.stages.map(function (s) { return s.name; }), axisLabel: { rotate: 30 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", name: labels.projects, data: data.stages.map(function (s) { return s.value; }),
                   itemStyle: { color: palette[0] } }]
      });
    }

    // Plan items by light (Okabe–Ito colours, named in the legend: never colour alone)
    var lights = init("chart-lights");
    if (lights) {
      lights.setOption({
        tooltip: { trigger: "item" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}: {c}" },
                   data: data.lights.map(function (l) { return { name: l.name, value: l.value, itemStyle: { color: l.color } }; }) }]
      });
    }

    // Per pairing: one small bar chart per measure, side by side, each on its own scale (trainees number in
    // the hundreds, events in ones: on one axis the small ones vanish). The pairings share one vertical axis,
    // so a row reads across the measures; each bar is labelled with its real value, the tooltip lists all of
    // a pairing's values, and the table under the map holds them too. A click opens the pairing.
    var pairings = init("chart-pairings");
    if (pairings) {
      var panels = [
        { label: labels.projects, color: palette[0], value: function (p) { return p.measures.projects; } },
        { label: labels.investment_completed, color: palette[5], money: true,
          value: function (p) { return p.measures.investment_completed; } },
        { label: labels.cadres, color: palette[1], value: function (p) { return p.measures.cadres; } },
        { label: labels.trainees, color: palette[3], value: function (p) { return p.trainees; } },
        { label: labels.events, color: palette[2], value: function (p) { return p.events; } }
      ];
      var names = data.pairings.map(function (p) { return p.name; });
      var numberFormat = new Intl.NumberFormat(data.locale === "ZH" ? "zh-CN" : "en", { maximumFractionDigits: 2 });
      var fmt = function (value) { return numberFormat.format(value); };
      var labelWidth = (function () {
        var context = document.createElement("canvas").getContext("2d");
        context.font = "12px sans-serif";
        var widest = names.reduce(function (w, name) { return Math.max(w, context.measureText(name).width); }, 0);
        return Math.min(Math.ceil(widest) + 10, 200);
      })();
      var measureContext = document.createElement("canvas").getContext("2d");
      measureContext.font = "600 12px sans-serif";
      function panelTitle(text, width) {
        // A title too wide for its panel puts its unit, "(10,000 yuan)", on a second line.
        if (measureContext.measureText(text).width <= width) { return text; }
        return text.replace(/\s*([(（])/, "\n$1");
      }
      var pairingsEl = document.getElementById("chart-pairings");
      pairingsEl.style.height = Math.max(160, names.length * 26 + 80) + "px";
      pairings.resize();

      function pairingsOption() {
        var width = pairingsEl.clientWidth || 900;
        var perRow = width >= 900 ? panels.length : width >= 560 ? 2 : 1;
        var rows = Math.ceil(panels.length / perRow);
        var rowHeight = names.length * 26 + 80;
        pairingsEl.style.height = rows * rowHeight + "px";
        var gap = 24;
        var panelWidth = (width - labelWidth - (perRow - 1) * gap - 10) / perRow;
        var option = { title: [], grid: [], xAxis: [], yAxis: [], series: [],
          tooltip: { trigger: "item", confine: true, formatter: function (params) {
            var pairing = data.pairings[params.dataIndex];
            if (!pairing) { return ""; }
            return [echarts.format.encodeHTML(pairing.name)].concat(panels.map(function (panel) {
              return echarts.format.encodeHTML(panel.label) + ": <b>" + fmt(panel.value(pairing)) + "</b>";
            })).join("<br>");
          } } };
        panels.forEach(function (panel, index) {
          var column = index % perRow, row = Math.floor(index / perRow);
          var left = labelWidth + column * (panelWidth + gap), top = row * rowHeight;
          option.title.push({ text: panelTitle(panel.label, panelWidth - 8), left: left, top: top,
                              textStyle: { fontSize: 12, fontWeight: 600, lineHeight: 15, width: panelWidth - 8,
                                           overflow: "break" } });
          option.grid.push({ left: left, top: top + 36, width: panelWidth - 44, height: names.length * 26 });
          option.xAxis.push({ type: "value", gridIndex: index, minInterval: panel.money ? 0 : 1, splitNumber: 2,
                              axisLabel: { fontSize: 10, formatter: fmt, hideOverlap: true } });
          option.yAxis.push({ type: "category", gridIndex: index, data: names, inverse: true,
                              axisTick: { show: false },
                              axisLabel: { show: column === 0, width: labelWidth - 8, overflow: "truncate" } });
          option.series.push({ type: "bar", name: panel.label, xAxisIndex: index, yAxisIndex: index,
                               barMaxWidth: 16, itemStyle: { color: panel.color },
                               label: { show: true, position: "right", fontSize: 10, color: "#333",
                                        formatter: function (params) { return fmt(params.value); } },
                               data: data.pairings.map(panel.value) });
        });
        return option;
      }
      pairings.setOption(pairingsOption(), true);
      pairings.resize();
      pairings.on("click", function (params) {
        var pairing = data.pairings[params.dataIndex];
        if (pairing) { window.location.href = pairing.url; }
      });
      window.addEventListener("resize", function () {
        if (!pairings.isDisposed()) { pairings.setOption(pairingsOption(), true); pairings.resize(); }
      });
    }

    // Monthly trend
    var months = init("chart-months");
    if (months) {
      months.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 60, top: 40, bottom: 30 },
        xAxis: { type: "category", data: data.months },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value" }],
        series: [
          { type: "bar", name: labels.registered, data: data.monthProjects, itemStyle: { color: palette[0] } },
          { type: "line", name: labels.investment_completed, yAxisIndex: 1, data: data.monthInvestment,
            itemStyle: { color: palette[1] }, lineStyle: { color: palette[1], width: 2 }, symbol: "diamond" }
        ]
      });
    }

    // The map: the boundary file is fetched from DUIKOU_MAP_GEOJSON; regions are matched by their code
    // (GeoJSON "adcode" property or feature id), so an approved replacement file works unchanged.
    var mapChart = init("chart-map");
    var measureSelect = document.getElementById("map-measure");
    function drawMap(geo) {
      var regionNames = {};
      geo.features.forEach(function (f) {
        var props = f.properties || (f.properties = {});
        var code = String(props.adcode || f.id || props.name);
        regionNames[code] = props.name;
        props.dk_code = code;
      });
      echarts.registerMap("duikou", geo);
      var byCode = {};
      data.regions.forEach(function (r) { byCode[r.code] = r; });
      function option(measure) {
        // Every region of the file gets a value (0 when none of its pairings is shown), so regions without
        // figures take the lightest shade rather than a series colour.
        var values = Object.keys(regionNames).map(function (code) {
          return { name: code, value: byCode[code] ? byCode[code].measures[measure] : 0 };
        });
        var max = Math.max.apply(null, values.map(function (v) { return v.value; }).concat([1]));
        var arcs = data.pairings.filter(function (p) { return p.from && p.to; });
        return {
          tooltip: { trigger: "item", formatter: function (p) {
            if (p.seriesType === "lines") { return p.data.name; }
            var name = regionNames[p.name] || p.name;
            return isNaN(p.value) ? name : name + ": " + p.value;
          } },
          visualMap: { min: 0, max: max, left: 10, bottom: 10, calculable: true, text: [String(max), "0"],
                       inRange: { color: ["#f7fbff", "#56B4E9", "#0072B2"] }, seriesIndex: 0 },
          geo: { map: "duikou", nameProperty: "dk_code", roam: true, zoom: 1.2, center: [116, 36],
                 itemStyle: { areaColor: "#f2f2f2", borderColor: "#999" },
                 emphasis: { label: { show: false } } },
          series: [
            { type: "map", geoIndex: 0, name: measure, data: values },
            // No moving effects: they draw on extra canvas layers, which Chromium refuses while a layer has no
            // size yet (a slow first layout), and a still map prints and reads the same.
            { type: "lines", coordinateSystem: "geo", z: 3,
              lineStyle: { color: palette[5], width: 2, curveness: 0.25, opacity: 0.9 },
              symbol: ["none", "arrow"], symbolSize: 8,
              data: arcs.map(function (p) { return { name: p.name, coords: [p.from, p.to], url: p.url }; }) },
            { type: "scatter", coordinateSystem: "geo", z: 4, symbolSize: 7,
              itemStyle: { color: palette[7] },
              data: [].concat.apply([], arcs.map(function (p) {
                return [{ name: p.name, value: p.from, url: p.url }, { name: p.name, value: p.to, url: p.url }];
              })) }
          ]
        };
      }
      mapChart.setOption(option(measureSelect ? measureSelect.value : "projects"));
      mapChart.on("click", function (params) {
        if (params.data && params.data.url) { window.location.href = params.data.url; return; }
        var region = byCode[params.name];
        if (region) { window.location.href = region.url; }
      });
      if (measureSelect) {
        measureSelect.addEventListener("change", function () { mapChart.setOption(option(measureSelect.value), true); });
      }
      document.getElementById("chart-map").setAttribute("data-rendered", "1");
    }
    if (mapChart) {
      fetch(data.mapUrl, { credentials: "same-origin" })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(drawMap)
        .catch(function () {
          mapChart.dispose();
          var el = document.getElementById("chart-map");
          el.style.height = "auto";
          el.textContent = labels.mapUnavailable;
          el.className += " text-muted small";
        });
    }

    window.addEventListener("resize", function () { charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } }); });
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
