// server/id_format.h — what the web pages say in Bahasa Indonesia: dates
// ("Senin, 23 November 2026 pukul 14.05 WIB"), case statuses, and the field
// errors of a submission. Pure functions.
#pragma once

#include "events/domain/error.h"

#include <string>
#include <string_view>

namespace tanggap::server {

// From an ISO 8601 instant with its office's offset ("2026-11-23T14:05:00.000+07:00");
// "" for anything else. The zone is named WIB, WITA or WIT by its offset.
std::string tanggal_waktu(std::string_view iso);
// The date part only: "Senin, 23 November 2026".
std::string tanggal(std::string_view iso);

// "received" → "Diterima", ...; the name itself when unknown.
std::string_view status_label(std::string_view status);
// One sentence for the citizen on what the status means.
std::string_view status_explained(std::string_view status);

// A submission error, for the field it names, as a citizen should read it.
std::string pesan_kesalahan(const Error& error);

}  // namespace tanggap::server
