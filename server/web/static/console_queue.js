// Tanggap console — the queue: GET /api/v1/cases with the filters, newest
// activity first, 25 at a time with the API's cursor ("Muat lagi"). The filters
// stay as set while the officer opens a case and comes back.
(function (C) {
  'use strict';
  const PAGE = 25;
  let cursor = null;
  let loading = false;

  function filters() {
    const form = C.byId('queue-filters');
    const out = {};
    for (const input of form.elements) if (input.name) out[input.name] = input.value.trim();
    return out;
  }

  function item(c) {
    const due = c.status === 'received' ? c.first_response_due : c.resolution_due;
    return C.el('li', { class: c.overdue ? 'overdue' : null, 'data-id': c.id },
      C.el('a', { href: `#/kasus/${encodeURIComponent(c.id)}` },
        C.el('span', { class: 'id' }, c.id),
        C.el('span', { class: 'title' }, c.title || '(tanpa judul)')),
      C.el('span', { class: `status status-${c.status}` }, C.statusLabel(c.status)),
      C.el('span', { class: 'meta' },
        [C.serviceName(c.service), C.channelLabel(c.channel), c.unit, c.assignee].filter(Boolean).join(' · ')),
      C.el('span', { class: 'meta' },
        `Diperbarui ${C.dateTime(c.updated_at)}`,
        due ? ` · batas ${C.dateTime(due)}` : '',
        c.overdue ? C.el('strong', { class: 'late' }, ' · lewat batas') : ''));
  }

  // reset: from the first page (new filters); otherwise the next page.
  C.loadQueue = async (reset) => {
    if (loading) return;
    loading = true;
    const form = C.byId('queue-filters');
    const list = C.byId('queue-list');
    const more = C.byId('queue-more');
    if (reset) cursor = null;
    C.fieldError(form, null);
    C.say(C.byId('queue-message'), '');
    more.disabled = true;
    const r = await C.api('GET', '/api/v1/cases' + C.query({ ...filters(), limit: PAGE, cursor }));
    loading = false;
    more.disabled = false;
    if (r.status !== 200) {
      if (r.status === 401) return;
      const text = r.error && r.error.field === 'q' && r.status === 422
        ? 'Pencarian teks belum tersedia di server ini. Kosongkan kolom "Cari" dan gunakan saringan lain.'
        : C.errorText(r.error, r.status);
      if (!C.fieldError(form, r.error && r.error.field, text)) C.say(C.byId('queue-message'), text);
      return;
    }
    if (reset) C.clear(list);
    for (const c of r.body.cases) list.appendChild(item(c));
    cursor = r.body.next_cursor;
    more.hidden = !cursor;
    C.byId('queue-empty').hidden = list.children.length > 0;
  };

  C.initQueue = () => {
    C.byId('queue-filters').addEventListener('submit', (event) => {
      event.preventDefault();
      C.loadQueue(true);
    });
    C.byId('queue-more').addEventListener('click', () => C.loadQueue(false));
  };
})(window.TanggapConsole = window.TanggapConsole || {});
