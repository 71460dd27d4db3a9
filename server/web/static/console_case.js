// Tanggap console — one case: GET /api/v1/cases/{id} shown whole: its state,
// the reporter exactly as the API gives it (masked NIK, null when anonymous),
// the SLA clocks and the full timeline, internal events included. The action
// forms beside it are console_actions.js; this file only shows.
(function (C) {
  'use strict';
  C.currentCase = null;

  // The main words of an event; the whole data stays one click away.
  function summary(type, d) {
    switch (type) {
      case 'CaseSubmitted': return `${d.title || ''} (${C.channelLabel(d.channel)})`;
      case 'CaseAssigned': return `Unit ${d.unit || '–'}, petugas ${d.officer || '–'}`;
      case 'OfficerReplied': case 'NoteAdded': return d.text;
      case 'StepAdvanced': return `Langkah ${d.step} dari ${d.total}${d.name ? ': ' + d.name : ''}`;
      case 'CaseEscalated': return `Ke tingkat ${d.level}: ${d.reason || ''}`;
      case 'CaseResolved':
        return [d.resolution, d.outcome ? C.outcomeLabel(d.outcome) : '', d.exemption].filter(Boolean).join(' · ');
      case 'CaseReclassified': return `Layanan baru: ${C.serviceName(d.service)}`;
      case 'SlaWarning': case 'SlaBreached': return `${C.clockLabel(d.clock)}, batas ${C.dateTime(d.due)}`;
      default: return d.reason || d.text || '';
    }
  }

  function timelineEntry(e) {
    const data = e.data || {};
    const actor = e.actor && e.actor.kind ? `${e.actor.kind}${e.actor.id ? ': ' + e.actor.id : ''}` : '';
    return C.el('li', { class: `event-${e.type}`, 'data-type': e.type },
      C.el('time', null, `${C.dateTime(e.recorded_at)} · versi ${e.version}${actor ? ' · ' + actor : ''}`),
      C.el('p', { class: 'what' }, C.eventLabel(e.type)),
      summary(e.type, data) ? C.el('p', { class: 'text' }, summary(e.type, data)) : null,
      C.el('details', null, C.el('summary', null, 'Data lengkap'),
        C.el('pre', null, JSON.stringify(data, null, 2))));
  }

  function clock(c) {
    const left = c.time_left_ms;
    const when = c.state === 'stopped' ? `selesai ${C.dateTime(c.stopped_at)}`
      : left === null ? '' : left < 0 ? `lewat ${C.duration(left)}` : `sisa ${C.duration(left)}`;
    return C.el('li', { class: c.overdue ? 'overdue' : null },
      C.el('strong', null, C.clockLabel(c.clock)), ` (${C.clockStateLabel(c.state)}) `,
      `batas ${C.dateTime(c.due)} · ${c.limit.amount} ${C.unitLabel(c.limit.unit)}`,
      when ? C.el('span', { class: 'left' }, ` · ${when}`) : null);
  }

  function render(c) {
    C.byId('case-id').textContent = c.id;
    C.byId('case-title').textContent = c.title;
    const status = C.byId('case-status');
    status.textContent = C.statusLabel(c.status);
    status.className = `status status-${c.status}`;
    C.byId('case-version').textContent = `versi ${c.version}`;

    const facts = C.clear(C.byId('case-facts'));
    C.fact(facts, 'Layanan', `${C.serviceName(c.service)} (${c.office})`);
    C.fact(facts, 'Kanal', C.channelLabel(c.channel));
    C.fact(facts, 'Kerahasiaan', C.privacyLabel(c.privacy));
    C.fact(facts, 'Langkah', c.step && c.step.total ? `${Math.max(1, c.step.index)} dari ${c.step.total}${c.step.name ? ': ' + c.step.name : ''}` : '');
    C.fact(facts, 'Unit', c.unit);
    C.fact(facts, 'Petugas', c.assignee);
    C.fact(facts, 'Tingkat eskalasi', String(c.escalation_level));
    C.fact(facts, 'Diterima', C.dateTime(c.submitted_at));
    C.fact(facts, 'Perubahan terakhir', C.dateTime(c.updated_at));
    C.fact(facts, 'Batas tanggapan pertama', c.first_response_due && C.dateTime(c.first_response_due));
    C.fact(facts, 'Batas penyelesaian', c.resolution_due && C.dateTime(c.resolution_due));
    C.fact(facts, 'Tanggal kejadian', c.occurred_on);
    C.fact(facts, 'Lokasi', c.location && c.location.text);
    C.fact(facts, 'Dibuka kembali', c.reopen_count ? `${c.reopen_count} kali` : '');
    C.fact(facts, 'Keputusan', c.outcome && C.outcomeLabel(c.outcome));

    const reporter = C.clear(C.byId('case-reporter'));
    if (!c.reporter) {
      C.fact(reporter, 'Identitas', 'Anonim: identitas pelapor tidak ditampilkan');
    } else {
      C.fact(reporter, 'Nama', c.reporter.name);
      C.fact(reporter, 'Telepon', c.reporter.phone);
      C.fact(reporter, 'Email', c.reporter.email);
      C.fact(reporter, 'NIK', c.reporter.nik);
    }
    C.byId('case-text').textContent = c.body;

    const clocks = C.clear(C.byId('case-sla'));
    for (const x of c.sla || []) clocks.appendChild(clock(x));
    const timeline = C.clear(C.byId('case-timeline'));
    for (const e of c.timeline || []) timeline.appendChild(timelineEntry(e));
  }

  // Loads and shows a case; keeps what was typed in the action forms (they are
  // not re-created, and console_actions.js restores drafts per case).
  C.openCase = async (id) => {
    C.say(C.byId('case-message'), '');
    C.say(C.byId('case-done'), '');
    C.byId('case-conflict').hidden = true;
    const r = await C.api('GET', `/api/v1/cases/${encodeURIComponent(id)}`);
    if (r.status !== 200) {
      if (r.status === 401) return;
      C.byId('case-body').hidden = true;
      C.say(C.byId('case-message'), r.status === 404 ? `Kasus ${id} tidak ditemukan.` : C.errorText(r.error, r.status));
      return;
    }
    C.currentCase = r.body;
    render(r.body);
    C.showActions(r.body);
    C.byId('case-body').hidden = false;
  };
})(window.TanggapConsole = window.TanggapConsole || {});
