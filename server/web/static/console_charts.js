// Tanggap console — the report's charts, drawn as inline SVG by this script
// (no chart library, nothing from a CDN). Horizontal bars, one row per group,
// one bar per series: long service names fit as a line above their bars, and
// the chart is drawn at the width it is shown at, so text stays readable on a
// phone. Colours come from console.css (.bar.s0, .bar.s1), not from here.
(function (C) {
  'use strict';
  const ROW_LABEL = 18;  // px above a group's bars for its name
  const BAR = 16;
  const GAP = 4;
  const ROW_GAP = 12;
  const VALUE_ROOM = 70;  // px right of the longest bar for its number

  // spec: { title, groups: [name], series: [{ name, values: [number|null] }], format(value) → text,
  //         max (the full bar; default the largest value) }
  C.barChart = (spec, width) => {
    const max = spec.max ?? Math.max(0, ...spec.series.flatMap((s) => s.values.filter((v) => v !== null)));
    const rowHeight = ROW_LABEL + spec.series.length * (BAR + GAP) + ROW_GAP;
    const legendHeight = 24;
    const height = legendHeight + spec.groups.length * rowHeight;
    const room = Math.max(40, width - VALUE_ROOM);
    const titleId = `chart-${Math.random().toString(36).slice(2)}`;
    const svg = C.svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
                               'aria-labelledby': titleId },
      C.svg('title', { id: titleId }, spec.title));
    let x = 0;
    spec.series.forEach((s, i) => {
      svg.appendChild(C.svg('rect', { class: `bar s${i}`, x, y: 4, width: 12, height: 12 }));
      const text = C.svg('text', { class: 'legend', x: x + 16, y: 15 }, s.name);
      svg.appendChild(text);
      x += 24 + s.name.length * 7;
    });
    spec.groups.forEach((group, g) => {
      const top = legendHeight + g * rowHeight;
      svg.appendChild(C.svg('text', { class: 'group', x: 0, y: top + 13 }, group));
      spec.series.forEach((s, i) => {
        const v = s.values[g];
        const y = top + ROW_LABEL + i * (BAR + GAP);
        const w = v === null || max === 0 ? 0 : Math.max(1, (v / max) * room);
        svg.appendChild(C.svg('rect', { class: `bar s${i}`, x: 0, y, width: w, height: BAR, 'data-value': v ?? '' },
          C.svg('title', null, `${group} · ${s.name}: ${v === null ? 'belum ada data' : spec.format(v)}`)));
        svg.appendChild(C.svg('text', { class: 'value', x: w + 4, y: y + BAR - 4 },
          v === null ? 'belum ada data' : spec.format(v)));
      });
    });
    return svg;
  };

  // A group's key as officers read it (also the table's row names).
  C.reportGroupName = (report, key) => {
    if (report.group_by === 'service') return C.serviceName(key);
    if (report.group_by === 'channel') return C.channelLabel(key);
    if (report.group_by === 'unit' && key === 'unassigned') return 'Belum ditugaskan';
    return key;
  };

  // The three charts of the report: first response and resolution (median and
  // p90 in working hours) and the share answered within the limit.
  C.drawReportCharts = (container, report) => {
    C.clear(container);
    const rows = report.groups.length ? report.groups : [{ ...report.total, key: 'Total' }];
    const groups = rows.map((r) => C.reportGroupName(report, r.key));
    const pick = (f) => rows.map((r) => { const v = f(r); return v === undefined ? null : v; });
    const charts = [
      { title: 'Tanggapan pertama (jam kerja)', format: C.hours, series: [
        { name: 'Median', values: pick((r) => r.first_response.working_hours.median) },
        { name: 'P90', values: pick((r) => r.first_response.working_hours.p90) }] },
      { title: 'Penyelesaian (jam kerja)', format: C.hours, series: [
        { name: 'Median', values: pick((r) => r.resolution.working_hours.median) },
        { name: 'P90', values: pick((r) => r.resolution.working_hours.p90) }] },
      { title: 'Dalam batas SLA', format: C.percent, max: 1, series: [
        { name: 'Tanggapan pertama', values: pick((r) => r.first_response.within_limit_share) },
        { name: 'Penyelesaian', values: pick((r) => r.resolution.within_limit_share) }] },
    ];
    for (const spec of charts) {
      const box = C.el('figure', { class: 'chart-box' }, C.el('figcaption', null, spec.title));
      container.appendChild(box);
      // Drawn at the width the box has on this screen (the container must be shown by now).
      const padding = parseFloat(getComputedStyle(box).paddingLeft) * 2 || 0;
      const width = Math.max(240, Math.floor(box.clientWidth - padding));
      box.appendChild(C.barChart({ ...spec, groups }, width));
    }
  };
})(window.TanggapConsole = window.TanggapConsole || {});
