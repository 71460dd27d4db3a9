// Tanggap console — the SLA board: clocks past their limit (GET
// /api/v1/sla/breaches, as of the server's now) and clocks at risk (the same
// route asked about a moment ahead, `at` = now + the chosen horizon, minus what
// is already overdue: the API's look-ahead, ops/API.md "SLA clocks").
//
// Countdowns run on the server's clock, not the browser's: the offset between
// them is taken from the answer's `at`, so a server on the test clock (or a PC
// whose clock is off) still shows the right time left.
(function (C) {
  'use strict';
  const TICK_MS = 5_000;
  const REFRESH_MS = 30_000;
  let serverOffset = 0;  // server now − browser now, in ms
  let zoneMinutes = 0;   // the server's zone, as its answers write times
  let lastLoad = 0;

  const serverNow = () => Date.now() + serverOffset;
  const offsetOf = (iso) => {
    const m = /([+-])(\d{2}):(\d{2})$/.exec(iso || '');
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };

  function entry(b) {
    return C.el('li', { 'data-id': b.id, 'data-clock': b.clock },
      C.el('a', { href: `#/kasus/${encodeURIComponent(b.id)}` }, C.el('span', { class: 'id' }, b.id), ' ',
        C.el('span', { class: 'title' }, b.title || '')),
      C.el('span', { class: 'meta' },
        [C.clockLabel(b.clock), C.statusLabel(b.status), b.unit, b.assignee, b.escalation_level ? `eskalasi ${b.escalation_level}` : '']
          .filter(Boolean).join(' · ')),
      C.el('span', { class: 'meta' }, `Batas ${C.dateTime(b.due)} · `,
        C.el('strong', { class: 'countdown', 'data-due': Date.parse(b.due) }, '')));
  }

  // Rewrites every countdown from the server's now; a clock at risk that runs
  // out turns red at once, before the next refresh moves it up.
  function tick() {
    const now = serverNow();
    for (const node of document.querySelectorAll('#view-sla .countdown')) {
      const left = Number(node.dataset.due) - now;
      node.textContent = left >= 0 ? `sisa ${C.duration(left)}` : `terlambat ${C.duration(left)}`;
      node.closest('li').classList.toggle('overdue', left < 0);
    }
    // The wall-clock digits of the server's zone (C.dateTime reads only the digits).
    C.byId('sla-now').textContent = C.dateTime(new Date(now + zoneMinutes * 60_000).toISOString());
  }

  function fill(listId, countId, entries) {
    const list = C.clear(C.byId(listId));
    for (const b of entries) list.appendChild(entry(b));
    if (!entries.length) list.appendChild(C.el('li', { class: 'empty' }, 'Tidak ada.'));
    C.byId(countId).textContent = `(${entries.length})`;
  }

  C.loadSla = async () => {
    lastLoad = Date.now();
    const message = C.byId('sla-message');
    C.say(message, '');
    const overdue = await C.api('GET', '/api/v1/sla/breaches' + C.query({ limit: 1000 }));
    if (overdue.status !== 200) {
      if (overdue.status !== 401) C.say(message, C.errorText(overdue.error, overdue.status));
      return;
    }
    serverOffset = Date.parse(overdue.body.at) - Date.now();
    zoneMinutes = offsetOf(overdue.body.at);
    const horizon = Number(C.byId('sla-horizon').value);
    const ahead = new Date(Date.parse(overdue.body.at) + horizon).toISOString();
    const soon = await C.api('GET', '/api/v1/sla/breaches' + C.query({ at: ahead, limit: 1000 }));
    if (soon.status !== 200) {
      if (soon.status !== 401) C.say(message, C.errorText(soon.error, soon.status));
      return;
    }
    const late = new Set(overdue.body.breaches.map((b) => `${b.id}|${b.clock}`));
    const risk = soon.body.breaches.filter((b) => !late.has(`${b.id}|${b.clock}`))
      .sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
    fill('sla-overdue', 'sla-overdue-count', overdue.body.breaches);
    fill('sla-risk', 'sla-risk-count', risk);
    if (overdue.body.next_cursor || soon.body.next_cursor)
      C.say(message, 'Lebih dari 1.000 jam SLA: papan ini hanya memuat 1.000 pertama. Gunakan antrean dengan saringan.');
    tick();
  };

  C.initSla = () => {
    C.byId('sla-controls').addEventListener('submit', (event) => {
      event.preventDefault();
      C.loadSla();
    });
    C.byId('sla-horizon').addEventListener('change', () => C.loadSla());
    // Only while the board is on screen: a hidden tab or another view costs nothing.
    setInterval(() => {
      if (C.byId('view-sla').hidden || document.hidden) return;
      if (Date.now() - lastLoad >= REFRESH_MS) C.loadSla();
      else tick();
    }, TICK_MS);
  };
})(window.TanggapConsole = window.TanggapConsole || {});
