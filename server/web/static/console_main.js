// Tanggap console — the page's start: the login, the views by URL fragment
// (#/antrean, #/kasus/<id>, #/sla, #/laporan, so the browser's back button and
// a bookmarked case work), "Keluar", and the service catalog that the other
// views use for names. Loaded last: every other console_*.js has run.
(function (C) {
  'use strict';
  const VIEWS = ['login', 'view-queue', 'view-case', 'view-sla', 'view-reports'];
  const catalog = {};  // service id → { name, steps: { office → [step name] } }
  let queueLoaded = false;

  C.serviceName = (id) => (catalog[id] ? catalog[id].name : id || '–');
  C.stepNames = (service, office) => (catalog[service] && catalog[service].steps[office]) || [];

  // Public, cached by the server for 5 minutes: names for the queue's service
  // filter and the procedure steps of the "advance" form.
  async function loadCatalog() {
    const r = await C.api('GET', '/api/v1/services');
    if (r.status !== 200) return;  // the console still works with ids instead of names
    for (const office of r.body.offices) {
      for (const s of office.services) {
        catalog[s.id] = catalog[s.id] || { name: s.name_id, steps: {} };
        catalog[s.id].steps[office.id] = (s.steps || []).map((x) => x.name);
      }
    }
    const select = C.byId('q-service');
    for (const [id, s] of Object.entries(catalog).sort((a, b) => a[1].name.localeCompare(b[1].name, 'id'))) {
      select.appendChild(C.el('option', { value: id }, s.name));
    }
  }

  function show(view) {
    for (const id of VIEWS) C.byId(id).hidden = id !== view;
    C.byId('nav').hidden = view === 'login';
    for (const a of document.querySelectorAll('#nav a')) {
      if (`view-${a.dataset.view}` === view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  function route() {
    if (!C.token()) {
      show('login');
      C.byId('login-token').focus();
      return;
    }
    const hash = location.hash.replace(/^#\/?/, '');
    const [name, ...rest] = hash.split('/');
    if (name === 'kasus' && rest.length) {
      show('view-case');
      C.openCase(decodeURIComponent(rest.join('/')));
    } else if (name === 'sla') {
      show('view-sla');
      C.loadSla();
    } else if (name === 'laporan') {
      show('view-reports');
    } else {
      show('view-queue');
      if (!queueLoaded) C.loadQueue(true);
      queueLoaded = true;
    }
  }

  // A 401 from any call: the token is gone or was never valid. The drafts stay
  // (logging in again continues where the officer was); the token does not.
  C.onUnauthenticated = () => {
    C.clearToken();
    queueLoaded = false;
    C.say(C.byId('login-message'), 'Sesi berakhir: token tidak berlaku lagi. Masukkan token Anda lagi; isian yang belum terkirim tetap tersimpan.');
    route();
  };

  async function login(event) {
    event.preventDefault();
    const input = C.byId('login-token');
    const token = input.value.trim();
    const message = C.byId('login-message');
    if (!token) return C.say(message, 'Tempelkan token API Anda.');
    C.setToken(token);
    // Any staff route tells whether the token is good; the queue's first case is the cheapest.
    const r = await C.api('GET', '/api/v1/cases?limit=1', { quiet401: true });
    if (r.status !== 200) {
      C.clearToken();
      C.say(message, r.status === 401 ? 'Token tidak dikenal atau akun dinonaktifkan. Periksa token dari admin, lalu coba lagi.'
                                      : C.errorText(r.error, r.status));
      return;
    }
    input.value = '';
    C.say(message, '');
    route();
  }

  function logout() {
    C.clearToken();
    C.clearDrafts();  // leaving on purpose: nothing typed stays in this tab
    queueLoaded = false;
    C.clear(C.byId('queue-list'));
    C.currentCase = null;
    C.say(C.byId('login-message'), 'Anda sudah keluar.');
    if (location.hash === '#/antrean') route();
    else location.hash = '#/antrean';  // hashchange routes
  }

  C.initQueue();
  C.initActions();
  C.initSla();
  C.initReports();
  C.byId('login-form').addEventListener('submit', login);
  C.byId('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  loadCatalog().then(route);
})(window.TanggapConsole = window.TanggapConsole || {});
