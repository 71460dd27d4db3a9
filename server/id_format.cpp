// server/id_format.cpp — see id_format.h.
#include "server/id_format.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

namespace tanggap::server {

namespace {

constexpr std::array<std::string_view, 12> months = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                                     "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
// Index 0 is Thursday: 1970-01-01 was one.
constexpr std::array<std::string_view, 7> weekdays = {"Kamis", "Jumat", "Sabtu", "Minggu", "Senin", "Selasa", "Rabu"};

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

bool number(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

struct Parts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  std::string_view zone;
};

// "YYYY-MM-DDTHH:MM..." with an offset at the end ("+07:00" or "Z").
bool split(std::string_view iso, Parts& p) {
  if (iso.size() < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':') return false;
  if (!number(iso.substr(0, 4), p.year) || !number(iso.substr(5, 2), p.month) || !number(iso.substr(8, 2), p.day) ||
      !number(iso.substr(11, 2), p.hour) || !number(iso.substr(14, 2), p.minute))
    return false;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return false;
  const std::string_view offset = iso.size() >= 6 ? iso.substr(iso.size() - 6) : "";
  if (offset == "+07:00") p.zone = "WIB";
  else if (offset == "+08:00") p.zone = "WITA";
  else if (offset == "+09:00") p.zone = "WIT";
  else if (iso.back() == 'Z') p.zone = "UTC";
  else return false;
  return true;
}

std::string date_of(const Parts& p) {
  const long days = days_from_civil(p.year, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day));
  const auto weekday = weekdays[static_cast<std::size_t>(((days % 7) + 7) % 7)];
  return fmt::format("{}, {} {} {}", weekday, p.day, months[static_cast<std::size_t>(p.month - 1)], p.year);
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

std::string tanggal_waktu(std::string_view iso) {
  Parts p;
  if (!split(iso, p)) return "";
  // Indonesian writes the time with a dot: 14.05.
  return fmt::format("{} pukul {:02}.{:02} {}", date_of(p), p.hour, p.minute, p.zone);
}

std::string tanggal(std::string_view iso) {
  Parts p;
  return split(iso, p) ? date_of(p) : "";
}

std::string_view status_label(std::string_view status) {
  if (status == "received") return "Diterima";
  if (status == "in_progress") return "Sedang ditindaklanjuti";
  if (status == "waiting_for_citizen") return "Menunggu tanggapan Anda";
  if (status == "resolved") return "Selesai ditindaklanjuti";
  if (status == "closed") return "Ditutup";
  if (status == "rejected") return "Ditolak";
  return status;
}

std::string_view status_explained(std::string_view status) {
  if (status == "received") return "Laporan Anda sudah tercatat dan menunggu diperiksa petugas.";
  if (status == "in_progress") return "Petugas sedang menindaklanjuti laporan Anda.";
  if (status == "waiting_for_citizen")
    return "Petugas memerlukan keterangan atau berkas dari Anda. Batas waktu layanan berhenti sementara sampai Anda menjawab.";
  if (status == "resolved") return "Petugas menyatakan laporan Anda sudah ditindaklanjuti.";
  if (status == "closed") return "Laporan Anda sudah selesai dan ditutup.";
  if (status == "rejected") return "Laporan Anda tidak dapat diproses. Alasannya tercantum di riwayat di bawah.";
  return "";
}

std::string pesan_kesalahan(const Error& e) {
  const std::string_view f = e.field;
  const std::string_view m = e.message;
  const bool too_long = contains(m, "too long") || contains(m, "at most") || contains(m, "longer");
  if (f == "service" || f == "office") return "Pilih layanan yang sesuai dengan laporan Anda.";
  if (f == "title") return too_long ? "Judul terlalu panjang: paling banyak 200 huruf." : "Tulis judul laporan Anda.";
  if (f == "body")
    return too_long ? "Isi laporan terlalu panjang: paling banyak 10.000 huruf." : "Ceritakan apa yang terjadi.";
  if (f == "privacy")
    return contains(m, "anonymous")
               ? "Layanan ini tidak dapat diajukan tanpa nama: undang-undang mewajibkan nama dan alamat pemohon."
               : "Pilih salah satu: terbuka, rahasia atau anonim.";
  if (f == "reporter.name")
    return too_long ? "Nama terlalu panjang." : "Tulis nama Anda, atau pilih \"Anonim\" bila tidak ingin menyebut nama.";
  if (f == "reporter.phone")
    return "Nomor telepon tidak dikenali. Tulis seperti 0812-3456-7890 atau +62 812 3456 7890.";
  if (f == "reporter.email") return "Alamat email tidak valid. Contoh: nama@contoh.id";
  if (f == "reporter.nik") return "NIK harus 16 angka sesuai KTP atau Kartu Keluarga. Periksa kembali angkanya.";
  if (f == "occurred_on")
    return contains(m, "future") ? "Tanggal kejadian tidak boleh setelah hari ini." : "Tanggal kejadian tidak valid.";
  if (f == "location.text") return "Keterangan lokasi terlalu panjang: paling banyak 2.000 huruf.";
  if (f == "location.lat" || f == "location.lon" || f == "location") return "Koordinat lokasi tidak valid.";
  if (f == "attachments" || e.code == Errc::body_too_large) {
    if (contains(m, "takes at most") || contains(m, "files")) return "Paling banyak 5 lampiran.";
    if (e.code == Errc::body_too_large || contains(m, "larger"))
      return "Lampiran terlalu besar: paling besar 5 MB per berkas dan 10 MB seluruhnya.";
    if (contains(m, "empty")) return "Lampiran kosong. Pilih berkas lain.";
    return "Lampiran harus berupa foto (JPEG, PNG, WebP) atau PDF.";
  }
  if (e.code == Errc::rate_limited) return "Terlalu banyak laporan dari alamat ini. Silakan coba lagi beberapa menit lagi.";
  if (e.code == Errc::malformed) return "Formulir tidak terbaca dengan benar. Muat ulang halaman lalu coba lagi.";
  return "Laporan belum dapat disimpan. Silakan coba lagi.";
}

}  // namespace tanggap::server
