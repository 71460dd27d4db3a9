// Tanggap — the report form, made a little nicer when JavaScript runs. The
// form works without it (the server checks everything again and answers with
// the page); this only shows the chosen service's requirements, hides the
// name fields for an anonymous report, checks sizes before a slow upload, and
// stops a second click from sending the form twice.
(function () {
  'use strict';
  var form = document.getElementById('lapor');
  if (!form) return;
  document.documentElement.classList.add('js');

  var select = document.getElementById('f-layanan');
  var details = document.getElementById('requirements');
  var infos = document.querySelectorAll('.service-info');
  function showService() {
    var chosen = select.value;
    for (var i = 0; i < infos.length; i++) {
      infos[i].classList.toggle('shown', infos[i].getAttribute('data-service') === chosen);
    }
    details.hidden = !chosen;
    if (chosen) details.open = true;
  }
  select.addEventListener('change', showService);
  showService();

  var identity = document.getElementById('identity');
  function showIdentity() {
    var anonymous = form.querySelector('input[name=privacy]:checked');
    identity.hidden = !!anonymous && anonymous.value === 'anonymous';
  }
  var radios = form.querySelectorAll('input[name=privacy]');
  for (var r = 0; r < radios.length; r++) radios[r].addEventListener('change', showIdentity);
  showIdentity();

  var files = document.getElementById('f-attachments');
  var MB = 1024 * 1024;
  // The same id as the server's message for the field (e-title for f-title),
  // which the input's aria-describedby already names: a screen reader reads
  // either. data-client marks the ones written here.
  function setError(input, message) {
    var field = input.closest('.field');
    var id = 'e-' + input.id.replace(/^f-/, '');
    var old = document.getElementById(id);
    if (old) old.remove();
    field.classList.toggle('invalid', !!message);
    if (!message) return;
    var p = document.createElement('p');
    p.className = 'error';
    p.id = id;
    p.setAttribute('data-client', '1');
    p.textContent = message;
    field.appendChild(p);
  }
  function checkFiles() {
    var list = files.files, total = 0;
    if (list.length > 5) return 'Paling banyak 5 lampiran.';
    for (var i = 0; i < list.length; i++) {
      total += list[i].size;
      if (list[i].size > 5 * MB) return 'Lampiran ' + list[i].name + ' lebih besar dari 5 MB.';
    }
    if (total > 10 * MB) return 'Lampiran seluruhnya lebih besar dari 10 MB.';
    return '';
  }
  files.addEventListener('change', function () { setError(files, checkFiles()); });

  var sending = false;
  form.addEventListener('submit', function (event) {
    var problems = [];
    function need(id, message) {
      var input = document.getElementById(id);
      var empty = !input.value || !input.value.trim();
      setError(input, empty ? message : '');
      if (empty) problems.push(input);
    }
    need('f-layanan', 'Pilih layanan yang sesuai dengan laporan Anda.');
    need('f-title', 'Tulis judul laporan Anda.');
    need('f-body', 'Ceritakan apa yang terjadi.');
    if (!identity.hidden) need('f-reporter_name', 'Tulis nama Anda, atau pilih "Anonim" bila tidak ingin menyebut nama.');
    var nik = document.getElementById('f-reporter_nik');
    var digits = nik.value.replace(/[\s.-]/g, '');
    var nikBad = !identity.hidden && digits !== '' && !/^\d{16}$/.test(digits);
    setError(nik, nikBad ? 'NIK harus 16 angka sesuai KTP atau Kartu Keluarga.' : '');
    if (nikBad) problems.push(nik);
    var fileProblem = checkFiles();
    setError(files, fileProblem);
    if (fileProblem) problems.push(files);
    if (problems.length || sending) {
      event.preventDefault();
      if (problems.length) problems[0].focus();
      return;
    }
    sending = true;
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    button.textContent = 'Mengirim…';
  });

  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
})();
