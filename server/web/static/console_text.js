// Tanggap console — the words and numbers shown to officers, in Bahasa
// Indonesia: labels for the API's English names, times as the office wrote
// them, durations, and error messages. One place, so every view says the same.
(function (C) {
  'use strict';
  const label = (table) => (name) => (name in table ? table[name] : name || '–');

  C.statusLabel = label({
    received: 'Diterima', in_progress: 'Diproses', waiting_for_citizen: 'Menunggu pelapor',
    resolved: 'Selesai', closed: 'Ditutup', rejected: 'Ditolak',
  });
  C.channelLabel = label({
    web: 'Web', whatsapp: 'WhatsApp', telegram: 'Telegram', email: 'Email', walk_in: 'Datang langsung',
    phone: 'Telepon', lapor: 'LAPOR!',
  });
  C.privacyLabel = label({ public: 'Terbuka', confidential: 'Rahasia', anonymous: 'Anonim' });
  C.clockLabel = label({ first_response: 'Tanggapan pertama', resolution: 'Penyelesaian', objection: 'Keberatan' });
  C.clockStateLabel = label({ running: 'berjalan', paused: 'berhenti sementara', stopped: 'selesai' });
  C.outcomeLabel = label({ granted: 'Dikabulkan seluruhnya', partly_granted: 'Dikabulkan sebagian', rejected: 'Ditolak' });
  C.unitLabel = label({
    working_minutes: 'menit kerja', working_hours: 'jam kerja', working_days: 'hari kerja',
    calendar_days: 'hari', calendar_hours: 'jam',
  });
  C.eventLabel = label({
    CaseSubmitted: 'Kasus diterima', CaseAssigned: 'Ditugaskan', OfficerReplied: 'Balasan ke pelapor',
    NoteAdded: 'Catatan internal', StepAdvanced: 'Langkah prosedur', CitizenWaitStarted: 'Menunggu pelapor',
    CitizenWaitEnded: 'Dilanjutkan', CaseEscalated: 'Dieskalasi', CaseResolved: 'Diselesaikan',
    CaseClosed: 'Ditutup', CaseReopened: 'Dibuka kembali', CaseRejected: 'Ditolak',
    CaseReclassified: 'Layanan diubah', DeadlineExtended: 'Batas waktu diperpanjang',
    ObjectionFiled: 'Keberatan diajukan', SlaWarning: 'Peringatan SLA', SlaBreached: 'Batas SLA terlewati',
  });

  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

  // "2026-11-24T03:10:19.052+07:00" → "24 Nov 2026 03.10": the API writes times
  // in the office's own offset, which is what its officers read, so the text is
  // taken as written rather than moved into the browser's zone.
  C.dateTime = (iso) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
    if (!m) return iso || '–';
    return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]} ${m[4]}.${m[5]}`;
  };

  // 93_784_000 → "1 hari 2 jam 3 menit"; under an hour with seconds, so a
  // countdown visibly moves.
  C.duration = (ms) => {
    let s = Math.floor(Math.abs(ms) / 1000);
    const days = Math.floor(s / 86400); s -= days * 86400;
    const hours = Math.floor(s / 3600); s -= hours * 3600;
    const minutes = Math.floor(s / 60); s -= minutes * 60;
    const parts = [];
    if (days) parts.push(`${days} hari`);
    if (hours) parts.push(`${hours} jam`);
    if (!days) parts.push(`${minutes} menit`);
    if (!days && !hours) parts.push(`${s} detik`);
    return parts.join(' ');
  };

  C.hours = (h) => (h === null || h === undefined ? '–' : `${h.toLocaleString('id-ID')} jam`);
  C.percent = (share) => (share === null || share === undefined ? '–' : `${Math.round(share * 1000) / 10}%`);

  // What went wrong, for people; the API's own message (English) follows in
  // brackets so a report to the admin names the exact rule.
  C.errorText = (error, status) => {
    if (!error || status === 0) return 'Server tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.';
    const lead = {
      version_conflict: 'Kasus ini sudah diubah orang lain.',
      illegal_transition: 'Tindakan ini tidak berlaku untuk status kasus sekarang.',
      invalid_field: 'Isian belum dapat diterima.',
      malformed: 'Permintaan tidak dapat dibaca server.',
      forbidden: 'Peran Anda tidak diizinkan melakukan ini.',
      not_found: 'Tidak ditemukan.',
      unauthenticated: 'Token tidak berlaku.',
      rate_limited: 'Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi.',
      not_ready: 'Server sedang sibuk atau belum siap. Coba lagi sebentar lagi.',
      storage_failed: 'Server gagal menyimpan. Hubungi admin.',
    }[error.code] || `Terjadi kesalahan (HTTP ${status}).`;
    return error.message ? `${lead} (${error.message})` : lead;
  };
})(window.TanggapConsole = window.TanggapConsole || {});
