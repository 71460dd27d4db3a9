// Tanggap console — the action forms of a case: POST /api/v1/cases/{id}/commands
// with the version the officer was looking at (expected_version), and a fresh
// Idempotency-Key per action (the same one again only when the last attempt
// got no answer at all, so a retry cannot act twice).
//
// What an officer types is never lost: every keystroke is kept as a draft in
// sessionStorage, per case and field, until the server has taken that action.
// A 409 (someone else changed the case) therefore only asks for a reload; the
// reload shows the new state and the same typing, ready to send again.
(function (C) {
  'use strict';
  const DRAFTS_KEY = 'tanggap.console.drafts';
  const OPEN = ['received', 'in_progress', 'waiting_for_citizen'];
  // Where each command applies (ops/API.md, "Case lifecycle"); the API decides,
  // this only spares officers buttons that cannot work.
  const ALLOWED = {
    assign: OPEN, reply: [...OPEN, 'resolved'], advance: ['received', 'in_progress'],
    wait_for_citizen: ['received', 'in_progress'], resume: ['waiting_for_citizen'], escalate: OPEN,
    resolve: OPEN, close: ['resolved'], reopen: ['resolved', 'closed'], reject: OPEN,
  };

  function drafts() {
    try {
      return JSON.parse(sessionStorage.getItem(DRAFTS_KEY) || '{}');
    } catch (e) {
      return {};  // a damaged entry: start again rather than break the page
    }
  }
  const saveDrafts = (all) => sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(all));
  C.clearDrafts = () => sessionStorage.removeItem(DRAFTS_KEY);

  const forms = () => document.querySelectorAll('#case-actions form.action');
  const fieldKey = (form, input) => `${form.dataset.command}.${input.name}`;

  function allowed(command, c) {
    if (command === 'note') return true;
    const terminal = c.status === 'rejected' || (c.status === 'closed' && c.reopen_count >= 3);
    if (terminal || !ALLOWED[command].includes(c.status)) return false;
    if (command === 'escalate') return c.escalation_level < 2;
    if (command === 'advance') return c.step && c.step.index < c.step.total;
    return true;
  }

  // The catalog's rules for information requests (outcome, exemption) apply
  // when the case's latest submission or reclassification says so.
  function informationRequest(c) {
    let info = false;
    for (const e of c.timeline || []) {
      if ((e.type === 'CaseSubmitted' || e.type === 'CaseReclassified') && e.data) info = !!e.data.information_request;
    }
    return info;
  }

  function fillSteps(select, c) {
    C.clear(select);
    const names = C.stepNames(c.service, c.office);
    for (let n = Math.max(1, c.step.index + 1); n <= c.step.total; n++) {
      select.appendChild(C.el('option', { value: n }, `${n}${names[n - 1] ? '. ' + names[n - 1] : ''}`));
    }
  }

  function message(form, text, kind) {
    for (const old of form.querySelectorAll('p.form-message')) old.remove();
    if (!text) return;
    const p = C.el('p', { class: `form-message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
    form.insertBefore(p, form.querySelector('button[type=submit]'));
  }

  // Shows the forms that apply to `c`, each with this case's drafts in it.
  C.showActions = (c) => {
    const mine = drafts()[c.id] || {};
    for (const form of forms()) {
      form.hidden = !allowed(form.dataset.command, c);
      if (form.dataset.command === 'advance' && c.step) fillSteps(form.elements.step, c);
      const info = form.querySelector('.info-only');
      if (info) info.hidden = !informationRequest(c);
      for (const input of form.elements) {
        if (!input.name) continue;
        const draft = mine[fieldKey(form, input)];
        if (draft !== undefined) input.value = draft;
        else if (input.tagName === 'SELECT') input.selectedIndex = 0;
        else input.value = '';
      }
      C.fieldError(form, null);
      message(form, '');
    }
  };

  function body(form, c) {
    const out = { type: form.dataset.command, expected_version: c.version };
    for (const input of form.elements) {
      if (!input.name || input.closest('[hidden]')) continue;  // outcome/exemption outside information requests
      if (input.hasAttribute('data-number')) out[input.name] = Number(input.value);
      else if (input.name === 'exemption' && !input.value.trim()) continue;  // only when not granted in full
      else out[input.name] = input.value;
    }
    return out;
  }

  async function submit(form) {
    const c = C.currentCase;
    if (!c) return;
    const command = body(form, c);
    const text = JSON.stringify(command);
    const retry = form.retry && form.retry.text === text ? form.retry : null;
    const key = retry ? retry.key : C.newKey();
    const buttons = form.querySelectorAll('button');
    for (const b of buttons) b.disabled = true;
    C.fieldError(form, null);
    C.say(C.byId('case-done'), '');
    message(form, 'Mengirim…', 'pending');
    const r = await C.api('POST', `/api/v1/cases/${encodeURIComponent(c.id)}/commands`,
                          { body: command, idempotencyKey: key });
    for (const b of buttons) b.disabled = false;
    form.retry = r.status === 0 ? { text, key } : null;  // no answer: the next try may send the same key
    if (r.status === 200) {
      const all = drafts();
      for (const input of form.elements) if (input.name && all[c.id]) delete all[c.id][fieldKey(form, input)];
      saveDrafts(all);
      await C.openCase(c.id);
      // Above the forms: the one just used may be gone now (a resolved case has no "Selesaikan").
      C.say(C.byId('case-done'), `Tersimpan: ${form.querySelector('h3').textContent}.`);
      return;
    }
    message(form, '');
    if (r.status === 401) return;
    if (r.status === 409 && r.error && r.error.code === 'version_conflict') {
      C.byId('case-conflict').hidden = false;
      C.byId('case-reload').focus();
      message(form, 'Belum terkirim: kasus ini sudah diubah orang lain. Muat ulang, periksa, lalu kirim lagi.', 'error');
      return;
    }
    const textOf = C.errorText(r.error, r.status);
    if (!C.fieldError(form, r.error && r.error.field, textOf)) message(form, textOf, 'error');
  }

  C.initActions = () => {
    for (const form of forms()) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        submit(form);
      });
      form.addEventListener('input', (event) => {
        const c = C.currentCase;
        if (!c || !event.target.name) return;
        const all = drafts();
        all[c.id] = all[c.id] || {};
        all[c.id][fieldKey(form, event.target)] = event.target.value;
        saveDrafts(all);
      });
    }
    C.byId('case-reload').addEventListener('click', () => {
      if (C.currentCase) C.openCase(C.currentCase.id);
    });
  };
})(window.TanggapConsole = window.TanggapConsole || {});
