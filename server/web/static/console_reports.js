// Tanggap console — the response-time report (GET /api/v1/reports/response-times,
// roles ppid, supervisor and admin): charts, a table of the same numbers, and
// the CSV the API makes, fetched with the token (a plain link could not carry
// it) and handed to the browser as a blob: download.
(function (C) {
  'use strict';

  function params(format) {
    const form = C.byId('report-form');
    return { from: form.elements.from.value, to: form.elements.to.value, group_by: form.elements.group_by.value, format };
  }

  // Columns of the table: a label and how to read it from a group.
  const COLUMNS = [
    ['Diterima', (g) => g.received],
    ['Selesai', (g) => g.resolved],
    ['Terbuka', (g) => g.open],
    ['Tanggapan pertama median', (g) => C.hours(g.first_response.working_hours.median)],
    ['Tanggapan pertama P90', (g) => C.hours(g.first_response.working_hours.p90)],
    ['Tanggapan pertama dalam batas', (g) => C.percent(g.first_response.within_limit_share)],
    ['Penyelesaian median', (g) => C.hours(g.resolution.working_hours.median)],
    ['Penyelesaian P90', (g) => C.hours(g.resolution.working_hours.p90)],
    ['Penyelesaian dalam batas', (g) => C.percent(g.resolution.within_limit_share)],
    ['Pelanggaran SLA', (g) => g.breaches],
    ['Eskalasi', (g) => g.escalations],
  ];

  function table(report) {
    const t = C.clear(C.byId('report-table'));
    t.appendChild(C.el('caption', null, 'Waktu dalam jam kerja; median dan P90 dari kasus yang jam SLA-nya sudah berhenti.'));
    t.appendChild(C.el('thead', null, C.el('tr', null, C.el('th', { scope: 'col' }, 'Kelompok'),
      COLUMNS.map(([name]) => C.el('th', { scope: 'col' }, name)))));
    const body = C.el('tbody');
    const row = (name, g, cls) => C.el('tr', { class: cls },
      C.el('th', { scope: 'row' }, name),
      COLUMNS.map(([label, read]) => C.el('td', { 'data-label': label }, String(read(g)))));
    for (const g of report.groups) body.appendChild(row(C.reportGroupName(report, g.key), g));
    body.appendChild(row('Total', report.total, 'total'));
    t.appendChild(body);
  }

  C.loadReport = async () => {
    const form = C.byId('report-form');
    const message = C.byId('report-message');
    C.fieldError(form, null);
    C.say(message, '');
    const r = await C.api('GET', '/api/v1/reports/response-times' + C.query(params('')));
    if (r.status !== 200) {
      if (r.status === 401) return;
      C.byId('report-result').hidden = true;
      const text = r.status === 403 ? 'Laporan hanya dapat dibuka oleh PPID, supervisor atau admin.' : C.errorText(r.error, r.status);
      if (!C.fieldError(form, r.error && r.error.field, text)) C.say(message, text);
      return;
    }
    const report = r.body;
    C.byId('report-result').hidden = false;
    C.byId('report-summary').textContent =
      `Kasus diterima ${report.from} s.d. ${report.to}: ${report.total.received}. Dihitung per ${C.dateTime(report.as_of)}.`;
    C.drawReportCharts(C.byId('report-charts'), report);
    table(report);
  };

  function filename(response, p) {
    const m = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    return m ? m[1] : `response-times-${p.from}-${p.to}.csv`;
  }

  C.downloadCsv = async () => {
    const form = C.byId('report-form');
    if (!form.reportValidity()) return;
    const p = params('csv');
    const r = await C.api('GET', '/api/v1/reports/response-times' + C.query(p), { raw: true });
    if (r.status !== 200) {
      if (r.status !== 401) C.say(C.byId('report-message'), r.status === 403
        ? 'Laporan hanya dapat dibuka oleh PPID, supervisor atau admin.' : C.errorText(r.error, r.status));
      return;
    }
    const url = URL.createObjectURL(await r.response.blob());
    const link = C.el('a', { href: url, download: filename(r.response, p), hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);  // after the browser has taken the file
  };

  // Defaults: this month so far, by service.
  C.initReports = () => {
    const form = C.byId('report-form');
    const today = new Date().toLocaleDateString('en-CA');  // YYYY-MM-DD in the browser's zone
    form.elements.to.value = today;
    form.elements.from.value = today.slice(0, 8) + '01';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      C.loadReport();
    });
    C.byId('report-csv').addEventListener('click', () => C.downloadCsv());
  };
})(window.TanggapConsole = window.TanggapConsole || {});
